package io.inetkit.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link WriteWatchdog} on a real loopback connection whose reader stops, or keeps, reading. */
class WriteWatchdogTest {

    private static final String THREAD = "inetkit-write-watchdog";

    @Test
    void aWriteToAReaderThatStoppedFailsWithinTheTimeoutAndResetsTheSocket() throws Exception {
        Duration timeout = Duration.ofMillis(300);
        try (ServerSocket server = listener();
             Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
             Socket deaf = server.accept(); // never read from
             WriteWatchdog watchdog = new WriteWatchdog()) {
            client.setSendBufferSize(4096);
            OutputStream out = watchdog.watch(client.getOutputStream(), client, timeout);
            byte[] chunk = new byte[64 * 1024];
            long start = System.nanoTime();
            // Without the watchdog the write blocks forever: end the test instead.
            WriteWatchdog.WriteTimeoutException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThrows(WriteWatchdog.WriteTimeoutException.class, () -> {
                        while (true) {
                            out.write(chunk);
                        }
                    }));
            long elapsed = System.nanoTime() - start;
            assertTrue(elapsed < timeout.plusSeconds(1).toNanos(), "failed after " + elapsed / 1_000_000 + " ms");
            assertTrue(elapsed >= timeout.toNanos(), "failed after " + elapsed / 1_000_000 + " ms");
            assertEquals(timeout, e.timeout());
            assertTrue(e.getMessage().contains("300 ms"), e.getMessage());
            assertTrue(client.isClosed(), "the stalled socket is closed");
            // A reset, not a FIN: the reader's side fails rather than waiting behind unread bytes.
            deaf.setSoTimeout(5_000);
            assertThrows(IOException.class, () -> deaf.getInputStream().readAllBytes());
        }
    }

    @Test
    void aWriterWhoseReaderKeepsReadingSlowlyIsNeverCut() throws Exception {
        Duration timeout = Duration.ofMillis(1000);
        byte[] body = new byte[512 * 1024];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        try (ServerSocket server = listener();
             Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
             Socket slow = server.accept();
             WriteWatchdog watchdog = new WriteWatchdog()) {
            client.setSendBufferSize(4096);
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readSlowly(slow));
            long start = System.nanoTime();
            try (OutputStream out = watchdog.watch(client.getOutputStream(), client, timeout)) {
                out.write(body, 0, 256 * 1024); // one large write, sliced
                for (int off = 256 * 1024; off < body.length; off += 32 * 1024) {
                    out.write(body, off, 32 * 1024);
                }
            }
            assertTrue(System.nanoTime() - start > timeout.toNanos(), "the upload outlived the timeout");
            assertArrayEquals(body, received.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void closeEndsTheThreadAndLeavesStreamsUnwatched() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        try (ServerSocket server = listener();
             Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
             Socket peer = server.accept()) {
            WriteWatchdog watchdog = new WriteWatchdog();
            OutputStream out = watchdog.watch(client.getOutputStream(), client, Duration.ofSeconds(5));
            assertFalse(watchdogThreads(before).isEmpty(), "a watched stream starts the thread");
            watchdog.close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!watchdogThreads(before).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of(), watchdogThreads(before));
            out.write(1); // still works, unwatched
            OutputStream raw = client.getOutputStream();
            assertTrue(raw == watchdog.watch(raw, client, Duration.ofSeconds(5)), "closed: handed back as it is");
            watchdog.close(); // twice is harmless
        }
    }

    private static ServerSocket listener() throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReceiveBufferSize(4096); // inherited by the accepted socket
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return server;
    }

    /** Takes in 4 KiB every 20 ms: slow, but far more than 16 KiB per second. */
    private static byte[] readSlowly(Socket socket) {
        try (InputStream in = socket.getInputStream()) {
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) != -1) {
                all.write(buffer, 0, n);
                Thread.sleep(20);
            }
            return all.toByteArray();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> watchdogThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && t.getName().equals(THREAD))
                .map(Thread::getName)
                .toList();
    }
}
