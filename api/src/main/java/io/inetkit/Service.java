package io.inetkit;

import io.inetkit.ftp.FtpSession;
import io.inetkit.gopher.GopherSession;
import io.inetkit.http.HttpSession;
import io.inetkit.sftp.SftpSession;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A kind of service to connect to: WinINet's {@code dwService}, a number and a name, and the type
 * of session its provider hands back.
 *
 * <p>The three of WinINet keep their numbers: {@link #FTP} is 1, {@link #GOPHER} 2 and {@link #HTTP}
 * 3. It is a value, not a closed enum, so a third-party provider brings its own without any change
 * to this module:
 *
 * <pre>{@code
 * public static final Service<EchoSession> ECHO = Service.of(862, "echo", EchoSession.class);
 *
 * try (EchoSession echo = internet.connect(ConnectRequest.newBuilder(ECHO, "localhost").build())) {
 *     echo.echo("hello");
 * }
 * }</pre>
 *
 * <p>Two services are equal when their ids are equal: the id is what selects a provider.
 *
 * @param <S> the session type its provider returns from {@link Internet#connect(ConnectRequest)}
 */
public final class Service<S extends Session> {

    /** {@code INTERNET_SERVICE_FTP}: FTP and FTPS. */
    public static final Service<FtpSession> FTP = new Service<>(1, "ftp", FtpSession.class);
    /** {@code INTERNET_SERVICE_GOPHER}: Gopher and Gopher+. */
    public static final Service<GopherSession> GOPHER = new Service<>(2, "gopher", GopherSession.class);
    /** {@code INTERNET_SERVICE_HTTP}: HTTP and HTTPS. */
    public static final Service<HttpSession> HTTP = new Service<>(3, "http", HttpSession.class);

    /**
     * SFTP (SSH File Transfer Protocol, version 3, over SSH-2), which WinINet never had: id 22, the
     * SSH port, outside WinINet's range of service numbers.
     */
    public static final Service<SftpSession> SFTP = new Service<>(22, "sftp", SftpSession.class);

    private final int id;
    private final String name;
    private final Class<S> sessionType;

    private Service(int id, String name, Class<S> sessionType) {
        this.id = id;
        this.name = name;
        this.sessionType = sessionType;
    }

    /**
     * A service of a third-party provider.
     *
     * @param id a positive number not used by another service; 1 to 3 are WinINet's and taken
     * @param name a short lower-case name, like a URL scheme: {@code [a-z][a-z0-9+.-]*}, at most 32
     * @param sessionType the interface of the sessions its provider returns
     * @throws IllegalArgumentException if the id is not positive or is one of WinINet's, or the name
     *     is not of that form
     */
    public static <S extends Session> Service<S> of(int id, String name, Class<S> sessionType) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sessionType, "sessionType");
        if (id <= 0) {
            throw new IllegalArgumentException("service id must be positive: " + id);
        }
        for (Service<?> known : new Service<?>[] {FTP, GOPHER, HTTP, SFTP}) {
            if (known.id == id) {
                throw new IllegalArgumentException("service id " + id + " is inetkit's "
                        + known.name + "; use Service." + known.name.toUpperCase(java.util.Locale.ROOT));
            }
        }
        if (!Names.VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("service name must match " + Names.VALID + ": " + name);
        }
        return new Service<>(id, name, sessionType);
    }

    /** WinINet's {@code dwService} number. */
    public int id() {
        return id;
    }

    /** The short name, for example {@code ftp}. */
    public String name() {
        return name;
    }

    /** The interface of this service's sessions. */
    public Class<S> sessionType() {
        return sessionType;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Service && ((Service<?>) other).id == id;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(id);
    }

    /** The name and the id, for example {@code ftp (1)}. */
    @Override
    public String toString() {
        return name + " (" + id + ")";
    }

    /**
     * The form of a third-party service's name, compiled when one is made: the class's own start,
     * which every program using inetkit pays, needs no regular expression.
     */
    private static final class Names {
        static final Pattern VALID = Pattern.compile("[a-z][a-z0-9+.-]{0,31}");
    }
}
