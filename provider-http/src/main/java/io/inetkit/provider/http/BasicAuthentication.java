package io.inetkit.provider.http;

import io.inetkit.Credentials;
import io.inetkit.InternetException;
import io.inetkit.http.HttpHeaders;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The authentication stage: sends the session's user and password as Basic authorization, up front
 * as WinINet does with the credentials of {@code InternetConnect}, and only to the session's own
 * origin, never to another site a redirect leads to. A request that has its own
 * {@code Authorization} keeps it. It answers no challenge: a 401 is a response.
 */
final class BasicAuthentication implements Stage {

    private final URI origin;
    private final String authorization; // null for an anonymous session

    /** @param origin the session's {@code scheme://host:port} */
    BasicAuthentication(URI origin, Credentials credentials) {
        this.origin = origin;
        this.authorization = credentials.isAnonymous() ? null : "Basic " + Base64.getEncoder().encodeToString(
                (credentials.user() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public ResponseImpl proceed(Outgoing request, Next next) throws InternetException {
        if (authorization == null || !Uris.sameOrigin(request.uri(), origin)
                || request.headers().firstValue("Authorization").isPresent()) {
            return next.proceed(request);
        }
        HttpHeaders.Builder builder = HttpHeaders.newBuilder();
        for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
            for (String value : header.getValue()) {
                builder.add(header.getKey(), value);
            }
        }
        return next.proceed(request.withHeaders(builder.add("Authorization", authorization).build()));
    }

    /** Never the credentials. */
    @Override
    public String toString() {
        return "BasicAuthentication[" + (authorization == null ? "anonymous" : "[hidden]") + "]";
    }
}
