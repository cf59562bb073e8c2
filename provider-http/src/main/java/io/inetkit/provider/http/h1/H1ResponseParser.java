package io.inetkit.provider.http.h1;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Limits;
import io.inetkit.http.HttpHeaders;
import io.inetkit.spi.StatusPublisher;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Reads a response head (RFC 9112, sections 4 and 5) and decides its body's framing (section 6.3).
 * Everything the server controls in it is bounded by the {@code Internet}'s {@link Limits}: each
 * line, the bytes and fields of each header section ({@link H1Section}), the interim responses
 * before the final one, and the time the whole head may take. What cannot be parsed, or goes past
 * a limit, is {@code HTTP_INVALID_SERVER_RESPONSE}; a head that takes too long is {@code TIMEOUT}.
 */
final class H1ResponseParser {

    private H1ResponseParser() {
    }

    /**
     * The head of the final response to a request; interim (1xx) responses before it are skipped,
     * each reported as {@code INTERMEDIATE_RESPONSE} with its code.
     *
     * <p>The whole head, interim responses included, must arrive within the read timeout from
     * this call, not only each read: a server that sends a line now and then, each inside the read
     * timeout, would otherwise hold the caller for as long as its lines and interim responses last.
     *
     * @param head whether the request was HEAD, whose response has no body whatever it says
     * @return {@code null} if the connection ended before the first byte (a kept-alive connection
     *     the server had closed)
     */
    static H1Head read(H1Input in, boolean head, String where, StatusPublisher events, Limits limits)
            throws IOException {
        int interim = 0;
        H1Section section = null;
        in.deadline(System.nanoTime() + in.readTimeoutNanos());
        try {
            while (true) {
                section = new H1Section(limits, where, false);
                String statusLine = section.line(in, "a status line");
                if (statusLine == null) {
                    if (interim == 0) {
                        return null;
                    }
                    throw new InternetException(InternetError.CONNECTION_ABORTED, where
                            + " closed the connection after an interim response");
                }
                int status = status(statusLine, where);
                if (status < 200) {
                    if (status == 101) {
                        throw new InternetException(InternetError.HTTP_INVALID_SERVER_RESPONSE, where
                                + " switched protocols (101) though no upgrade was asked for");
                    }
                    if (++interim > limits.maxInterimResponses()) {
                        throw Limits.exceeded(InternetError.HTTP_INVALID_SERVER_RESPONSE, where, "more than "
                                + limits.maxInterimResponses() + " interim (1xx) responses before the final one",
                                "maxInterimResponses");
                    }
                }
                String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
                HttpHeaders headers = headers(in, section, where);
                if (status < 200) {
                    events.publish(InternetStatus.INTERMEDIATE_RESPONSE, status);
                    continue; // 100 Continue, 103 Early Hints: the final response follows
                }
                return frame(status, reason, headers, head, statusLine.startsWith("HTTP/1.0"), where);
            }
        } catch (SocketTimeoutException e) {
            long millis = TimeUnit.NANOSECONDS.toMillis(in.readTimeoutNanos());
            if (interim == 0 && section.bytes() == 0) {
                throw new InternetException(InternetError.TIMEOUT, where + " sent no response within " + millis
                        + " ms", e);
            }
            throw new InternetException(InternetError.TIMEOUT, where + " sent a response head that was not whole "
                    + millis + " ms after the request (the read timeout of the Internet), after " + interim
                    + " interim responses and " + section.fields() + " header lines of the response it was sending", e);
        } finally {
            in.deadline(0);
        }
    }

