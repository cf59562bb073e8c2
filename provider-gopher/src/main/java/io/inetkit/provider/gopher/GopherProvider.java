package io.inetkit.provider.gopher;

import io.inetkit.ConnectFlag;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.Session;
import io.inetkit.gopher.GopherItem;
import io.inetkit.gopher.GopherItemType;
import io.inetkit.gopher.GopherSession;
import io.inetkit.gopher.GopherUrl;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.Connection;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.ServiceProvider;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

    @Override
    public Set<ConnectFlag> schemeFlags(String scheme) {
        return scheme.equals("gophers") ? Set.of(ConnectFlag.SECURE) : Set.of();
    }

    /**
     * RFC 4266: a document's bytes; for a menu, or a search with its {@code %09} query, the items as
     * WinINet locator lines (one menu line each, CRLF-terminated), which is what
     * {@code InternetOpenUrl} of a Gopher directory reads as well.
     */
    @Override
    public InputStream openUrl(Session session, URI uri) throws InternetException {
        GopherUrl url = GopherUrl.parse(uri.toString());
        GopherSession gopher = (GopherSession) session;
        GopherItemType type = GopherItemType.fromCode(url.type());
        if (type == GopherItemType.DIRECTORY) {
            return locators(gopher.menu(url.selector()));
        }
        if (type == GopherItemType.INDEX_SERVER && url.search().isPresent()) {
            return locators(gopher.search(url.selector(), url.search().get()));
        }
        return gopher.open(url.selector(), type);
    }

    private static InputStream locators(List<GopherItem> items) {
        StringBuilder text = new StringBuilder();
        items.forEach(item -> text.append(item.toLocator()));
        return new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
