package io.inetkit.provider.http.h1;

import io.inetkit.http.HttpHeaders;
import io.inetkit.http.RequestBody;
import java.net.URI;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What to send: the session has checked the method, target and headers, and added
 * {@code User-Agent} and {@code Authorization}; the engine adds {@code Host} and the framing.
 *
 * @param method the method, an HTTP token
 * @param uri the absolute {@code http} or {@code https} URI
 * @param headers the header fields to send as they are
 * @param body the body, possibly empty
 * @param length the body's length if known; empty sends it chunked
 */
public record H1Request(String method, URI uri, HttpHeaders headers, RequestBody body, OptionalLong length) {

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");

    /** Whether sending it twice does no more than once (RFC 9110, section 9.2.2): it may be retried. */
    boolean idempotent() {
        return IDEMPOTENT.contains(method);
    }

    boolean secure() {
        return uri.getScheme().equalsIgnoreCase("https");
    }

    /** The host without IPv6 brackets. */
    String host() {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    int port() {
        return uri.getPort() >= 0 ? uri.getPort() : secure() ? 443 : 80;
    }

    /** {@code host:port} for messages. */
    String where() {
        return host() + ":" + port();
    }
}
