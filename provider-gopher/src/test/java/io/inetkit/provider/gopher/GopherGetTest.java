package io.inetkit.provider.gopher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Service;
import io.inetkit.StatusEvent;
import io.inetkit.gopher.GopherItem;
import io.inetkit.gopher.GopherItemType;
import io.inetkit.toolbox.TransferBuffer;
import io.inetkit.testkit.gopher.TestGopherServer;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.BlockedCall;
import io.inetkit.testkit.SmallDisk;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code get(selector, type, Path)} against the testkit's Gopher server: a binary document over
 * plain TCP with no proxy comes from the socket's channel through the connection's direct buffer
 * ({@link FileDownload#CHANNEL}), everything else through the document stream
 * ({@link FileDownload#STREAM}); which way a download went is read from
 * {@link GopherSessionImpl#lastDownload()}. Faults come from a {@link FaultProxy} between client and
 * server, a test's relay, not an inetkit proxy: the route stays direct. No socket or thread outlives
 * a test, and no file but the target is ever left in the local directory.
 */
class GopherGetTest {

    static final int BIG = 5 * 1024 * 1024 + 333;
    static final String TEXT = "Hello\n.hidden dot\n..two dots\n.\nafter a lone dot\n";

    @TempDir
    Path remote;
    @TempDir
    Path local;

    private TestGopherServer server;
    private final List<StatusEvent> events = new CopyOnWriteArrayList<>();
    private Leaks leaks;
    private byte[] big;

    @BeforeEach
    void start() throws Exception {
        leaks = Leaks.snapshot();
        big = random(BIG);
        Files.write(remote.resolve("big.bin"), big);
        Files.write(remote.resolve("small.bin"), random(4096));
        Files.write(remote.resolve("empty.bin"), new byte[0]);
        Files.writeString(remote.resolve("about.txt"), TEXT);
        server = TestGopherServer.newBuilder().root(remote).build();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        leaks.assertNoLeak("gopher get");
    }

    private Internet internet(Duration readTimeout) {
        return Internet.newBuilder().connectTimeout(Duration.ofSeconds(5)).readTimeout(readTimeout)
                .statusListener(events::add).sslContext(TestCertificate.localhost().clientContext()).build();
    }

    private static GopherSessionImpl connect(Internet internet, int port, ConnectFlag... flags)
            throws InternetException {
        return (GopherSessionImpl) internet.connect(ConnectRequest.newBuilder(Service.GOPHER, "localhost")
                .port(port).flags(flags).build());
    }

    static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private List<String> localNames() throws Exception {
        return names(local);
    }

    static List<String> names(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void binaryDocumentsOfEverySizeComeThroughTheChannelByteForByte() throws Exception {
        try (Internet internet = internet(Duration.ofSeconds(10));
             GopherSessionImpl session = connect(internet, server.port())) {
            Leaks inSession = Leaks.snapshot();
            session.get("/big.bin", GopherItemType.BINARY, local.resolve("big.bin"));
            assertEquals(FileDownload.CHANNEL, session.lastDownload());
            session.get("/small.bin", GopherItemType.BINARY, local.resolve("small.bin"));
            assertEquals(FileDownload.CHANNEL, session.lastDownload());
            session.get("/empty.bin", GopherItemType.BINARY, local.resolve("empty.bin"));
            assertEquals(FileDownload.CHANNEL, session.lastDownload());
            inSession.assertNoLeak("each get closes its socket, not only the session's close");
        }
        assertArrayEquals(big, Files.readAllBytes(local.resolve("big.bin")));
        assertArrayEquals(random(4096), Files.readAllBytes(local.resolve("small.bin")));
        assertEquals(0, Files.size(local.resolve("empty.bin")));
        assertEquals(List.of("big.bin", "empty.bin", "small.bin"), localNames(), "no temporary file is left");
    }

    @Test
    void aMenuItemIsDownloadedByItsSelectorAndType() throws Exception {
        try (Internet internet = internet(Duration.ofSeconds(10));
             GopherSessionImpl session = connect(internet, server.port())) {
            GopherItem item = session.menu().stream().filter(i -> i.selector().equals("/small.bin")).findFirst()
                    .orElseThrow();
            session.get(item, local.resolve("item.bin"));
            assertEquals(FileDownload.CHANNEL, session.lastDownload());
        }
        assertArrayEquals(random(4096), Files.readAllBytes(local.resolve("item.bin")));
    }

    @Test
    void textIsSavedAsOpenReadsItThroughTheStream() throws Exception {
        try (Internet internet = internet(Duration.ofSeconds(10));
             GopherSessionImpl session = connect(internet, server.port())) {
            byte[] opened;
            try (InputStream in = session.open("/about.txt", GopherItemType.TEXT_FILE)) {
                opened = in.readAllBytes();
            }
            session.get("/about.txt", GopherItemType.TEXT_FILE, local.resolve("about.txt"));
            assertEquals(FileDownload.STREAM, session.lastDownload());
            assertArrayEquals(opened, Files.readAllBytes(local.resolve("about.txt")));
        }
        // The server stuffs ".." and ends with ".": both undone, the lone "." line of the file kept.
        assertEquals("Hello\r\n.hidden dot\r\n..two dots\r\n.\r\nafter a lone dot\r\n",
                Files.readString(local.resolve("about.txt")));
        assertEquals(List.of("about.txt"), localNames());
    }

    @Test
    void anExistingFileIsReplaced() throws Exception {
        Path target = Files.writeString(local.resolve("small.bin"), "an older, longer file than the document ".repeat(200));
        try (Internet internet = internet(Duration.ofSeconds(10));
             GopherSessionImpl session = connect(internet, server.port())) {
            session.get("/small.bin", GopherItemType.BINARY, target);
        }
        assertArrayEquals(random(4096), Files.readAllBytes(target));
        assertEquals(List.of("small.bin"), localNames());
    }

    @Test
    void theBytesTheErrorMenuCheckReadAheadAreWrittenBeforeTheChannelTakesOver() throws Exception {
        // Starts like an error menu line (type 3, four fields) but goes on: a document, not an error.
        byte[] head = "3looks like an error\t/x\tlocalhost\t70\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] document = new byte[head.length + 100_000];
        System.arraycopy(head, 0, document, 0, head.length);
        System.arraycopy(random(100_000), 0, document, head.length, 100_000);
        server.raw("/tricky", document);
        try (Internet internet = internet(Duration.ofSeconds(10));
             GopherSessionImpl session = connect(internet, server.port())) {
            session.get("/tricky", GopherItemType.BINARY, local.resolve("tricky.bin"));
            assertEquals(FileDownload.CHANNEL, session.lastDownload());
        }
        assertArrayEquals(document, Files.readAllBytes(local.resolve("tricky.bin")));
    }

    @Test
    void aMissingDocumentIsADataErrorAndLeavesNoFileOnEitherRoute() throws Exception {
        Path kept = Files.writeString(local.resolve("kept.txt"), "kept");
        try (Internet internet = internet(Duration.ofSeconds(10));
             GopherSessionImpl session = connect(internet, server.port())) {
            InternetException binary = assertThrows(InternetException.class,
                    () -> session.get("/gone.bin", GopherItemType.BINARY, local.resolve("gone.bin")));
            assertEquals(InternetError.GOPHER_DATA_ERROR, binary.error(), binary.toString());
            assertEquals(FileDownload.CHANNEL, session.lastDownload());
            assertEquals("Item is not available: /gone.bin", session.lastResponse().orElseThrow());
            InternetException text = assertThrows(InternetException.class,
                    () -> session.get("/gone.txt", GopherItemType.TEXT_FILE, kept));
            assertEquals(InternetError.GOPHER_DATA_ERROR, text.error(), text.toString());
            assertEquals(FileDownload.STREAM, session.lastDownload());
        }
        assertEquals(List.of("kept.txt"), localNames(), "no file, no .part");
        assertEquals("kept", Files.readString(kept), "a failed download leaves an existing target as it was");
    }

    @Test
    void aMissingLocalDirectoryIsFileNotFoundAndSendsNothing() throws Exception {
        Path target = local.resolve("no-such-dir").resolve("big.bin");
        try (Internet internet = internet(Duration.ofSeconds(10));
             GopherSessionImpl session = connect(internet, server.port())) {
            InternetException e = assertThrows(InternetException.class,
                    () -> session.get("/big.bin", GopherItemType.BINARY, target));
            assertEquals(InternetError.FILE_NOT_FOUND, e.error(), e.toString());
            assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        }
        assertEquals(0, server.connectionCount(), "nothing was sent");
        assertEquals(List.of(), localNames());
    }

    @Test
    void aDirectoryThatMayNotBeWrittenIsAccessDenied() throws Exception {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
        Path locked = Files.createDirectory(local.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try (Internet internet = internet(Duration.ofSeconds(10));
             GopherSessionImpl session = connect(internet, server.port())) {
            InternetException e = assertThrows(InternetException.class,
                    () -> session.get("/small.bin", GopherItemType.BINARY, locked.resolve("small.bin")));
            assertEquals(InternetError.ACCESS_DENIED, e.error(), e.toString());
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertEquals(List.of(), names(locked));
    }

    @Test
    void theStatusEventsAreOpensWithTheBytesOnTheWire() throws Exception {
        List<List<InternetStatus>> sequences = new ArrayList<>();
        List<Long> received = new ArrayList<>();
        try (Internet internet = internet(Duration.ofSeconds(10));
             GopherSessionImpl session = connect(internet, server.port())) {
            try (InputStream in = session.open("/big.bin", GopherItemType.BINARY)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            sequences.add(steps());
            received.add(receivedBytes());
            events.clear();
            session.get("/big.bin", GopherItemType.BINARY, local.resolve("big.bin"));
            assertEquals(FileDownload.CHANNEL, session.lastDownload());
            sequences.add(steps());
            received.add(receivedBytes());
        }
        assertEquals(List.of(InternetStatus.RESOLVING_NAME, InternetStatus.NAME_RESOLVED,
                InternetStatus.CONNECTING_TO_SERVER, InternetStatus.CONNECTED_TO_SERVER,
                InternetStatus.SENDING_REQUEST, InternetStatus.REQUEST_SENT, InternetStatus.RECEIVING_RESPONSE,
                InternetStatus.RESPONSE_RECEIVED, InternetStatus.CLOSING_CONNECTION,
                InternetStatus.CONNECTION_CLOSED), sequences.get(0));
        assertEquals(sequences.get(0), sequences.get(1), "get reports what open does");
        assertEquals(List.of((long) BIG, (long) BIG), received, "bytes received, read ahead and by the channel");
    }

    private List<InternetStatus> steps() {
        return events.stream().map(StatusEvent::status)
                .filter(s -> s != InternetStatus.HANDLE_CREATED && s != InternetStatus.HANDLE_CLOSING).toList();
    }

    private long receivedBytes() {
        return (Long) events.stream().filter(e -> e.status() == InternetStatus.RESPONSE_RECEIVED).findFirst()
                .orElseThrow().info().orElseThrow();
    }

    @Test
    void theConnectionKeepsOneBufferAndLetsItGoWhenItCloses() throws Exception {
        long before = TransferBuffer.held();
        try (Internet internet = internet(Duration.ofSeconds(10));
             GopherSessionImpl session = connect(internet, server.port())) {
            for (int i = 0; i < 20; i++) {
                session.get("/small.bin", GopherItemType.BINARY, local.resolve("small.bin"));
            }
            assertEquals(before + TransferBuffer.MAX_SIZE, TransferBuffer.held(),
                    "one buffer of the largest size (a document has no length), reused");
        }
        assertEquals(before, TransferBuffer.held(), "let go with the connection");
    }

    @Test
    void concurrentDownloadsOfOneSessionEachGetABuffer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        long before = TransferBuffer.held();
        try (Internet internet = internet(Duration.ofSeconds(20));
             GopherSessionImpl session = connect(internet, server.port())) {
            session.get("/small.bin", GopherItemType.BINARY, local.resolve("small.bin")); // the connection keeps a buffer
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Path target = local.resolve("big-" + i + ".bin");
                runs.add(pool.submit(() -> {
                    session.get("/big.bin", GopherItemType.BINARY, target);
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
            assertTrue(TransferBuffer.held() - before <= 4L * TransferBuffer.MAX_SIZE, "at most one each");
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertEquals(before, TransferBuffer.held());
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(big, Files.readAllBytes(local.resolve("big-" + i + ".bin")), "download " + i);
        }
    }

    @Test
    void aStalledDownloadTimesOutWithinTheReadTimeoutAndLeavesNoFile() throws Exception {
        Duration timeout = Duration.ofSeconds(1);
        try (FaultProxy proxy = FaultProxy.to(server::address)) {
            proxy.fault(Fault.stallAfter(Direction.DOWNSTREAM, 256 * 1024));
            proxy.start();
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (Internet internet = internet(timeout); GopherSessionImpl session = connect(internet, proxy.port())) {
                    long start = System.nanoTime();
                    InternetException e = assertThrows(InternetException.class,
                            () -> session.get("/big.bin", GopherItemType.BINARY, local.resolve("big.bin")));
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
                    assertTrue(e.getMessage().contains("sent nothing for 1000 ms"), e.getMessage());
                    assertTrue(took.compareTo(timeout.plusSeconds(2)) < 0, "took " + took);
                    assertEquals(FileDownload.CHANNEL, session.lastDownload());
                }
            });
        }
        assertEquals(List.of(), localNames(), "neither the file nor its .part may be left");
    }

    @Test
    void aResetMidDocumentFailsAndLeavesNoFile() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(server::address)) {
            proxy.fault(Fault.resetAfter(Direction.DOWNSTREAM, 256 * 1024));
            proxy.start();
            try (Internet internet = internet(Duration.ofSeconds(10));
                 GopherSessionImpl session = connect(internet, proxy.port())) {
                InternetException e = assertThrows(InternetException.class,
                        () -> session.get("/big.bin", GopherItemType.BINARY, local.resolve("big.bin")));
                assertTrue(e.error() == InternetError.CONNECTION_RESET || e.error() == InternetError.CONNECTION_ABORTED,
                        e.toString());
                assertEquals(FileDownload.CHANNEL, session.lastDownload());
            }
        }
        assertEquals(List.of(), localNames());
    }

    @Test
    void aCleanCloseMidDocumentCannotBeToldFromTheEnd() throws Exception {
        // The documented limit: a binary document ends where the server closes.
        try (FaultProxy proxy = FaultProxy.to(server::address)) {
            proxy.fault(Fault.cutAfter(Direction.DOWNSTREAM, 256 * 1024));
            proxy.start();
            try (Internet internet = internet(Duration.ofSeconds(10));
                 GopherSessionImpl session = connect(internet, proxy.port())) {
                session.get("/big.bin", GopherItemType.BINARY, local.resolve("big.bin"));
            }
        }
        byte[] got = Files.readAllBytes(local.resolve("big.bin"));
        assertTrue(got.length < BIG && Arrays.equals(big, 0, got.length, got, 0, got.length),
                got.length + " bytes, a prefix");
    }

    @Test
    void anInterruptEndsAStalledDownloadAsCancelledAndLeavesNoFile() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(server::address)) {
            proxy.fault(Fault.stallAfter(Direction.DOWNSTREAM, 256 * 1024));
            proxy.start();
            try (Internet internet = internet(Duration.ofSeconds(30));
                 GopherSessionImpl session = connect(internet, proxy.port())) {
                BlockedCall get = BlockedCall.start("stalled get",
                        () -> session.get("/big.bin", GopherItemType.BINARY, local.resolve("big.bin")));
                awaitStall(proxy);
                get.interrupt();
                // Far less than the 30 s read timeout: only the interrupt can end it in time.
                InternetException e = get.failure(InternetException.class, Duration.ofSeconds(10));
                assertEquals(InternetError.OPERATION_CANCELLED, e.error(), e.toString());
                assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
                assertEquals(FileDownload.CHANNEL, session.lastDownload());
            }
        }
        assertEquals(List.of(), localNames());
    }

    @Test
    void anInterruptEndsAStreamDownloadAsCancelledNotAsTheDisksFailure() throws Exception {
        // A plain socket ignores interrupts, the file's channel does not: the write after the read in
        // progress fails with ClosedByInterruptException, which is no failure of the disk. 16 KiB every
        // 50 ms makes the 640 KB document take 2 s at the very least; the interrupt comes long before.
        byte[] text = ("a line of text\r\n".repeat(40_000) + ".\r\n").getBytes(StandardCharsets.US_ASCII);
        server.raw("/long.txt", text);
        try (FaultProxy proxy = FaultProxy.to(server::address)) {
            proxy.fault(Fault.drip(Direction.DOWNSTREAM, 16 * 1024, Duration.ofMillis(50)));
            proxy.start();
            try (Internet internet = internet(Duration.ofSeconds(30));
                 GopherSessionImpl session = connect(internet, proxy.port())) {
                BlockedCall get = BlockedCall.start("dripping get",
                        () -> session.get("/long.txt", GopherItemType.TEXT_FILE, local.resolve("long.txt")));
                assertTrue(proxy.awaitBytes(Direction.DOWNSTREAM, 32 * 1024, Duration.ofSeconds(20)), "no data came");
                get.interrupt();
                InternetException e = get.failure(InternetException.class, Duration.ofSeconds(20));
                assertEquals(InternetError.OPERATION_CANCELLED, e.error(), e.toString());
                assertEquals(FileDownload.STREAM, session.lastDownload());
            }
        }
        assertEquals(List.of(), localNames());
    }

    @Test
    void closingTheSessionEndsAStalledDownloadAsCancelledOnEitherRoute() throws Exception {
        byte[] text = ("a line of text\r\n".repeat(40_000) + ".\r\n").getBytes(StandardCharsets.US_ASCII);
        server.raw("/long.txt", text);
        List<String> wrong = new ArrayList<>();
        for (GopherItemType type : List.of(GopherItemType.BINARY, GopherItemType.TEXT_FILE)) {
            String selector = type == GopherItemType.BINARY ? "/big.bin" : "/long.txt";
            try (FaultProxy proxy = FaultProxy.to(server::address)) {
                proxy.fault(Fault.stallAfter(Direction.DOWNSTREAM, 256 * 1024));
                proxy.start();
                try (Internet internet = internet(Duration.ofSeconds(30))) {
                    GopherSessionImpl session = connect(internet, proxy.port());
                    BlockedCall get = BlockedCall.start(type + " get", () -> session.get(selector, type,
                            local.resolve("doc")));
                    awaitStall(proxy);
                    session.close();
                    InternetException e = get.failure(InternetException.class, Duration.ofSeconds(10));
                    if (e.error() != InternetError.OPERATION_CANCELLED) {
                        wrong.add(type + ": " + e); // both routes are tried before the verdict
                    }
                    assertEquals(type == GopherItemType.BINARY ? FileDownload.CHANNEL : FileDownload.STREAM,
                            session.lastDownload());
                }
            }
            assertEquals(List.of(), localNames(), type.toString());
        }
        assertEquals(List.of(), wrong, "not OPERATION_CANCELLED");
    }

    /** Waits until the proxy has relayed what it relays before its stall, and a little more: the client is blocked. */
    private static void awaitStall(FaultProxy proxy) throws InterruptedException {
        proxy.awaitBytes(Direction.DOWNSTREAM, 256 * 1024, Duration.ofSeconds(20));
        Thread.sleep(200); // blocked in the read by now; if not, the read that comes next blocks
    }

    /**
     * A disk that fills mid-download: a 1 MiB tmpfs, mounted here (root only; skipped where mounting
     * is not allowed). The failure is the local file's ({@code DISK_FULL}, naming the target), not the
     * network's, and the partial file is removed.
     */
    @Test
    void aFullDiskMidDownloadIsALocalErrorAndLeavesNoFile() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(local.resolve("small-disk"), "1m")) {
            Path small = disk.path();
            Path target = small.resolve("big.bin");
            try (Internet internet = internet(Duration.ofSeconds(10));
                 GopherSessionImpl session = connect(internet, server.port())) {
                InternetException e = assertThrows(InternetException.class,
                        () -> session.get("/big.bin", GopherItemType.BINARY, target));
                assertEquals(InternetError.DISK_FULL, e.error(), e.toString());
                assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
                assertEquals(FileDownload.CHANNEL, session.lastDownload());
            }
            assertEquals(List.of(), names(small));
            // The stream route: a text document larger than the disk.
            server.raw("/huge.txt", ("x".repeat(1000) + "\r\n").repeat(2048).getBytes(StandardCharsets.US_ASCII));
            try (Internet internet = internet(Duration.ofSeconds(10));
                 GopherSessionImpl session = connect(internet, server.port())) {
                InternetException e = assertThrows(InternetException.class,
                        () -> session.get("/huge.txt", GopherItemType.TEXT_FILE, small.resolve("huge.txt")));
                assertEquals(InternetError.DISK_FULL, e.error(), e.toString());
                assertEquals(FileDownload.STREAM, session.lastDownload());
            }
            assertEquals(List.of(), names(small));
        }
    }

    @Test
    void gophersGoesThroughTheStreamByteForByte() throws Exception {
        try (TestGopherServer tls = TestGopherServer.newBuilder().root(remote).tls().build()) {
            tls.start();
            try (Internet internet = internet(Duration.ofSeconds(10));
                 GopherSessionImpl session = connect(internet, tls.port(), ConnectFlag.SECURE)) {
                session.get("/big.bin", GopherItemType.BINARY, local.resolve("big.bin"));
                assertEquals(FileDownload.STREAM, session.lastDownload());
                InternetException e = assertThrows(InternetException.class,
                        () -> session.get("/gone.bin", GopherItemType.BINARY, local.resolve("gone.bin")));
                assertEquals(InternetError.GOPHER_DATA_ERROR, e.error(), e.toString());
            }
        }
        assertArrayEquals(big, Files.readAllBytes(local.resolve("big.bin")));
        assertEquals(List.of("big.bin"), localNames());
    }

    @Test
    void aTypeWithNoDocumentIsRefusedBeforeAnyByte() throws Exception {
        try (Internet internet = internet(Duration.ofSeconds(10));
             GopherSessionImpl session = connect(internet, server.port())) {
            assertEquals(InternetError.GOPHER_NOT_FILE, assertThrows(InternetException.class,
                    () -> session.get("/", GopherItemType.DIRECTORY, local.resolve("menu"))).error());
            assertEquals(InternetError.GOPHER_INVALID_LOCATOR, assertThrows(InternetException.class,
                    () -> session.get("/a\tb", GopherItemType.BINARY, local.resolve("x"))).error());
        }
        assertEquals(0, server.connectionCount());
        assertEquals(List.of(), localNames());
    }
}
