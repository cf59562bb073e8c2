package com.example.echo.internal;

import com.example.echo.EchoSession;
import io.inetkit.ConnectFlag;
import io.inetkit.Service;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.Connection;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.ServiceProvider;
import java.util.Set;

/** The Echo provider: a cheap factory; the socket is opened by the first echo, as HTTP does. */
public final class EchoProvider implements ServiceProvider {

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
    public Connection connect(ConnectSpec spec, ProviderContext context) {
        return new EchoConnection(spec, context);
    }
}
