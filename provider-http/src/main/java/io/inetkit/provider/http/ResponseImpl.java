package io.inetkit.provider.http;

import io.inetkit.http.CacheResult;
import io.inetkit.http.HttpHeaders;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpVersion;
import io.inetkit.spi.CallEvents;
import java.io.InputStream;

/**
 * A response whose body streams from the pooled connection, of java.net.http or of the HTTP/1.1
 * engine; tracked by its session, so closed with it.
 */
final class ResponseImpl implements HttpResponse {

    private final int statusCode;
    private final HttpVersion version;
    private volatile HttpHeaders headers;
    private final String reasonPhrase;
    private volatile InputStream body;
    private volatile String bodyRoute = ""; // how the request's body went out, for tests
    private volatile CacheResult cacheResult = CacheResult.BYPASS;

    /** A response of java.net.http, which gives no reason phrase: the standard one stands in. */
    ResponseImpl(int statusCode, HttpVersion version, HttpHeaders headers, BodyStream body) {
        this(statusCode, version, headers, Reasons.phrase(statusCode), body);
    }

    /** A response with the server's own reason phrase, as the HTTP/1.1 engine reads it. */
    ResponseImpl(int statusCode, HttpVersion version, HttpHeaders headers, String reasonPhrase, InputStream body) {
        this.statusCode = statusCode;
        this.version = version;
        this.headers = headers;
        this.reasonPhrase = reasonPhrase;
        this.body = body;
    }

    @Override
    public int statusCode() {
        return statusCode;
    }

    @Override
    public String reasonPhrase() {
        return reasonPhrase;
    }

    @Override
    public HttpVersion version() {
        return version;
    }

    @Override
    public HttpHeaders headers() {
        return headers;
    }

    @Override
    public InputStream body() {
        return body;
    }

    /** The status line, as {@code lastResponse()} gives it: {@code HTTP/1.1 404 Not Found}. */
    String statusLine() {
        return statusLine(this);
    }

    /** The status line of any response, one an interceptor made too. */
    static String statusLine(HttpResponse response) {
        String reason = response.reasonPhrase();
        return (response.version() == HttpVersion.HTTP_2 ? "HTTP/2" : "HTTP/1.1") + " " + response.statusCode()
                + (reason.isEmpty() ? "" : " " + reason);
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (java.io.IOException ignored) {
            // Neither body stream fails to close.
        }
    }

    @Override
    public String toString() {
        return statusLine();
    }

    /**
     * Reports the end of the call with the body's: {@code callEnd} when it is read to its end or
     * closed, {@code callFailed} when a read fails. Called once, before the response is handed out.
     */
    void observe(CallEvents events) {
        body = new CallBody(body, events);
    }

    /**
     * Makes this the decoded response: its body read through the decoder, its headers without those
     * that described the bytes as sent. In place, so that the session, which tracks this response,
     * still closes it (and the decoder, and the body under it). Called once, before it is handed out.
     */
    void decoded(HttpHeaders decodedHeaders, InputStream decoder) {
        headers = decodedHeaders;
        body = decoder;
    }

    @Override
    public CacheResult cacheResult() {
        return cacheResult;
    }

    void cacheResult(CacheResult result) {
        cacheResult = result;
    }

    /** Makes the body one that is also written to the cache as it is read. */
    void cachedThrough(InputStream tee) {
        body = tee;
    }

    /** How the request's body went out: {@code H1Exchange.SENDFILE}, {@code CHANNEL}, or "" for a stream; for tests. */
    String bodyRoute() {
        return bodyRoute;
    }

    void bodyRoute(String route) {
        bodyRoute = route;
    }
}
