package io.inetkit.provider.http.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.EventListener;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.RetryPolicy;
import io.inetkit.Service;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.HttpVersion;
import io.inetkit.http.RequestBody;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retries of the HTTP provider ({@code RetryPolicy}), against the testkit's HTTP server behind a
 * {@link FaultProxy}: what is sent again (an idempotent request whose connection failed before
 * any response byte; a 503 or 429 whose Retry-After is within the bound), what never is (a POST, a
 * request the server began to answer, a stream body), the waits, and the deadline over them all.
 */
class HttpRetryTest {

    static final Duration BACKOFF = Duration.ofMillis(100);
    static final byte[] BIG = new byte[1024 * 1024];
    static final RetryPolicy POLICY = RetryPolicy.newBuilder().maxRetries(2).backoff(BACKOFF).build();

    TestHttpServer server;
    FaultProxy proxy;
    final AtomicInteger connects = new AtomicInteger();
    final EventListener counting = new EventListener() {
        @Override
        public void connectStart(Call call, Duration elapsed, InetSocketAddress address) {
            connects.incrementAndGet();
        }
    };

    @BeforeEach
    void start() throws IOException {
        server = TestHttpServer.newBuilder()
                .dispatcher(request -> request.path().equals("/big") ? TestResponse.newBuilder().body(BIG).build()
                        : TestResponse.ok(request.method() + " " + request.bodyText())).build();
        server.start();
        proxy = FaultProxy.to(server::address);
        proxy.start();
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        server.close();
    }

    Internet internet(RetryPolicy policy) {
        return internet(policy.toBuilder());
    }

