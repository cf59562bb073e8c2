package io.inetkit.toolbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.spi.Sockets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link WriteWatchdog} on a real loopback connection whose reader stops, or keeps, reading. */
class WriteWatchdogTest {

    /**
     * Blocking tasks run on a thread of their own: the common pool has one thread on two cores, and
     * a task that an earlier test left waiting would hold this test's task back.
     */
    private static final Executor OWN_THREAD = task -> new Thread(task, "test-task").start();

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
    void aWholeWriteLeavesTheSocketOpenAndOneTheReaderDoesNotTakeResetsIt() throws Exception {
        Duration timeout = Duration.ofMillis(300);
        try (ServerSocket server = listener();
             Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
             Socket peer = server.accept();
             WriteWatchdog watchdog = new WriteWatchdog()) {
            byte[] request = "a short request\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            watchdog.write(client.getOutputStream(), client, request, timeout);
            assertArrayEquals(request, peer.getInputStream().readNBytes(request.length));
            assertFalse(client.isClosed(), "the answer comes on the same connection");
            client.getOutputStream().write('!'); // and the stream is still the caller's
            assertEquals('!', peer.getInputStream().read());

            client.setSendBufferSize(4096);
            byte[] large = new byte[32 * 1024 * 1024]; // more than both sockets' buffers: peer reads none
            long start = System.nanoTime();
            WriteWatchdog.WriteTimeoutException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThrows(WriteWatchdog.WriteTimeoutException.class,
                            () -> watchdog.write(client.getOutputStream(), client, large, timeout)));
            long elapsed = System.nanoTime() - start;
            assertTrue(elapsed < timeout.plusSeconds(1).toNanos(), "failed after " + elapsed / 1_000_000 + " ms");
            assertEquals(timeout, e.timeout());
            assertTrue(client.isClosed(), "the stalled socket is closed");
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
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readSlowly(slow), OWN_THREAD);
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

    @Test
    void slicesGrowWhileThePeerKeepsUpAndShrinkWhenItSlowsDown() {
        long timeout = TimeUnit.SECONDS.toNanos(16);
        long quick = TimeUnit.MILLISECONDS.toNanos(10);
        long slow = TimeUnit.SECONDS.toNanos(3);
        int slice = WriteWatchdog.MIN_SLICE;
        for (int i = 0; i < 20; i++) {
            slice = WriteWatchdog.nextSlice(slice, true, quick, timeout, WriteWatchdog.MAX_SLICE);
        }
        assertEquals(WriteWatchdog.MAX_SLICE, slice, "grown to the largest");
        assertEquals(WriteWatchdog.MAX_SLICE / 2, WriteWatchdog.nextSlice(slice, true, slow, timeout,
                WriteWatchdog.MAX_SLICE), "halved after a slice that took over an eighth of the time-out");
        assertEquals(WriteWatchdog.MIN_SLICE, WriteWatchdog.nextSlice(WriteWatchdog.MIN_SLICE, true, slow, timeout,
                WriteWatchdog.MAX_SLICE), "never below the least");
        assertEquals(WriteWatchdog.MIN_SLICE, WriteWatchdog.nextSlice(WriteWatchdog.MIN_SLICE, false, quick, timeout,
                WriteWatchdog.MAX_SLICE), "a short last write says nothing about the peer");
        int middle = WriteWatchdog.nextSlice(64 * 1024, true, timeout / 10, timeout, WriteWatchdog.MAX_SLICE);
        assertEquals(64 * 1024, middle, "between a sixteenth and an eighth: kept");
    }

    /**
     * The two ways a file goes out: {@code sendfile} ({@link WriteWatchdog#transfer}), and a copy
     * through a direct buffer ({@link WriteWatchdog#send}).
     */
    enum FileSender {
        TRANSFER {
            @Override
            long send(WriteWatchdog watchdog, FileChannel file, long position, long count, Socket socket,
                    Duration timeout, LongConsumer progress) throws IOException {
                return watchdog.transfer(file, position, count, socket, timeout, progress);
            }
        },
        SEND {
            @Override
            long send(WriteWatchdog watchdog, FileChannel file, long position, long count, Socket socket,
                    Duration timeout, LongConsumer progress) throws IOException {
                // A buffer smaller than the file, and not a multiple of a slice: refilled many times.
                return watchdog.send(file, position, count, socket, ByteBuffer.allocateDirect(100_000), timeout,
                        progress);
            }
        };

