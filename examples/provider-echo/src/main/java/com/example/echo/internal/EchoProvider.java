package com.example.echo.internal;

import com.example.echo.EchoSession;
import io.inetkit.ConnectFlag;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.Session;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.Connection;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.ServiceProvider;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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

    /** {@code echo://host:port/text}: the server's echo of the path's text, without its slash. */
    @Override
    public InputStream openUrl(Session session, URI uri) throws InternetException {
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.startsWith("/") || path.length() == 1) {
            throw new InternetException(InternetError.INVALID_URL, "an echo URL needs text to echo: echo://host/text");
        }
        String echoed = ((EchoSession) session).echo(path.substring(1));
        return new ByteArrayInputStream(echoed.getBytes(StandardCharsets.UTF_8));
    }
}
