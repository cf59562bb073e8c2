package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import io.inetkit.testkit.proxy.FaultProxy;
import io.inetkit.testkit.tls.TestCertificate;
import io.inetkit.toolbox.WriteWatchdog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A response body read into a buffer ({@link ReadableByteChannel}, as segmented downloads read it):
 * on a plain connection it comes from the socket's channel, each read watched for the read timeout;
 * chunked and TLS bodies come through the stream reads. The bytes are the stream's, the connection
 * is reused after a complete body, and a stall, a close or a deadline ends a blocked read as they
 * end a stream read.
 */
@Timeout(60)
class HttpBodyChannelTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @StartStop final TestHttpServer server = TestHttpServer.create();
    @StartStop final FaultProxy proxy = FaultProxy.to(server::address);
    private Leaks leaks;

    @BeforeEach
    void snapshot() {
        leaks = Leaks.snapshot();
    }

    @AfterEach
    void noLeaks() throws Exception {
        proxy.close();
        server.close();
        leaks.assertNoLeak("body channel reads");
    }

    private static Internet internet(Duration readTimeout) {
        return Internet.newBuilder().connectTimeout(WAIT).readTimeout(readTimeout)
                .sslContext(TestCertificate.localhost().clientContext()).build();
    }

    private static HttpSession connect(Internet internet, int port, ConnectFlag... flags) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.HTTP, "localhost").port(port).flags(flags).build());
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** Reads the body to its end into a direct buffer of {@code capacity}, as a channel. */
    private static byte[] readByBuffer(HttpResponse response, int capacity) throws IOException {
        try (response; InputStream body = response.body()) {
            ReadableByteChannel channel = assertInstanceOfChannel(body);
            ByteBuffer buffer = ByteBuffer.allocateDirect(capacity);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                out.write(chunk);
                buffer.clear();
            }
            assertEquals(-1, channel.read(buffer), "the end stays the end");
            return out.toByteArray();
        }
    }

    private static ReadableByteChannel assertInstanceOfChannel(InputStream body) {
        assertTrue(body instanceof ReadableByteChannel, "an HTTP/1.1 body reads into buffers: " + body.getClass());
        return (ReadableByteChannel) body;
    }

    @Test
    void aBodyByLengthReadIntoABufferIsTheStreamsAndTheConnectionIsReused() throws Exception {
        byte[] big = random(3 * 1024 * 1024 + 17);
        // In pieces: the head and the first bytes arrive together, in the connection's buffer.
        server.enqueue(TestResponse.newBuilder().body(big).throttle(200_000, Duration.ofMillis(2)).build());
        server.enqueue(TestResponse.ok("after"));
        try (Internet internet = internet(WAIT); HttpSession http = connect(internet, proxy.address().getPort())) {
            assertArrayEquals(big, readByBuffer(http.send(HttpRequest.get("/big")), 256 * 1024));
            assertArrayEquals("after".getBytes(StandardCharsets.UTF_8),
                    readByBuffer(http.send(HttpRequest.get("/after")), 1000));
            assertEquals(1, proxy.connectionCount(), "the second request took the first's connection");
        }
    }

    @Test
    void chunkedAndTlsBodiesReadIntoABufferToo() throws Exception {
        byte[] big = random(700_000);
        server.enqueue(TestResponse.newBuilder().body(big).chunked().throttle(65_000, Duration.ZERO).build());
        try (TestHttpServer https = TestHttpServer.newBuilder().https().build()) {
            https.start();
            https.enqueue(TestResponse.newBuilder().body(big).build());
            try (Internet internet = internet(WAIT); HttpSession http = connect(internet, proxy.address().getPort());
                 HttpSession secure = connect(internet, https.address().getPort(), ConnectFlag.SECURE)) {
                assertArrayEquals(big, readByBuffer(http.send(HttpRequest.get("/chunked")), 100_000));
                assertArrayEquals(big, readByBuffer(secure.send(HttpRequest.get("/tls")), 100_000));
            }
        }
    }

    @Test
    void aBodyFramedByTheCloseReadIntoABufferEndsWithIt() throws Exception {
        byte[] big = random(1_500_000);
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket socket = listener.accept()) {
                    socket.getInputStream().read(new byte[4096]);
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.write(big);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (Internet internet = internet(WAIT); HttpSession http = connect(internet, listener.getLocalPort())) {
                assertArrayEquals(big, readByBuffer(http.send(HttpRequest.get("/close")), 64 * 1024));
            }
            served.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStalledBodyReadIntoABufferEndsAtTheReadTimeout() throws Exception {
        server.enqueue(TestResponse.newBuilder().body(random(500_000)).stallAfter(100_000).build());
        try (Internet internet = internet(Duration.ofMillis(500));
             HttpSession http = connect(internet, proxy.address().getPort());
             HttpResponse response = http.send(HttpRequest.get("/stall"))) {
            ReadableByteChannel channel = assertInstanceOfChannel(response.body());
            ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, () -> drain(channel, buffer));
            assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
            assertTrue(e.getMessage().contains("the read time-out (Internet.Builder.readTimeout)"), e.getMessage());
            assertTrue(causedBy(e, WriteWatchdog.ReadTimeoutException.class),
                    "the channel's read was watched, not bounded by SO_TIMEOUT: " + e);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "the watch ended the read");
            assertThrows(InternetException.class, () -> channel.read(buffer), "a failed body stays failed");
        }
    }

    @Test
    void closingTheResponseEndsABlockedBufferReadAsACancel() throws Exception {
        server.enqueue(TestResponse.newBuilder().body(random(500_000)).stallAfter(10_000).build());
        try (Internet internet = internet(Duration.ofSeconds(30));
             HttpSession http = connect(internet, proxy.address().getPort())) {
            HttpResponse response = http.send(HttpRequest.get("/stall"));
            ReadableByteChannel channel = assertInstanceOfChannel(response.body());
            ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
            CompletableFuture<InternetException> reader = CompletableFuture.supplyAsync(() -> assertThrows(
                    InternetException.class, () -> drain(channel, buffer)));
            assertTrue(proxy.awaitBytes(io.inetkit.testkit.proxy.Direction.DOWNSTREAM, 10_000, WAIT));
            Thread.sleep(200); // the reader is blocked in the channel's read
            response.close();
            InternetException e = reader.get(10, TimeUnit.SECONDS);
            assertEquals(InternetError.OPERATION_CANCELLED, e.error(), e.toString());
            assertTrue(!channel.isOpen(), "a closed body says so");
        }
    }

    @Test
    void theDeadlineEndsABlockedBufferRead() throws Exception {
        server.enqueue(TestResponse.newBuilder().body(random(500_000)).stallAfter(10_000).build());
        try (Internet internet = Internet.newBuilder().connectTimeout(WAIT).readTimeout(Duration.ofSeconds(30))
                .deadline(Duration.ofMillis(700)).build();
             HttpSession http = connect(internet, proxy.address().getPort());
             HttpResponse response = http.send(HttpRequest.get("/stall"))) {
            ReadableByteChannel channel = assertInstanceOfChannel(response.body());
            ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, () -> drain(channel, buffer));
            assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
            assertTrue(e.getMessage().contains("deadline"), e.getMessage());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "the deadline, not the read timeout");
        }
    }

    /** Reads to the end, or to the failure the test waits for. */
    private static void drain(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (channel.read(buffer) >= 0) {
            buffer.clear();
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
