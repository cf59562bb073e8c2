package io.inetkit.spi;

import io.inetkit.ConnectFlag;
import io.inetkit.Credentials;
import io.inetkit.Service;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
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
 */
public record ConnectSpec(Service<?> service, String host, int port, Credentials credentials,
        Set<ConnectFlag> flags) {

    /** Checks and copies the fields. */
    public ConnectSpec {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(credentials, "credentials");
        flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Whether the flag is set. */
    public boolean has(ConnectFlag flag) {
        return flags.contains(flag);
    }
}
