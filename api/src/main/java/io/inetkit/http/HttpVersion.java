package io.inetkit.http;

/**
 * HTTP protocol versions a request can ask for with {@link HttpRequest.Builder#version(HttpVersion)}.
 * A request that asks for none is HTTP/1.1, as WinINet's are unless {@code HTTP_PROTOCOL_FLAG_HTTP2}
 * is set.
 *
 * <pre>{@code
 * HttpRequest.newBuilder("/").version(HttpVersion.HTTP_2).build();
 * }</pre>
 */
public enum HttpVersion {
    /**
     * HTTP/1.1, the default: on inetkit's HTTP provider, its own engine on sockets, in the clear and
     * over TLS (offering {@code http/1.1} alone by ALPN), directly and through every proxy.
     */
    HTTP_1_1,
    /**
     * HTTP/2, on {@code java.net.http}: offered by ALPN over TLS, asked for with
     * {@code Upgrade: h2c} in the clear. A server that has no HTTP/2 is answered in HTTP/1.1 by
     * {@code java.net.http} itself, and the response says {@link #HTTP_1_1}.
     */
    HTTP_2
}
