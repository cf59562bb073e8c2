package io.inetkit.provider.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.SegmentedDownload;
import io.inetkit.Service;
import io.inetkit.mirror.Mirror;
import io.inetkit.mirror.MirrorListener;
import io.inetkit.mirror.MirrorResult;
import io.inetkit.mirror.RemoteTree;
import io.inetkit.sftp.SftpOptions;
import io.inetkit.sftp.SftpPutOption;
import io.inetkit.sftp.SftpSession;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.FaultProxy;
import io.inetkit.testkit.sftp.TestSftpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Scale features over SFTP (segments, resume, mirroring) against MINA SSHD's SFTP server. */
class SftpScaleTest {

    private static final int SIZE = 3 * 1024 * 1024 + 11;

    @TempDir
    Path remote;
    @TempDir
    Path local;

    private TestSftpServer server;
    private Path knownHosts;
    private Leaks leaks;
    private byte[] big;

    @BeforeEach
    void start() throws Exception {
        leaks = Leaks.snapshot();
        big = new byte[SIZE];
        new Random(25).nextBytes(big);
        Files.write(remote.resolve("big.bin"), big);
        server = TestSftpServer.newBuilder().root(remote).user("alice", "secret").build();
        server.start();
        knownHosts = Files.createTempFile("known_hosts", "");
        Files.writeString(knownHosts, server.knownHostsLine());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        Files.deleteIfExists(knownHosts);
        leaks.assertNoLeak("sftp scale");
    }

