package io.inetkit.provider.gopher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Credentials;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ProxyConfig;
import io.inetkit.Service;
import io.inetkit.gopher.GopherItemType;
import io.inetkit.gopher.GopherSession;
import io.inetkit.http.AuthChallenge;
import io.inetkit.http.AuthScheme;
import io.inetkit.testkit.daemon.DanteServer;
import io.inetkit.testkit.daemon.Squid;
import io.inetkit.testkit.daemon.SystemDaemon;
import io.inetkit.testkit.daemon.Tinyproxy;
import io.inetkit.testkit.gopher.TestGopherServer;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gopher and gophers through real proxies: dante (SOCKS5, with and without a user), tinyproxy
 * (HTTP CONNECT) and squid (CONNECT, asking for Digest). Each test finds its connection in the proxy's own log.
 */
class GopherProxyTest {

    @TempDir
    static Path root;
    @TempDir
    Path daemonDir;
    static byte[] binary;

    @BeforeAll
    static void files() throws IOException {
        binary = new byte[100_000];
        new Random(11).nextBytes(binary);
        Files.write(root.resolve("data.bin"), binary);
        Files.writeString(root.resolve("about.txt"), "Hello through a proxy\n");
    }

    private static Internet through(ProxyConfig proxy) {
        return Internet.newBuilder().proxy(proxy).connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(5)).sslContext(TestCertificate.localhost().clientContext()).build();
    }

    private static GopherSession connect(Internet internet, String host, int port, ConnectFlag... flags)
            throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.GOPHER, host).port(port).flags(flags).build());
    }

    @Test
    void documentsComeThroughSquidAskingForDigestWithTheAuthenticatorsCredentials() throws Exception {
        try (TestGopherServer gopher = TestGopherServer.newBuilder().root(root).build();
             Squid squid = Squid.start(daemonDir, "pxy", "squid-Pw", Squid.Auth.DIGEST)) {
            gopher.start();
            List<AuthChallenge> asked = new CopyOnWriteArrayList<>();
            ProxyConfig proxy = ProxyConfig.http("127.0.0.1", squid.port())
                    .withAuthSchemes(AuthScheme.DIGEST);
            try (Internet internet = Internet.newBuilder().proxy(proxy).connectTimeout(Duration.ofSeconds(5))
                    .readTimeout(Duration.ofSeconds(5)).authenticator(challenge -> {
                        asked.add(challenge);
                        return Optional.of(Credentials.of("pxy", "squid-Pw"));
                    }).build();
                 GopherSession session = connect(internet, "localhost", gopher.port())) {
                try (InputStream in = session.open("/data.bin", GopherItemType.BINARY)) {
                    assertArrayEquals(binary, in.readAllBytes());
                }
            }
            assertEquals(1, asked.size(), asked.toString());
            assertTrue(asked.get(0).proxy(), asked.toString());
            assertFalse(squid.requests("CONNECT localhost:" + gopher.port(), "pxy").isEmpty(), squid.logText());
        }
    }

    @Test
    void documentsComeThroughDanteWithoutAUser() throws Exception {
        try (TestGopherServer gopher = TestGopherServer.newBuilder().root(root).build();
             DanteServer socks = DanteServer.start(daemonDir)) {
            gopher.start();
            try (Internet internet = through(ProxyConfig.socks5("127.0.0.1", socks.port()));
                 GopherSession session = connect(internet, "localhost", gopher.port())) {
                try (InputStream in = session.open("/data.bin", GopherItemType.BINARY)) {
                    assertArrayEquals(binary, in.readAllBytes());
                }
            }
            assertFalse(socks.connectsTo(gopher.port()).isEmpty(), socks.logText());
        }
    }

    @Test
    void gophersThroughDanteWithAUserVerifiesTheServersNameEndToEnd() throws Exception {
        try (TestGopherServer gopher = TestGopherServer.newBuilder().root(root).tls().build();
             DanteServer socks = DanteServer.startWithUser(daemonDir, "inetkitproxy", "s3cret-Pw")) {
            gopher.start();
            ProxyConfig proxy = ProxyConfig.socks5("127.0.0.1", socks.port()).withCredentials("inetkitproxy", "s3cret-Pw");
            try (Internet internet = through(proxy);
                 GopherSession session = connect(internet, "localhost", gopher.port(), ConnectFlag.SECURE)) {
                assertEquals(2, session.menu().size());
            }
            assertFalse(socks.connectsTo(gopher.port()).isEmpty(), socks.logText());
        }
    }

    @Test
    void badSocksCredentialsAreALoginFailureThatNamesTheProxyAndHidesThePassword() throws Exception {
        try (TestGopherServer gopher = TestGopherServer.newBuilder().root(root).build();
             DanteServer socks = DanteServer.startWithUser(daemonDir, "inetkitproxy", "s3cret-Pw")) {
            gopher.start();
            ProxyConfig proxy = ProxyConfig.socks5("127.0.0.1", socks.port()).withCredentials("inetkitproxy", "wrong-Pw");
            try (Internet internet = through(proxy);
                 GopherSession session = connect(internet, "localhost", gopher.port())) {
                InternetException e = assertThrows(InternetException.class, session::menu);
                assertEquals(InternetError.LOGIN_FAILURE, e.error());
                assertTrue(e.getMessage().contains("SOCKS5 proxy 127.0.0.1:" + socks.port()), e.getMessage());
                assertFalse(e.getMessage().contains("wrong-Pw"), e.getMessage());
                assertFalse(internet.toString().contains("wrong-Pw"));
            }
            assertFalse(socks.authenticationFailures().isEmpty(), socks.logText());
            assertEquals(0, gopher.requestCount());
        }
    }

    @Test
    void aSocksProxyThatWantsAUserIsALoginFailureWithoutOne() throws Exception {
        try (DanteServer socks = DanteServer.startWithUser(daemonDir, "inetkitproxy", "s3cret-Pw");
             Internet internet = through(ProxyConfig.socks5("127.0.0.1", socks.port()));
             GopherSession session = connect(internet, "localhost", 70)) {
            InternetException e = assertThrows(InternetException.class, session::menu);
            assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.toString());
            assertTrue(e.getMessage().contains("may want a user and password"), e.getMessage());
        }
    }

    @Test
    void aTargetTheSocksProxyCannotReachIsCannotConnectNamingTheProxy() throws Exception {
        int closed = SystemDaemon.freePort();
        try (DanteServer socks = DanteServer.start(daemonDir);
             Internet internet = through(ProxyConfig.socks5("127.0.0.1", socks.port()));
             GopherSession session = connect(internet, "127.0.0.1", closed)) {
            InternetException e = assertThrows(InternetException.class, session::menu);
            assertEquals(InternetError.CANNOT_CONNECT, e.error());
            assertTrue(e.getMessage().startsWith("the SOCKS5 proxy 127.0.0.1:" + socks.port()), e.getMessage());
        }
    }

    @Test
    void documentsComeThroughTinyproxyByConnect() throws Exception {
        try (TestGopherServer gopher = TestGopherServer.newBuilder().root(root).build();
             Tinyproxy proxy = Tinyproxy.newBuilder().start(daemonDir)) {
            gopher.start();
            try (Internet internet = through(ProxyConfig.http("127.0.0.1", proxy.port()));
                 GopherSession session = connect(internet, "localhost", gopher.port())) {
                try (InputStream in = session.open("/about.txt", GopherItemType.TEXT_FILE)) {
                    assertTrue(new String(in.readAllBytes()).startsWith("Hello through a proxy"));
                }
            }
            assertFalse(proxy.requests("CONNECT localhost:" + gopher.port()).isEmpty(), proxy.logText());
        }
    }

    @Test
    void aPortTinyproxyWillNotTunnelToIsCannotConnectNamingTheProxy() throws Exception {
        try (TestGopherServer gopher = TestGopherServer.newBuilder().root(root).build();
             Tinyproxy proxy = Tinyproxy.newBuilder().connectPorts(443).start(daemonDir)) {
            gopher.start();
            try (Internet internet = through(ProxyConfig.http("127.0.0.1", proxy.port()));
                 GopherSession session = connect(internet, "localhost", gopher.port())) {
                InternetException e = assertThrows(InternetException.class, session::menu);
                assertEquals(InternetError.CANNOT_CONNECT, e.error());
                assertTrue(e.getMessage().startsWith("the HTTP proxy 127.0.0.1:" + proxy.port() + " refused"),
                        e.getMessage());
            }
            assertEquals(0, gopher.requestCount());
        }
    }

    @Test
    void anUnreachableProxyIsProxyServerUnreachable() throws Exception {
        int nothing = SystemDaemon.freePort();
        try (Internet internet = through(ProxyConfig.socks5("127.0.0.1", nothing));
             GopherSession session = connect(internet, "localhost", 70)) {
            InternetException e = assertThrows(InternetException.class, session::menu);
            assertEquals(InternetError.PROXY_SERVER_UNREACHABLE, e.error());
            assertTrue(e.getMessage().contains("SOCKS5 proxy 127.0.0.1:" + nothing), e.getMessage());
        }
    }

    @Test
    void bypassedHostsAreReachedDirectly() throws Exception {
        int nothing = SystemDaemon.freePort();
        try (TestGopherServer gopher = TestGopherServer.newBuilder().root(root).build()) {
            gopher.start();
            try (Internet internet = through(ProxyConfig.socks5("127.0.0.1", nothing).withBypass("<local>"));
                 GopherSession session = connect(internet, "localhost", gopher.port())) {
                assertEquals(2, session.menu().size());
            }
        }
    }
    @Test
    void getThroughDanteTakesTheStreamByteForByte() throws Exception {
        Path local = Files.createDirectory(daemonDir.resolve("local"));
        try (TestGopherServer gopher = TestGopherServer.newBuilder().root(root).build();
             DanteServer socks = DanteServer.start(daemonDir)) {
            gopher.start();
            try (Internet internet = through(ProxyConfig.socks5("127.0.0.1", socks.port()));
                 GopherSessionImpl session = (GopherSessionImpl) connect(internet, "localhost", gopher.port())) {
                session.get("/data.bin", GopherItemType.BINARY, local.resolve("data.bin"));
                assertEquals(FileDownload.STREAM, session.lastDownload());
            }
            assertFalse(socks.connectsTo(gopher.port()).isEmpty(), socks.logText());
        }
        assertArrayEquals(binary, Files.readAllBytes(local.resolve("data.bin")));
        assertEquals(List.of("data.bin"), GopherGetTest.names(local));
    }

    @Test
    void getThroughTinyproxyTakesTheStreamForBinaryAndText() throws Exception {
        Path local = Files.createDirectory(daemonDir.resolve("local"));
        try (TestGopherServer gopher = TestGopherServer.newBuilder().root(root).build();
             Tinyproxy proxy = Tinyproxy.newBuilder().start(daemonDir)) {
            gopher.start();
            try (Internet internet = through(ProxyConfig.http("127.0.0.1", proxy.port()));
                 GopherSessionImpl session = (GopherSessionImpl) connect(internet, "localhost", gopher.port())) {
                session.get("/data.bin", GopherItemType.BINARY, local.resolve("data.bin"));
                assertEquals(FileDownload.STREAM, session.lastDownload());
                session.get("/about.txt", GopherItemType.TEXT_FILE, local.resolve("about.txt"));
                assertEquals(FileDownload.STREAM, session.lastDownload());
            }
            assertFalse(proxy.requests("CONNECT localhost:" + gopher.port()).isEmpty(), proxy.logText());
        }
        assertArrayEquals(binary, Files.readAllBytes(local.resolve("data.bin")));
        assertEquals("Hello through a proxy\r\n", Files.readString(local.resolve("about.txt")));
    }

    @Test
    void getOfABypassedHostTakesTheChannel() throws Exception {
        Path local = Files.createDirectory(daemonDir.resolve("local"));
        int nothing = SystemDaemon.freePort();
        try (TestGopherServer gopher = TestGopherServer.newBuilder().root(root).build()) {
            gopher.start();
            try (Internet internet = through(ProxyConfig.socks5("127.0.0.1", nothing).withBypass("<local>"));
                 GopherSessionImpl session = (GopherSessionImpl) connect(internet, "localhost", gopher.port())) {
                session.get("/data.bin", GopherItemType.BINARY, local.resolve("data.bin"));
                assertEquals(FileDownload.CHANNEL, session.lastDownload());
            }
        }
        assertArrayEquals(binary, Files.readAllBytes(local.resolve("data.bin")));
    }
}