        abstract long send(WriteWatchdog watchdog, FileChannel file, long position, long count, Socket socket,
                Duration timeout, LongConsumer progress) throws IOException;
    }

    @ParameterizedTest
    @EnumSource(FileSender.class)
    void aFileGoesOutWholeFromItsPositionAndReportsProgress(FileSender sender, @TempDir Path dir) throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 123];
        new java.util.Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("f.bin"), content);
        try (ServerSocket server = listener();
             Socket client = connectedChannelSocket(server);
             Socket peer = server.accept();
             FileChannel channel = FileChannel.open(file);
             WriteWatchdog watchdog = new WriteWatchdog()) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readAll(peer), OWN_THREAD);
            List<Long> progress = new ArrayList<>();
            long sent = sender.send(watchdog, channel, 100, content.length - 100, client, Duration.ofSeconds(5),
                    progress::add);
            client.close();
            assertEquals(content.length - 100, sent);
            assertArrayEquals(java.util.Arrays.copyOfRange(content, 100, content.length),
                    received.get(30, TimeUnit.SECONDS));
            assertEquals(sent, progress.get(progress.size() - 1));
            assertTrue(progress.size() >= 4, "progress per slice: " + progress);
            assertEquals(0, channel.position(), "the file's own position is not moved");
        }
    }

    @ParameterizedTest
    @EnumSource(FileSender.class)
    void aFileToAReaderThatStoppedFailsWithinTheTimeoutAndResetsTheSocket(FileSender sender, @TempDir Path dir)
            throws Exception {
        Duration timeout = Duration.ofMillis(300);
        Path file = Files.write(dir.resolve("f.bin"), new byte[64 * 1024 * 1024]);
        try (ServerSocket server = listener();
             Socket client = connectedChannelSocket(server);
             Socket deaf = server.accept(); // never read from
             FileChannel channel = FileChannel.open(file);
             WriteWatchdog watchdog = new WriteWatchdog()) {
            client.setSendBufferSize(4096);
            long start = System.nanoTime();
            // Without the watchdog's reset, the write blocks forever: end the test instead.
            WriteWatchdog.WriteTimeoutException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThrows(WriteWatchdog.WriteTimeoutException.class,
                            () -> sender.send(watchdog, channel, 0, channel.size(), client, timeout, n -> { })));
            long elapsed = System.nanoTime() - start;
            assertTrue(elapsed < timeout.plusSeconds(1).toNanos(), "failed after " + elapsed / 1_000_000 + " ms");
            assertTrue(elapsed >= timeout.toNanos(), "failed after " + elapsed / 1_000_000 + " ms");
            assertEquals(timeout, e.timeout());
            assertTrue(client.isClosed(), "the stalled socket is closed");
            deaf.setSoTimeout(5_000);
            assertThrows(IOException.class, () -> deaf.getInputStream().readAllBytes());
        }
    }

    @Test
    void aFileTransferEndsWhenItsSocketIsResetFromAnotherThread(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("f.bin"), new byte[64 * 1024 * 1024]);
        try (ServerSocket server = listener();
             Socket client = connectedChannelSocket(server);
             Socket deaf = server.accept();
             FileChannel channel = FileChannel.open(file);
             WriteWatchdog watchdog = new WriteWatchdog()) {
            client.setSendBufferSize(4096);
            CompletableFuture<Long> transfer = CompletableFuture.supplyAsync(() -> {
                try {
                    return watchdog.transfer(channel, 0, channel.size(), client, Duration.ofSeconds(60), n -> { });
                } catch (IOException e) {
                    return -1L;
                }
            }, OWN_THREAD);
            Thread.sleep(300); // blocked in sendfile by now: the reader never reads
            Sockets.reset(client);
            assertEquals(-1L, transfer.get(10, TimeUnit.SECONDS), "the transfer failed at once");
        }
    }

    @Test
    void aFileTransferNeedsAChannelSocket(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("f.bin"), new byte[10]);
        try (ServerSocket server = listener();
             Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
             Socket peer = server.accept();
             FileChannel channel = FileChannel.open(file);
             WriteWatchdog watchdog = new WriteWatchdog()) {
            assertThrows(IllegalArgumentException.class,
                    () -> watchdog.transfer(channel, 0, 10, client, Duration.ofSeconds(1), n -> { }));
        }
    }

    @Test
    void aReceiveTakesEverythingToTheEndOfStream(@TempDir Path dir) throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 7];
        new java.util.Random(9).nextBytes(content);
        Path file = dir.resolve("in.bin");
        try (ServerSocket server = listener();
             Socket client = connectedChannelSocket(server);
             Socket peer = server.accept();
             FileChannel sink = FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE_NEW,
                     java.nio.file.StandardOpenOption.WRITE);
             WriteWatchdog watchdog = new WriteWatchdog()) {
            CompletableFuture.runAsync(() -> {
                try (OutputStream out = peer.getOutputStream()) {
                    out.write(content);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, OWN_THREAD);
            List<Long> progress = new ArrayList<>();
            long received = watchdog.receive(client, sink, ByteBuffer.allocateDirect(64 * 1024),
                    Duration.ofSeconds(5), progress::add);
            assertEquals(content.length, received);
            assertEquals(received, progress.get(progress.size() - 1));
        }
        assertArrayEquals(content, Files.readAllBytes(file));
    }

    @Test
    void aReceiveFromAPeerThatStoppedSendingFailsWithinTheTimeout() throws Exception {
        Duration timeout = Duration.ofMillis(300);
        try (ServerSocket server = listener();
             Socket client = connectedChannelSocket(server);
             Socket mute = server.accept(); // sends a little, then nothing, and never closes
             WriteWatchdog watchdog = new WriteWatchdog()) {
            mute.getOutputStream().write(new byte[1000]);
            client.setSoTimeout(60_000); // ignored by a channel read: only the watchdog can end it
            long start = System.nanoTime();
            WriteWatchdog.ReadTimeoutException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThrows(WriteWatchdog.ReadTimeoutException.class,
                            () -> watchdog.receive(client, java.nio.channels.Channels.newChannel(
                                    OutputStream.nullOutputStream()), ByteBuffer.allocateDirect(4096),
                                    timeout, n -> { })));
            long elapsed = System.nanoTime() - start;
            assertTrue(elapsed < timeout.plusSeconds(1).toNanos(), "failed after " + elapsed / 1_000_000 + " ms");
            assertTrue(elapsed >= timeout.toNanos(), "failed after " + elapsed / 1_000_000 + " ms");
            assertEquals(timeout, e.timeout());
            assertTrue(e.getMessage().contains("sent nothing for 300 ms"), e.getMessage());
            assertTrue(client.isClosed(), "the stalled socket is closed");
        }
    }

    @Test
    void aReceiveEndsWhenItsSocketIsResetFromAnotherThread() throws Exception {
        try (ServerSocket server = listener();
             Socket client = connectedChannelSocket(server);
             Socket mute = server.accept();
             WriteWatchdog watchdog = new WriteWatchdog()) {
            CompletableFuture<Long> receive = CompletableFuture.supplyAsync(() -> {
                try {
                    return watchdog.receive(client, java.nio.channels.Channels.newChannel(
                            OutputStream.nullOutputStream()), ByteBuffer.allocate(4096),
                            Duration.ofSeconds(60), n -> { });
                } catch (WriteWatchdog.ReadTimeoutException e) {
                    return -2L;
                } catch (IOException e) {
                    return -1L;
                }
            }, OWN_THREAD);
            Thread.sleep(300); // blocked in the read by now
            Sockets.reset(client);
            assertEquals(-1L, receive.get(10, TimeUnit.SECONDS), "the receive failed at once, and not as a timeout");
        }
    }

    private static Socket connectedChannelSocket(ServerSocket server) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()));
        return channel.socket();
    }

    private static byte[] readAll(Socket socket) {
        try (InputStream in = socket.getInputStream()) {
            socket.setSoTimeout(30_000);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
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
