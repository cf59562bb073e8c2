package io.inetkit;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The user and password a session logs in with, after WinINet's four rules are applied (see
 * {@link ConnectRequest}): anonymous with an e-mail-like password, a user with a blank password,
 * or a user with a password.
 *
 * <p>{@link #toString()} never shows the password, and nothing in inetkit logs it.
 *
 * <pre>{@code
 * Credentials joe = Credentials.of("joe", secret);
 * Credentials guest = Credentials.anonymous("joe@");
 * }</pre>
 */
public final class Credentials {

    /** The user name sent for anonymous FTP. */
    public static final String ANONYMOUS_USER = "anonymous";

    private final String user;
    private final String password;
    private final boolean anonymous;

    private Credentials(String user, String password, boolean anonymous) {
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
        this.anonymous = anonymous;
    }

    /** A user and a password (which may be blank). */
    public static Credentials of(String user, String password) {
        return new Credentials(user, password, false);
    }

    /** Anonymous access: the user {@value #ANONYMOUS_USER} and an e-mail-like password. */
    public static Credentials anonymous(String emailPassword) {
        return new Credentials(ANONYMOUS_USER, emailPassword, true);
    }

    /** The user name to send. */
    public String user() {
        return user;
    }

    /** The password to send. Handle with care: never log it. */
    public String password() {
        return password;
    }

    /**
     * Whether no user was given, so the service's default applies: FTP logs in as
     * {@value #ANONYMOUS_USER}, HTTP sends no credentials at all.
     */
    public boolean isAnonymous() {
        return anonymous;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Credentials)) {
            return false;
        }
        Credentials that = (Credentials) other;
        // Constant time, so that comparing credentials tells nothing about how much matched.
        return anonymous == that.anonymous && user.equals(that.user)
                && MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
                        that.password.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return Objects.hash(user, anonymous);
    }

    /** The user and whether there is a password; never the password. */
    @Override
    public String toString() {
        return "Credentials[user=" + user + (anonymous ? ", anonymous" : "")
                + ", password=" + (password.isEmpty() ? "(blank)" : "(hidden)") + "]";
    }
}
