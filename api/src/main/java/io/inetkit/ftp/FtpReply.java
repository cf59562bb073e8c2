package io.inetkit.ftp;

import java.util.List;
import java.util.Objects;

/**
 * An FTP server's reply: its three-digit code and its lines, as {@link FtpSession#command(String)}
 * returns it.
 *
 * <pre>{@code
 * FtpReply reply = ftp.command("SITE CHMOD 644 report.csv");
 * if (!reply.isPositive()) {
 *     System.err.println(reply.text());
 * }
 * }</pre>
 *
 * @param code the reply code, 100 to 599
 * @param lines the reply's lines, code included, as the server sent them
 */
public record FtpReply(int code, List<String> lines) {

    /** Checks and copies the fields. */
    public FtpReply {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("FTP reply code out of range: " + code);
        }
        lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
    }

    /** Whether the code is 1xx, 2xx or 3xx: not a refusal. */
    public boolean isPositive() {
        return code < 400;
    }

    /** The lines joined with line breaks. */
    public String text() {
        return String.join("\n", lines);
    }
}
