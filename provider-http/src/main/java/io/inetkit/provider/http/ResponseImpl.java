package io.inetkit.provider.http;

import io.inetkit.http.HttpHeaders;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpVersion;
import java.io.InputStream;

/** A response whose body streams from the pooled connection; tracked by its session, so closed with it. */
final class ResponseImpl implements HttpResponse {

    private final int statusCode;
    private final HttpVersion version;
    private final HttpHeaders headers;
    private final BodyStream body;

    ResponseImpl(int statusCode, HttpVersion version, HttpHeaders headers, BodyStream body) {
        this.statusCode = statusCode;
        this.version = version;
        this.headers = headers;
        this.body = body;
    }

    @Override
    public int statusCode() {
        return statusCode;
    }

    @Override
    public String reasonPhrase() {
        return Reasons.phrase(statusCode);
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
        return (version == HttpVersion.HTTP_2 ? "HTTP/2" : "HTTP/1.1") + " " + statusCode
                + (reasonPhrase().isEmpty() ? "" : " " + reasonPhrase());
    }

    @Override
    public void close() {
        body.close();
    }

    @Override
    public String toString() {
        return statusLine();
    }
}
