package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ProxyConfig;
import io.inetkit.Service;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.HttpVersion;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What java.net.http, which runs HTTP/2, cannot do honestly is refused with {@code NOT_SUPPORTED}
 * before any byte leaves, with a message that says what to do instead; the same request without
 * HTTP/2 asked for runs on the HTTP/1.1 engine. The proxies here are bare listening sockets: a
 * request that went around its refusal, or through, would show as a connection there or at the
 * server.
 */
class Http2RefusalTest {

    @StartStop final TestHttpServer https = TestHttpServer.newBuilder().https().build();
    @StartStop final TestHttpServer plain = TestHttpServer.create();

    final ServerSocket proxy = listen();

    @AfterEach
    void close() throws IOException {
        proxy.close();
    }

    static ServerSocket listen() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpRequest http2() {
        return HttpRequest.newBuilder("/").version(HttpVersion.HTTP_2).build();
    }

    Internet through(ProxyConfig config) {
        return Internet.newBuilder().proxy(config).sslContext(TestCertificate.localhost().clientContext()).build();
    }

    HttpSession connect(Internet internet, TestHttpServer server, ConnectFlag... flags) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.HTTP, "localhost").port(server.port())
                .flags(flags).build());
    }

    void assertRefused(HttpSession http, String... words) throws IOException {
        InternetException e = assertThrows(InternetException.class, () -> http.send(http2()));
        assertEquals(InternetError.NOT_SUPPORTED, e.error(), e.toString());
        assertTrue(e.getMessage().contains("without HttpVersion.HTTP_2"), e.getMessage());
        for (String word : words) {
            assertTrue(e.getMessage().contains(word), "\"" + word + "\" missing in: " + e.getMessage());
        }
        assertNothingReachedTheProxy();
    }

    void assertNothingReachedTheProxy() throws IOException {
        proxy.setSoTimeout(200);
        assertThrows(SocketTimeoutException.class, proxy::accept, "a connection reached the proxy");
    }

    static String text(HttpResponse response) throws IOException {
        try (response) {
            return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aProxyToBeAnsweredWithDigestIsRefusedForHttp2() throws Exception {
        try (Internet internet = through(ProxyConfig.http("127.0.0.1", proxy.getLocalPort())
                .withAuthSchemes(io.inetkit.http.AuthScheme.DIGEST).withCredentials("pxy", "pw"));
             HttpSession secure = connect(internet, https, ConnectFlag.SECURE);
             HttpSession clear = connect(internet, plain)) {
            assertRefused(secure, "the HTTP proxy 127.0.0.1:" + proxy.getLocalPort(), "Basic only");
            assertRefused(clear, "withAuthSchemes");
        }
        assertEquals(0, https.requestCount() + plain.requestCount(), "nothing went around the proxy");
    }

    @Test
    void throughASocksProxyHttp2IsRefusedAndHttp11GoesThrough() throws Exception {
        try (Internet internet = through(ProxyConfig.socks5("127.0.0.1", proxy.getLocalPort()));
             HttpSession secure = connect(internet, https, ConnectFlag.SECURE);
             HttpSession clear = connect(internet, plain)) {
            assertRefused(secure, "the SOCKS5 proxy 127.0.0.1:" + proxy.getLocalPort(), "has no SOCKS");
            assertRefused(clear, "the SOCKS5 proxy 127.0.0.1:" + proxy.getLocalPort());
        }
        assertEquals(0, https.requestCount() + plain.requestCount(), "nothing went around the proxy");
        // The refusal is the route's: a host the proxy is bypassed for gets HTTP/2 directly.
        https.enqueue(TestResponse.ok("direct"));
        try (Internet internet = through(ProxyConfig.socks5("127.0.0.1", proxy.getLocalPort()).withBypass("localhost"));
             HttpSession secure = connect(internet, https, ConnectFlag.SECURE)) {
            assertEquals("direct", text(secure.send(http2())));
        }
        assertNothingReachedTheProxy();
    }

    @Test
    void aSocksProxyOfTheSystemIsRefusedToo() throws Exception {
        ProxySelector previous = ProxySelector.getDefault();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(new Proxy(Proxy.Type.SOCKS, new InetSocketAddress("127.0.0.1", proxy.getLocalPort())));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
            }
        });
        try (Internet internet = through(ProxyConfig.system());
             HttpSession secure = connect(internet, https, ConnectFlag.SECURE)) {
            assertRefused(secure, "the SOCKS5 proxy 127.0.0.1:" + proxy.getLocalPort());
        } finally {
            ProxySelector.setDefault(previous);
        }
        assertEquals(0, https.requestCount());
    }

    @Test
    void aSystemProxyThatTurnsToSocksAfterTheCheckIsStillNeverGoneAround() throws Exception {
        // The check before the send sees no proxy; java.net.http, asking next, is told SOCKS: it must fail
        // rather than go direct, which is what it does with a SOCKS answer.
        AtomicInteger asked = new AtomicInteger();
        ProxySelector previous = ProxySelector.getDefault();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return asked.getAndIncrement() == 0 ? List.of(Proxy.NO_PROXY)
                        : List.of(new Proxy(Proxy.Type.SOCKS, new InetSocketAddress("127.0.0.1", proxy.getLocalPort())));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
            }
        });
        try (Internet internet = through(ProxyConfig.system());
             HttpSession secure = connect(internet, https, ConnectFlag.SECURE)) {
            InternetException e = assertThrows(InternetException.class, () -> secure.send(http2()));
            assertEquals(InternetError.NOT_SUPPORTED, e.error(), e.toString());
            assertTrue(e.getMessage().contains("the SOCKS5 proxy 127.0.0.1:" + proxy.getLocalPort()), e.getMessage());
        } finally {
            ProxySelector.setDefault(previous);
        }
        assertTrue(asked.get() >= 2, "the selector was asked again at the send: " + asked);
        assertEquals(0, https.requestCount(), "nothing went around the proxy");
        assertNothingReachedTheProxy();
    }

    @Test
    void anHttpsTunnelThatNeedsBasicCredentialsIsRefusedForHttp2() throws Exception {
        try (Internet internet = through(ProxyConfig.http("127.0.0.1", proxy.getLocalPort())
                     .withCredentials("joe", "proxy-Pw"));
             HttpSession secure = connect(internet, https, ConnectFlag.SECURE)) {
            assertRefused(secure, "the HTTP proxy 127.0.0.1:" + proxy.getLocalPort(),
                    "jdk.http.auth.tunneling.disabledSchemes");
        }
        assertEquals(0, https.requestCount());
    }
}
