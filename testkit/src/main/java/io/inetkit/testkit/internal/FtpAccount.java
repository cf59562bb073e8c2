package io.inetkit.testkit.internal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One login the test FTP server accepts.
 *
 * @param name the user name; {@code anonymous} for the anonymous account
 * @param password the password, or {@code null} for the anonymous account, which takes any
 * @param home the directory the user sees as {@code /}
 * @param write whether the user may store, delete, rename and make directories
 */
public record FtpAccount(String name, String password, Path home, boolean write) {

    /** The name FTP clients send for an anonymous login. */
    public static final String ANONYMOUS = "anonymous";

    public FtpAccount {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(home, "home");
        if (password == null && !ANONYMOUS.equals(name)) {
            throw new IllegalArgumentException("user " + name + " needs a password");
        }
    }

    /** Keeps the password out of logs and assertion messages. */
    @Override
    public String toString() {
        return "FtpAccount[" + name + ", home=" + home + ", write=" + write + "]";
    }
}
