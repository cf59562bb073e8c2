package io.inetkit.provider.http.h1;

import io.inetkit.http.HttpHeaders;

/**
 * A parsed response head and how its body is framed.
 *
 * @param status the status code
 * @param reason the server's reason phrase, possibly empty
 * @param headers the header fields as received
 * @param framing how the body ends
 * @param length the body's length for {@link Framing#LENGTH}, else -1
 * @param keepAlive whether the connection may carry another request after this body
 */
public record H1Head(int status, String reason, HttpHeaders headers, Framing framing, long length,
        boolean keepAlive) {

    /** How the end of a body is found (RFC 9112, section 6.3). */
    public enum Framing {
        /** No body: HEAD, 1xx, 204, 304, or a length of zero. */
        NONE,
        /** {@code Content-Length} bytes. */
        LENGTH,
        /** {@code Transfer-Encoding: chunked}. */
        CHUNKED,
        /** Until the server closes the connection. */
        CLOSE
    }

    /** The status line as {@code lastResponse()} gives it: {@code HTTP/1.1 404 Not Found}. */
    public String statusLine() {
        return "HTTP/1.1 " + status + (reason.isEmpty() ? "" : " " + reason);
    }
}
