package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
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
import io.inetkit.provider.http.h1.H1Exchange;
import io.inetkit.testkit.BlockedCall;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.http.RecordedRequest;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link RequestBody#ofFile} body over plain HTTP/1.1 goes out from a connection made from a
 * {@link java.nio.channels.SocketChannel}: through the connection's direct buffer by default
 * ({@link Route#CHANNEL}), with {@code sendfile} when {@code Internet.Builder.zeroCopy(true)}
 * ({@link Route#SENDFILE}). Both keep what the stream copy guaranteed: the bytes and their length,
 * a stalled server ending it with {@code TIMEOUT}, a close of the Internet cancelling it. The
 * requests go through a {@link FaultProxy} to the test server.
 */
class HttpFileBodyTest {

    @TempDir
    Path dir;

    @StartStop final TestHttpServer server = TestHttpServer.newBuilder().recordBodyLimit(16 * 1024 * 1024).build();
    @StartStop final FaultProxy proxy = FaultProxy.to(server::address);

    /** Whether the Internets made from now on send files with sendfile: see {@link Route#select()}. */
    static volatile boolean zeroCopy;

    Internet internet = internet(Duration.ofSeconds(10));

    /** How a file body goes out, and the frame a failure of it shows. */
    enum Route {
        CHANNEL(H1Exchange.CHANNEL, "WriteWatchdog", "send"),
        SENDFILE(H1Exchange.SENDFILE, "FileChannel", "transferTo");

        final String name;
        final String failingClass;
        final String failingMethod;

        Route(String name, String failingClass, String failingMethod) {
            this.name = name;
            this.failingClass = failingClass;
            this.failingMethod = failingMethod;
        }

        /** Chooses the route for the connections opened from now on: zero-copy is off by default. */
        void select() {
            zeroCopy = this == SENDFILE;
        }

        /** Whether a cause of the failure was thrown where this route sends: the route ran. */
        boolean failedIn(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                for (StackTraceElement frame : t.getStackTrace()) {
                    if (frame.getMethodName().equals(failingMethod) && frame.getClassName().contains(failingClass)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    @AfterEach
    void close() {
        internet.close();
        zeroCopy = false;
    }

    static Internet internet(Duration readTimeout) {
        return Internet.newBuilder().connectTimeout(Duration.ofSeconds(5)).readTimeout(readTimeout)
                .writeTimeout(readTimeout).zeroCopy(zeroCopy).build();
    }

    HttpSession connect() throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.HTTP, proxy.host()).port(proxy.port()).build());
    }

    Path file(int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(dir.resolve("up-" + size + ".bin"), bytes);
    }

    static HttpRequest put(Path file) {
        return HttpRequest.newBuilder("/upload").method("PUT").body(RequestBody.ofFile(file)).build();
    }

    static String bodyRoute(HttpResponse response) {
        return ((ResponseImpl) response).bodyRoute();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Route.class)
    void aFileBodyGoesOutWithItsLength(Route route) throws Exception {
        route.select();
        internet.close();
        internet = internet(Duration.ofSeconds(10));
        Path source = file(5 * 1024 * 1024 + 333);
        server.enqueue(TestResponse.status(201));
        try (HttpSession http = connect(); HttpResponse response = http.send(put(source))) {
            assertEquals(201, response.statusCode());
            assertEquals(route.name, bodyRoute(response));
        }
        RecordedRequest request = server.takeRequest();
        assertEquals(String.valueOf(Files.size(source)), request.header("Content-Length").orElseThrow());
        assertArrayEquals(Files.readAllBytes(source), request.body());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Route.class)
    void theConnectionGoesOnAfterAFileUpload(Route route) throws Exception {
        route.select();
        internet.close();
        internet = internet(Duration.ofSeconds(10));
        Path source = file(1024 * 1024);
        server.enqueue(TestResponse.status(201));
        server.enqueue(TestResponse.ok("after"));
        try (HttpSession http = connect()) {
            try (HttpResponse response = http.send(put(source))) {
                assertEquals(route.name, bodyRoute(response));
                response.body().readAllBytes();
            }
            try (HttpResponse response = http.send(HttpRequest.get("/after"))) {
                assertEquals("after", new String(response.body().readAllBytes()));
            }
        }
        assertEquals(1, proxy.connectionCount(), "one kept-alive connection for both");
    }

    @Test
    void otherBodiesKeepTheStreamCopyAndAFileGoesThroughTheDirectBufferByDefault() throws Exception {
        Path source = file(2 * 1024 * 1024 + 1);
        server.enqueue(TestResponse.status(201));
        server.enqueue(TestResponse.status(201));
        try (HttpSession http = connect()) {
            try (HttpResponse response = http.send(HttpRequest.newBuilder("/bytes").method("PUT")
                    .body(RequestBody.of(Files.readAllBytes(source))).build())) {
                assertEquals("", bodyRoute(response), "a body of bytes");
            }
            internet.close();
            internet = internet(Duration.ofSeconds(10));
            try (HttpSession fresh = connect(); HttpResponse response = fresh.send(put(source))) {
                assertEquals(H1Exchange.CHANNEL, bodyRoute(response), "zero-copy is off by default");
            }
        }
        assertArrayEquals(Files.readAllBytes(source), server.takeRequest().body());
        assertArrayEquals(Files.readAllBytes(source), server.takeRequest().body());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Route.class)
    void aStalledFileUploadTimesOut(Route route) throws Exception {
        route.select();
        Duration timeout = Duration.ofSeconds(1);
        internet.close();
        internet = internet(timeout);
        Path source = file(64 * 1024 * 1024); // more than any socket buffers hold
        proxy.fault(Fault.stallAfter(Direction.UPSTREAM, 64 * 1024));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (HttpSession http = connect()) {
                long start = System.nanoTime();
                InternetException e = assertThrows(InternetException.class, () -> http.send(put(source)));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
                assertTrue(e.getMessage().contains("took in nothing"), e.getMessage());
                assertTrue(took.compareTo(timeout.plusSeconds(2)) < 0, "took " + took);
                assertTrue(route.failedIn(e), "failed in " + route.failingClass + "." + route.failingMethod);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Route.class)
    void closingTheInternetCancelsAFileUpload(Route route) throws Exception {
        route.select();
        internet.close();
        internet = internet(Duration.ofSeconds(60)); // a timeout cannot pass for the cancel
        Path source = file(64 * 1024 * 1024);
        proxy.fault(Fault.drip(Direction.UPSTREAM, 16 * 1024, Duration.ofMillis(10)));
        server.enqueue(TestResponse.status(201));
        HttpSession http = connect();
        BlockedCall put = putInBackground(route, http, source);
        assertTrue(proxy.awaitBytes(Direction.UPSTREAM, 1, Duration.ofSeconds(20)), "nothing was sent");
        Thread.sleep(1000); // the buffers fill, and the channel write or sendfile waits on the trickle
        assertTrue(put.running(), "the upload ended before the close");
        internet.close();
        InternetException e = put.failure(InternetException.class, Duration.ofSeconds(5));
        assertEquals(InternetError.OPERATION_CANCELLED, e.error(), e.toString());
        assertTrue(route.failedIn(e), "failed in " + route.failingClass + "." + route.failingMethod);
        assertConnectionClosed();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Route.class)
    void closingTheInternetWakesAFileUploadBlockedOnAServerThatStoppedReading(Route route) throws Exception {
        route.select();
        internet.close();
        internet = internet(Duration.ofSeconds(60));
        Path source = file(64 * 1024 * 1024);
        proxy.fault(Fault.stallAfter(Direction.UPSTREAM, 64 * 1024));
        HttpSession http = connect();
        BlockedCall put = putInBackground(route, http, source);
        proxy.awaitBytes(Direction.UPSTREAM, 64 * 1024, Duration.ofSeconds(20));
        Thread.sleep(500); // blocked in the channel write or sendfile by now: nothing more is read
        assertTrue(put.running(), "the upload ended before the close");
        internet.close(); // a close alone would leave sendfile blocked until the 60 s ran out
        InternetException e = put.failure(InternetException.class, Duration.ofSeconds(5));
        assertEquals(InternetError.OPERATION_CANCELLED, e.error(), e.toString());
        assertTrue(route.failedIn(e), "failed in " + route.failingClass + "." + route.failingMethod);
    }

    /**
     * An interrupt of the thread sending a file body: the channel's socket sees it at once, and
     * sendfile's too; the request ends as cancelled, and its connection is closed.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Route.class)
    void anInterruptEndsAFileUploadAsCancelled(Route route) throws Exception {
        route.select();
        internet.close();
        internet = internet(Duration.ofSeconds(60)); // a timeout cannot pass for the cancel
        Path source = file(64 * 1024 * 1024);
        proxy.fault(Fault.drip(Direction.UPSTREAM, 16 * 1024, Duration.ofMillis(10)));
        HttpSession http = connect();
        BlockedCall put = putInBackground(route, http, source);
        assertTrue(proxy.awaitBytes(Direction.UPSTREAM, 64 * 1024, Duration.ofSeconds(20)), "nothing was sent");
        put.interrupt();
        InternetException e = put.failure(InternetException.class, Duration.ofSeconds(10));
        assertEquals(InternetError.OPERATION_CANCELLED, e.error(), e.toString());
        assertConnectionClosed();
    }

    /** Sends a PUT of the file on a thread of its own, to be cancelled. */
    private static BlockedCall putInBackground(Route route, HttpSession http, Path source) {
        return BlockedCall.start(route + " PUT", () -> http.send(put(source)).close());
    }

    /** Waits until the proxy has no connection open: the cancelled upload's was closed. */
    private void assertConnectionClosed() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (proxy.activeConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, proxy.activeConnections(), "the cancelled upload's connection is closed");
    }
}
