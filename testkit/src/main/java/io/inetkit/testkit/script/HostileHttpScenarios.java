package io.inetkit.testkit.script;

import java.io.OutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The named misbehaviours of an HTTP/1.1 server, for a {@link HostileHttpServer}: each is the
 * exact bytes a real broken or hostile server was seen to send, or could send, to make a client
 * wait forever or hold unbounded memory. A client under test must end each one within its read
 * timeout plus a second, with an error, never by hanging or growing without bound.
 *
 * <p>Text is written as ISO-8859-1; lines end with CRLF. "Forever" ends when the client closes
 * the connection or the server closes.
 */
public final class HostileHttpScenarios {

    /** One interim response, as servers send it before the final one. */
    public static final String CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n";

    /**
     * The response {@link #bytesAfterBody} sends after the first body: were a client to read it as
     * the answer to its next request, that request would get the body {@value #FORGED_BODY}.
     */
    public static final String FORGED_BODY = "forged";

    private static final String FORGED = "HTTP/1.1 200 OK\r\nContent-Length: " + FORGED_BODY.length() + "\r\n\r\n"
            + FORGED_BODY;

    /** Filler header lines are at most this long, well under any client's line limit. */
    private static final int FILLER_LINE = 8 * 1024;

    private HostileHttpScenarios() {
    }

    /** A well-behaved answer: 200 with a {@code Content-Length} body; the connection stays open. */
    public static HostileHttpScenario ok(String body) {
        return (request, out) -> {
            write(out, ok200(body));
            return true;
        };
    }

    /**
     * Answers each request with 200 and its own target as the body ({@code GET /b} gets {@code /b}),
     * so that a test sees which request an answer belongs to.
     */
    public static HostileHttpScenario echoTarget() {
        return (request, out) -> {
            write(out, ok200(request.target()));
            return true;
        };
    }

    /** {@code 100 Continue} forever, as fast as the client takes them; no final response. */
    public static HostileHttpScenario endlessContinue() {
        byte[] block = CONTINUE.repeat(256).getBytes(StandardCharsets.ISO_8859_1);
        return (request, out) -> {
            while (true) {
                out.write(block);
            }
        };
    }

    /** One {@code 100 Continue} every {@code every}, forever; each alone keeps a per-read timeout from running out. */
    public static HostileHttpScenario trickledContinue(Duration every) {
        return (request, out) -> {
            while (true) {
                write(out, CONTINUE);
                Thread.sleep(every.toMillis());
            }
        };
    }

    /** {@code interim} times {@code 100 Continue}, then 200 with the body; all in one write. */
    public static HostileHttpScenario interimThenOk(int interim, String body) {
        return (request, out) -> {
            write(out, CONTINUE.repeat(interim) + ok200(body));
            return true;
        };
    }

    /**
     * A 200 whose header section is exactly {@code bytes} long, counted from the status line's
     * first byte to the end of the blank line that ends the section: {@code Content-Length: 0}
     * and filler fields {@code X-Fill-n: xxx…} of at most 8 KiB a line (at least 40 lines under
     * 256 KiB), then the blank line.
     *
     * @throws IllegalArgumentException if the bytes cannot be made of those lines: fewer than 38
     *     (the status line, {@code Content-Length: 0} and the blank line), or 39 to 49, where no
     *     filler field fits the rest
     */
    public static HostileHttpScenario headerSectionOf(int bytes) {
        String head = headerSection(bytes);
        return (request, out) -> {
            write(out, head);
            return true;
        };
    }

    /** A 200 with exactly {@code count} header fields, the last of them {@code Content-Length: 0}. */
    public static HostileHttpScenario headerFields(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 1; i < count; i++) {
            head.append("X-Field-").append(i).append(": ").append(i).append("\r\n");
        }
        head.append("Content-Length: 0\r\n\r\n");
        return (request, out) -> {
            write(out, head.toString());
            return true;
        };
    }

    /** A 200 with one header line ({@code X-Long: xxx…}) of exactly {@code bytes} bytes, its CRLF not counted. */
    public static HostileHttpScenario longHeaderLine(int bytes) {
        if (bytes < 8) {
            throw new IllegalArgumentException("a line of \"X-Long: x\" takes at least 8 bytes: " + bytes);
        }
        String head = "HTTP/1.1 200 OK\r\nX-Long: " + "x".repeat(bytes - 8) + "\r\nContent-Length: 0\r\n\r\n";
        return (request, out) -> {
            write(out, head);
            return true;
        };
    }

    /** The status line of a 200, then one header line ({@code X-Trickle-n: n}) every {@code every}, forever. */
    public static HostileHttpScenario trickledHeaders(Duration every) {
        return (request, out) -> {
            write(out, "HTTP/1.1 200 OK\r\n");
            for (int i = 1; ; i++) {
                Thread.sleep(every.toMillis());
                write(out, "X-Trickle-" + i + ": " + i + "\r\n");
            }
        };
    }

    /**
     * A 200 with a chunked body: the status line and {@code Transfer-Encoding: chunked}, then
     * {@code chunkedBody} as it is (chunk sizes, data, the last chunk, trailers and blank line, as
     * the test writes them).
     */
    public static HostileHttpScenario chunked(String chunkedBody) {
        String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkedBody;
        return (request, out) -> {
            write(out, response);
            return true;
        };
    }

    /**
     * More bytes than {@code Content-Length} says, on a kept-alive connection. The very first
     * request (connection 1, request 1) gets a 200 with the body {@code body} and, after
     * {@code delay} ({@link Duration#ZERO}: in the same write), a whole forged response whose body
     * is {@link #FORGED_BODY}. Every other request gets {@link #echoTarget()}'s answer. A client
     * that reuses the connection reads the forged response as its next answer.
     */
    public static HostileHttpScenario bytesAfterBody(String body, Duration delay) {
        HostileHttpScenario echo = echoTarget();
        return (request, out) -> {
            if (!request.isFirst()) {
                return echo.answer(request, out);
            }
            if (delay.isZero()) {
                write(out, ok200(body) + FORGED);
            } else {
                write(out, ok200(body));
                Thread.sleep(delay.toMillis());
                write(out, FORGED);
            }
            return true;
        };
    }

    static String headerSection(int bytes) {
        String status = "HTTP/1.1 200 OK\r\n";
        String end = "Content-Length: 0\r\n\r\n";
        int remaining = bytes - status.length() - end.length();
        StringBuilder head = new StringBuilder(bytes).append(status);
        for (int i = 1; remaining > 0; i++) {
            String name = "X-Fill-" + i + ": ";
            int minimum = name.length() + 2;
            // Whole lines while a whole line and a last one still fit; the last takes the rest.
            int line = remaining >= FILLER_LINE + 64 ? FILLER_LINE : remaining;
            if (line < minimum) {
                throw new IllegalArgumentException("a header section of " + bytes + " bytes is too short for a"
                        + " filler field");
            }
            head.append(name).append("x".repeat(line - minimum)).append("\r\n");
            remaining -= line;
        }
        if (remaining < 0) {
            throw new IllegalArgumentException("a header section of " + bytes + " bytes is too short");
        }
        return head.append(end).toString();
    }

    private static String ok200(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + body.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n\r\n"
                + body;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
