package io.inetkit.provider.http.h1;

import io.inetkit.ProxyConfig;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.List;

/**
 * The proxy of an HTTP request: the {@code Internet}'s own, and for {@link ProxyConfig#system()} the
 * one the JVM's {@link ProxySelector} names for the request's {@code http} or {@code https} URI, as
 * {@code java.net.http} and {@code HttpURLConnection} ask it.
 *
 * <p>Why not {@code ProxyRoute.select} on the system configuration alone: it asks about a
 * {@code socket://} URI, for which the JDK's selector knows only the SOCKS proxy
 * ({@code socksProxyHost}); an HTTP proxy set with {@code -Dhttps.proxyHost} or
 * {@code -Dhttp.proxyHost} would be passed by.
 */
public final class HttpRoutes {

    private HttpRoutes() {
    }

    /**
     * The proxy configuration for a request to {@code host:port}: {@code config} itself unless it is
     * the system's, else the one proxy the system names (or none), to give {@code ProxyRoute} and
     * {@code ProxiedSocket}.
     */
    public static ProxyConfig proxyFor(ProxyConfig config, boolean secure, String host, int port) {
        if (config.type() != ProxyConfig.Type.SYSTEM) {
            return config;
        }
        ProxySelector selector = ProxySelector.getDefault();
        if (selector == null) {
            return ProxyConfig.direct();
        }
        List<Proxy> proxies;
        try {
            String uriHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            proxies = selector.select(URI.create((secure ? "https" : "http") + "://" + uriHost + ":" + port));
        } catch (IllegalArgumentException e) {
            return ProxyConfig.direct();
        }
        for (Proxy proxy : proxies == null ? List.<Proxy>of() : proxies) {
            if (proxy.type() == Proxy.Type.DIRECT || !(proxy.address() instanceof InetSocketAddress address)) {
                return ProxyConfig.direct();
            }
            try {
                return proxy.type() == Proxy.Type.SOCKS
                        ? ProxyConfig.socks5(address.getHostString(), address.getPort())
                        : ProxyConfig.http(address.getHostString(), address.getPort());
            } catch (IllegalArgumentException e) {
                return ProxyConfig.direct(); // as ProxyRoute takes a selector's answer it cannot use
            }
        }
        return ProxyConfig.direct();
    }
}
