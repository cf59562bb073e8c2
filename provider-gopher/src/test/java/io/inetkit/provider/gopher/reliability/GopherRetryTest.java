package io.inetkit.provider.gopher.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.RetryPolicy;
import io.inetkit.Service;
import io.inetkit.StatusEvent;
import io.inetkit.gopher.GopherItemType;
import io.inetkit.gopher.GopherSession;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.gopher.TestGopherServer;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Gopher request whose connection is refused (when the policy says so), or reset or closed
 * before the reply's first byte, is sent again under the {@code Internet}'s {@code RetryPolicy};
 * one that failed after a byte of the reply, or timed out, is not. The testkit's Gopher server
 * behind a fault proxy; the server counts the requests it read.
 */
class GopherRetryTest {

    static final byte[] DOCUMENT = new byte[512 * 1024];
    static final RetryPolicy POLICY = RetryPolicy.newBuilder().maxRetries(2).backoff(Duration.ofMillis(100)).build();

    static {
        new Random(5).nextBytes(DOCUMENT);
    }

    @StartStop final TestGopherServer server = TestGopherServer.create();
    @StartStop final FaultProxy proxy = FaultProxy.to(server::address);

    @TempDir
    Path local;

    final ConcurrentLinkedQueue<StatusEvent> events = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void serve() {
        server.raw("/doc", DOCUMENT);
        server.raw("/m", "0one\t/one\tlocalhost\t70\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    Internet internet(RetryPolicy policy) {
        return Internet.newBuilder().retries(policy).connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(2)).statusListener(events::add).build();
    }

