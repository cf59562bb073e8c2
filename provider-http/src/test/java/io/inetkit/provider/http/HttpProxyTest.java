package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.inetkit.testkit.daemon.DanteServer;
import io.inetkit.testkit.daemon.SystemDaemon;
import io.inetkit.testkit.daemon.Tinyproxy;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP and HTTPS through real proxies: tinyproxy (absolute-form requests, CONNECT, Basic auth)
 * and dante (SOCKS5), each proven by the proxy's log. HTTPS without a version is HTTP/1.1 on the
 * provider's engine, which makes every tunnel on its own socket; what java.net.http (HTTP/2) cannot
 * do through a proxy is refused before anything is sent ({@code Http2RefusalTest}).
 */
class HttpProxyTest {

    @TempDir Path daemonDir;

    private final TestHttpServer plain = TestHttpServer.create();
    private final TestHttpServer tls = TestHttpServer.newBuilder().https().build();

    @AfterEach
    void stop() {
        plain.close();
        tls.close();
    }

    private static Internet through(ProxyConfig proxy) {
        return Internet.newBuilder().proxy(proxy).connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(5)).sslContext(TestCertificate.localhost().clientContext()).build();
    }

    /** GETs / from the server by the name localhost and returns the body. */
    private static String get(Internet internet, TestHttpServer server) throws Exception {
        return get(internet, server, HttpRequest.get("/"));
    }

    /** The same with HTTP/1.1 asked for, as it is without: on the engine of package h1, through ProxiedSocket. */
    private static String get11(Internet internet, TestHttpServer server) throws Exception {
        return get(internet, server, HttpRequest.newBuilder("/").version(HttpVersion.HTTP_1_1).build());
    }

    private static String get(Internet internet, TestHttpServer server, HttpRequest request) throws Exception {
        server.enqueue(TestResponse.ok("via proxy " + server.port()));
        ConnectFlag[] flags = server.isHttps() ? new ConnectFlag[] {ConnectFlag.SECURE} : new ConnectFlag[0];
        try (HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "localhost")
                .port(server.port()).flags(flags).build());
             HttpResponse response = http.send(request)) {
            assertEquals(200, response.statusCode());
            return new String(response.body().readAllBytes());
        }
    }

    @Test
    void httpAndHttpsGoThroughTinyproxy() throws Exception {
        plain.start();
        tls.start();
        try (Tinyproxy proxy = Tinyproxy.newBuilder().start(daemonDir);
             Internet internet = through(ProxyConfig.http("127.0.0.1", proxy.port()))) {
            assertEquals("via proxy " + plain.port(), get(internet, plain));
            assertEquals("via proxy " + tls.port(), get(internet, tls));
            assertFalse(proxy.requests("GET http://localhost:" + plain.port() + "/").isEmpty(), proxy.logText());
            assertFalse(proxy.requests("CONNECT localhost:" + tls.port()).isEmpty(), proxy.logText());
        }
    }

    @Test
    void http2TunnelsThroughTinyproxyWithoutAUserAndIsRefusedWithOne() throws Exception {
        tls.start();
        HttpRequest http2 = HttpRequest.newBuilder("/").version(HttpVersion.HTTP_2).build();
        try (Tinyproxy proxy = Tinyproxy.newBuilder().start(daemonDir);
             Internet internet = through(ProxyConfig.http("127.0.0.1", proxy.port()))) {
            assertEquals("via proxy " + tls.port(), get(internet, tls, http2));
            assertFalse(proxy.requests("CONNECT localhost:" + tls.port()).isEmpty(), proxy.logText());
        }
        try (Tinyproxy proxy = Tinyproxy.newBuilder().basicAuth("joe", "proxy-Pw").start(daemonDir);
             Internet internet = through(ProxyConfig.http("127.0.0.1", proxy.port()).withCredentials("joe", "proxy-Pw"))) {
            InternetException e = assertThrows(InternetException.class, () -> get(internet, tls, http2));
            assertEquals(InternetError.NOT_SUPPORTED, e.error(), e.toString());
            assertTrue(proxy.logText().lines().noneMatch(line -> line.contains("Request (file descriptor")),
                    proxy.logText());
        }
        assertEquals(1, tls.requestCount(), "only the request through the proxy without a user");
    }

    @Test
    void basicAuthWorksForRequestsAndForTunnels() throws Exception {
        plain.start();
        tls.start();
        try (Tinyproxy proxy = Tinyproxy.newBuilder().basicAuth("joe", "proxy-Pw").start(daemonDir);
             Internet internet = through(ProxyConfig.http("127.0.0.1", proxy.port()).withCredentials("joe", "proxy-Pw"))) {
            assertEquals("via proxy " + plain.port(), get(internet, plain));
            assertEquals("via proxy " + tls.port(), get(internet, tls));
            assertFalse(proxy.requests("GET http://localhost:" + plain.port() + "/").isEmpty(), proxy.logText());
            assertFalse(proxy.requests("CONNECT localhost:" + tls.port()).isEmpty(), proxy.logText());
        }
    }

    @Test
    void explicitHttp11OverTlsTunnelsThroughTinyproxyAndDante() throws Exception {
        tls.start();
        try (Tinyproxy proxy = Tinyproxy.newBuilder().basicAuth("joe", "proxy-Pw").start(daemonDir);
             Internet internet = through(ProxyConfig.http("127.0.0.1", proxy.port()).withCredentials("joe", "proxy-Pw"))) {
            assertEquals("via proxy " + tls.port(), get11(internet, tls));
            assertFalse(proxy.requests("CONNECT localhost:" + tls.port()).isEmpty(), proxy.logText());
        }
        try (Tinyproxy proxy = Tinyproxy.newBuilder().basicAuth("joe", "proxy-Pw").start(daemonDir);
             Internet internet = through(ProxyConfig.http("127.0.0.1", proxy.port()).withCredentials("joe", "bad-Pw"))) {
            InternetException e = assertThrows(InternetException.class, () -> get11(internet, tls));
            assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.toString());
            assertTrue(e.getMessage().startsWith("the HTTP proxy 127.0.0.1:" + proxy.port()), e.getMessage());
            assertFalse(e.toString().contains("bad-Pw"));
        }
        try (DanteServer socks = DanteServer.startWithUser(daemonDir, "inetkitproxy", "s3cret-Pw");
             Internet internet = through(ProxyConfig.socks5("127.0.0.1", socks.port())
                     .withCredentials("inetkitproxy", "s3cret-Pw"))) {
            assertEquals("via proxy " + tls.port(), get11(internet, tls));
            assertFalse(socks.connectsTo(tls.port()).isEmpty(), socks.logText());
        }
    }

    @Test
    void badTunnelCredentialsAreALoginFailureNamingTheProxy() throws Exception {
        tls.start();
        try (Tinyproxy proxy = Tinyproxy.newBuilder().basicAuth("joe", "proxy-Pw").start(daemonDir);
             Internet internet = through(ProxyConfig.http("127.0.0.1", proxy.port()).withCredentials("joe", "bad-Pw"))) {
            InternetException e = assertThrows(InternetException.class, () -> get(internet, tls));
            assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.toString());
            assertTrue(e.getMessage().startsWith("the HTTP proxy 127.0.0.1:" + proxy.port()), e.getMessage());
            assertFalse(e.toString().contains("bad-Pw"));
            assertEquals(0, tls.requestCount());
        }
    }

    @Test
    void aTunnelTheProxyRefusesIsCannotConnectNamingTheProxy() throws Exception {
        tls.start();
        try (Tinyproxy proxy = Tinyproxy.newBuilder().connectPorts(443).start(daemonDir);
             Internet internet = through(ProxyConfig.http("127.0.0.1", proxy.port()))) {
            InternetException e = assertThrows(InternetException.class, () -> get(internet, tls));
            assertEquals(InternetError.CANNOT_CONNECT, e.error(), e.toString());
            assertTrue(e.getMessage().startsWith("the HTTP proxy 127.0.0.1:" + proxy.port() + " refused"),
                    e.getMessage());
            assertEquals(0, tls.requestCount());
        }
    }

    @Test
    void httpAndHttpsGoThroughDanteWithAUser() throws Exception {
        plain.start();
        tls.start();
        try (DanteServer socks = DanteServer.startWithUser(daemonDir, "inetkitproxy", "s3cret-Pw");
             Internet internet = through(ProxyConfig.socks5("127.0.0.1", socks.port())
                     .withCredentials("inetkitproxy", "s3cret-Pw"))) {
            assertEquals("via proxy " + plain.port(), get(internet, plain));
            assertEquals("via proxy " + tls.port(), get(internet, tls));
            assertFalse(socks.connectsTo(plain.port()).isEmpty(), socks.logText());
            assertFalse(socks.connectsTo(tls.port()).isEmpty(), socks.logText());
        }
    }

    @Test
    void theSystemsSocksProxyIsUsedNotSkipped() throws Exception {
        tls.start();
        ProxySelector previous = ProxySelector.getDefault();
        try (DanteServer socks = DanteServer.start(daemonDir)) {
            // What -DsocksProxyHost gives: java.net.http would ignore it and go direct, the engine goes through it.
            ProxySelector.setDefault(new ProxySelector() {
                @Override
                public List<Proxy> select(URI uri) {
                    return List.of(new Proxy(Proxy.Type.SOCKS, new InetSocketAddress("127.0.0.1", socks.port())));
                }

                @Override
                public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                }
            });
            try (Internet internet = through(ProxyConfig.system())) {
                assertEquals("via proxy " + tls.port(), get(internet, tls));
                // HTTP/2 runs on java.net.http, which cannot: refused, rather than sent around the proxy.
                InternetException e = assertThrows(InternetException.class, () -> get(internet, tls,
                        HttpRequest.newBuilder("/").version(HttpVersion.HTTP_2).build()));
                assertEquals(InternetError.NOT_SUPPORTED, e.error(), e.toString());
            }
            assertFalse(socks.connectsTo(tls.port()).isEmpty(), socks.logText());
            assertEquals(1, tls.requestCount(), "only the HTTP/1.1 request reached the server");
        } finally {
            ProxySelector.setDefault(previous);
        }
    }

    @Test
    void theSystemsHttpProxyForHttpAndHttpsIsUsedByTheEngine() throws Exception {
        plain.start();
        tls.start();
        ProxySelector previous = ProxySelector.getDefault();
        try (Tinyproxy proxy = Tinyproxy.newBuilder().start(daemonDir)) {
            // What -Dhttp.proxyHost and -Dhttps.proxyHost give: the JDK's selector names the HTTP proxy
            // for http and https URIs only, and nothing for the socket:// URIs of other protocols.
            ProxySelector.setDefault(new ProxySelector() {
                @Override
                public List<Proxy> select(URI uri) {
                    return uri.getScheme().startsWith("http")
                            ? List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxy.port())))
                            : List.of(Proxy.NO_PROXY);
                }

                @Override
                public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                }
            });
            try (Internet internet = through(ProxyConfig.system())) {
                assertEquals("via proxy " + plain.port(), get11(internet, plain));
                assertEquals("via proxy " + tls.port(), get11(internet, tls));
            }
            assertFalse(proxy.requests("GET http://localhost:" + plain.port() + "/").isEmpty(), proxy.logText());
            assertFalse(proxy.requests("CONNECT localhost:" + tls.port()).isEmpty(), proxy.logText());
        } finally {
            ProxySelector.setDefault(previous);
        }
    }

    @Test
    void httpsThroughSocksStillVerifiesTheServersCertificate() throws Exception {
        tls.start();
        try (DanteServer socks = DanteServer.start(daemonDir);
             Internet internet = Internet.newBuilder().proxy(ProxyConfig.socks5("127.0.0.1", socks.port()))
                     .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5)).build()) {
            InternetException e = assertThrows(InternetException.class, () -> get(internet, tls));
            assertEquals(InternetError.INVALID_CA, e.error(), e.toString());
            assertFalse(socks.connectsTo(tls.port()).isEmpty(), socks.logText());
        }
    }

    @Test
    void badSocksCredentialsAreALoginFailureNamingTheProxy() throws Exception {
        tls.start();
        try (DanteServer socks = DanteServer.startWithUser(daemonDir, "inetkitproxy", "s3cret-Pw");
             Internet internet = through(ProxyConfig.socks5("127.0.0.1", socks.port())
                     .withCredentials("inetkitproxy", "wrong-Pw"))) {
            InternetException e = assertThrows(InternetException.class, () -> get(internet, tls));
            assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.toString());
            assertTrue(e.getMessage().startsWith("the SOCKS5 proxy 127.0.0.1:" + socks.port()), e.getMessage());
            assertFalse(e.toString().contains("wrong-Pw"));
        }
    }

    @Test
    void unreachableProxiesAreProxyServerUnreachable() throws Exception {
        plain.start();
        int nothing = SystemDaemon.freePort();
        for (ProxyConfig proxy : new ProxyConfig[] {ProxyConfig.socks5("127.0.0.1", nothing),
                ProxyConfig.http("127.0.0.1", nothing)}) {
            try (Internet internet = through(proxy)) {
                InternetException e = assertThrows(InternetException.class, () -> get(internet, plain));
                assertEquals(InternetError.PROXY_SERVER_UNREACHABLE, e.error(), e.toString());
                assertTrue(e.getMessage().contains("proxy 127.0.0.1:" + nothing), e.getMessage());
            }
        }
        assertEquals(0, plain.requestCount());
    }
}