    private Internet internet() {
        return Internet.newBuilder().connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10)).build();
    }

    private ConnectRequest<SftpSession> request() {
        return ConnectRequest.newBuilder(Service.SFTP, server.host()).port(server.port()).user("alice")
                .password("secret").option(SftpOptions.newBuilder().knownHosts(knownHosts).build()).build();
    }

    private static SegmentedDownload segments(int n) {
        return SegmentedDownload.newBuilder().segments(n).minSegmentSize(256 * 1024).build();
    }

    /** Whether the provider reads at an offset; until it does, a segmented download takes one connection. */
    @Test
    void anOffsetReadStartsAtItsByte() throws Exception {
        try (Internet internet = internet(); SftpSession sftp = internet.connect(request());
             InputStream in = sftp.openRead("/big.bin", 1000)) {
            assertArrayEquals(java.util.Arrays.copyOfRange(big, 1000, big.length), in.readAllBytes());
        }
    }

    @Test
    void aSegmentedDownloadIsByteForByteAndLeavesNoPartFile() throws Exception {
        try (Internet internet = internet()) {
            Path target = local.resolve("big.bin");
            SegmentedDownload.Result result = segments(4).download(internet, request(), "/big.bin", target,
                    new AtomicLong());
            assertArrayEquals(big, Files.readAllBytes(target));
            assertEquals(SIZE, result.bytes());
            assertTrue(result.ranged(), result::toString);
            assertEquals(4, result.connections(), result::toString);
            try (Stream<Path> files = Files.list(local)) {
                assertEquals(List.of(target), files.toList());
            }
        }
    }

    @Test
    void aSessionDoneWithItsSegmentTakesTheSecondHalfOfASlowOne() throws Exception {
        // The opening that starts at the second segment is answered a read each 40 ms (about 1 MB/s),
        // every other at the proxy's 8 MB/s: the first connection is done with its 4 MiB while the
        // second has read some 500 KB, and takes half of the rest (a half is worth taking from 8
        // smallest segments, 1.6 MB, on). The sessions log in at once, so the slow one is told by where
        // it reads, not by the order it connected in.
        int size = 8 * 1024 * 1024 + 3;
        byte[] content = new byte[size];
        new Random(8).nextBytes(content);
        Files.write(remote.resolve("split.bin"), content);
        Path target = local.resolve("split.bin");
        // Where each opening of the file began to read.
        Map<Object, Long> firstRead = new ConcurrentHashMap<>();
        TestSftpServer watched = TestSftpServer.newBuilder().root(remote).user("alice", "secret")
                .reads((opening, file, offset) -> {
                    if (Math.abs(firstRead.merge(opening, offset, Math::min) - size / 2) <= 1) {
                        try {
                            Thread.sleep(40);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).build();
        try (watched; FaultProxy proxy = FaultProxy.to(watched::address)) {
            watched.start();
            proxy.bandwidth(Direction.DOWNSTREAM, 8_000_000);
            proxy.start();
            Files.writeString(knownHosts, "[" + proxy.host() + "]:" + proxy.port() + " " + watched.hostKeyEntry()
                    + "\n", java.nio.file.StandardOpenOption.APPEND);
            ConnectRequest<SftpSession> viaProxy = ConnectRequest.newBuilder(Service.SFTP, proxy.host())
                    .port(proxy.port()).user("alice").password("secret")
                    .option(SftpOptions.newBuilder().knownHosts(knownHosts).build()).build();
            try (Internet internet = internet()) {
                SegmentedDownload.Result result = SegmentedDownload.newBuilder().segments(2).minSegmentSize(200_000)
                        .build().download(internet, viaProxy, "/split.bin", target, new AtomicLong());
                assertEquals(new SegmentedDownload.Result(size, 2, true), result);
            }
            assertArrayEquals(content, Files.readAllBytes(target));
            try (Stream<Path> files = Files.list(local)) {
                assertEquals(List.of(target), files.toList());
            }
            // Two connections, none asked again, three openings: the third from the slow one's unread part.
            assertEquals(2, proxy.connectionCount());
            List<Long> starts = firstRead.values().stream().sorted().toList();
            assertEquals(3, starts.size(), starts.toString());
            assertEquals(0, starts.get(0), starts.toString());
            assertTrue(Math.abs(starts.get(1) - size / 2) <= 1, starts.toString());
            assertTrue(starts.get(2) > size / 2 + 1_000_000, starts.toString());
        }
    }

    @Test
    void aSegmentedDownloadOfADirectoryOrAMissingFileFailsAndWritesNothing() throws Exception {
        Files.createDirectory(remote.resolve("dir"));
        try (Internet internet = internet()) {
            InternetException directory = assertThrows(InternetException.class, () -> segments(4)
                    .download(internet, request(), "/dir", local.resolve("dir"), new AtomicLong()));
            assertEquals(InternetError.INVALID_PARAMETER, directory.error());
            InternetException missing = assertThrows(InternetException.class, () -> segments(4)
                    .download(internet, request(), "/nope.bin", local.resolve("nope.bin"), new AtomicLong()));
            assertEquals(InternetError.FILE_NOT_FOUND, missing.error());
            try (Stream<Path> files = Files.list(local)) {
                assertEquals(0, files.count());
            }
        }
    }

    @Test
    void aFileThatChangesBetweenSegmentsFailsWithForceRetryAndKeepsNothing() throws Exception {
        try (Internet internet = internet()) {
            Path target = local.resolve("big.bin");
            Files.writeString(target, "old");
            // Each later segment opens a new session; the file grows after the first answer.
            AtomicLong received = new AtomicLong();
            Thread grower = new Thread(() -> {
                try {
                    while (received.get() == 0) {
                        Thread.sleep(1);
                    }
                    Files.write(remote.resolve("big.bin"), new byte[SIZE + 1]);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            grower.start();
            InternetException e = assertThrows(InternetException.class,
                    () -> segments(8).download(internet, request(), "/big.bin", target, received));
            grower.join(10_000);
            assertEquals(InternetError.FORCE_RETRY, e.error(), e::toString);
            assertEquals("old", Files.readString(target));
        }
    }

    @Test
    void aFileThatGrowsWhileTheLastSegmentReadsItFailsWithForceRetryAndKeepsNothing() throws Exception {
        // The file grows as the second of two segments starts to read, after that segment's stat:
        // only the bytes past the announced end tell.
        AtomicBoolean grown = new AtomicBoolean();
        TestSftpServer growing = TestSftpServer.newBuilder().root(remote).user("alice", "secret")
                .reads((opening, file, offset) -> {
                    if (offset >= SIZE / 2 && grown.compareAndSet(false, true)) {
                        try {
                            Files.write(file, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }).build();
        try (growing; Internet internet = internet()) {
            growing.start();
            Path target = local.resolve("big.bin");
            Files.writeString(target, "old");
            Files.writeString(knownHosts, growing.knownHostsLine() + "\n", StandardOpenOption.APPEND);
            ConnectRequest<SftpSession> request = ConnectRequest.newBuilder(Service.SFTP, growing.host())
                    .port(growing.port()).user("alice").password("secret")
                    .option(SftpOptions.newBuilder().knownHosts(knownHosts).build()).build();
            InternetException e = assertThrows(InternetException.class,
                    () -> segments(2).download(internet, request, "/big.bin", target, new AtomicLong()));
            assertTrue(grown.get());
            assertEquals(InternetError.FORCE_RETRY, e.error(), e::toString);
            assertTrue(e.getMessage().contains("grew during the download"), e.getMessage());
            assertEquals("old", Files.readString(target));
            try (Stream<Path> files = Files.list(local)) {
                assertEquals(1, files.count(), "no .part left");
            }
        }
    }

    @Test
    void aSegmentedDownloadByUrlRefusesADirectoryUrl() throws Exception {
        try (Internet internet = internet()) {
            InternetException e = assertThrows(InternetException.class, () -> segments(4).download(internet,
                    java.net.URI.create("sftp://alice@" + server.host() + ":" + server.port() + "/"),
                    local.resolve("x")));
            assertEquals(InternetError.INVALID_PARAMETER, e.error());
        }
    }

    @Test
    void putResumeSendsOnlyWhatTheRemoteFileLacks() throws Exception {
        Path file = local.resolve("up.bin");
        Files.write(file, big);
        Files.write(remote.resolve("up.bin"), java.util.Arrays.copyOf(big, 1000));
        try (Internet internet = internet(); SftpSession sftp = internet.connect(request())) {
            sftp.put(file, "/up.bin", SftpPutOption.RESUME);
            assertArrayEquals(big, Files.readAllBytes(remote.resolve("up.bin")));
            sftp.put(file, "/up.bin", SftpPutOption.RESUME); // complete: nothing to send
            assertArrayEquals(big, Files.readAllBytes(remote.resolve("up.bin")));
            sftp.put(file, "/new.bin", SftpPutOption.RESUME); // nothing there yet: all of it
            assertArrayEquals(big, Files.readAllBytes(remote.resolve("new.bin")));
            Files.write(remote.resolve("long.bin"), java.util.Arrays.copyOf(big, big.length + 1));
            InternetException longer = assertThrows(InternetException.class,
                    () -> sftp.put(file, "/long.bin", SftpPutOption.RESUME));
            assertEquals(InternetError.INVALID_OPERATION, longer.error());
            assertEquals(big.length + 1, Files.size(remote.resolve("long.bin")), "nothing sent");
        }
    }

    @Test
    void aMirrorDownloadsATreeByteForByteReportsLinksAndThenTransfersNothing() throws Exception {
        Path tree = Files.createDirectories(remote.resolve("tree/sub/deeper"));
        Files.writeString(remote.resolve("tree/a.txt"), "a");
        Files.write(remote.resolve("tree/sub/big.bin"), big);
        Files.writeString(tree.resolve("c.txt"), "c");
        Files.createSymbolicLink(remote.resolve("tree/up"), Path.of(".."));
        Files.createSymbolicLink(remote.resolve("tree/link.txt"), Path.of("a.txt"));
        Recorder recorder = new Recorder();
        Path into = local.resolve("into");
        try (Internet internet = internet(); SftpSession one = internet.connect(request());
                SftpSession two = internet.connect(request()); SftpSession three = internet.connect(request())) {
            List<RemoteTree> trees = List.of(RemoteTree.of(one), RemoteTree.of(two), RemoteTree.of(three));
            MirrorResult result = Mirror.newBuilder().listener(recorder).build().download(trees, "/tree", into);
            assertEquals(new MirrorResult(3, 0, 0, 2, 0), result, recorder.lines::toString);
            assertEquals("a", Files.readString(into.resolve("a.txt")));
            assertArrayEquals(big, Files.readAllBytes(into.resolve("sub/big.bin")));
            assertEquals("c", Files.readString(into.resolve("sub/deeper/c.txt")));
            assertFalse(Files.exists(into.resolve("up")));
            assertFalse(Files.exists(into.resolve("link.txt")));
            assertTrue(recorder.line("up").contains("symbolic link"), recorder.lines::toString);
            MirrorResult again = Mirror.newBuilder().build().download(trees, "/tree", into);
            assertEquals(0, again.transferred(), again::toString);
            assertEquals(3, again.unchanged(), again::toString);
        }
    }

    @Test
    void aMirrorRefusesListingNamesThatWouldLeaveTheTarget() throws Exception {
        Files.createDirectories(remote.resolve("tree"));
        Files.writeString(remote.resolve("tree/..\\escaped.txt"), "x");
        Files.writeString(remote.resolve("tree/C:escaped.txt"), "x");
        Files.writeString(remote.resolve("tree/fine.txt"), "fine");
        Path into = Files.createDirectories(local.resolve("a/b"));
        Recorder recorder = new Recorder();
        try (Internet internet = internet(); SftpSession sftp = internet.connect(request())) {
            MirrorResult result = Mirror.newBuilder().listener(recorder).build()
                    .download(List.of(RemoteTree.of(sftp)), "/tree", into);
            assertEquals(1, result.transferred(), result::toString);
            assertEquals(2, result.failed(), result::toString);
            assertEquals(InternetError.ACCESS_DENIED, recorder.failure("..\\escaped.txt"), recorder.lines::toString);
            assertEquals(InternetError.ACCESS_DENIED, recorder.failure("C:escaped.txt"), recorder.lines::toString);
        }
        try (Stream<Path> all = Files.walk(local)) {
            assertEquals(List.of(local.resolve("a/b/fine.txt")), all.filter(Files::isRegularFile).toList());
        }
    }

    @Test
    void aMirrorUploadsATreeAndReplacesAChangedFile() throws Exception {
        Path from = Files.createDirectories(local.resolve("from/sub"));
        Files.writeString(local.resolve("from/a.txt"), "a");
        Files.write(from.resolve("big.bin"), big);
        try (Internet internet = internet(); SftpSession sftp = internet.connect(request())) {
            List<RemoteTree> trees = List.of(RemoteTree.of(sftp));
            MirrorResult result = Mirror.newBuilder().build().upload(local.resolve("from"), trees, "/to");
            assertEquals(2, result.transferred(), result::toString);
            assertEquals("a", Files.readString(remote.resolve("to/a.txt")));
            assertArrayEquals(big, Files.readAllBytes(remote.resolve("to/sub/big.bin")));
            Files.writeString(local.resolve("from/a.txt"), "longer");
            MirrorResult again = Mirror.newBuilder().build().upload(local.resolve("from"), trees, "/to");
            assertEquals(1, again.transferred(), again::toString);
            assertEquals("longer", Files.readString(remote.resolve("to/a.txt")));
            try (Stream<Path> files = Files.list(remote.resolve("to"))) {
                assertEquals(List.of("a.txt", "sub"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                        "no part file left");
            }
        }
    }

    /** What the mirror reported, by name. */
    private static final class Recorder implements MirrorListener {

        final Map<String, String> lines = new ConcurrentHashMap<>();
        final Map<String, InternetError> failures = new ConcurrentHashMap<>();

        String line(String name) {
            return lines.entrySet().stream().filter(e -> e.getKey().endsWith(name)).map(Map.Entry::getValue)
                    .findFirst().orElse("");
        }

        InternetError failure(String name) {
            return failures.entrySet().stream().filter(e -> e.getKey().endsWith(name)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }

        @Override
        public void skipped(String path, String why) {
            lines.put(path, why);
        }

        @Override
        public void failed(String path, InternetException failure) {
            lines.put(path, failure.getMessage());
            failures.put(path, failure.error());
        }
    }
}