    Internet internet(RetryPolicy.Builder policy) {
        return Internet.newBuilder().retries(policy.build()).eventListener(counting)
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5)).build();
    }

    HttpSession session(Internet internet) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1").port(proxy.port()).build());
    }

    static String send(HttpSession session, HttpRequest request) throws IOException {
        try (HttpResponse response = session.send(request)) {
            return response.statusCode() + " " + new String(response.body().readAllBytes());
        }
    }

    @Test
    void aRefusedConnectionIsTriedAgainWithBackoffAndTheErrorCountsTheTries() throws Exception {
        proxy.refuseConnections();
        try (Internet internet = internet(POLICY); HttpSession session = session(internet)) {
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, () -> send(session, HttpRequest.get("/a")));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(InternetError.CANNOT_CONNECT, e.error());
            assertEquals(3, connects.get(), "three connects");
            assertTrue(e.getMessage().contains("(3 tries: 1. cannot connect; 2. cannot connect; 3. cannot connect)"),
                    e.getMessage());
            // The waits: at least 100 ms, then at least 200 ms.
            assertTrue(took.compareTo(BACKOFF.multipliedBy(3)) >= 0, "took " + took.toMillis() + " ms");
        }
    }

    @Test
    void aRefusedConnectionIsNotRetriedWhenThePolicySaysSo() throws Exception {
        proxy.refuseConnections();
        try (Internet internet = internet(POLICY.toBuilder().retryConnectionRefused(false));
             HttpSession session = session(internet)) {
            InternetException e = assertThrows(InternetException.class, () -> send(session, HttpRequest.get("/a")));
            assertEquals(InternetError.CANNOT_CONNECT, e.error());
            assertEquals(1, connects.get());
            assertFalse(e.getMessage().contains("tries"), e.getMessage());
        }
    }

    @Test
    void noRetriesWithThePolicyNone() throws Exception {
        proxy.refuseConnections();
        try (Internet internet = internet(RetryPolicy.none()); HttpSession session = session(internet)) {
            assertThrows(InternetException.class, () -> send(session, HttpRequest.get("/a")));
            assertEquals(1, connects.get());
        }
    }

    @Test
    void aResetBeforeAnyResponseByteIsRetried() throws Exception {
        proxy.enqueue(Fault.resetAfter(Direction.DOWNSTREAM, 0), Fault.resetOnAccept());
        try (Internet internet = internet(POLICY); HttpSession session = session(internet)) {
            assertEquals("200 GET ", send(session, HttpRequest.get("/a")));
            assertEquals(3, proxy.connectionCount());
        }
    }

    @Test
    void aResetAfterTheFirstResponseBytesIsNotRetried() throws Exception {
        proxy.fault(Fault.resetAfter(Direction.DOWNSTREAM, 10));
        try (Internet internet = internet(POLICY); HttpSession session = session(internet)) {
            InternetException e = assertThrows(InternetException.class, () -> send(session, HttpRequest.get("/a")));
            assertTrue(e.error() == InternetError.CONNECTION_RESET || e.error() == InternetError.CONNECTION_ABORTED,
                    e.toString());
            assertEquals(1, proxy.connectionCount());
            assertEquals(1, server.requestCount());
        }
    }

    @Test
    void aResetMidBodyIsNotRetried() throws Exception {
        proxy.fault(Fault.resetAfter(Direction.DOWNSTREAM, 64 * 1024));
        try (Internet internet = internet(POLICY); HttpSession session = session(internet)) {
            assertThrows(InternetException.class, () -> send(session, HttpRequest.get("/big")));
            assertEquals(1, proxy.connectionCount());
        }
    }

    @Test
    void aPostIsNeverSentTwiceUnlessThePolicyAsks() throws Exception {
        HttpRequest post = HttpRequest.newBuilder("/p").method("POST").body(RequestBody.of("x".getBytes())).build();
        proxy.enqueue(Fault.resetAfter(Direction.DOWNSTREAM, 0));
        try (Internet internet = internet(POLICY); HttpSession session = session(internet)) {
            InternetException e = assertThrows(InternetException.class, () -> send(session, post));
            // The reset may reach the client while it still sets the connection up, before the request
            // leaves: then it is a failure to connect. Either way there is one try.
            assertTrue(e.error() == InternetError.CONNECTION_RESET || e.error() == InternetError.CONNECTION_ABORTED
                    || e.error() == InternetError.CANNOT_CONNECT, e.toString());
            assertEquals(1, proxy.connectionCount(), "one try");
            assertTrue(server.requestCount() <= 1);
        }
        proxy.enqueue(Fault.resetAfter(Direction.DOWNSTREAM, 0));
        try (Internet internet = internet(POLICY.toBuilder().retryNonIdempotent(true));
             HttpSession session = session(internet)) {
            assertEquals("200 POST x", send(session, post));
            assertEquals(3, proxy.connectionCount(), "a second try, as asked");
        }
    }

    @Test
    void aBodyThatCannotBeReplayedIsNotRetried() throws Exception {
        HttpRequest put = HttpRequest.newBuilder("/p").method("PUT")
                .body(RequestBody.ofStream(() -> new ByteArrayInputStream("x".getBytes()), 1)).build();
        proxy.enqueue(Fault.resetAfter(Direction.DOWNSTREAM, 0));
        try (Internet internet = internet(POLICY); HttpSession session = session(internet)) {
            assertThrows(InternetException.class, () -> send(session, put));
            assertEquals(1, proxy.connectionCount());
        }
    }

    @Test
    void aPutWithBytesIsRetried() throws Exception {
        HttpRequest put = HttpRequest.newBuilder("/p").method("PUT").body(RequestBody.of("x".getBytes())).build();
        proxy.enqueue(Fault.resetAfter(Direction.DOWNSTREAM, 0));
        try (Internet internet = internet(POLICY); HttpSession session = session(internet)) {
            assertEquals("200 PUT x", send(session, put));
            assertEquals(2, proxy.connectionCount());
        }
    }

    @Test
    void a503WithRetryAfterInSecondsIsRetriedAfterThatWait() throws Exception {
        server.enqueue(TestResponse.newBuilder().status(503).header("Retry-After", "1").body("busy").build());
        server.enqueue(TestResponse.ok("fine"));
        try (Internet internet = internet(POLICY); HttpSession session = session(internet)) {
            long start = System.nanoTime();
            assertEquals("200 fine", send(session, HttpRequest.get("/a")));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(1)) >= 0);
            assertEquals(2, server.requestCount());
        }
    }

    @Test
    void a429WithRetryAfterAsAnHttpDateIsRetriedAfterThatWait() throws Exception {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2));
        server.enqueue(TestResponse.newBuilder().status(429).header("Retry-After", date).build());
        server.enqueue(TestResponse.ok("fine"));
        try (Internet internet = internet(POLICY); HttpSession session = session(internet)) {
            long start = System.nanoTime();
            assertEquals("200 fine", send(session, HttpRequest.get("/a")));
            // The date has whole seconds: two seconds ahead is at least one second's wait.
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(1)) >= 0);
            assertEquals(2, server.requestCount());
        }
    }

    @Test
    void aRetryAfterPastTheBoundReturnsTheResponseAtOnce() throws Exception {
        server.enqueue(TestResponse.newBuilder().status(503).header("Retry-After", "31536000").body("later").build());
        try (Internet internet = internet(POLICY); HttpSession session = session(internet)) {
            long start = System.nanoTime();
            assertEquals("503 later", send(session, HttpRequest.get("/a")));
            // Generous: only a wait of the server's year, or of the bound, would pass it.
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
            assertEquals(1, server.requestCount());
        }
    }

    @Test
    void a503WithoutRetryAfterOrAfterTheLastRetryIsReturned() throws Exception {
        server.enqueue(TestResponse.newBuilder().status(503).body("no hint").build());
        for (int i = 0; i < 3; i++) {
            server.enqueue(TestResponse.newBuilder().status(503).header("Retry-After", "0").body("again").build());
        }
        try (Internet internet = internet(POLICY); HttpSession session = session(internet)) {
            assertEquals("503 no hint", send(session, HttpRequest.get("/a")));
            assertEquals("503 again", send(session, HttpRequest.get("/a")));
            assertEquals(4, server.requestCount(), "one, then one and two retries");
        }
    }

    @Test
    void aPostAnswered503IsNotRetried() throws Exception {
        server.enqueue(TestResponse.newBuilder().status(503).header("Retry-After", "0").body("busy").build());
        try (Internet internet = internet(POLICY); HttpSession session = session(internet)) {
            assertEquals("503 busy", send(session, HttpRequest.newBuilder("/p").method("POST")
                    .body(RequestBody.of("x".getBytes())).build()));
            assertEquals(1, server.requestCount());
        }
    }

    @Test
    void theDeadlineEndsTheRetriesWithoutWaitingPastIt() throws Exception {
        proxy.refuseConnections();
        RetryPolicy slow = POLICY.toBuilder().maxRetries(5).backoff(Duration.ofSeconds(2)).build();
        try (Internet internet = internet(slow); HttpSession session = session(internet)) {
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, () -> send(session,
                    HttpRequest.newBuilder("/a").deadline(Duration.ofMillis(1500)).build()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
            assertTrue(e.getMessage().contains("deadline"), e.getMessage());
            assertTrue(took.compareTo(Duration.ofMillis(1500)) < 0, "took " + took.toMillis() + " ms");
        }
    }

    @Test
    void aRetryAfterPastTheDeadlineReturnsTheResponse() throws Exception {
        server.enqueue(TestResponse.newBuilder().status(503).header("Retry-After", "5").body("busy").build());
        try (Internet internet = internet(POLICY); HttpSession session = session(internet)) {
            assertEquals("503 busy", send(session, HttpRequest.newBuilder("/a").deadline(Duration.ofSeconds(2))
                    .build()));
            assertEquals(1, server.requestCount());
        }
    }

    @Test
    void maxRetryTimeEndsTheRetries() throws Exception {
        proxy.refuseConnections();
        RetryPolicy timed = POLICY.toBuilder().maxRetries(50).backoff(Duration.ofMillis(200))
                .maxRetryTime(Duration.ofMillis(500)).build();
        try (Internet internet = internet(timed); HttpSession session = session(internet)) {
            InternetException e = assertThrows(InternetException.class, () -> send(session, HttpRequest.get("/a")));
            assertEquals(InternetError.CANNOT_CONNECT, e.error());
            assertTrue(e.getMessage().contains("RetryPolicy.maxRetryTime"), e.getMessage());
            assertTrue(connects.get() >= 2 && connects.get() < 10, connects.get() + " connects");
        }
    }

    @Test
    void closingTheSessionEndsAWaitForARetry() throws Exception {
        proxy.refuseConnections();
        RetryPolicy slow = POLICY.toBuilder().backoff(Duration.ofSeconds(30)).build();
        try (Internet internet = internet(slow); HttpSession session = session(internet)) {
            Thread closer = new Thread(() -> {
                try {
                    while (connects.get() == 0) {
                        Thread.sleep(10);
                    }
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                session.close();
            });
            closer.start();
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, () -> send(session, HttpRequest.get("/a")));
            assertEquals(InternetError.OPERATION_CANCELLED, e.error(), e.toString());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(20)) < 0);
            closer.join();
        }
    }

    @Test
    void http2RetriesARefusedConnectionToo() throws Exception {
        proxy.refuseConnections();
        try (Internet internet = internet(POLICY); HttpSession session = session(internet)) {
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, () -> send(session,
                    HttpRequest.newBuilder("/a").version(HttpVersion.HTTP_2).build()));
            assertEquals(InternetError.CANNOT_CONNECT, e.error());
            assertTrue(e.getMessage().contains("3 tries"), e.getMessage());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(BACKOFF.multipliedBy(3)) >= 0);
        }
    }
}