    private static int status(String line, String where) throws InternetException {
        // HTTP-version SP 3DIGIT SP [reason]; some servers leave out the space after the code.
        if (line.length() < 12 || !line.startsWith("HTTP/1.") || line.charAt(8) != ' '
                || !Character.isDigit(line.charAt(7)) || line.length() > 12 && line.charAt(12) != ' ') {
            throw invalid(where, "sent \"" + shown(line) + "\" where an HTTP/1.x status line belongs");
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw invalid(where, "sent the status line \"" + shown(line) + "\" without a 3-digit code");
            }
            status = status * 10 + c - '0';
        }
        if (status < 100) {
            throw invalid(where, "sent the status code " + status);
        }
        return status;
    }

    private static HttpHeaders headers(H1Input in, H1Section section, String where) throws IOException {
        HttpHeaders.Builder builder = HttpHeaders.newBuilder();
        while (true) {
            String line = section.line(in, "a header line");
            if (line == null) {
                throw new InternetException(InternetError.CONNECTION_ABORTED, where
                        + " closed the connection in the middle of the response headers");
            }
            if (line.isEmpty()) {
                return builder.build();
            }
            section.field();
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw invalid(where, "sent a folded header line (obsolete line folding)");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(colon - 1) == ' ' || line.charAt(colon - 1) == '\t') {
                throw invalid(where, "sent the header line \"" + shown(line) + "\", which has no name and colon");
            }
            String name = line.substring(0, colon);
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c <= ' ' || c >= 0x7f) {
                    throw invalid(where, "sent a header name with a control character or space: \""
                            + shown(name) + "\"");
                }
            }
            builder.add(name, line.substring(colon + 1).strip());
        }
    }

    private static H1Head frame(int status, String reason, HttpHeaders headers, boolean head, boolean http10,
            String where) throws InternetException {
        List<String> connection = tokens(headers.allValues("Connection"));
        boolean keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
        if (head || status == 204 || status == 304) {
            return new H1Head(status, reason, headers, H1Head.Framing.NONE, -1, keepAlive);
        }
        List<String> codings = tokens(headers.allValues("Transfer-Encoding"));
        if (!codings.isEmpty()) {
            // Transfer-Encoding wins over Content-Length (section 6.3, rule 3); the length is ignored
            // and the connection not reused, as the section asks of a message with both.
            boolean both = !headers.allValues("Content-Length").isEmpty();
            if (codings.get(codings.size() - 1).equals("chunked")) {
                if (codings.size() > 1) {
                    throw invalid(where, "sent Transfer-Encoding " + codings
                            + "; only chunked is understood, send Accept-Encoding for compression");
                }
                return new H1Head(status, reason, headers, H1Head.Framing.CHUNKED, -1, keepAlive && !both);
            }
            return new H1Head(status, reason, headers, H1Head.Framing.CLOSE, -1, false);
        }
        List<String> lengths = headers.allValues("Content-Length");
        if (!lengths.isEmpty()) {
            long length = -1;
            for (String value : lengths) {
                for (String part : value.split(",", -1)) {
                    long one = length(part.strip(), where);
                    if (length >= 0 && one != length) {
                        throw invalid(where, "sent conflicting Content-Length values " + lengths);
                    }
                    length = one;
                }
            }
            return length == 0 ? new H1Head(status, reason, headers, H1Head.Framing.NONE, 0, keepAlive)
                    : new H1Head(status, reason, headers, H1Head.Framing.LENGTH, length, keepAlive);
        }
        return new H1Head(status, reason, headers, H1Head.Framing.CLOSE, -1, false);
    }

    private static long length(String text, String where) throws InternetException {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(where, "sent the Content-Length \"" + shown(text) + "\", which is not a number");
        }
        return Long.parseLong(text);
    }

    private static List<String> tokens(List<String> values) {
        List<String> tokens = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(",")) {
                String token = part.strip().toLowerCase(Locale.ROOT);
                if (!token.isEmpty()) {
                    tokens.add(token);
                }
            }
        }
        return tokens;
    }

    static InternetException invalid(String where, String what) {
        return new InternetException(InternetError.HTTP_INVALID_SERVER_RESPONSE, where + " " + what);
    }

    static String shown(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 120; i++) {
            char c = text.charAt(i);
            out.append(c < ' ' || c >= 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
