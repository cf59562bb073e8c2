package io.inetkit.http;

/**
 * HTTP protocol versions a request can ask for.
 *
 * <pre>{@code
 * HttpRequest.newBuilder("/").version(HttpVersion.HTTP_2).build();
 * }</pre>
 */
public enum HttpVersion {
    /** HTTP/1.1. */
    HTTP_1_1,
    /** HTTP/2, falling back to HTTP/1.1 where the server does not speak it. */
    HTTP_2
}
