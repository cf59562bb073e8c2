package io.inetkit.toolbox.auth;

import io.inetkit.Credentials;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A Digest challenge (RFC 7616) taken up with credentials: makes the {@code Authorization} (or
 * {@code Proxy-Authorization}) value for each request, counting the uses of the nonce
 * ({@code nc}), so that later requests to the same server can answer without a new challenge until
 * the server calls the nonce {@code stale}. Thread-safe.
 *
 * <p>When the server says {@code userhash=true}, the {@code username} sent is the hash of the user
 * and realm, with {@code userhash=true}. {@code qop=auth} is answered, and a challenge without {@code qop} the RFC 2069 way; one that
 * offers only {@code auth-int} is not taken ({@link #of} returns empty): its hash would cover the
 * body, which inetkit streams.
 */
public final class DigestCredentials {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DigestAlgorithm algorithm;
    private final String realm;
    private final String nonce;
    private final String opaque;
    private final boolean qop;
    private final boolean userhash;
    private final Credentials credentials;
    private final Supplier<String> cnonces;
    private final AtomicInteger count = new AtomicInteger();

    private DigestCredentials(DigestAlgorithm algorithm, String realm, String nonce, String opaque, boolean qop,
            boolean userhash, Credentials credentials, Supplier<String> cnonces) {
        this.algorithm = algorithm;
        this.realm = realm;
        this.nonce = nonce;
        this.opaque = opaque;
        this.qop = qop;
        this.userhash = userhash;
        this.credentials = credentials;
        this.cnonces = cnonces;
    }

    /** Why a Digest challenge cannot be answered, or empty if it can. */
    public static Optional<String> refusal(Challenge challenge) {
        if (challenge.realm().isEmpty() || challenge.param("nonce").isEmpty()) {
            return Optional.of("a Digest challenge without a realm or a nonce");
        }
        if (DigestAlgorithm.of(challenge.param("algorithm")).isEmpty()) {
            return Optional.of("Digest with algorithm " + challenge.param("algorithm").orElse("")
                    + ", which inetkit does not have (it has MD5, SHA-256 and SHA-512-256, and their -sess forms)");
        }
        Optional<String> qops = challenge.param("qop");
        if (qops.isPresent() && !offersAuth(qops.get())) {
            return Optional.of("Digest with qop=" + qops.get() + " only; inetkit answers qop=auth"
                    + " (auth-int would hash the body, which inetkit streams)");
        }
        return Optional.empty();
    }

    /** A stronger hash ranks higher. */
    public static int strength(Challenge challenge) {
        return DigestAlgorithm.of(challenge.param("algorithm")).map(DigestAlgorithm::strength).orElse(-1);
    }

    /** The challenge taken up, or empty if {@link #refusal} has a reason. */
    public static Optional<DigestCredentials> of(Challenge challenge, Credentials credentials) {
        return of(challenge, credentials, DigestCredentials::randomCnonce);
    }

    /** As {@link #of(Challenge, Credentials)}, with the client nonces given: for RFC 7616's examples. */
    static Optional<DigestCredentials> of(Challenge challenge, Credentials credentials, Supplier<String> cnonces) {
        if (refusal(challenge).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new DigestCredentials(DigestAlgorithm.of(challenge.param("algorithm")).orElseThrow(),
                challenge.realm().orElseThrow(), challenge.param("nonce").orElseThrow(),
                challenge.param("opaque").orElse(null), challenge.param("qop").isPresent(),
                challenge.param("userhash").filter("true"::equalsIgnoreCase).isPresent(), credentials, cnonces));
    }

    /** The realm the server named. */
    public String realm() {
        return realm;
    }

    /** The credentials this answers with. */
    public Credentials credentials() {
        return credentials;
    }

    /**
     * The field value for one request.
     *
     * @param method the request's method
     * @param uri the request target as it goes on the wire: the path and query, or for a proxy the absolute URI
     */
    public String authorization(String method, String uri) {
        String cnonce = cnonces.get();
        String nc = String.format(Locale.ROOT, "%08x", count.incrementAndGet());
        String user = credentials.user();
        String ha1 = algorithm.hash(user + ":" + realm + ":" + credentials.password());
        if (algorithm.session()) {
            ha1 = algorithm.hash(ha1 + ":" + nonce + ":" + cnonce);
        }
        String ha2 = algorithm.hash(method + ":" + uri);
        String response = qop
                ? algorithm.hash(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)
                : algorithm.hash(ha1 + ":" + nonce + ":" + ha2);
        StringBuilder out = new StringBuilder("Digest ");
        if (userhash) {
            // The server asked not to see the name: it looks the hash up instead.
            out.append("username=").append(quoted(algorithm.hash(user + ":" + realm)));
        } else if (isAscii(user)) {
            out.append("username=").append(quoted(user));
        } else {
            // RFC 7616 3.4.4: a name outside ASCII goes in username*, encoded as RFC 8187 says.
            out.append("username*=UTF-8''").append(URLEncoder.encode(user, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        out.append(", realm=").append(quoted(realm))
                .append(", uri=").append(quoted(uri))
                .append(", algorithm=").append(algorithm.token())
                .append(", nonce=").append(quoted(nonce));
        if (qop) {
            out.append(", nc=").append(nc).append(", cnonce=").append(quoted(cnonce)).append(", qop=auth");
        }
        out.append(", response=").append(quoted(response));
        if (opaque != null) {
            out.append(", opaque=").append(quoted(opaque));
        }
        if (userhash) {
            out.append(", userhash=true");
        }
        return out.toString();
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "DigestCredentials[" + algorithm + ", user " + credentials.user() + "]";
    }

    private static boolean offersAuth(String qops) {
        for (String qop : qops.split(",")) {
            if (qop.trim().equalsIgnoreCase("auth")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < 0x20 || text.charAt(i) > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String randomCnonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
