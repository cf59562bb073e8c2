package io.inetkit.provider.sftp;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.UserInfo;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The host-key check: JSch's reading of an OpenSSH {@code known_hosts} file (plain and hashed
 * names), with OpenSSH's {@code accept-new} added and the verdict kept, so that a refused key fails
 * with inetkit's error and the key's SHA-256 fingerprint rather than JSch's text.
 */
final class HostKeys implements HostKeyRepository {

    private final HostKeyRepository known;
    private final Path file;
    private final boolean acceptNew;
    private volatile int verdict = -1;
    private volatile byte[] offered;
    private volatile String host;

    HostKeys(HostKeyRepository known, Path file, boolean acceptNew) {
        this.known = known;
        this.file = file;
        this.acceptNew = acceptNew;
    }

    @Override
    public int check(String name, byte[] key) {
        host = name;
        offered = key.clone();
        int result = known.check(name, key);
        if (result == NOT_INCLUDED && acceptNew) {
            try {
                remember(name, key);
                result = OK;
            } catch (IOException e) {
                // Left NOT_INCLUDED: the connect fails, and the message says the file could not be written.
                verdict = -2;
                return NOT_INCLUDED;
            }
        }
        verdict = result;
        return result;
    }

    private void remember(String name, byte[] key) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        byte[] present = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        boolean endsClean = present.length == 0 || present[present.length - 1] == '\n';
        // A file whose names are hashed (OpenSSH's HashKnownHosts) does not get a name in the clear.
        String written = isHashed(present) ? hashed(name) : name;
        String line = written + " " + keyType(key) + " " + Base64.getEncoder().encodeToString(key) + "\n";
        Files.writeString(file, (endsClean ? "" : "\n") + line, StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static boolean isHashed(byte[] present) {
        for (String line : new String(present, StandardCharsets.ISO_8859_1).split("\n")) {
            if (line.startsWith("|1|")) {
                return true;
            }
        }
        return false;
    }

    /** OpenSSH's hashed host name: {@code |1|salt|HMAC-SHA1(salt, name)}, both in Base64. */
    static String hashed(String name) {
        byte[] salt = new byte[20];
        new SecureRandom().nextBytes(salt);
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            byte[] hash = mac.doFinal(name.getBytes(StandardCharsets.UTF_8));
            Base64.Encoder base64 = Base64.getEncoder();
            return "|1|" + base64.encodeToString(salt) + "|" + base64.encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA1", e);
        }
    }

    /**
     * The error for a connect JSch ended over the host key, or null when the host key was not the
     * reason.
     */
    InternetException refusal(String where) {
        byte[] key = offered;
        if (key == null) {
            return null;
        }
        String fingerprint = keyType(key) + " key SHA256:" + fingerprint(key);
        switch (verdict) {
            case NOT_INCLUDED:
                return new InternetException(InternetError.INVALID_CA, "the host key of " + where + " is not in "
                        + file + ": the server offered the " + fingerprint + ". Check it with the server's"
                        + " administrator, then add it to that file (or connect once with acceptNewHostKey)");
            case -2:
                return new InternetException(InternetError.INVALID_CA, "the host key of " + where + " ("
                        + fingerprint + ") is new and could not be added to " + file);
            case CHANGED:
                return new InternetException(InternetError.SEC_INVALID_CERT, "the host key of " + where
                        + " has CHANGED from the one in " + file + ": the server offered the " + fingerprint
                        + ". Someone may be intercepting the connection, or the server's key was replaced;"
                        + " refused (remove the old entry from the file only once you know which)");
            default:
                return null;
        }
    }

    /** The key's OpenSSH fingerprint: unpadded Base64 of its SHA-256. */
    static String fingerprint(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The algorithm name a public key blob starts with ({@code ssh-ed25519}). */
    static String keyType(byte[] key) {
        if (key.length < 4) {
            return "unknown";
        }
        int length = ((key[0] & 0xff) << 24) | ((key[1] & 0xff) << 16) | ((key[2] & 0xff) << 8) | (key[3] & 0xff);
        if (length <= 0 || length > 64 || 4 + length > key.length) {
            return "unknown";
        }
        return new String(key, 4, length, StandardCharsets.US_ASCII);
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // Keys are added by check (accept-new) only.
    }

    @Override
    public void remove(String name, String type) {
        // Never: a changed key is refused, not replaced.
    }

    @Override
    public void remove(String name, String type, byte[] key) {
        // Never: see above.
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return known.getKnownHostsRepositoryID();
    }

    @Override
    public HostKey[] getHostKey() {
        return known.getHostKey();
    }

    @Override
    public HostKey[] getHostKey(String name, String type) {
        return known.getHostKey(name, type);
    }
}
