package io.inetkit.toolbox.auth;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} or {@code Proxy-Authenticate} field: its scheme, and
 * either a token68 or named parameters (names in lower case, values unquoted).
 *
 * @param scheme the auth-scheme in lower case, such as {@code digest}
 * @param token68 the token68, or {@code null} when the challenge has parameters
 * @param params the parameters, by lower-case name; empty with a token68
 */
public record Challenge(String scheme, String token68, Map<String, String> params) {

    /** Copies the parameters. */
    public Challenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Map.copyOf(params);
    }

    /** A parameter, by its name in lower case. */
    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /** The {@code realm} parameter, if any. */
    public Optional<String> realm() {
        return param("realm");
    }
}