    GopherSession connect(Internet internet) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.GOPHER, "127.0.0.1").port(proxy.port()).build());
    }

    long published(InternetStatus status) {
        return events.stream().filter(e -> e.status() == status).count();
    }

    List<Path> left() throws IOException {
        try (Stream<Path> files = Files.list(local)) {
            return files.toList();
        }
    }

    @Test
    void aResetOnAcceptIsRetried() throws Exception {
        proxy.enqueue(Fault.resetOnAccept());
        try (Internet internet = internet(POLICY); GopherSession gopher = connect(internet)) {
            assertEquals(1, gopher.menu("/m").size());
        }
        assertEquals(2, proxy.connectionCount());
        assertEquals(1, server.requestCount());
        assertEquals(2, published(InternetStatus.CONNECTING_TO_SERVER), "each try publishes its steps");
        // The reset may end the first try before its request is written, or after: the steps it
        // reached are published, the second try's all of them.
        long sending = published(InternetStatus.SENDING_REQUEST);
        assertTrue(sending == 1 || sending == 2, "SENDING_REQUEST published " + sending + " times");
    }

    @Test
    void aResetBeforeTheReplysFirstByteIsRetriedAndTheFileIsByteIdentical() throws Exception {
        proxy.enqueue(Fault.resetAfter(Direction.DOWNSTREAM, 0));
        Path file = local.resolve("doc.bin");
        try (Internet internet = internet(POLICY); GopherSession gopher = connect(internet)) {
            gopher.get("/doc", GopherItemType.BINARY, file);
        }
        assertArrayEquals(DOCUMENT, Files.readAllBytes(file));
        // Two connections; the first try's request may or may not have reached the server before
        // the proxy cut it, so the server's count says nothing here.
        assertEquals(2, proxy.connectionCount());
        assertEquals(List.of(file), left());
    }

    @Test
    void aStreamOpenedAfterAResetBeforeTheFirstByteIsTheWholeDocument() throws Exception {
        proxy.enqueue(Fault.resetAfter(Direction.DOWNSTREAM, 0));
        try (Internet internet = internet(POLICY); GopherSession gopher = connect(internet);
             InputStream in = gopher.open("/doc", GopherItemType.BINARY)) {
            assertArrayEquals(DOCUMENT, in.readAllBytes());
        }
        assertEquals(2, proxy.connectionCount());
    }

    @Test
    void aCloseBeforeTheFirstByteIsAnEmptyReplyNotRetried() throws Exception {
        // Gopher has no status line: a server that closes at once sent an empty document.
        proxy.enqueue(Fault.cutAfter(Direction.DOWNSTREAM, 0));
        try (Internet internet = internet(POLICY); GopherSession gopher = connect(internet);
             InputStream in = gopher.open("/doc", GopherItemType.BINARY)) {
            assertEquals(0, in.readAllBytes().length);
        }
        assertEquals(1, proxy.connectionCount());
    }

    @Test
    void aResetAfterTheFirstByteIsNotRetriedAndLeavesNoFile() throws Exception {
        proxy.enqueue(Fault.resetAfter(Direction.DOWNSTREAM, 100_000));
        Path file = local.resolve("doc.bin");
        try (Internet internet = internet(POLICY); GopherSession gopher = connect(internet)) {
            InternetException e = assertThrows(InternetException.class,
                    () -> gopher.get("/doc", GopherItemType.BINARY, file));
            assertEquals(InternetError.CONNECTION_RESET, e.error(), e.toString());
        }
        assertEquals(1, proxy.connectionCount());
        assertEquals(List.of(), left());
    }

    @Test
    void everyTryResetEndsWithEveryTryListedAndNoFile() throws Exception {
        proxy.fault(Fault.resetOnAccept());
        Path file = local.resolve("doc.bin");
        Leaks leaks = Leaks.snapshot();
        try (Internet internet = internet(POLICY); GopherSession gopher = connect(internet)) {
            InternetException e = assertThrows(InternetException.class,
                    () -> gopher.get("/doc", GopherItemType.BINARY, file));
            // The last reset may come while the socket still connects (CANNOT_CONNECT) or after (a reset).
            assertTrue(e.error() == InternetError.CONNECTION_RESET || e.error() == InternetError.CONNECTION_ABORTED
                    || e.error() == InternetError.CANNOT_CONNECT, e.toString());
            assertTrue(e.getMessage().matches("(?s).*\\(3 tries: 1\\. [^;]+; 2\\. [^;]+; 3\\. [^;]+\\)$"),
                    e.getMessage());
        }
        assertEquals(3, proxy.connectionCount());
        assertEquals(0, server.requestCount());
        assertEquals(List.of(), left(), "neither the file nor its part");
        leaks.assertNoLeak("three tries");
    }

    @Test
    void aRefusedConnectionIsRetriedWhenThePolicySaysSo() throws Exception {
        proxy.refuseConnections();
        Thread opener = new Thread(() -> {
            try {
                Thread.sleep(300);
                proxy.acceptConnections();
            } catch (Exception ignored) {
                // the request's failure tells
            }
        });
        RetryPolicy patient = POLICY.toBuilder().maxRetries(10).maxBackoff(Duration.ofMillis(200)).build();
        try (Internet internet = internet(patient); GopherSession gopher = connect(internet)) {
            opener.start();
            assertEquals(1, gopher.menu("/m").size());
            opener.join();
        }
        assertTrue(published(InternetStatus.CONNECTING_TO_SERVER) >= 2);
        assertEquals(1, server.requestCount());
    }

    @Test
    void aRefusedConnectionIsNotRetriedWhenThePolicySaysNot() throws Exception {
        proxy.refuseConnections();
        RetryPolicy policy = POLICY.toBuilder().retryConnectionRefused(false).backoff(Duration.ofSeconds(5)).build();
        try (Internet internet = internet(policy); GopherSession gopher = connect(internet)) {
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, () -> gopher.menu("/m"));
            assertEquals(InternetError.CANNOT_CONNECT, e.error(), e.toString());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(4)) < 0);
        }
        assertEquals(1, published(InternetStatus.CONNECTING_TO_SERVER));
    }

    @Test
    void aTimeOutIsNotRetried() throws Exception {
        proxy.enqueue(Fault.stallAfter(Direction.DOWNSTREAM, 0));
        try (Internet internet = Internet.newBuilder().retries(POLICY).readTimeout(Duration.ofMillis(500)).build();
             GopherSession gopher = connect(internet)) {
            InternetException e = assertThrows(InternetException.class, () -> gopher.menu("/m"));
            assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
        }
        assertEquals(1, proxy.connectionCount());
    }

    @Test
    void theDeadlineBoundsTheRetries() throws Exception {
        proxy.fault(Fault.resetOnAccept());
        RetryPolicy slow = POLICY.toBuilder().maxRetries(5).backoff(Duration.ofSeconds(5)).build();
        try (Internet internet = Internet.newBuilder().retries(slow).deadline(Duration.ofSeconds(2)).build();
             GopherSession gopher = connect(internet)) {
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, () -> gopher.menu("/m"));
            assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0);
        }
        assertEquals(1, proxy.connectionCount());
    }

    @Test
    void closingTheSessionEndsTheWaitToRetry() throws Exception {
        proxy.fault(Fault.resetOnAccept());
        RetryPolicy slow = POLICY.toBuilder().backoff(Duration.ofSeconds(30)).build();
        try (Internet internet = internet(slow); GopherSession gopher = connect(internet)) {
            Thread closer = new Thread(() -> {
                try {
                    proxy.awaitConnections(1, Duration.ofSeconds(10));
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
                gopher.close();
            });
            closer.start();
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, () -> gopher.menu("/m"));
            assertEquals(InternetError.OPERATION_CANCELLED, e.error(), e.toString());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
            closer.join();
        }
    }
}
