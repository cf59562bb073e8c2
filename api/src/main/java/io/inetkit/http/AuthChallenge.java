package io.inetkit.http;

import java.util.Objects;
import java.util.Optional;

/**
 * A challenge that an {@link Authenticator} is asked to answer: which server (a 401) or HTTP proxy
 * (a 407) asks, for which scheme and realm, and how many times it has been asked in this call.
 *
 * @param scheme the scheme inetkit chose to answer with: the strongest the server offers
 * @param realm the protection space the server names (its {@code realm} parameter), empty if none;
 *     text from the server, to be shown only escaped
 * @param host the server or proxy that asks
 * @param port its port
 * @param attempt 1 for the first challenge of a call, 2 when the credentials of the first were
 *     refused, and so on
 * @param proxy whether the HTTP proxy asks (407: {@code host} and {@code port} are the proxy's):
 *     what is given then goes to the proxy alone, never to a server
 */
public record AuthChallenge(AuthScheme scheme, Optional<String> realm, String host, int port, int attempt,
        boolean proxy) {

    /** Checks the fields. */
    public AuthChallenge {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(host, "host");
    }

    /** A server's challenge (401). */
    public AuthChallenge(AuthScheme scheme, Optional<String> realm, String host, int port, int attempt) {
        this(scheme, realm, host, port, attempt, false);
    }
}
