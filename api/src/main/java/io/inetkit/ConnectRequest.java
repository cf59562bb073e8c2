package io.inetkit;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to connect to: the arguments of WinINet's {@code InternetConnect} — service, host, port,
 * user, password, flags and context — as an immutable value.
 *
 * <pre>{@code
 * ConnectRequest<FtpSession> request = ConnectRequest.newBuilder(Service.FTP, "ftp.example.org")
 *         .user("joe")
 *         .password(secret)
 *         .flags(ConnectFlag.PASSIVE)
 *         .context("nightly-backup")
 *         .build();
 * try (FtpSession ftp = internet.connect(request)) { ... }
 * }</pre>
 *
 * <p>User and password follow WinINet's four rules:
 * <table>
 *   <caption>Credentials sent for each combination</caption>
 *   <tr><th>user</th><th>password</th><th>sent</th></tr>
 *   <tr><td>not set</td><td>not set</td><td>FTP: {@code anonymous} and the
 *       {@linkplain Internet.Builder#anonymousPassword(String) anonymous password}; HTTP: nothing</td></tr>
 *   <tr><td>set</td><td>not set</td><td>the user and a blank password</td></tr>
 *   <tr><td>not set</td><td>set</td><td>nothing: connect fails with
 *       {@link InternetError#INCORRECT_USER_NAME}</td></tr>
 *   <tr><td>set</td><td>set</td><td>the user and the password</td></tr>
 * </table>
 *
 * <p>The values are checked when the request is connected, not here: a blank host, a port outside
 * 0 to 65535, a line break in the user or password, or a flag the service does not take fail
 * {@link Internet#connect(ConnectRequest)} with {@link InternetError#INVALID_PARAMETER} before any
 * byte is sent. {@link #toString()} never shows the password.
 *
 * @param <S> the session type of the service
 */
public final class ConnectRequest<S extends Session> {

    private final Service<S> service;
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final Set<ConnectFlag> flags;
    private final Object context;
    private final Map<Class<?>, Object> options;

    private ConnectRequest(Builder<S> builder) {
        this.service = builder.service;
        this.host = builder.host;
        this.port = builder.port;
        this.user = builder.user;
        this.password = builder.password;
        this.flags = Collections.unmodifiableSet(EnumSet.copyOf(builder.flags));
        this.context = builder.context;
        this.options = Map.copyOf(builder.options);
    }

    /** A builder for a request to this service on this host, on the default port, with no user. */
    public static <S extends Session> Builder<S> newBuilder(Service<S> service, String host) {
        return new Builder<>(service, host);
    }

    /** A builder that starts from this request's values. */
    public Builder<S> toBuilder() {
        Builder<S> builder = new Builder<>(service, host).port(port).flags(flags).context(context);
        builder.user = user;
        builder.password = password;
        builder.options.putAll(options);
        return builder;
    }

    /** The service ({@code dwService}). */
    public Service<S> service() {
        return service;
    }

    /** The server's host name or address, as given. */
    public String host() {
        return host;
    }

    /** The port, or {@link Ports#DEFAULT} for the service's default. */
    public int port() {
        return port;
    }

    /** The user, if one was given. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The password, if one was given. Never log it. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The flags. */
    public Set<ConnectFlag> flags() {
        return flags;
    }

    /** The context object for status events. */
    public Optional<Object> context() {
        return Optional.ofNullable(context);
    }

    /**
     * The protocol's own option of this type, such as {@code io.inetkit.sftp.SftpOptions}; empty
     * when none was given.
     */
    public <T> Optional<T> option(Class<T> type) {
        return Optional.ofNullable(type.cast(options.get(type)));
    }

    /** Every protocol option given, by its class. */
    public Map<Class<?>, Object> options() {
        return options;
    }

    /** Everything but the password. */
    @Override
    public String toString() {
        return "ConnectRequest[" + service.name() + "://" + (user == null ? "" : user + "@")
                + host + (port == Ports.DEFAULT ? "" : ":" + port)
                + (password == null ? "" : ", password=(hidden)")
                + (flags.isEmpty() ? "" : ", flags=" + flags)
                + (context == null ? "" : ", context=" + context) + "]";
    }

    /**
     * Builds a {@link ConnectRequest}. Not thread-safe.
     *
     * @param <S> the session type of the service
     */
    public static final class Builder<S extends Session> {

        private final Service<S> service;
        private final String host;
        private int port = Ports.DEFAULT;
        private String user;
        private String password;
        private final EnumSet<ConnectFlag> flags = EnumSet.noneOf(ConnectFlag.class);
        private Object context;
        private final Map<Class<?>, Object> options = new LinkedHashMap<>();

        private Builder(Service<S> service, String host) {
            this.service = Objects.requireNonNull(service, "service");
            this.host = Objects.requireNonNull(host, "host");
        }

        /**
         * The port; {@link Ports#DEFAULT}, the default, asks for the service's own.
         *
         * @throws IllegalArgumentException if it is not from 0 to 65535
         */
        public Builder<S> port(int port) {
            if (port < Ports.DEFAULT || port > Ports.MAX) {
                throw new IllegalArgumentException("port " + port + " is out of range; use 1 to 65535, or 0"
                        + " (Ports.DEFAULT) for the service's own");
            }
            this.port = port;
            return this;
        }

        /** The user to log in as. */
        public Builder<S> user(String user) {
            this.user = Objects.requireNonNull(user, "user");
            return this;
        }

        /** The password; without a {@link #user(String)}, connect fails (see the class doc). */
        public Builder<S> password(String password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** Adds flags. */
        public Builder<S> flags(ConnectFlag... flags) {
            for (ConnectFlag flag : flags) {
                this.flags.add(Objects.requireNonNull(flag, "flag"));
            }
            return this;
        }

        /** Adds flags. */
        public Builder<S> flags(Set<ConnectFlag> flags) {
            return flags(flags.toArray(new ConnectFlag[0]));
        }

        /**
         * The application's object for this session, handed back in every {@link StatusEvent}:
         * WinINet's {@code dwContext}. {@code null}, the default, means none.
         */
        public Builder<S> context(Object context) {
            this.context = context;
            return this;
        }

        /**
         * A protocol's own option, for settings that only one protocol has (SFTP's host keys and
         * key files: {@code io.inetkit.sftp.SftpOptions}); one per class, the last given wins. A
         * provider that knows no such class ignores it. Its {@code toString} must not print
         * secrets: the request's does not print it.
         */
        public Builder<S> option(Object option) {
            options.put(Objects.requireNonNull(option, "option").getClass(), option);
            return this;
        }

        /** The request. */
        public ConnectRequest<S> build() {
            return new ConnectRequest<>(this);
        }
    }
}
