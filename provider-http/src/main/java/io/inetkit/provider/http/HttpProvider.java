package io.inetkit.provider.http;

import io.inetkit.ConnectFlag;
import io.inetkit.InternetException;
import io.inetkit.Ports;
import io.inetkit.Service;
import io.inetkit.Session;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpSession;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.Connection;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.ServiceProvider;
import java.io.InputStream;
import java.net.URI;
import java.util.Set;

/**
 * The HTTP provider. A cheap factory, as the SPI asks: it opens nothing in {@code connect}
 * (WinINet's HTTP {@code InternetConnect} sends nothing either); the first request of any session
 * makes the {@code Internet}'s HTTP/1.1 connection pool, or, for a request that asks for HTTP/2,
 * its one {@link java.net.http.HttpClient}.
 *
 * <p>Flags: {@link ConnectFlag#SECURE}, {@link ConnectFlag#NO_AUTO_REDIRECT}, {@link ConnectFlag#NO_AUTH},
 * {@link ConnectFlag#NO_COOKIES},
 * {@link ConnectFlag#INSECURE_SKIP_HOSTNAME_CHECK} (HTTP/1.1 only: {@code java.net.http} can skip
 * the check only JVM-wide, so a request for HTTP/2 with it fails with {@code NOT_SUPPORTED}) and
 * {@link ConnectFlag#INSECURE_TRUST_ANY_CERTIFICATE}.
 */
public final class HttpProvider implements ServiceProvider {

    @Override
    public Service<?> service() {
        return Service.HTTP;
    }

    @Override
    public int defaultPort(Set<ConnectFlag> flags) {
        return flags.contains(ConnectFlag.SECURE) ? Ports.HTTPS : Ports.HTTP;
    }

    @Override
    public Set<String> schemes() {
        return Set.of("http", "https");
    }

    @Override
    public Set<ConnectFlag> supportedFlags() {
        return Set.of(ConnectFlag.SECURE, ConnectFlag.NO_AUTO_REDIRECT, ConnectFlag.NO_AUTH, ConnectFlag.NO_COOKIES,
                ConnectFlag.INSECURE_SKIP_HOSTNAME_CHECK,
                ConnectFlag.INSECURE_TRUST_ANY_CERTIFICATE);
    }

    @Override
    public Connection connect(ConnectSpec spec, ProviderContext context) throws InternetException {
        return new HttpConnection(spec, context);
    }

    @Override
    public Set<ConnectFlag> schemeFlags(String scheme) {
        return scheme.equals("https") ? Set.of(ConnectFlag.SECURE) : Set.of();
    }

    /**
     * A GET of the URL's path and query, whose body is the stream; a status of 400 or more fails
     * with {@code EXTENDED_ERROR} and the status line as the server's reply, as curl's
     * {@code --fail} does.
     */
    @Override
    public InputStream openUrl(Session session, URI uri) throws InternetException {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return ((HttpSession) session).send(HttpRequest.newBuilder(target).expectSuccess().build()).body();
    }
}
