package io.inetkit.cli;

import io.inetkit.InternetException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.ArgSpec;

/**
 * curl's {@code -w FORMAT}: after the transfer, FORMAT with its {@code %{variable}}s replaced by
 * what the transfer did, written to standard output, also after a failure.
 */
final class WriteOut {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/[0-9.]+ ([0-9]{3})");

    private String format;

    /** What the transfer did, as the command learns it. */
    private final long start = System.nanoTime();
    private int httpCode;
    private long sizeDownload;
    private String urlEffective = "";
    private String contentType = "";

    void addTo(List<ArgSpec> command) {
        command.add(CommandModel.option(this, "format", "-w", "--write-out")
                .paramLabel("FORMAT")
                .description("Write FORMAT to standard output after the transfer, also a failed one, as curl's"
                        + " -w: %%{name} for http_code, size_download, time_total, speed_download, url_effective,"
                        + " content_type or exitcode; %%{stderr} and %%{stdout} send the rest there; \\n, \\r"
                        + " and \\t; @FILE reads FORMAT from FILE, @- from standard input.").build());
    }

    /** Whether -w was given. */
    boolean given() {
        return format != null;
    }

    /** The URL the transfer ends at: the one given, then each redirect's; without its user and password. */
    void url(URI url) {
        String authority = url.getRawAuthority() == null ? "" : url.getRawAuthority().replaceFirst("^.*@", "");
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        urlEffective = url.getScheme() + "://" + authority + path
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    }

    void response(int code, String type) {
        httpCode = code;
        contentType = type == null ? "" : type;
    }

    /** A failure: its HTTP status, if a response refused with one (-f on a 404), is the code. */
    void failed(Exception failure) {
        if (httpCode == 0 && ExitStatus.shown(failure) instanceof InternetException e) {
            Matcher status = STATUS_LINE.matcher(e.serverReply().orElse(""));
            if (status.lookingAt()) {
                httpCode = Integer.parseInt(status.group(1));
            }
        }
    }

    void downloaded(long bytes) {
        sizeDownload += bytes;
    }

    /**
     * Writes the format, expanded, to {@code out} (and to {@code err} after {@code %{stderr}}); an
     * unknown variable is written as nothing, with a warning, as curl does.
     */
    void print(int exitCode, PrintStream out, PrintWriter err) {
        if (format == null) {
            return;
        }
        String text = text(err);
        double seconds = (System.nanoTime() - start) / 1e9;
        Object to = out;
        StringBuilder pending = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 1 < text.length() && text.charAt(i + 1) == '%') {
                pending.append('%');
                i++;
            } else if (c == '%' && i + 1 < text.length() && text.charAt(i + 1) == '{' && text.indexOf('}', i) > 0) {
                int end = text.indexOf('}', i);
                String name = text.substring(i + 2, end);
                i = end;
                switch (name) {
                    case "http_code", "response_code" -> pending.append(String.format(Locale.ROOT, "%03d", httpCode));
                    case "size_download" -> pending.append(sizeDownload);
                    case "time_total" -> pending.append(String.format(Locale.ROOT, "%.6f", seconds));
                    case "speed_download" -> pending.append(seconds > 0 ? (long) (sizeDownload / seconds) : 0);
                    case "url_effective" -> pending.append(urlEffective);
                    case "content_type" -> pending.append(TerminalText.line(contentType));
                    case "exitcode" -> pending.append(exitCode);
                    case "stderr", "stdout" -> {
                        write(pending, to);
                        to = name.equals("stderr") ? err : out;
                    }
                    default -> {
                        err.println("inetkit: unknown --write-out variable: '" + TerminalText.line(name) + "'");
                        err.flush();
                    }
                }
            } else if (c == '\\' && i + 1 < text.length() && "rnt".indexOf(text.charAt(i + 1)) >= 0) {
                char e = text.charAt(++i);
                pending.append(e == 'r' ? '\r' : e == 'n' ? '\n' : '\t');
            } else {
                pending.append(c);
            }
        }
        write(pending, to);
    }

    private static void write(StringBuilder text, Object to) {
        if (to instanceof PrintStream stream) {
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            stream.write(bytes, 0, bytes.length);
            stream.flush();
        } else {
            ((PrintWriter) to).print(text);
            ((PrintWriter) to).flush();
        }
        text.setLength(0);
    }

    /** The format: as given, or read from {@code @FILE} ({@code @-}: standard input), as curl reads it. */
    private String text(PrintWriter err) {
        if (!format.startsWith("@")) {
            return format;
        }
        String file = format.substring(1);
        try {
            byte[] bytes = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            // As curl, which writes nothing for a format file it cannot read.
            err.println("inetkit: -w: cannot read " + TerminalText.line(file) + ": " + TerminalText.line(e.toString()));
            err.flush();
            return "";
        }
    }
}
