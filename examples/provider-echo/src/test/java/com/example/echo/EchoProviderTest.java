package com.example.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ProxyConfig;
import io.inetkit.ServiceInfo;
import io.inetkit.testkit.daemon.DanteServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party provider, found on the class path through its META-INF/services file, talking to a
 * real Echo server: the API needed no change for it.
 */
class EchoProviderTest {

    private EchoServer server;
    private Internet internet;

    @BeforeEach
    void start() throws Exception {
        server = new EchoServer(false);
        internet = Internet.newBuilder().readTimeout(Duration.ofMillis(500)).build();
    }

    @AfterEach
    void stop() throws Exception {
        internet.close();
        server.close();
    }

    private EchoSession connect(int port) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(EchoSession.SERVICE, "127.0.0.1").port(port).build());
    }

    @Test
    void isDiscoveredWithItsOwnServiceId() {
        ServiceInfo info = internet.services().stream().filter(i -> i.service().id() == 862)
                .findFirst().orElseThrow();
        assertEquals("echo", info.service().name());
        assertEquals(7, info.defaultPort());
        assertEquals(List.of("echo"), info.schemes());
    }

    @Test
    void echoesTextThroughARealServer() throws Exception {
        try (EchoSession echo = connect(server.port())) {
            assertEquals("hello, wörld", echo.echo("hello, wörld"));
            assertEquals("again", echo.echo("again"));
            assertEquals("again", echo.lastResponse().orElseThrow());
        }
        assertEquals(1, server.accepted(), "one connection for both echoes");
    }

    @Test
    void connectsLazilyOnTheFirstEcho() throws Exception {
        try (EchoSession echo = connect(server.port())) {
            assertEquals(0, server.accepted(), "connect sends nothing, as WinINet's HTTP");
            echo.echo("x");
            assertEquals(1, server.accepted());
        }
    }

    @Test
    void defaultPortIsSeven() throws Exception {
        try (EchoSession echo = internet.connect(EchoSession.SERVICE, "127.0.0.1")) {
            assertEquals(7, echo.port());
        }
    }

    @Test
    void aSilentServerTimesOut() throws Exception {
        try (EchoServer silent = new EchoServer(true); EchoSession echo = connect(silent.port())) {
            InternetException e = assertThrows(InternetException.class, () -> echo.echo("anyone?"));
            assertEquals(InternetError.TIMEOUT, e.error());
            assertTrue(e.getMessage().contains("500 ms"), e.getMessage());
        }
    }

    @Test
    void aRefusedConnectionIsCannotConnect() throws Exception {
        // Port 1 (tcpmux) has no listener on loopback; a just-closed ephemeral port could be taken
        // by another process between close and connect.
        try (EchoSession echo = connect(1)) {
            InternetException e = assertThrows(InternetException.class, () -> echo.echo("x"));
            assertEquals(InternetError.CANNOT_CONNECT, e.error());
        }
    }

    @Test
    void aClosedSessionFailsFast() throws Exception {
        EchoSession echo = connect(server.port());
        echo.close();
        assertEquals(InternetError.INVALID_HANDLE, assertThrows(InternetException.class, () -> echo.echo("x")).error());
    }

    @Test
    void echoesThroughASocksProxy(@TempDir Path dir) throws Exception {
        try (DanteServer socks = DanteServer.start(dir);
             Internet proxied = Internet.newBuilder().proxy(ProxyConfig.socks5("127.0.0.1", socks.port())).build();
             EchoSession echo = proxied.connect(ConnectRequest.newBuilder(EchoSession.SERVICE, "127.0.0.1")
                     .port(server.port()).build())) {
            assertEquals("via dante", echo.echo("via dante"));
            assertFalse(socks.connectsTo(server.port()).isEmpty(), socks.logText());
        }
    }

    @Test
    void aProxyThatCannotBeReachedIsNotBypassed() throws Exception {
        // A bound socket that does not listen: connections to its port are refused.
        try (Socket nothing = new Socket()) {
            nothing.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (Internet proxied = Internet.newBuilder()
                         .proxy(ProxyConfig.socks5("127.0.0.1", nothing.getLocalPort())).build();
                 EchoSession echo = proxied.connect(ConnectRequest.newBuilder(EchoSession.SERVICE, "127.0.0.1")
                         .port(server.port()).build())) {
                InternetException e = assertThrows(InternetException.class, () -> echo.echo("x"));
                assertEquals(InternetError.PROXY_SERVER_UNREACHABLE, e.error(), e.getMessage());
            }
        }
        assertEquals(0, server.accepted(), "the echo went around the proxy");
    }

    @Test
    void aServerThatResetsTheConnectionIsConnectionReset() throws Exception {
        try (ServerSocket resetting = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket accepted = resetting.accept()) {
                    accepted.getInputStream().read(); // the echo's first byte: the client now waits
                    accepted.setSoLinger(true, 0);    // close sends RST
                } catch (IOException e) {
                    // The test reports what the client saw.
                }
            });
            server.start();
            try (EchoSession echo = connect(resetting.getLocalPort())) {
                InternetException e = assertThrows(InternetException.class, () -> echo.echo("x"));
                assertEquals(InternetError.CONNECTION_RESET, e.error(), e.getMessage());
            }
            server.join(5_000);
        }
    }
}
