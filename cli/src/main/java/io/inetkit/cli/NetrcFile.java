package io.inetkit.cli;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@code .netrc} file, read as curl reads it: {@code machine NAME}, {@code default},
 * {@code login}, {@code password}, {@code account} (read, not used) and {@code macdef} (skipped up to
 * the next blank line); tokens separated by white space, or quoted with {@code "…"} and the escapes
 * {@code \" \\ \n \r \t}. The file is someone else's text as far as this class goes: it is bounded
 * ({@link #MAX_BYTES}, {@link #MAX_TOKEN}) and never echoed; a password leaves only through
 * {@link Login#password()}.
 */
final class NetrcFile {

    /** The largest file read: a netrc of a thousand hosts is some 64 KiB; more is not a netrc. */
    static final int MAX_BYTES = 1 << 20;

    /** The longest token: curl's netrc line is 4 KiB. */
    static final int MAX_TOKEN = 4096;

    /** A login of a machine; its {@code toString} leaves the password out. */
    record Login(String user, String password) {

        @Override
        public String toString() {
            return "Login[user=" + user + (password == null ? "" : ", password=…") + "]";
        }
    }

    /** A {@code machine} block, or the {@code default} one (machine null). */
    private record Entry(String machine, String user, String password) {
    }

    private final List<Entry> entries;

    private NetrcFile(List<Entry> entries) {
        this.entries = entries;
    }

    /**
     * Reads a netrc file.
     *
     * @throws IOException when it cannot be read (missing, unreadable)
     * @throws InternetException {@code INVALID_PARAMETER} when it is not a regular file, is larger than {@link #MAX_BYTES},
     *     has a token longer than {@link #MAX_TOKEN} or an unclosed quote
     */
    static NetrcFile read(Path file) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // A directory, a FIFO that would block the read, a device without end: none is a netrc.
            throw new InternetException(InternetError.INVALID_PARAMETER, "the netrc file " + file
                    + " is not a regular file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "the netrc file " + file + " is larger than "
                    + MAX_BYTES + " bytes: not read");
        }
        return parse(new String(bytes, StandardCharsets.UTF_8));
    }

    /** Parses a netrc file's text. */
    static NetrcFile parse(String text) throws InternetException {
        Tokens tokens = new Tokens(text);
        List<Entry> entries = new ArrayList<>();
        String machine = null;
        boolean inEntry = false;
        String user = null;
        String password = null;
        for (String token = tokens.next(); token != null; token = tokens.next()) {
            switch (token) {
                case "machine", "default" -> {
                    if (inEntry) {
                        entries.add(new Entry(machine, user, password));
                    }
                    machine = token.equals("machine") ? valueOf(tokens, token) : null;
                    inEntry = true;
                    user = null;
                    password = null;
                }
                case "login" -> user = valueOf(tokens, token);
                case "password" -> password = valueOf(tokens, token);
                case "account" -> valueOf(tokens, token);
                case "macdef" -> tokens.skipMacro();
                default -> {
                    // curl ignores what it does not know; so does this.
                }
            }
        }
        if (inEntry) {
            entries.add(new Entry(machine, user, password));
        }
        return new NetrcFile(List.copyOf(entries));
    }

    private static String valueOf(Tokens tokens, String keyword) throws InternetException {
        String value = tokens.next();
        if (value == null) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "the netrc file ends after '" + keyword
                    + "' without its value");
        }
        return value;
    }

    /**
     * The login for {@code host}: the first {@code machine} block of that name (case does not
     * matter), or failing that the {@code default} block; with {@code user} given, only a block
     * of that login or of none.
     */
    Optional<Login> find(String host, String user) {
        for (boolean fallback : new boolean[] {false, true}) {
            for (Entry entry : entries) {
                boolean matches = fallback ? entry.machine() == null
                        : entry.machine() != null && entry.machine().toLowerCase(Locale.ROOT)
                                .equals(host.toLowerCase(Locale.ROOT));
                // A block without a login serves any user, as curl's since 7.82.
                if (matches && (user == null || entry.user() == null || user.equals(entry.user()))
                        && (entry.user() != null || entry.password() != null)) {
                    return Optional.of(new Login(user != null ? user : entry.user(), entry.password()));
                }
            }
        }
        return Optional.empty();
    }

    /** The tokens of a netrc text. */
    private static final class Tokens {

        private final String text;
        private int at;

        Tokens(String text) {
            this.text = text;
        }

        /** The next token, or null at the end. */
        String next() throws InternetException {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            if (at == text.length()) {
                return null;
            }
            StringBuilder token = new StringBuilder();
            if (text.charAt(at) == '"') {
                at++;
                while (true) {
                    if (at == text.length()) {
                        throw new InternetException(InternetError.INVALID_PARAMETER, "the netrc file has a quoted"
                                + " token without its closing quote");
                    }
                    char c = text.charAt(at++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\' && at < text.length()) {
                        char escaped = text.charAt(at++);
                        c = switch (escaped) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            default -> escaped;
                        };
                    }
                    append(token, c);
                }
            } else {
                while (at < text.length() && !Character.isWhitespace(text.charAt(at))) {
                    append(token, text.charAt(at++));
                }
            }
            return token.toString();
        }

        private static void append(StringBuilder token, char c) throws InternetException {
            if (token.length() == MAX_TOKEN) {
                throw new InternetException(InternetError.INVALID_PARAMETER, "the netrc file has a token longer than "
                        + MAX_TOKEN + " characters");
            }
            token.append(c);
        }

        /** Skips a {@code macdef}: its name, its line, and the lines up to a blank one. */
        void skipMacro() {
            int end = text.indexOf("\n\n", at);
            int endCrLf = text.indexOf("\r\n\r\n", at);
            if (endCrLf >= 0 && (end < 0 || endCrLf < end)) {
                end = endCrLf;
            }
            at = end < 0 ? text.length() : end;
        }
    }
}
