package io.inetkit.toolbox.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** A Digest {@code algorithm} (RFC 7616): its hash, and whether it is a {@code -sess} form. */
enum DigestAlgorithm {
    MD5("MD5", "MD5", false),
    MD5_SESS("MD5-sess", "MD5", true),
    SHA_256("SHA-256", "SHA-256", false),
    SHA_256_SESS("SHA-256-sess", "SHA-256", true),
    SHA_512_256("SHA-512-256", "SHA-512/256", false),
    SHA_512_256_SESS("SHA-512-256-sess", "SHA-512/256", true);

    private final String token;
    private final String jdkName;
    private final boolean session;

    DigestAlgorithm(String token, String jdkName, boolean session) {
        this.token = token;
        this.jdkName = jdkName;
        this.session = session;
    }

    /** The algorithm a challenge names; MD5 when it names none, empty when inetkit has no such hash. */
    static Optional<DigestAlgorithm> of(Optional<String> name) {
        if (name.isEmpty()) {
            return Optional.of(MD5);
        }
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.token.equalsIgnoreCase(name.get().trim())) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /** The name as sent in {@code algorithm=}. */
    String token() {
        return token;
    }

    boolean session() {
        return session;
    }

    /** A stronger hash ranks higher, so that the strongest challenge offered is answered. */
    int strength() {
        return jdkName.equals("MD5") ? 0 : 1;
    }

    /** The lower-case hex of the hash of this UTF-8 text. */
    String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(jdkName).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + jdkName, e);
        }
    }

    @Override
    public String toString() {
        return token.toLowerCase(Locale.ROOT);
    }
}
