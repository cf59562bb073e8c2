package io.inetkit.provider.http.h1;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Writes a request (RFC 9112, sections 3 and 6): the request line in origin form, or in absolute
 * form to an HTTP proxy; {@code Host}; the caller's fields; then the body with its
 * {@code Content-Length}, or chunked when its length is unknown. No {@code Expect: 100-continue}:
 * the body follows the head at once, as curl does for small bodies.
 */
final class H1RequestWriter {

    /** Methods whose empty body is still announced with {@code Content-Length: 0}, as servers expect. */
    private static final Set<String> BODY_EXPECTED = Set.of("POST", "PUT", "PATCH");
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private H1RequestWriter() {
    }

    /**
     * Writes the request and flushes it.
     *
     * @param proxyForm whether the request line carries the absolute URI, for an HTTP proxy
     * @param proxyAuthorization the {@code Proxy-Authorization} value, or {@code null}
     * @param progress told the bytes of the body written so far, after each write
     * @param headWritten told when the head is written: after the flush for a request without a
     *     body, before the body (and perhaps still buffered with its start) for one with a body
     * @return the bytes of the body written
     */
    static long write(OutputStream out, H1Request request, boolean proxyForm, String proxyAuthorization,
            LongConsumer progress, Runnable headWritten) throws IOException {
        boolean chunked = writeHead(out, request, proxyForm, proxyAuthorization);
        long written = 0;
        if (!isEmpty(request)) {
            headWritten.run();
            written = body(out, request, chunked, progress);
            out.flush();
        } else {
            out.flush();
            headWritten.run();
        }
        return written;
    }

    /** Whether the request has no body bytes to send. */
    static boolean isEmpty(H1Request request) {
        return request.body().isEmpty() || request.length().isPresent() && request.length().getAsLong() == 0;
    }

    /** The request target as it goes on the wire: origin form, or absolute form to a proxy. */
    static String target(H1Request request, boolean proxyForm) {
        String target = request.uri().getRawPath();
        if (target == null || target.isEmpty()) {
            target = "/";
        }
        if (request.uri().getRawQuery() != null) {
            target += "?" + request.uri().getRawQuery();
        }
        return proxyForm ? request.uri().getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + host(request) + target
                : target;
    }

    /** The {@code Host}: the authority, without a default port. */
    private static String host(H1Request request) {
        String authority = request.uri().getRawAuthority();
        boolean defaultPort = request.uri().getPort() < 0 || request.uri().getPort() == (request.secure() ? 443 : 80);
        return defaultPort ? hostPart(authority) : authority;
    }

    /**
     * Writes the request line and the head, not flushed; the body is the caller's to send.
     *
     * @return whether the body is to be sent chunked
     */
    static boolean writeHead(OutputStream out, H1Request request, boolean proxyForm, String proxyAuthorization)
            throws IOException {
        out.write(head(request, proxyForm, proxyAuthorization));
        return !isEmpty(request) && request.length().isEmpty();
    }

    /** The request line and fields, to the blank line after them, as they go on the wire. */
    static byte[] head(H1Request request, boolean proxyForm, String proxyAuthorization) {
        StringBuilder head = new StringBuilder(256);
        String host = host(request);
        head.append(request.method()).append(' ').append(target(request, proxyForm)).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(host).append("\r\n");
        for (Map.Entry<String, List<String>> field : request.headers().map().entrySet()) {
            for (String value : field.getValue()) {
                head.append(field.getKey()).append(": ").append(value).append("\r\n");
            }
        }
        if (proxyAuthorization != null) {
            head.append("Proxy-Authorization: ").append(proxyAuthorization).append("\r\n");
        }
        boolean empty = isEmpty(request);
        boolean chunked = !empty && request.length().isEmpty();
        if (chunked) {
            head.append("Transfer-Encoding: chunked\r\n");
        } else if (!empty || BODY_EXPECTED.contains(request.method())) {
            head.append("Content-Length: ").append(empty ? 0 : request.length().getAsLong()).append("\r\n");
        }
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The failure of a body that ended before its announced length. */
    static InternetException endedEarly(long written, long expected) {
        return new InternetException(InternetError.INVALID_PARAMETER, "the request body ended after " + written
                + " of its " + expected + " bytes");
    }

    /** The failure of a body longer than its announced length. */
    static InternetException tooLong(long expected) {
        return new InternetException(InternetError.INVALID_PARAMETER, "the request body is longer than its length of "
                + expected + " bytes");
    }

    private static long body(OutputStream out, H1Request request, boolean chunked, LongConsumer progress)
            throws IOException {
        long written = 0;
        long expected = chunked ? -1 : request.length().getAsLong();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = request.body().open()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n == 0) {
                    continue;
                }
                if (expected >= 0 && written + n > expected) {
                    throw tooLong(expected);
                }
                if (chunked) {
                    out.write(Integer.toHexString(n).getBytes(StandardCharsets.ISO_8859_1));
                    out.write(CRLF);
                    out.write(buffer, 0, n);
                    out.write(CRLF);
                } else {
                    out.write(buffer, 0, n);
                }
                written += n;
                progress.accept(written);
            }
        }
        if (chunked) {
            out.write(LAST_CHUNK);
        } else if (written != expected) {
            throw endedEarly(written, expected);
        }
        return written;
    }

    private static String hostPart(String authority) {
        if (authority.startsWith("[")) {
            return authority.substring(0, authority.indexOf(']') + 1);
        }
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }
}
