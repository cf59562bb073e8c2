package io.inetkit.provider.gopher;

import io.inetkit.ConnectFlag;
import io.inetkit.Service;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.Connection;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.ServiceProvider;
import java.util.Set;

/**
 * The Gopher provider as {@link java.util.ServiceLoader} finds it: a cheap factory. Gopher opens
 * one TCP connection per operation, so {@link #connect} touches no network, as WinINet's
 * {@code InternetConnect} does for Gopher.
 */
public final class GopherProvider implements ServiceProvider {

    /** The port of RFC 1436, also used for {@code gophers}, which has no port of its own. */
    static final int DEFAULT_PORT = 70;

    /** Made by the service loader. */
    public GopherProvider() {
    }

    @Override
    public Service<?> service() {
        return Service.GOPHER;
    }

    @Override
    public int defaultPort(Set<ConnectFlag> flags) {
        return DEFAULT_PORT;
    }

    @Override
    public Set<String> schemes() {
        return Set.of("gopher", "gophers");
    }

    @Override
    public Set<ConnectFlag> supportedFlags() {
        return Set.of(ConnectFlag.SECURE, ConnectFlag.INSECURE_SKIP_HOSTNAME_CHECK,
                ConnectFlag.INSECURE_TRUST_ANY_CERTIFICATE);
    }

    @Override
    public Connection connect(ConnectSpec spec, ProviderContext context) {
        return new GopherConnection(spec, context);
    }
}
