package io.inetkit.http;

import io.inetkit.Credentials;
import io.inetkit.InternetException;
import java.util.Optional;

/**
 * Gives credentials on demand, when a server asks for them (401), per scheme and realm, as OkHttp's
 * authenticator; and when an HTTP proxy asks (407) and its {@link io.inetkit.ProxyConfig} has no
 * credentials of its own ({@link AuthChallenge#proxy()} true, the proxy's host and port: what is given
 * then goes to that proxy alone). Register it with
 * {@link io.inetkit.Internet.Builder#authenticator(Authenticator)}.
 *
 * <pre>{@code
 * Internet internet = Internet.newBuilder()
 *         .authenticator(challenge -> challenge.attempt() == 1 && challenge.host().equals("intranet.example")
 *                 ? Optional.of(Credentials.of("joe", vault.password("intranet")))
 *                 : Optional.empty())
 *         .build();
 * }</pre>
 *
 * <p>For a server, it is asked only when the session has no user of its own (a session's own
 * credentials answer its own server's challenges) and only for the session's own origin: never for
 * a site a redirect leads to. Return empty to give up: the 401 goes back to the caller as a
 * response; a proxy's 407 fails the call with {@link io.inetkit.InternetError#LOGIN_FAILURE}. When it
 * is asked again in the same call ({@link AuthChallenge#attempt()} above 1), the credentials it gave
 * were refused; a call ends with {@link io.inetkit.InternetError#LOGIN_FAILURE} after
 * {@link io.inetkit.Limits#maxAuthAttempts()} challenges.
 *
 * <p>It runs on the thread that sends, and may be called by many threads at once.
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * The credentials to answer this challenge with.
     *
     * @return the credentials, or empty to let the challenge through to the caller
     * @throws InternetException to fail the call: {@code send} throws it to its caller unchanged
     */
    Optional<Credentials> credentials(AuthChallenge challenge) throws InternetException;
}
