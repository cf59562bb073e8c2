package io.inetkit.cli;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code -K FILE}: the URLs of a curl config file. Of curl's syntax it reads comments ({@code #}),
 * blank lines, {@code url = "…"} in its spellings ({@code url=}, {@code url:}, {@code url X},
 * {@code --url X}, quotes with curl's escapes) and, beyond curl, a line that is a URL alone. Any other
 * option is refused with its line, rather than ignored.
 */
final class ConfigFile {

    /** Lines past this are refused: a list of URLs, not a data set. */
    static final int MAX_LINES = 100_000;

    private ConfigFile() {
    }

    /** The URLs of {@code file}, or of standard input for {@code -}. */
    static List<String> urls(Path file, InputStream stdin) throws InternetException {
        String name = file.toString();
        try (BufferedReader in = name.equals("-")
                ? new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))
                : Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> urls = new ArrayList<>();
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                if (++number > MAX_LINES) {
                    throw new InternetException(InternetError.INVALID_PARAMETER, "-K " + name + ": more than "
                            + MAX_LINES + " lines");
                }
                String url = url(line.strip(), name, number);
                if (url != null) {
                    urls.add(url);
                }
            }
            return urls;
        } catch (InternetException e) {
            throw e;
        } catch (IOException e) {
            throw new ExitStatus.Known(InternetException.localFile("cannot read", file, e), ExitStatus.READ_ERROR);
        }
    }

    /** The URL a line gives; null for a comment or a blank line. */
    static String url(String line, String name, int number) throws InternetException {
        if (line.isEmpty() || line.startsWith("#")) {
            return null;
        }
        if (line.contains("://") && !line.startsWith("-") && !line.toLowerCase(Locale.ROOT).startsWith("url")) {
            return line;
        }
        String rest;
        if (line.startsWith("--url") && (line.length() == 5 || Character.isWhitespace(line.charAt(5)))) {
            rest = line.substring(5).strip();
        } else if (line.regionMatches(true, 0, "url", 0, 3) && line.length() > 3
                && (Character.isWhitespace(line.charAt(3)) || line.charAt(3) == '=' || line.charAt(3) == ':')) {
            rest = line.substring(3).strip();
            if (rest.startsWith("=") || rest.startsWith(":")) {
                rest = rest.substring(1).strip();
            }
        } else {
            throw new InternetException(InternetError.INVALID_PARAMETER, "-K " + name + " line " + number
                    + ": only url lines (url = \"...\") and URLs are read here, not '"
                    + TerminalText.line(line.length() > 60 ? line.substring(0, 60) + "..." : line) + "'");
        }
        String url = rest.startsWith("\"") ? unquote(rest, name, number) : rest.split("\\s+", 2)[0];
        if (url.isEmpty()) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "-K " + name + " line " + number
                    + ": url without a value");
        }
        return url;
    }

    /** A value in double quotes, with curl's escapes {@code \\ \" \t \n \r \v}. */
    private static String unquote(String quoted, String name, int number) throws InternetException {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\' && i + 1 < quoted.length()) {
                char next = quoted.charAt(++i);
                out.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 'v' -> '\u000b';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        throw new InternetException(InternetError.INVALID_PARAMETER, "-K " + name + " line " + number
                + ": a quote without its end");
    }
}
