package io.inetkit.spi;

import io.inetkit.ConnectFlag;
import io.inetkit.Credentials;
import io.inetkit.Service;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A checked and resolved {@link io.inetkit.ConnectRequest}, as a provider receives it: the default
 * port filled in and the credentials decided by WinINet's rules.
 *
 * <pre>{@code
 * Socket socket = new Socket();
 * socket.connect(new InetSocketAddress(spec.host(), spec.port()), timeoutMillis);
 * }</pre>
 *
 * @param service the service
 * @param host the host name or literal address (IPv6 without brackets)
 * @param port the port, 1 to 65535
 * @param credentials the user and password to log in with
 * @param flags the connect flags
 * @param options the request's protocol options by class ({@link io.inetkit.ConnectRequest#options()})
 */
public record ConnectSpec(Service<?> service, String host, int port, Credentials credentials,
        Set<ConnectFlag> flags, Map<Class<?>, Object> options) {

    /** A spec without protocol options. */
    public ConnectSpec(Service<?> service, String host, int port, Credentials credentials,
            Set<ConnectFlag> flags) {
        this(service, host, port, credentials, flags, Map.of());
    }

    /** Checks and copies the fields. */
    public ConnectSpec {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(credentials, "credentials");
        options = Map.copyOf(options);
        flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** The request's protocol option of this type, if one was given. */
    public <T> Optional<T> option(Class<T> type) {
        return Optional.ofNullable(type.cast(options.get(type)));
    }

    /** Whether the flag is set. */
    public boolean has(ConnectFlag flag) {
        return flags.contains(flag);
    }
}
