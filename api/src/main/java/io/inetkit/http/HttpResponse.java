package io.inetkit.http;

import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The response to an {@link HttpRequest}: status, headers and a body that streams from the network.
 * Close it (or read its body to the end and close that) to free the connection.
 *
 * <pre>{@code
 * try (HttpResponse response = http.send(HttpRequest.get("/big.iso"))) {
 *     Files.copy(response.body(), Path.of("big.iso"), StandardCopyOption.REPLACE_EXISTING);
 * }
 * }</pre>
 */
public interface HttpResponse extends AutoCloseable {

    /** The status code, for example 200: WinINet's {@code HTTP_QUERY_STATUS_CODE}. */
    int statusCode();

    /**
     * The reason phrase, for example {@code OK}: WinINet's {@code HTTP_QUERY_STATUS_TEXT}.
     *
     * <p>For HTTP/1.1, the default, it is the phrase the server sent, as it sent it: {@code Okay}
     * for a server that answers {@code 200 Okay}, empty for one that sends none. HTTP/2 has no
     * reason phrase on the wire, and {@code java.net.http}, which runs it, hands out only the code:
     * for a request that asked for {@link HttpVersion#HTTP_2} this is the standard phrase of RFC 9110
     * for the code, empty for a code with none (such as 599), also when the server answered in
     * HTTP/1.1.
     */
    String reasonPhrase();

    /** The version the server answered with. */
    HttpVersion version();

    /** The response headers: {@code HttpQueryInfo}. */
    HttpHeaders headers();

    /** {@code Content-Length}, if the server sent one. */
    default OptionalLong contentLength() {
        return headers().firstValueAsLong("Content-Length");
    }

    /** {@code Content-Type}, if the server sent one. */
    default Optional<String> contentType() {
        return headers().firstValue("Content-Type");
    }

    /** Where the response came from, as far as the {@link HttpCache} goes; {@link CacheResult#BYPASS} without one. */
    default CacheResult cacheResult() {
        return CacheResult.BYPASS;
    }

    /**
     * The body, read from the network as it is consumed, never buffered whole. A read that waits
     * longer than the read timeout fails with {@link io.inetkit.InternetError#TIMEOUT}; a body cut
     * short fails rather than ending early.
     */
    InputStream body();

    /** Closes the body and frees the connection. Harmless to repeat. */
    @Override
    void close();
}
