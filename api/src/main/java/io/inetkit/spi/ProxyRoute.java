package io.inetkit.spi;

import io.inetkit.ProxyConfig;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The way to one server under a {@link ProxyConfig}: directly, through a SOCKS5 proxy or through an
 * HTTP proxy's {@code CONNECT} tunnel. It applies the bypass list, and for
 * {@link ProxyConfig.Type#SYSTEM} asks {@link ProxySelector#getDefault()} about a
 * {@code socket://host:port} URI, as the JDK's own sockets do.
 *
 * <pre>{@code
 * ProxyRoute route = ProxyRoute.select(context.proxy(), spec.host(), spec.port());
 * if (!route.isDirect()) {
 *     // don't resolve spec.host() here: the proxy may be the only one who can
 * }
 * }</pre>
 *
 * <p>The password never appears in {@link #toString()} or in {@link #describe()}.
 */
public final class ProxyRoute {

    /** How the connection is made. */
    public enum Kind {
        /** No proxy. */
        DIRECT,
        /** A SOCKS5 proxy (RFC 1928, with RFC 1929 user and password). */
        SOCKS5,
        /** An HTTP proxy's {@code CONNECT} tunnel (RFC 9110, section 9.3.6). */
        HTTP
    }

    private static final ProxyRoute DIRECT = new ProxyRoute(Kind.DIRECT, null, 0, null, null, false);

    private final Kind kind;
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final boolean remoteDns;

    private ProxyRoute(Kind kind, String host, int port, String user, String password, boolean remoteDns) {
        this.kind = kind;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.remoteDns = remoteDns;
    }

    /** No proxy. */
    public static ProxyRoute direct() {
        return DIRECT;
    }

    /** The route to {@code targetHost:targetPort} under these settings. */
    public static ProxyRoute select(ProxyConfig config, String targetHost, int targetPort) {
        switch (config.type()) {
            case DIRECT:
                return DIRECT;
            case SYSTEM:
                return fromSystem(targetHost, targetPort);
            default:
                if (config.bypasses(targetHost)) {
                    return DIRECT;
                }
                Kind kind = config.type() == ProxyConfig.Type.SOCKS5 ? Kind.SOCKS5 : Kind.HTTP;
                return new ProxyRoute(kind, config.host().orElseThrow(), config.port(), config.user().orElse(null),
                        config.password().orElse(null), kind == Kind.HTTP || config.remoteDns());
        }
    }

    private static ProxyRoute fromSystem(String targetHost, int targetPort) {
        ProxySelector selector = ProxySelector.getDefault();
        if (selector == null) {
            return DIRECT;
        }
        List<Proxy> proxies;
        try {
            String uriHost = targetHost.indexOf(':') >= 0 ? "[" + targetHost + "]" : targetHost;
            proxies = selector.select(URI.create("socket://" + uriHost + ":" + targetPort));
        } catch (IllegalArgumentException e) {
            return DIRECT;
        }
        for (Proxy proxy : proxies == null ? List.<Proxy>of() : proxies) {
            SocketAddress address = proxy.address();
            if (proxy.type() == Proxy.Type.DIRECT || !(address instanceof InetSocketAddress inet)) {
                return DIRECT;
            }
            Kind kind = proxy.type() == Proxy.Type.SOCKS ? Kind.SOCKS5 : Kind.HTTP;
            return new ProxyRoute(kind, inet.getHostString(), inet.getPort(), null, null, true);
        }
        return DIRECT;
    }

    /** How the connection is made. */
    public Kind kind() {
        return kind;
    }

    /** Whether the connection goes straight to the server. */
    public boolean isDirect() {
        return kind == Kind.DIRECT;
    }

    /** The proxy's address, unresolved; empty for {@link Kind#DIRECT}. */
    public Optional<InetSocketAddress> proxyAddress() {
        return host == null ? Optional.empty() : Optional.of(InetSocketAddress.createUnresolved(host, port));
    }

    /** The user to give the proxy. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The password to give the proxy. Never log it. */
    Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** Whether the proxy resolves the server's name ({@code socks5h}, and always for HTTP proxies). */
    public boolean remoteDns() {
        return remoteDns;
    }

    /** The proxy for messages: {@code "the SOCKS5 proxy host:port"}, or {@code "no proxy"}. */
    public String describe() {
        return switch (kind) {
            case DIRECT -> "no proxy";
            case SOCKS5 -> "the SOCKS5 proxy " + hostPort();
            case HTTP -> "the HTTP proxy " + hostPort();
        };
    }

    private String hostPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The kind, the proxy and the user; never the password. */
    @Override
    public String toString() {
        return isDirect() ? "ProxyRoute[DIRECT]"
                : "ProxyRoute[" + kind + " " + hostPort() + (user == null ? "" : ", user=" + user) + "]";
    }
}
