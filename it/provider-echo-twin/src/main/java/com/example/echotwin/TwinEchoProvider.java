package com.example.echotwin;

import com.example.echo.EchoSession;
import io.inetkit.ConnectFlag;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.Connection;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.ServiceProvider;
import java.util.Set;

/**
 * Competes with {@code com.example.echo.internal.EchoProvider} for the Echo id at the same
 * priority; its class name sorts after, so it must lose. If it were chosen, every connect would fail
 * with {@code NOT_SUPPORTED}, which the discovery tests would see.
 */
public final class TwinEchoProvider implements ServiceProvider {

    @Override
    public Service<?> service() {
        return EchoSession.SERVICE;
    }

    @Override
    public int defaultPort(Set<ConnectFlag> flags) {
        return EchoSession.DEFAULT_PORT;
    }

    @Override
    public Set<String> schemes() {
        return Set.of("echo");
    }

    @Override
    public Set<ConnectFlag> supportedFlags() {
        return Set.of();
    }

    @Override
    public Connection connect(ConnectSpec spec, ProviderContext context) throws InternetException {
        throw new InternetException(InternetError.NOT_SUPPORTED, "the twin Echo provider was chosen");
    }
}
