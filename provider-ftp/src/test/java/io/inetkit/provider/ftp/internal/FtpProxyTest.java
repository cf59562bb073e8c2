package io.inetkit.provider.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ProxyConfig;
import io.inetkit.Service;
import io.inetkit.ftp.FtpEntry;
import io.inetkit.ftp.FtpSession;
import io.inetkit.http.AuthScheme;
import io.inetkit.testkit.daemon.DanteServer;
import io.inetkit.testkit.daemon.Squid;
import io.inetkit.testkit.daemon.SystemDaemon;
import io.inetkit.testkit.daemon.Tinyproxy;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.tls.TestCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FTP and FTPS through real proxies: the control connection and every passive data connection go
 * through dante (SOCKS5) or tinyproxy (HTTP CONNECT), as their own logs show.
 */
class FtpProxyTest {

    @TempDir Path local;
    @TempDir Path daemonDir;

    private static Internet through(ProxyConfig proxy) {
        return Internet.newBuilder().proxy(proxy).connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(5)).sslContext(TestCertificate.localhost().clientContext()).build();
    }

    private static FtpSession connect(Internet internet, TestFtpServer server, ConnectFlag... flags)
            throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.FTP, "localhost").port(server.port())
                .user("alice").password("secret").flags(flags).build());
    }

    /** Up, list and down: three data connections besides the control connection. */
    private void roundTrip(Internet internet, TestFtpServer server, ConnectFlag... flags) throws Exception {
        byte[] data = new byte[200_000];
        new Random(3).nextBytes(data);
        Path source = Files.write(local.resolve("up.bin"), data);
        try (FtpSession session = connect(internet, server, flags)) {
            session.put(source, "up.bin");
            // The data connection is the proxy's socket, so the file goes through its stream, not sendfile.
            assertEquals(FileUpload.STREAM, ((FtpSessionImpl) session).lastUpload());
            assertEquals(List.of("up.bin"), session.list().stream().map(FtpEntry::name).toList());
            session.get("up.bin", local.resolve("down.bin"));
            assertEquals(FileDownload.STREAM, ((FtpSessionImpl) session).lastDownload());
        }
        assertArrayEquals(data, Files.readAllBytes(local.resolve("down.bin")));
    }

    @Test
    void passiveFtpGoesThroughDanteControlAndData() throws Exception {
        try (TestFtpServer server = TestFtpServer.newBuilder().user("alice", "secret").build();
             DanteServer socks = DanteServer.start(daemonDir);
             Internet internet = through(ProxyConfig.socks5("127.0.0.1", socks.port()))) {
            server.start();
            roundTrip(internet, server, ConnectFlag.PASSIVE);
            assertFalse(socks.connectsTo(server.port()).isEmpty(), socks.logText());
            assertTrue(socks.connects().size() >= 4, "control and three data connections: " + socks.logText());
        }
    }

    @Test
    void explicitFtpsGoesThroughDanteWithAUserAndVerifiesTheServer() throws Exception {
        try (TestFtpServer server = TestFtpServer.newBuilder().user("alice", "secret").explicitFtps().build();
             DanteServer socks = DanteServer.startWithUser(daemonDir, "inetkitproxy", "s3cret-Pw");
             Internet internet = through(ProxyConfig.socks5("127.0.0.1", socks.port())
                     .withCredentials("inetkitproxy", "s3cret-Pw").withRemoteDns(false))) {
            server.start();
            roundTrip(internet, server, ConnectFlag.PASSIVE, ConnectFlag.START_TLS);
            assertTrue(socks.connects().size() >= 4, socks.logText());
        }
    }

    @Test
    void ftpsThroughAProxyStillRefusesAnUntrustedCertificate() throws Exception {
        try (TestFtpServer server = TestFtpServer.newBuilder().user("alice", "secret").implicitFtps().build();
             DanteServer socks = DanteServer.start(daemonDir);
             Internet internet = Internet.newBuilder().proxy(ProxyConfig.socks5("127.0.0.1", socks.port()))
                     .connectTimeout(Duration.ofSeconds(5)).build()) {
            server.start();
            InternetException e = assertThrows(InternetException.class,
                    () -> connect(internet, server, ConnectFlag.PASSIVE, ConnectFlag.SECURE));
            assertEquals(InternetError.INVALID_CA, e.error(), e.toString());
        }
    }

    @Test
    void passiveFtpGoesThroughTinyproxyByConnect() throws Exception {
        try (TestFtpServer server = TestFtpServer.newBuilder().user("alice", "secret").build();
             Tinyproxy proxy = Tinyproxy.newBuilder().start(daemonDir);
             Internet internet = through(ProxyConfig.http("127.0.0.1", proxy.port()))) {
            server.start();
            roundTrip(internet, server, ConnectFlag.PASSIVE);
            assertFalse(proxy.requests("CONNECT localhost:" + server.port() + " ").isEmpty(), proxy.logText());
            assertTrue(proxy.requests("CONNECT localhost:").size() >= 4, proxy.logText());
        }
    }

    @Test
    void passiveFtpsGoesThroughTinyproxyWithBasicAuth() throws Exception {
        try (TestFtpServer server = TestFtpServer.newBuilder().user("alice", "secret").implicitFtps().build();
             Tinyproxy proxy = Tinyproxy.newBuilder().basicAuth("joe", "proxy-Pw").start(daemonDir);
             Internet internet = through(ProxyConfig.http("127.0.0.1", proxy.port()).withCredentials("joe", "proxy-Pw"))) {
            server.start();
            roundTrip(internet, server, ConnectFlag.PASSIVE, ConnectFlag.SECURE);
            assertTrue(proxy.requests("CONNECT localhost:").size() >= 4, proxy.logText());
        }
    }

    @Test
    void badHttpProxyCredentialsAreALoginFailureNamingTheProxy() throws Exception {
        try (TestFtpServer server = TestFtpServer.newBuilder().user("alice", "secret").build();
             Tinyproxy proxy = Tinyproxy.newBuilder().basicAuth("joe", "proxy-Pw").start(daemonDir);
             Internet internet = through(ProxyConfig.http("127.0.0.1", proxy.port()).withCredentials("joe", "nope-Pw"))) {
            server.start();
            InternetException e = assertThrows(InternetException.class,
                    () -> connect(internet, server, ConnectFlag.PASSIVE));
            assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.toString());
            assertTrue(e.getMessage().startsWith("the HTTP proxy 127.0.0.1:" + proxy.port()), e.getMessage());
            assertFalse(e.toString().contains("nope-Pw"));
        }
    }

    @Test
    void passiveFtpGoesThroughSquidWhichAsksForAPasswordWith407() throws Exception {
        try (TestFtpServer server = TestFtpServer.newBuilder().user("alice", "secret").build();
             Squid squid = Squid.start(daemonDir, "pxy", "squid-Pw")) {
            server.start();
            try (Internet internet = through(ProxyConfig.http("127.0.0.1", squid.port()).withCredentials("pxy", "squid-Pw"))) {
                roundTrip(internet, server, ConnectFlag.PASSIVE);
            }
            assertFalse(squid.requests("CONNECT localhost:" + server.port(), "pxy").isEmpty(), squid.logText());
            try (Internet internet = through(ProxyConfig.http("127.0.0.1", squid.port()).withCredentials("pxy", "nope-Pw"))) {
                InternetException e = assertThrows(InternetException.class,
                        () -> connect(internet, server, ConnectFlag.PASSIVE));
                assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.toString());
                assertTrue(e.getMessage().startsWith("the HTTP proxy 127.0.0.1:" + squid.port()), e.getMessage());
                assertFalse(e.toString().contains("nope-Pw"));
            }
        }
    }

    @Test
    void passiveFtpGoesThroughSquidAskingForDigestOnEveryConnect() throws Exception {
        try (TestFtpServer server = TestFtpServer.newBuilder().user("alice", "secret").build();
             Squid squid = Squid.start(daemonDir, "pxy", "squid-Pw", Squid.Auth.DIGEST)) {
            server.start();
            ProxyConfig digest = ProxyConfig.http("127.0.0.1", squid.port()).withAuthSchemes(AuthScheme.DIGEST);
            try (Internet internet = through(digest.withCredentials("pxy", "squid-Pw"))) {
                roundTrip(internet, server, ConnectFlag.PASSIVE); // the control and each data connection
            }
            assertTrue(squid.requests("CONNECT localhost:" + server.port(), "pxy").size() >= 1, squid.logText());
            List<String> connects = squid.requests("CONNECT localhost:", "pxy");
            assertTrue(connects.size() >= 2, squid.logText());
            try (Internet internet = through(digest.withCredentials("pxy", "nope-Pw"))) {
                InternetException e = assertThrows(InternetException.class,
                        () -> connect(internet, server, ConnectFlag.PASSIVE));
                assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.toString());
                assertTrue(e.getMessage().startsWith("the HTTP proxy 127.0.0.1:" + squid.port() + " refused"),
                        e.getMessage());
                assertFalse(e.toString().contains("nope-Pw"));
            }
            // Basic alone (the default) cannot answer a proxy that asks for Digest only, and says how to allow it.
            try (Internet internet = through(ProxyConfig.http("127.0.0.1", squid.port()).withCredentials("pxy",
                    "squid-Pw"))) {
                InternetException e = assertThrows(InternetException.class,
                        () -> connect(internet, server, ConnectFlag.PASSIVE));
                assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.toString());
                assertTrue(e.getMessage().contains("withAuthSchemes"), e.getMessage());
            }
        }
    }

    @Test
    void activeModeThroughAProxyFailsAtOnceInsteadOfHanging() throws Exception {
        int nothing = SystemDaemon.freePort();
        try (Internet internet = through(ProxyConfig.socks5("127.0.0.1", nothing))) {
            InternetException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(
                    InternetException.class, () -> internet.connect(ConnectRequest.newBuilder(Service.FTP, "localhost")
                            .port(21).user("alice").password("secret").build())));
            assertEquals(InternetError.NOT_PROXY_REQUEST, e.error());
            assertTrue(e.getMessage().contains("ConnectFlag.PASSIVE"), e.getMessage());
        }
    }

    @Test
    void anUnreachableProxyIsProxyServerUnreachable() throws Exception {
        int nothing = SystemDaemon.freePort();
        try (Internet internet = through(ProxyConfig.http("127.0.0.1", nothing))) {
            InternetException e = assertThrows(InternetException.class, () -> internet.connect(
                    ConnectRequest.newBuilder(Service.FTP, "localhost").port(21).user("alice").password("secret")
                            .flags(ConnectFlag.PASSIVE).build()));
            assertEquals(InternetError.PROXY_SERVER_UNREACHABLE, e.error());
            assertTrue(e.getMessage().contains("HTTP proxy 127.0.0.1:" + nothing), e.getMessage());
        }
    }
}
