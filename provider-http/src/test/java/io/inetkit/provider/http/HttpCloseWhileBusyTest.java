package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.RequestBody;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Closing a session or its Internet from another thread while a send waits for headers, or while a
 * body is read: the busy caller fails with {@code OPERATION_CANCELLED} and the connection is closed.
 * The read timeout is long (60 s), so a failure by timeout cannot pass for a cancellation.
 */
class HttpCloseWhileBusyTest {

    @StartStop final TestHttpServer server = TestHttpServer.create();
    @StartStop final FaultProxy proxy = FaultProxy.to(server::address);

    final Internet internet = Internet.newBuilder().readTimeout(Duration.ofSeconds(60)).build();

    @AfterEach
    void closeInternet() {
        internet.close();
    }

    HttpSession connect() throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.HTTP, proxy.host()).port(proxy.port()).build());
    }

    @Test
    void closingTheSessionCancelsASendWaitingForHeaders() throws Exception {
        proxy.fault(Fault.stallAfter(Direction.DOWNSTREAM, 0));
        server.enqueue(TestResponse.ok("never seen"));
        HttpSession http = connect();
        Thread closer = closeWhen(http, () -> proxy.bytesUpstream() > 0);
        InternetException e = assertThrows(InternetException.class, () -> http.send(HttpRequest.get("/")));
        assertEquals(InternetError.OPERATION_CANCELLED, e.error(), e.getMessage());
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        closer.join(10_000);
        assertConnectionsClosed();
        assertEquals(InternetError.INVALID_HANDLE,
                assertThrows(InternetException.class, () -> http.send(HttpRequest.get("/"))).error());
    }

    @Test
    void closingTheInternetCancelsAnUploadInProgress() throws Exception {
        server.enqueue(TestResponse.status(201));
        HttpSession http = connect();
        Thread closer = closeWhen(internet, () -> proxy.bytesUpstream() >= 8 * 1024);
        HttpRequest upload = HttpRequest.newBuilder("/upload").method("PUT")
                .body(RequestBody.ofStream(SlowStream::new, 16 * 1024 * 1024)).build();
        InternetException e = assertThrows(InternetException.class, () -> http.send(upload));
        assertEquals(InternetError.OPERATION_CANCELLED, e.error(), e.getMessage());
        closer.join(10_000);
        assertConnectionsClosed();
    }

    @Test
    void closingTheSessionCancelsAStalledBodyRead() throws Exception {
        // The proxy stalls the body but still reads from the client, so it sees the client close.
        proxy.fault(Fault.stallAfter(Direction.DOWNSTREAM, 2000));
        server.enqueue(TestResponse.newBuilder().status(200).body(new byte[100_000]).build());
        HttpSession http = connect();
        HttpResponse response = http.send(HttpRequest.get("/stalled"));
        InputStream body = response.body();
        assertEquals(1000, body.readNBytes(1000).length);
        Thread closer = closeWhen(http, () -> true);
        InternetException e = assertThrows(InternetException.class, body::readAllBytes);
        assertEquals(InternetError.OPERATION_CANCELLED, e.error(), e.getMessage());
        closer.join(10_000);
        assertConnectionsClosed();
        // A read begun after the close is on a closed handle, as in every provider.
        assertEquals(InternetError.INVALID_HANDLE, assertThrows(InternetException.class, body::read).error());
    }

    @Test
    void closingTheInternetCancelsAThrottledBodyRead() throws Exception {
        server.enqueue(TestResponse.newBuilder().status(200).body(new byte[1_000_000])
                .throttle(1000, Duration.ofMillis(50)).build());
        HttpSession http = connect();
        HttpResponse response = http.send(HttpRequest.get("/throttled"));
        Thread closer = closeWhen(internet, () -> true);
        InternetException e = assertThrows(InternetException.class, () -> response.body().readAllBytes());
        assertEquals(InternetError.OPERATION_CANCELLED, e.error(), e.getMessage());
        closer.join(10_000);
        assertConnectionsClosed();
        assertTrue(!http.isOpen(), "closing the Internet closed the session");
    }

    /** An upload source that gives 1 KiB every 20 ms, so the proxy never holds a backlog of it. */
    private static final class SlowStream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("the upload was given up");
            }
            int n = Math.min(len, 1024);
            Arrays.fill(b, off, off + n, (byte) 'u');
            return n;
        }
    }

    /** Closes the handle from another thread once the condition holds and the caller had time to block. */
    private static Thread closeWhen(AutoCloseable handle, BooleanSupplier condition) {
        Thread closer = new Thread(() -> {
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                Thread.sleep(200);
                handle.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "closer");
        closer.setDaemon(true);
        closer.start();
        return closer;
    }

    private void assertConnectionsClosed() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (proxy.activeConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, proxy.activeConnections(), "the cancelled exchange's connection is closed");
        assertTrue(proxy.connectionCount() >= 1);
    }
}
