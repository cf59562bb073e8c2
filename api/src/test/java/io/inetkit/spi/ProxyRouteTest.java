package io.inetkit.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ProxyConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which way a connection goes under a {@link ProxyConfig}, and the proxy failures no daemon can show. */
class ProxyRouteTest {

    @Test
    void bypassedHostsAndDirectConfigsGoDirect() {
        ProxyConfig socks = ProxyConfig.socks5("proxy.corp", 1080).withBypass("<local>", "*.corp.example");
        assertTrue(ProxyRoute.select(socks, "localhost", 21).isDirect());
        assertTrue(ProxyRoute.select(socks, "intranet", 21).isDirect());
        assertTrue(ProxyRoute.select(socks, "ftp.corp.example", 21).isDirect());
        assertTrue(ProxyRoute.select(ProxyConfig.direct(), "example.org", 21).isDirect());
        ProxyRoute route = ProxyRoute.select(socks, "example.org", 21);
        assertEquals(ProxyRoute.Kind.SOCKS5, route.kind());
        assertEquals("the SOCKS5 proxy proxy.corp:1080", route.describe());
        assertTrue(route.remoteDns());
        assertFalse(ProxyRoute.select(socks.withRemoteDns(false), "example.org", 21).remoteDns());
        assertEquals(ProxyRoute.Kind.HTTP, ProxyRoute.select(ProxyConfig.http("p", 3128), "example.org", 70).kind());
    }

    @Test
    void neverShowsThePassword() {
        ProxyConfig config = ProxyConfig.http("p", 3128).withCredentials("joe", "hidden-Pw");
        ProxyRoute route = ProxyRoute.select(config, "example.org", 443);
        assertFalse(route.toString().contains("hidden-Pw"), route.toString());
        assertFalse(route.describe().contains("hidden-Pw"));
        assertFalse(config.toString().contains("hidden-Pw"), config.toString());
        assertTrue(route.toString().contains("joe"));
    }

    @Test
    void systemSettingsAskTheDefaultSelectorForASocketUri() {
        ProxySelector previous = ProxySelector.getDefault();
        List<URI> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                asked.add(uri);
                return uri.getHost().equals("inside")
                        ? List.of(Proxy.NO_PROXY)
                        : List.of(new Proxy(Proxy.Type.SOCKS, InetSocketAddress.createUnresolved("socks.corp", 1081)));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            }
        });
        try {
            ProxyRoute route = ProxyRoute.select(ProxyConfig.system(), "example.org", 70);
            assertEquals(ProxyRoute.Kind.SOCKS5, route.kind());
            assertEquals("the SOCKS5 proxy socks.corp:1081", route.describe());
            assertTrue(ProxyRoute.select(ProxyConfig.system(), "inside", 70).isDirect());
            assertEquals(URI.create("socket://example.org:70"), asked.get(0));
        } finally {
            ProxySelector.setDefault(previous);
        }
    }

    @Test
    void aProxyThatNeverAnswersTimesOutWithTheConnectTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ProxyConfig config = ProxyConfig.socks5("127.0.0.1", silent.getLocalPort());
            InternetException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (Socket socket = new ProxiedSocket(config)) {
                    return assertThrows(InternetException.class,
                            () -> socket.connect(InetSocketAddress.createUnresolved("example.org", 70), 300));
                }
            });
            assertEquals(InternetError.TIMEOUT, e.error());
            assertTrue(e.getMessage().startsWith("the SOCKS5 proxy 127.0.0.1:" + silent.getLocalPort()),
                    e.getMessage());
        }
    }

    @Test
    void anUnresolvableProxyIsUnreachable() throws Exception {
        try (Socket socket = new ProxiedSocket(ProxyConfig.http("no-such-proxy.invalid", 3128))) {
            InternetException e = assertThrows(InternetException.class,
                    () -> socket.connect(InetSocketAddress.createUnresolved("example.org", 443), 2_000));
            assertEquals(InternetError.PROXY_SERVER_UNREACHABLE, e.error());
            assertTrue(e.getMessage().contains("HTTP proxy no-such-proxy.invalid:3128"), e.getMessage());
        }
    }
}
