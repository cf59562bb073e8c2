package io.inetkit.provider.http;

import io.inetkit.Credentials;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import io.inetkit.http.AuthChallenge;
import io.inetkit.http.AuthScheme;
import io.inetkit.http.Authenticator;
import io.inetkit.toolbox.auth.BasicCredentials;
import io.inetkit.toolbox.auth.Challenge;
import io.inetkit.toolbox.auth.ChallengeParser;
import io.inetkit.toolbox.auth.DigestCredentials;
import io.inetkit.toolbox.auth.NegotiateCredentials;
import io.inetkit.toolbox.Logs;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The authentication stage: answers a 401 from the session's own origin with the strongest scheme
 * the server offers and the session allows (Negotiate, if allowed, before Digest before Basic), as
 * WinINet does with the credentials of {@code InternetConnect}, or with those of the
 * {@link Authenticator} when the session has none. Negotiate takes a Kerberos ticket from the
 * JDK's GSS-API ({@code auth.NegotiateCredentials}), once per call and never up front; without one,
 * the next scheme answers. The server's mutual-authentication token is not checked.
 *
 * <p>Nothing is sent up front to a server that has not asked, so a password never goes in clear to
 * a server that would have taken Digest; once the server has taken an answer, later requests of the
 * session send it up front (Basic as it is, Digest with the next nonce count) until the server
 * challenges again. Only when Basic is the one scheme allowed is it sent before any challenge, as
 * curl's {@code --basic}.
 *
 * <p>Credentials go to the session's origin only (scheme, host and port: so never after a
 * downgrade from HTTPS to HTTP) and never to another site a redirect leads to; a request that has
 * its own {@code Authorization} keeps it and gets no answer. Once the origin has taken Digest, a
 * challenge that offers only Basic is refused: that would be a downgrade to the password in clear.
 * Credentials refused are {@code INCORRECT_PASSWORD}; more than {@link Limits#maxAuthAttempts()}
 * challenges in one call, {@code LOGIN_FAILURE}.
 */
final class Authentication implements Stage {

    private static final Logger LOG = Logs.get(Authentication.class);
    private static final int DRAIN_LIMIT = 64 * 1024;

    private final URI origin;
    private final Credentials own; // null for an anonymous session
    private final Optional<Authenticator> authenticator;
    private final Set<AuthScheme> schemes;
    private final boolean negotiate;
    private final Limits limits;
    private final ChallengeParser parser;
    /** What the server took last: sent up front until it challenges again; null before that. */
    private volatile Answer taken;
    private volatile boolean spokeDigest;

    /**
     * @param origin the session's {@code scheme://host:port}
     * @param own the session's credentials
     * @param enabled false for {@code NO_AUTH}: the stage passes every request on as it is
     */
    Authentication(URI origin, Credentials own, boolean enabled, Optional<Authenticator> authenticator,
            Set<AuthScheme> schemes, Limits limits) {
        this.origin = origin;
        this.own = enabled && !own.isAnonymous() ? own : null;
        this.authenticator = enabled ? authenticator : Optional.empty();
        this.schemes = Set.copyOf(schemes);
        this.negotiate = enabled && schemes.contains(AuthScheme.NEGOTIATE);
        this.limits = limits;
        this.parser = new ChallengeParser(limits);
        if (this.own != null && this.schemes.equals(Set.of(AuthScheme.BASIC))) {
            taken = new Answer(AuthScheme.BASIC, null, BasicCredentials.authorization(this.own), null, this.own);
        }
    }

    @Override
    public ResponseImpl proceed(Outgoing request, Next next) throws InternetException {
        if (own == null && authenticator.isEmpty() && !negotiate || !Uris.sameOrigin(request.uri(), origin)
                || request.headers().firstValue("Authorization").isPresent()) {
            return next.proceed(request);
        }
        Answer sent = taken;
        int attempts = 0;
        boolean negotiated = false;
        while (true) {
            ResponseImpl response = next.proceed(sent == null ? request : authorized(request, sent));
            if (response.statusCode() != 401) {
                // A Kerberos ticket is good for one request: Negotiate is never sent up front.
                if (sent != null && sent.scheme != AuthScheme.NEGOTIATE && response.statusCode() < 400) {
                    taken = sent;
                    spokeDigest |= sent.scheme == AuthScheme.DIGEST;
                }
                return response;
            }
            String where = Uris.where(origin);
            List<Challenge> challenges = parser.parse(response.headers().allValues("WWW-Authenticate"), where);
            // Negotiate once a call: a second 401 refused the ticket, and a new one would be the same.
            Optional<Challenge> chosen = choose(challenges, !negotiated);
            String ticket = null;
            if (chosen.isPresent() && chosen.get().scheme().equals("negotiate")) {
                ticket = NegotiateCredentials.authorization(origin.getHost(),
                        why -> LOG.debug("no Negotiate token for {}: {}", where, why)).orElse(null);
                if (ticket == null) {
                    chosen = choose(challenges, false);
                }
            }
            if (chosen.isEmpty() || ticket == null && own == null && authenticator.isEmpty()) {
                return unanswerable(response, challenges, sent, where);
            }
            Challenge challenge = chosen.get();
            AuthScheme scheme = ticket != null ? AuthScheme.NEGOTIATE
                    : challenge.scheme().equals("digest") ? AuthScheme.DIGEST : AuthScheme.BASIC;
            if (scheme == AuthScheme.BASIC && spokeDigest) {
                response.close();
                throw new InternetException(InternetError.LOGIN_FAILURE, where + " asked for Basic after it had"
                        + " taken Digest; refused, so that the password does not go in clear to what may not be the"
                        + " same server", response.statusLine(), null);
            }
            boolean stale = sent != null && sent.scheme == AuthScheme.DIGEST && scheme == AuthScheme.DIGEST
                    && challenge.param("stale").filter("true"::equalsIgnoreCase).isPresent();
            // A realm of null is Basic sent before any challenge: refused whatever realm the server names.
            boolean refused = sent != null && !stale && sent.scheme == scheme
                    && (sent.realm() == null || sent.realm().equals(challenge.realm().orElse("")));
            if (attempts >= limits.maxAuthAttempts()) {
                response.close();
                String message = Limits.exceeded(InternetError.LOGIN_FAILURE, where, "more than "
                        + limits.maxAuthAttempts() + " authentication challenges for " + request.request().method()
                        + " " + request.request().target(), "maxAuthAttempts").getMessage();
                throw new InternetException(InternetError.LOGIN_FAILURE, message, response.statusLine(), null);
            }
            attempts++;
            if (ticket != null) {
                LOG.debug("{} -> 401, answering NEGOTIATE", request.what());
                drainAndClose(response);
                negotiated = true;
                sent = new Answer(AuthScheme.NEGOTIATE, "", ticket, null, null);
                continue;
            }
            Credentials credentials;
            if (stale) {
                credentials = sent.credentials;
            } else if (own != null) {
                if (refused) {
                    response.close();
                    throw new InternetException(InternetError.INCORRECT_PASSWORD, where + " refused the password of"
                            + " user \"" + Uris.printable(own.user()) + "\" (" + scheme + realmText(challenge)
                            + "); check the user name and password", response.statusLine(), null);
                }
                credentials = own;
            } else {
                Optional<Credentials> given = authenticator.get().credentials(new AuthChallenge(scheme,
                        challenge.realm(), origin.getHost(), origin.getPort(), attempts));
                if (given.isEmpty()) {
                    taken = null;
                    return response;
                }
                credentials = given.get();
            }
            LOG.debug("{} -> 401, answering {}{}{}", request.what(), scheme, realmText(challenge), stale ? " (stale nonce)" : "");
            drainAndClose(response);
            sent = answer(scheme, challenge, credentials);
        }
    }

    /** Neither Digest nor Basic can answer: give the 401 back, or say why with credentials at hand. */
    private ResponseImpl unanswerable(ResponseImpl response, List<Challenge> challenges, Answer sent, String where)
            throws InternetException {
        taken = null;
        for (Challenge challenge : challenges) {
            if (challenge.scheme().equals("digest") && schemes.contains(AuthScheme.DIGEST)
                    && (own != null || authenticator.isPresent())) {
                Optional<String> refusal = DigestCredentials.refusal(challenge);
                if (refusal.isPresent()) {
                    response.close();
                    throw new InternetException(InternetError.LOGIN_FAILURE, where + " asks for " + Uris.printable(
                            refusal.get()) + ", and offers nothing inetkit can answer", response.statusLine(), null);
                }
            }
        }
        if (sent != null && sent.scheme == AuthScheme.NEGOTIATE) {
            response.close();
            throw new InternetException(InternetError.LOGIN_FAILURE, where + " refused the Kerberos ticket of"
                    + " Negotiate, and offers nothing else inetkit can answer", response.statusLine(), null);
        }
        if (sent != null && own != null) {
            response.close();
            throw new InternetException(InternetError.INCORRECT_PASSWORD, where + " refused the password of user \""
                    + Uris.printable(own.user()) + "\" (" + sent.scheme + "); check the user name and password",
                    response.statusLine(), null);
        }
        return response;
    }

    /** The strongest challenge the session may answer: Negotiate if allowed, Digest by its hash, then Basic. */
    private Optional<Challenge> choose(List<Challenge> challenges, boolean withNegotiate) {
        Challenge best = null;
        int bestRank = -1;
        for (Challenge challenge : challenges) {
            int rank = -1;
            if (challenge.scheme().equals("negotiate") && withNegotiate && negotiate && challenge.token68() == null) {
                rank = 20;
            } else if (challenge.scheme().equals("digest") && schemes.contains(AuthScheme.DIGEST)
                    && DigestCredentials.refusal(challenge).isEmpty()) {
                rank = 10 + DigestCredentials.strength(challenge);
            } else if (challenge.scheme().equals("basic") && schemes.contains(AuthScheme.BASIC)) {
                rank = 0;
            }
            if (rank > bestRank) {
                best = challenge;
                bestRank = rank;
            }
        }
        return Optional.ofNullable(best);
    }

    private static Answer answer(AuthScheme scheme, Challenge challenge, Credentials credentials) {
        String realm = challenge.realm().orElse("");
        if (scheme == AuthScheme.DIGEST) {
            return new Answer(scheme, realm, null, DigestCredentials.of(challenge, credentials).orElseThrow(), credentials);
        }
        return new Answer(scheme, realm, BasicCredentials.authorization(credentials), null, credentials);
    }

    private static Outgoing authorized(Outgoing request, Answer answer) {
        return request.withHeaders(HeaderFields.copy(request.headers())
                .add("Authorization", answer.value(request)).build());
    }

    private static String realmText(Challenge challenge) {
        return challenge.realm().map(realm -> ", realm \"" + Uris.printable(realm) + "\"").orElse("");
    }

    private static void drainAndClose(ResponseImpl response) {
        // Reading a short 401 body to its end lets the connection go back to the pool for the answer.
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[8192];
            int total = 0;
            int n;
            while (total < DRAIN_LIMIT && (n = in.read(buffer)) >= 0) {
                total += n;
            }
        } catch (IOException e) {
            LOG.debug("dropped the body of a 401: {}", e.toString());
        }
    }

    /** Never the credentials. */
    @Override
    public String toString() {
        return "Authentication[" + (own == null ? authenticator.isPresent() ? "authenticator" : "off" : "[hidden]") + "]";
    }

    /** An answer to a challenge: a fixed value (Basic's, a Negotiate ticket), or Digest's, made anew for each request. */
    private record Answer(AuthScheme scheme, String realm, String fixed, DigestCredentials digest,
            Credentials credentials) {

        String value(Outgoing request) {
            if (fixed != null) {
                return fixed;
            }
            String target = request.uri().getRawPath() + (request.uri().getRawQuery() == null ? ""
                    : "?" + request.uri().getRawQuery());
            return digest.authorization(request.method(), target.isEmpty() ? "/" : target);
        }

        @Override
        public String toString() {
            return "Answer[" + scheme + "]";
        }
    }
}
