package io.inetkit.cli;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.ArgSpec;

/**
 * curl's options for what is done with an HTTP response: {@code -i}, {@code -L},
 * {@code --max-redirs} and {@code -f}, with curl's defaults: a redirect is the response unless
 * {@code -L}, and an error status is a response too unless {@code -f}.
 */
final class ResponseOptions {

    boolean include;
    boolean location;
    Integer maxRedirs; // null: not given
    boolean fail;

    void addTo(List<ArgSpec> command) {
        command.add(CommandModel.option(this, "include", "-i", "--include")
                .description("HTTP: write the response's status line and headers before its body, as curl's -i.")
                .build());
        command.add(CommandModel.option(this, "location", "-L", "--location")
                .description("HTTP: follow redirects, as curl's -L; without it a redirect is the response.")
                .build());
        command.add(CommandModel.option(this, "maxRedirs", "--max-redirs")
                .paramLabel("NUM")
                .description("With -L, follow at most NUM redirects (default: 10), then fail with status 47.")
                .build());
        command.add(CommandModel.option(this, "fail", "-f", "--fail")
                .description("HTTP: fail on a status of 400 or more, with status 22 and nothing of the body, as"
                        + " curl's -f; without it the error page is the output and the status 0.").build());
    }

    /** The limits with {@code --max-redirs}'s bound, or {@code limits} itself without it. */
    Limits limits(Limits limits) throws InternetException {
        if (maxRedirs == null) {
            return limits;
        }
        if (maxRedirs < 0) {
            // curl's -1 is "no limit": a server's loop then runs until --max-time, if any.
            throw new InternetException(InternetError.INVALID_PARAMETER, "--max-redirs must be 0 or more, not "
                    + maxRedirs + ": inetkit always bounds redirects");
        }
        return limits.toBuilder().maxRedirects(maxRedirs).build();
    }

    /**
     * The status line and headers as curl's {@code -i} writes them, each line ending in CR LF, and an
     * empty line. A server's control characters are shown escaped, never written.
     */
    static byte[] head(HttpResponse response) {
        StringBuilder text = new StringBuilder();
        // HTTP/2 has no reason phrase on the wire: curl writes "HTTP/2 200 ", and so does this.
        boolean h2 = response.version() == HttpVersion.HTTP_2;
        text.append(h2 ? "HTTP/2 " : "HTTP/1.1 ").append(response.statusCode()).append(' ')
                .append(h2 ? "" : safe(response.reasonPhrase())).append("\r\n");
        for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
            for (String value : header.getValue()) {
                text.append(safe(header.getKey())).append(": ").append(safe(value)).append("\r\n");
            }
        }
        text.append("\r\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // The engine read the head as ISO-8859-1: written back so, a header's bytes are the server's.
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0xff) {
                bytes.write(c);
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }

    /** The text as it is, unless it holds a control character: then escaped, as every server text printed. */
    private static String safe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' || c >= 0x7f && c <= 0x9f) {
                return TerminalText.line(text);
            }
        }
        return text;
    }
}
