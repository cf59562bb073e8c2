package io.inetkit.toolbox.auth;

import io.inetkit.Credentials;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import io.inetkit.http.AuthChallenge;
import io.inetkit.http.AuthScheme;
import io.inetkit.http.Authenticator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The answers to one HTTP proxy's 407s for one request (a {@code CONNECT}, or a plain request in
 * absolute form): the strongest scheme the proxy offers and its settings allow (Negotiate, Digest,
 * Basic), with the proxy's own credentials or, without them, the {@link Authenticator}'s, asked
 * with {@link AuthChallenge#proxy()} true. Not thread-safe: one per request.
 *
 * <p>Once the proxy has taken an answer, the next request to it (of any session of the
 * {@code Internet}: the {@link Memory} is shared) sends it up front, Digest with the next nonce
 * count, until the proxy challenges again; Negotiate is never sent up front.
 *
 * <p>What it makes goes in {@code Proxy-Authorization}, which only the proxy reads: the caller never
 * sends it to a server, nor to another proxy. A refusal, a challenge nothing allowed can answer,
 * and more than {@link Limits#maxAuthAttempts()} challenges are {@code LOGIN_FAILURE} naming the
 * proxy, as for a SOCKS5 proxy: neither the user nor the password appears in a message.
 */
public final class ProxyChallenges {

    private final String describe;
    private final String host;
    private final int port;
    private final Credentials own;
    private final Set<AuthScheme> schemes;
    private final Optional<Authenticator> authenticator;
    private final Limits limits;
    private final ChallengeParser parser;
    private final Consumer<String> debug;
    private final Memory memory;
    private int attempts;
    private boolean fromMemory;
    private boolean negotiated;
    private AuthScheme sentScheme;
    private String sentRealm; // null for Basic sent before any challenge
    private DigestCredentials digest;
    private Credentials sentCredentials;

    /**
     * @param describe the proxy for messages, such as {@code "the HTTP proxy host:port"}
     * @param host the proxy's host, for the Authenticator and a Negotiate ticket
     * @param port the proxy's port
     * @param user the proxy's user, or null
     * @param password its password, or null
     * @param debug told, for the debug log, what is answered and why Negotiate has no ticket: never a secret
     * @param memory what the proxies took, shared by the requests of an {@code Internet}
     */
    public ProxyChallenges(String describe, String host, int port, String user, String password,
            Set<AuthScheme> schemes, Optional<Authenticator> authenticator, Limits limits, Consumer<String> debug,
            Memory memory) {
        this.describe = describe;
        this.host = host;
        this.port = port;
        this.own = user != null && password != null ? Credentials.of(user, password) : null;
        this.schemes = Set.copyOf(schemes);
        this.authenticator = authenticator;
        this.limits = limits;
        this.parser = new ChallengeParser(limits);
        this.debug = debug;
        this.memory = memory;
    }

    /** What each proxy took last, by its address: sent up front on the next request to it. Thread-safe. */
    public static final class Memory {
        private final java.util.concurrent.ConcurrentHashMap<String, Taken> taken =
                new java.util.concurrent.ConcurrentHashMap<>();

        /** Nothing taken yet. */
        public Memory() {
        }

        /** The {@code Internet}'s; a new one, which remembers for this call only, once it is closed. */
        public static Memory of(io.inetkit.spi.ProviderContext context) {
            try {
                return context.shared(Memory.class, Memory::new);
            } catch (IllegalStateException closed) {
                return new Memory();
            }
        }

        /** Never the credentials. */
        @Override
        public String toString() {
            return "ProxyChallenges.Memory[" + taken.size() + " proxies]";
        }
    }

    private record Taken(AuthScheme scheme, String realm, DigestCredentials digest, Credentials credentials) {
        @Override
        public String toString() {
            return "Taken[" + scheme + "]";
        }
    }

    /**
     * The {@code Proxy-Authorization} of the first try, or null: what the proxy took last, if it
     * was given these credentials (or the Authenticator's); else Basic up front when it is the one
     * scheme allowed and the proxy's credentials are set, as curl's default; nothing otherwise.
     *
     * @param method the request's method
     * @param uri the request target as sent: the authority for {@code CONNECT}, the absolute URI otherwise
     */
    public String first(String method, String uri) {
        Taken last = memory.taken.get(describe);
        if (last != null && schemes.contains(last.scheme()) && (own == null || own.equals(last.credentials()))) {
            fromMemory = true;
            sentScheme = last.scheme();
            sentRealm = last.realm();
            sentCredentials = last.credentials();
            digest = last.digest();
            return digest != null ? digest.authorization(method, uri) : BasicCredentials.authorization(sentCredentials);
        }
        if (own != null && schemes.equals(Set.of(AuthScheme.BASIC))) {
            sentScheme = AuthScheme.BASIC;
            sentCredentials = own;
            return BasicCredentials.authorization(own);
        }
        return null;
    }

    /** The proxy took the last answer (its reply was not a 407): the next request sends it up front. */
    public void taken() {
        if (sentCredentials != null && sentScheme != AuthScheme.NEGOTIATE && !fromMemory) {
            memory.taken.put(describe, new Taken(sentScheme, sentRealm, digest, sentCredentials));
        }
    }

    /**
     * The {@code Proxy-Authorization} to try again with after a 407.
     *
     * @param proxyAuthenticate the 407's {@code Proxy-Authenticate} values
     * @param statusLine the 407's status line, for the error's server reply
     * @param method the request's method
     * @param uri the request target as sent: the authority for {@code CONNECT}, the absolute URI otherwise
     * @throws InternetException {@code LOGIN_FAILURE} when there is nothing to answer with, the
     *     answer was refused, or past the bound; {@code HTTP_INVALID_SERVER_RESPONSE} past a challenge limit
     */
    public String answer(List<String> proxyAuthenticate, String statusLine, String method, String uri)
            throws InternetException {
        List<Challenge> challenges = parser.parse(proxyAuthenticate, describe);
        if (fromMemory) {
            // What the proxy took before is not taken now (a new nonce, another user): not a refusal.
            memory.taken.remove(describe);
            fromMemory = false;
            sentScheme = null;
            sentRealm = null;
        }
        Optional<Challenge> chosen = choose(challenges, !negotiated);
        String ticket = null;
        if (chosen.isPresent() && chosen.get().scheme().equals("negotiate")) {
            ticket = NegotiateCredentials.authorization(host,
                    why -> debug.accept("no Negotiate ticket for " + describe + ": " + why)).orElse(null);
            if (ticket == null) {
                chosen = choose(challenges, false);
            }
        }
        if (chosen.isEmpty()) {
            throw failure(nothingToAnswer(challenges), statusLine);
        }
        if (attempts >= limits.maxAuthAttempts()) {
            throw failure(Limits.exceeded(InternetError.LOGIN_FAILURE, describe, "more than "
                    + limits.maxAuthAttempts() + " authentication challenges (407) for " + method + " "
                    + printable(uri), "maxAuthAttempts").getMessage(), statusLine);
        }
        attempts++;
        Challenge challenge = chosen.get();
        if (ticket != null) {
            negotiated = true;
            sentScheme = AuthScheme.NEGOTIATE;
            sentCredentials = null;
            debug.accept("407 from " + describe + ", answering NEGOTIATE");
            return ticket;
        }
        AuthScheme scheme = challenge.scheme().equals("digest") ? AuthScheme.DIGEST : AuthScheme.BASIC;
        String realm = challenge.realm().orElse("");
        boolean stale = sentScheme == AuthScheme.DIGEST && scheme == AuthScheme.DIGEST
                && challenge.param("stale").filter("true"::equalsIgnoreCase).isPresent();
        boolean refused = sentScheme == scheme && !stale && (sentRealm == null || sentRealm.equals(realm));
        Credentials credentials;
        if (stale) {
            credentials = sentCredentials;
        } else if (own != null) {
            if (refused) {
                throw failure(describe + " refused the proxy user and password (" + scheme + realmText(realm)
                        + "); check them", statusLine);
            }
            credentials = own;
        } else if (authenticator.isPresent()) {
            Optional<Credentials> given = authenticator.get().credentials(new AuthChallenge(scheme,
                    challenge.realm(), host, port, attempts, true));
            if (given.isEmpty()) {
                throw failure(describe + " asks for a user and password (407), and the Authenticator gave none",
                        statusLine);
            }
            credentials = given.get();
        } else {
            throw failure(describe + " asks for a user and password (407); give them in the Internet's"
                    + " ProxyConfig or Authenticator", statusLine);
        }
        debug.accept("407 from " + describe + ", answering " + scheme + realmText(realm)
                + (stale ? " (stale nonce)" : ""));
        sentScheme = scheme;
        sentRealm = realm;
        sentCredentials = credentials;
        if (scheme == AuthScheme.DIGEST) {
            digest = DigestCredentials.of(challenge, credentials).orElseThrow();
            return digest.authorization(method, uri);
        }
        digest = null;
        return BasicCredentials.authorization(credentials);
    }

    private String nothingToAnswer(List<Challenge> challenges) {
        if (sentScheme == AuthScheme.NEGOTIATE) {
            return describe + " refused the Kerberos ticket of Negotiate, and offers nothing else allowed";
        }
        if (own == null && authenticator.isEmpty()) {
            return describe + " asks for a user and password (407); give them in the Internet's ProxyConfig or"
                    + " Authenticator";
        }
        boolean offersSent = sentScheme != null && challenges.stream()
                .anyMatch(challenge -> challenge.scheme().equals(sentScheme.name().toLowerCase(java.util.Locale.ROOT)));
        // A refusal with no challenge at all (tinyproxy's 401 to CONNECT) refuses what was sent too.
        if ((offersSent || challenges.isEmpty()) && sentScheme != null && own != null) {
            return describe + " refused the proxy user and password (" + sentScheme + "); check them";
        }
        for (Challenge challenge : challenges) {
            if (challenge.scheme().equals("digest") && schemes.contains(AuthScheme.DIGEST)) {
                Optional<String> refusal = DigestCredentials.refusal(challenge);
                if (refusal.isPresent()) {
                    return describe + " asks for " + printable(refusal.get()) + ", and offers nothing inetkit can answer";
                }
            }
        }
        StringBuilder offered = new StringBuilder();
        for (Challenge challenge : challenges) {
            offered.append(offered.length() == 0 ? "" : ", ").append(printable(challenge.scheme()));
        }
        return describe + " asks for a user and password (407) with " + (offered.length() == 0 ? "no scheme"
                : offered) + ", and only " + schemes + " may answer; allow others with ProxyConfig.withAuthSchemes";
    }

    /** The strongest challenge allowed: Negotiate, Digest by its hash, then Basic. */
    private Optional<Challenge> choose(List<Challenge> challenges, boolean withNegotiate) {
        Challenge best = null;
        int bestRank = -1;
        for (Challenge challenge : challenges) {
            int rank = -1;
            if (challenge.scheme().equals("negotiate") && withNegotiate && schemes.contains(AuthScheme.NEGOTIATE)
                    && challenge.token68() == null) {
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

    private static InternetException failure(String message, String statusLine) {
        return new InternetException(InternetError.LOGIN_FAILURE, message, statusLine, null);
    }

    private static String realmText(String realm) {
        return realm.isEmpty() ? "" : ", realm \"" + printable(realm) + "\"";
    }

    private static String printable(String text) {
        String line = text.replaceAll("[^\\x20-\\x7E]", "?");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** Never the credentials. */
    @Override
    public String toString() {
        return "ProxyChallenges[" + describe + ", " + schemes + "]";
    }
}
