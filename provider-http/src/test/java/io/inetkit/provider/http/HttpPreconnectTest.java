package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link HttpSession#preconnect}: a connection opened ahead, plain and over TLS, sends nothing and is
 * the one the next request of the same route takes; its failures are a request's connect failures.
 * A fault proxy in front of the testkit's server counts the connections and the bytes.
 */
@Timeout(30)
class HttpPreconnectTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @StartStop final TestHttpServer server = TestHttpServer.create();
    @StartStop final FaultProxy proxy = FaultProxy.to(server::address);
    @StartStop final TestHttpServer https = TestHttpServer.newBuilder().https().build();
    @StartStop final FaultProxy tls = FaultProxy.to(https::address);
    private Leaks leaks;

    @BeforeEach
    void snapshot() {
        leaks = Leaks.snapshot();
    }

    @AfterEach
    void noLeaks() throws Exception {
        proxy.close();
        server.close();
        tls.close();
        https.close();
        leaks.assertNoLeak("preconnect");
    }

    private static Internet internet() {
        return Internet.newBuilder().connectTimeout(WAIT).readTimeout(WAIT)
                .sslContext(TestCertificate.localhost().clientContext()).build();
    }

    private static HttpSession connect(Internet internet, int port, ConnectFlag... flags) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.HTTP, "localhost").port(port).flags(flags).build());
    }

    private static String read(HttpResponse response) throws IOException {
        try (response; InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aPreconnectedConnectionSendsNothingAndTheNextRequestTakesIt() throws Exception {
        server.enqueue(TestResponse.ok("one"));
        try (Internet internet = internet(); HttpSession http = connect(internet, proxy.address().getPort())) {
            http.preconnect();
            assertTrue(proxy.awaitConnections(1, WAIT));
            assertEquals(0, proxy.bytesUpstream(), "nothing is sent ahead of a request");
            assertEquals(0, server.requestCount());
            assertEquals("one", read(http.send(HttpRequest.get("/a"))));
            assertEquals(1, proxy.connectionCount(), "the request took the preconnected connection");
        }
    }

    @Test
    void eachPreconnectOpensOneMoreAndAnotherSessionOfTheRouteTakesThem() throws Exception {
        server.enqueue(TestResponse.ok("first"));
        server.enqueue(TestResponse.ok("second"));
        try (Internet internet = internet(); HttpSession ahead = connect(internet, proxy.address().getPort());
             HttpSession a = connect(internet, proxy.address().getPort());
             HttpSession b = connect(internet, proxy.address().getPort())) {
            ahead.preconnect();
            ahead.preconnect();
            assertTrue(proxy.awaitConnections(2, WAIT));
            // Two responses open at once need two connections: both are the preconnected ones.
            HttpResponse first = a.send(HttpRequest.get("/1"));
            HttpResponse second = b.send(HttpRequest.get("/2"));
            assertEquals("first", read(first));
            assertEquals("second", read(second));
            assertEquals(2, proxy.connectionCount());
        }
    }

    @Test
    void overTlsTheHandshakeIsDoneAheadAndTheRequestReusesIt() throws Exception {
        https.enqueue(TestResponse.ok("secure"));
        try (Internet internet = internet();
             HttpSession http = connect(internet, tls.address().getPort(), ConnectFlag.SECURE)) {
            http.preconnect();
            assertTrue(tls.awaitBytes(Direction.DOWNSTREAM, 1, WAIT), "the server's handshake came back");
            assertEquals(0, https.requestCount());
            assertEquals("secure", read(http.send(HttpRequest.get("/s"))));
            assertEquals(1, tls.connectionCount(), "the request took the connection, its handshake done");
        }
    }

    @Test
    void aPortWhereNothingListensIsCannotConnect() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (Internet internet = internet(); HttpSession http = connect(internet, closed)) {
            InternetException e = assertThrows(InternetException.class, http::preconnect);
            assertEquals(InternetError.CANNOT_CONNECT, e.error(), e.toString());
        }
    }

    @Test
    void aServerWhoseCertificateIsNotTrustedFailsAheadAsARequestWould() throws Exception {
        try (Internet internet = Internet.newBuilder().connectTimeout(WAIT).readTimeout(WAIT).build();
             HttpSession http = connect(internet, https.port(), ConnectFlag.SECURE)) {
            InternetException e = assertThrows(InternetException.class, http::preconnect);
            assertEquals(InternetError.INVALID_CA, e.error(), e.toString());
        }
    }

    @Test
    void closingTheSessionDuringAStalledHandshakeCancelsIt() throws Exception {
        tls.fault(Fault.stallAfter(Direction.DOWNSTREAM, 0)); // the ClientHello goes, no answer comes
        try (Internet internet = Internet.newBuilder().connectTimeout(WAIT).readTimeout(Duration.ofSeconds(60))
                .sslContext(TestCertificate.localhost().clientContext()).build()) {
            HttpSession http = connect(internet, tls.address().getPort(), ConnectFlag.SECURE);
            Thread closer = new Thread(() -> {
                try {
                    if (tls.awaitBytes(Direction.UPSTREAM, 1, WAIT)) {
                        http.close();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            closer.start();
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, http::preconnect);
            assertEquals(InternetError.OPERATION_CANCELLED, e.error(), e.toString());
            assertTrue(System.nanoTime() - start < WAIT.toNanos(), "ended by the close, not a time-out");
            closer.join(WAIT.toMillis());
            assertEquals(0, https.requestCount());
        }
    }

    @Test
    void theInternetsDeadlineEndsAStalledHandshake() throws Exception {
        tls.fault(Fault.stallAfter(Direction.DOWNSTREAM, 0));
        try (Internet internet = Internet.newBuilder().connectTimeout(WAIT).readTimeout(Duration.ofSeconds(60))
                .deadline(Duration.ofMillis(300)).sslContext(TestCertificate.localhost().clientContext()).build();
             HttpSession http = connect(internet, tls.address().getPort(), ConnectFlag.SECURE)) {
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, http::preconnect);
            assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
            assertTrue(System.nanoTime() - start < WAIT.toNanos(), "the deadline, not the read time-out");
            // The cut connection is not pooled: nothing is left open toward the proxy, the Internet open.
            long until = System.nanoTime() + WAIT.toNanos();
            while (tls.activeConnections() > 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertEquals(0, tls.activeConnections());
        }
    }

    @Test
    void aClosedSessionRefusesAndAClosedInternetClosesWhatItHeld() throws Exception {
        try (Internet internet = internet()) {
            HttpSession http = connect(internet, proxy.address().getPort());
            http.preconnect();
            assertTrue(proxy.awaitConnections(1, WAIT));
            http.close();
            InternetException e = assertThrows(InternetException.class, http::preconnect);
            assertEquals(InternetError.INVALID_HANDLE, e.error(), e.toString());
            assertEquals(1, proxy.activeConnections(), "the pool keeps it for the Internet's other sessions");
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (proxy.activeConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, proxy.activeConnections(), "closed with the Internet");
    }
}
