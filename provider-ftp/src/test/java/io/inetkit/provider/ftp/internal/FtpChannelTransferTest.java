package io.inetkit.provider.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ftp.FtpGetOption;
import io.inetkit.ftp.TransferType;
import io.inetkit.toolbox.TransferBuffer;
import io.inetkit.testkit.BlockedCall;
import io.inetkit.testkit.SmallDisk;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code get(remote, Path)} and {@code put(Path, remote)}, binary, passive, over plain FTP with no
 * proxy: the file goes between its {@link java.nio.channels.FileChannel} and the data connection's
 * {@link java.nio.channels.SocketChannel} through the connection's direct buffer
 * ({@link FileDownload}, {@link FileUpload}). Which way a transfer went is read from
 * {@link FtpSessionImpl#lastDownload()} and {@link FtpSessionImpl#lastUpload()}. The data connection
 * goes through a {@link FaultProxy} (a test's proxy, not an inetkit one: the route stays direct),
 * which stalls or cuts it; the control proxy counts the commands.
 */
class FtpChannelTransferTest {

    static final int BIG = 5 * 1024 * 1024 + 333;

    @TempDir
    Path local;

    private ProxiedFtpServer rig;
    private TestFtpServer server;
    private FaultProxy data;
    private final ProxiedFtpServer.CommandCount commands = new ProxiedFtpServer.CommandCount();
    private Leaks leaks;
    private byte[] big;

    @BeforeEach
    void start() throws Exception {
        leaks = Leaks.snapshot();
        rig = ProxiedFtpServer.start(TestFtpServer.newBuilder().user("alice", "secret"), line -> line, line -> {
            commands.record(line);
            return line;
        });
        server = rig.server;
        data = rig.data;
        big = random(BIG);
        Files.write(server.root().resolve("big.bin"), big);
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
        leaks.assertNoLeak("channel transfer");
    }

    private static Internet internet(Duration readTimeout) {
        return Internet.newBuilder().connectTimeout(Duration.ofSeconds(5)).readTimeout(readTimeout)
                .writeTimeout(readTimeout).build();
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private List<String> localNames() throws Exception {
        try (Stream<Path> files = Files.list(local)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aMultiMebibyteFileGoesBothWaysThroughTheDirectBufferByteForByte() throws Exception {
        Path down = local.resolve("down.bin");
        try (Internet internet = internet(Duration.ofSeconds(10)); FtpSessionImpl session = rig.connect(internet)) {
            session.get("big.bin", down);
            assertEquals(FileDownload.CHANNEL, session.lastDownload());
            session.put(down, "up.bin");
            assertEquals(FileUpload.CHANNEL, session.lastUpload());
            assertEquals(BIG, session.size("up.bin"), "the session goes on after both");
        }
        assertArrayEquals(big, Files.readAllBytes(down));
        assertArrayEquals(big, Files.readAllBytes(server.root().resolve("up.bin")));
        assertEquals(List.of("down.bin"), localNames(), "no temporary file is left");
    }

    @Test
    void smallAndEmptyFilesComeThroughTheChannelToo() throws Exception {
        Files.write(server.root().resolve("empty.bin"), new byte[0]);
        Files.write(server.root().resolve("small.bin"), random(4096));
        try (Internet internet = internet(Duration.ofSeconds(10)); FtpSessionImpl session = rig.connect(internet)) {
            for (int i = 0; i < 20; i++) { // one buffer for the connection, reused
                session.get("small.bin", local.resolve("small.bin"));
                assertEquals(FileDownload.CHANNEL, session.lastDownload());
            }
            session.get("empty.bin", local.resolve("empty.bin"));
            session.get("big.bin", local.resolve("big.bin")); // the buffer grows
        }
        assertArrayEquals(random(4096), Files.readAllBytes(local.resolve("small.bin")));
        assertEquals(0, Files.size(local.resolve("empty.bin")));
        assertArrayEquals(big, Files.readAllBytes(local.resolve("big.bin")));
    }

    @Test
    void theConnectionsBufferIsCountedWhileItLivesAndLetGoWhenItCloses() throws Exception {
        Files.write(server.root().resolve("small.bin"), random(4096));
        long before = TransferBuffer.held();
        try (Internet internet = internet(Duration.ofSeconds(10)); FtpSessionImpl session = rig.connect(internet)) {
            session.get("small.bin", local.resolve("small.bin"));
            assertEquals(before + TransferBuffer.MIN_SIZE, TransferBuffer.held(), "16 KiB for 4 KiB");
            session.get("big.bin", local.resolve("big.bin"));
            assertEquals(before + TransferBuffer.MAX_SIZE, TransferBuffer.held(), "grown to 1 MiB");
            session.put(local.resolve("big.bin"), "up.bin");
            assertEquals(before + TransferBuffer.MAX_SIZE, TransferBuffer.held(), "the same buffer");
        }
        assertEquals(before, TransferBuffer.held(), "let go with the connection");
    }

    @Test
    void anAsciiDownloadKeepsTheStream() throws Exception {
        Files.writeString(server.root().resolve("text.txt"), "one\r\ntwo\r\n");
        try (Internet internet = internet(Duration.ofSeconds(10)); FtpSessionImpl session = rig.connect(internet)) {
            session.get("text.txt", local.resolve("text.txt"), TransferType.ASCII);
            assertEquals(FileDownload.STREAM, session.lastDownload());
        }
        assertEquals(List.of("one", "two"), Files.readAllLines(local.resolve("text.txt")));
    }

    @Test
    void resumeAppendsTheRestThroughTheChannel() throws Exception {
        Path target = local.resolve("big.bin");
        int have = 3 * 1024 * 1024 + 17;
        Files.write(target, Arrays.copyOf(big, have));
        try (Internet internet = internet(Duration.ofSeconds(10)); FtpSessionImpl session = rig.connect(internet)) {
            session.get("big.bin", target, TransferType.BINARY, FtpGetOption.RESUME);
            assertEquals(FileDownload.CHANNEL, session.lastDownload());
        }
        assertEquals(1, commands.sent("REST"), "REST commands");
        assertArrayEquals(big, Files.readAllBytes(target));
        assertEquals(BIG - have, data.bytesDownstream(), "only the rest came over the data connection");
        assertEquals(List.of("big.bin"), localNames());
    }

    @Test
    void aStalledDownloadTimesOutWithinTheReadTimeoutAndLeavesNoFile() throws Exception {
        Duration timeout = Duration.ofSeconds(1);
        data.fault(Fault.stallAfter(Direction.DOWNSTREAM, 256 * 1024));
        Path target = local.resolve("big.bin");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Internet internet = internet(timeout); FtpSessionImpl session = rig.connect(internet)) {
                long start = System.nanoTime();
                InternetException e = assertThrows(InternetException.class, () -> session.get("big.bin", target));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
                assertTrue(e.getMessage().contains("sent nothing for 1000 ms"), e.getMessage());
                assertTrue(took.compareTo(timeout.plusSeconds(1)) < 0, "took " + took);
                assertEquals(FileDownload.CHANNEL, session.lastDownload());
            }
        });
        assertEquals(List.of(), localNames(), "neither the file nor its .part may be left");
    }

    @Test
    void anInterruptEndsAStalledDownloadAsCancelledAndLeavesNoFile() throws Exception {
        data.fault(Fault.stallAfter(Direction.DOWNSTREAM, 256 * 1024));
        Path target = local.resolve("big.bin");
        try (Internet internet = internet(Duration.ofSeconds(30)); FtpSessionImpl session = rig.connect(internet)) {
            BlockedCall get = BlockedCall.start("stalled get", () -> session.get("big.bin", target));
            assertTrue(data.awaitBytes(Direction.DOWNSTREAM, 256 * 1024, Duration.ofSeconds(20)), "never reached the stall");
            Thread.sleep(200); // blocked in the channel read by now
            get.interrupt();
            // Far less than the 30 s read timeout: only the interrupt can end it in time.
            InternetException e = get.failure(InternetException.class, Duration.ofSeconds(10));
            assertEquals(InternetError.OPERATION_CANCELLED, e.error(), e.toString());
            assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
            assertEquals(FileDownload.CHANNEL, session.lastDownload());
        }
        assertEquals(List.of(), localNames());
    }

    /**
     * The stream route (ASCII here; TLS, active mode and proxies alike): neither its plain socket
     * nor the JDK's Files.newOutputStream heeds an interrupt, so the download ran to its end. The
     * provider now sees the interrupt at its next write to the file, as a cancel.
     */
    @Test
    void anInterruptOfAStreamDownloadIsACancelNotTheDisksFailure() throws Exception {
        data.fault(Fault.drip(Direction.DOWNSTREAM, 4096, Duration.ofMillis(20))); // 200 KiB/s: still running
        Path target = local.resolve("big.bin");
        try (Internet internet = internet(Duration.ofSeconds(30)); FtpSessionImpl session = rig.connect(internet)) {
            BlockedCall get = BlockedCall.start("dripping ASCII get",
                    () -> session.get("big.bin", target, TransferType.ASCII));
            assertTrue(data.awaitBytes(Direction.DOWNSTREAM, 64 * 1024, Duration.ofSeconds(20)), "no data came");
            get.interrupt();
            InternetException e = get.failure(InternetException.class, Duration.ofSeconds(15));
            assertEquals(InternetError.OPERATION_CANCELLED, e.error(), e.toString());
            assertEquals(FileDownload.STREAM, session.lastDownload());
        }
        assertEquals(List.of(), localNames());
    }

    @Test
    void aCutDownloadIsAbortedAndLeavesNoFile() throws Exception {
        data.fault(Fault.cutAfter(Direction.DOWNSTREAM, 256 * 1024));
        Path target = local.resolve("big.bin");
        try (Internet internet = internet(Duration.ofSeconds(5)); FtpSessionImpl session = rig.connect(internet)) {
            InternetException e = assertThrows(InternetException.class, () -> session.get("big.bin", target));
            assertEquals(InternetError.CONNECTION_ABORTED, e.error(), e.toString());
            // The short file is seen by the client (SIZE) or, when its writes failed first, by the server (426).
            assertTrue(e.getMessage().contains("ended after 262144 of " + BIG + " bytes")
                    || e.getMessage().contains("426"), e.getMessage());
            assertEquals(FileDownload.CHANNEL, session.lastDownload());
            assertEquals("/", session.pwd(), "the control connection is still in step");
        }
        assertEquals(List.of(), localNames());
    }

    @Test
    void aResetDownloadIsAbortedAndLeavesNoFile() throws Exception {
        data.fault(Fault.resetAfter(Direction.DOWNSTREAM, 256 * 1024));
        Path target = local.resolve("big.bin");
        try (Internet internet = internet(Duration.ofSeconds(5)); FtpSessionImpl session = rig.connect(internet)) {
            InternetException e = assertThrows(InternetException.class, () -> session.get("big.bin", target));
            assertTrue(e.error() == InternetError.CONNECTION_ABORTED || e.error() == InternetError.CONNECTION_RESET,
                    e.toString());
            assertEquals(FileDownload.CHANNEL, session.lastDownload());
        }
        assertEquals(List.of(), localNames());
    }

    @Test
    void aStalledUploadTimesOut() throws Exception {
        Duration timeout = Duration.ofSeconds(1);
        Path source = Files.write(local.resolve("up.bin"), random(64 * 1024 * 1024)); // more than socket buffers hold
        data.fault(Fault.stallAfter(Direction.UPSTREAM, 64 * 1024));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Internet internet = internet(timeout); FtpSessionImpl session = rig.connect(internet)) {
                long start = System.nanoTime();
                InternetException e = assertThrows(InternetException.class, () -> session.put(source, "up.bin"));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
                assertTrue(e.getMessage().contains("took in nothing"), e.getMessage());
                assertTrue(took.compareTo(timeout.plusSeconds(2)) < 0, "took " + took);
                assertEquals(FileUpload.CHANNEL, session.lastUpload());
            }
        });
    }

    /**
     * An interrupt of a put, on the channel route (binary) and on the stream route (ASCII): the
     * upload ends as cancelled, and the prefix the server took is not left looking like the file.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TransferType.class)
    void anInterruptEndsAnUploadAsCancelledAndLeavesNoFileOnTheServer(TransferType type) throws Exception {
        Path source = Files.write(local.resolve("up.bin"), random(64 * 1024 * 1024));
        // 6.4 MB/s: 64 MiB take 10 s, and what the buffers hold at the interrupt reaches the server within the
        // 5 s the client waits for its verdict on the part it got.
        data.fault(Fault.drip(Direction.UPSTREAM, 64 * 1024, Duration.ofMillis(10)));
        try (Internet internet = internet(Duration.ofSeconds(30)); FtpSessionImpl session = rig.connect(internet)) {
            BlockedCall put = BlockedCall.start(type + " put", () -> session.put(source, "up.bin", type));
            assertTrue(data.awaitBytes(Direction.UPSTREAM, 64 * 1024, Duration.ofSeconds(20)), "nothing was sent");
            put.interrupt();
            InternetException e = put.failure(InternetException.class, Duration.ofSeconds(15));
            assertEquals(InternetError.OPERATION_CANCELLED, e.error(), e.toString());
            assertEquals(type == TransferType.BINARY ? FileUpload.CHANNEL : FileUpload.STREAM, session.lastUpload());
        }
        assertFalse(Files.exists(server.root().resolve("up.bin")), "a partial up.bin is left on the server");
    }

    @Test
    void aCutUploadFailsAndLeavesNoFileOnTheServer() throws Exception {
        Path source = Files.write(local.resolve("up.bin"), random(8 * 1024 * 1024));
        data.fault(Fault.cutAfter(Direction.UPSTREAM, 256 * 1024));
        try (Internet internet = internet(Duration.ofSeconds(5)); FtpSessionImpl session = rig.connect(internet)) {
            InternetException e = assertThrows(InternetException.class, () -> session.put(source, "up.bin"));
            assertTrue(e.error() == InternetError.CONNECTION_ABORTED || e.error() == InternetError.CONNECTION_RESET,
                    e.toString());
            assertEquals(FileUpload.CHANNEL, session.lastUpload());
        }
        assertFalse(Files.exists(server.root().resolve("up.bin")), "a partial up.bin is left on the server");
    }

    @Test
    void aSlowDownloadSendsNoopsAndKeepsTheRepliesInStep() throws Exception {
        // 2 s read timeout: a NOOP each second. 32 KiB every 10 ms make 5 MiB take 1.6 s at the very least.
        data.fault(Fault.drip(Direction.DOWNSTREAM, 32 * 1024, Duration.ofMillis(10)));
        Files.write(server.root().resolve("big.bin"), Arrays.copyOf(big, 8 * 1024 * 1024));
        try (Internet internet = internet(Duration.ofSeconds(2)); FtpSessionImpl session = rig.connect(internet)) {
            session.get("big.bin", local.resolve("big.bin"));
            assertEquals(FileDownload.CHANNEL, session.lastDownload());
            assertTrue(commands.sent("NOOP") >= 1, "NOOPs sent: " + commands.sent("NOOP"));
            assertEquals(8 * 1024 * 1024, session.size("big.bin"), "the next command gets its own reply");
            assertEquals("/", session.pwd());
        }
        assertArrayEquals(Arrays.copyOf(big, 8 * 1024 * 1024), Files.readAllBytes(local.resolve("big.bin")));
    }

    /**
     * A disk that fills mid-download: a 1 MiB tmpfs, mounted here (root only; skipped where mounting
     * is not allowed). The failure is the local file's ({@code DISK_FULL}, naming the target), not the
     * network's; the partial file is removed; the session goes on.
     */
    @Test
    void aFullDiskMidDownloadIsALocalErrorAndLeavesNoFile() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(local.resolve("small-disk"), "1m")) {
            Path target = disk.path().resolve("big.bin");
            try (Internet internet = internet(Duration.ofSeconds(5)); FtpSessionImpl session = rig.connect(internet)) {
                InternetException e = assertThrows(InternetException.class, () -> session.get("big.bin", target));
                assertEquals(InternetError.DISK_FULL, e.error(), e.toString());
                assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
                assertEquals(FileDownload.CHANNEL, session.lastDownload());
                assertEquals("/", session.pwd(), "the control connection is still in step");
            }
            try (Stream<Path> files = Files.list(disk.path())) {
                assertEquals(List.of(), files.toList());
            }
        }
    }
}
