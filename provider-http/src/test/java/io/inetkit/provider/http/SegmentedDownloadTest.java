package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.RetryPolicy;
import io.inetkit.SegmentedDownload;
import io.inetkit.testkit.SmallDisk;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.http.RecordedRequest;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SegmentedDownload} over HTTP against the testkit's server, whose dispatcher here answers
 * {@code Range} as RFC 9110 says (or, per test, ignores it or changes the file), behind a fault
 * proxy that cuts connections.
 */
class SegmentedDownloadTest {

    private static final int SIZE = 8 * 1024 * 1024 + 3;
    private static final byte[] CONTENT = new byte[SIZE];
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    static {
        new Random(25).nextBytes(CONTENT);
    }

    private final ConcurrentLinkedQueue<String> ranges = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean ignoreRange;
    private volatile boolean changeAfterFirst;
    private volatile boolean ignoreIfRange;
    private volatile boolean stallLater;
    /** Whether one segment's answer is slow: the first's (from byte 0) or, if not, the other's. */
    private volatile boolean slowSegments;
    private volatile boolean slowFirst;
    /** Connections the first answer waits for, and whether they came while it waited. */
    private volatile int probeWaitsFor;
    private volatile boolean probeSawThem;

    @StartStop final TestHttpServer server = TestHttpServer.newBuilder().dispatcher(this::serve).build();
    @StartStop final FaultProxy proxy = FaultProxy.to(server::address);

    @TempDir Path dir;
    private Leaks leaks;

    @BeforeEach
    void snapshot() {
        leaks = Leaks.snapshot();
    }

    @AfterEach
    void noLeaks() throws Exception {
        proxy.close(); // their threads and sockets first: what is left is the download's
        server.close();
        leaks.assertNoLeak("segmented download");
    }

    private TestResponse serve(RecordedRequest request) {
        int number = requests.incrementAndGet();
        String tag = changeAfterFirst && number > 1 ? "\"v2\"" : "\"v1\"";
        byte[] content = tag.equals("\"v2\"") ? Arrays.copyOf(CONTENT, SIZE + 10) : CONTENT;
        String range = request.header("Range").orElse(null);
        String ifRange = request.header("If-Range").orElse(null);
        ranges.add(String.valueOf(range) + " " + ifRange);
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (request.path().equals("/empty") && range == null) {
            return TestResponse.newBuilder().status(200).header("ETag", tag).build();
        }
        if (ignoreRange || m == null || !m.matches() || !ignoreIfRange && ifRange != null && !ifRange.equals(tag)) {
            return TestResponse.newBuilder().status(200).header("ETag", tag).body(content).build();
        }
        if (request.path().startsWith("/missing")) {
            return TestResponse.status(404);
        }
        if (request.path().equals("/empty")) {
            return TestResponse.newBuilder().status(416).header("Content-Range", "bytes */0").build();
        }
        int first = Integer.parseInt(m.group(1));
        if (probeWaitsFor > 0 && range.equals("bytes=0-")) {
            try {
                probeSawThem = proxy.awaitConnections(probeWaitsFor, Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int last = m.group(2).isEmpty() ? content.length - 1 : Math.min(content.length - 1, Integer.parseInt(m.group(2)));
        TestResponse.Builder answer = TestResponse.newBuilder().status(206).header("ETag", tag)
                .header("Content-Range", "bytes " + first + "-" + last + "/" + content.length)
                .body(Arrays.copyOfRange(content, first, last + 1));
        if (slowSegments && (first == 0) == slowFirst) {
            answer.throttle(8 * 1024, Duration.ofMillis(5));
        }
        return (stallLater && first > 0 ? answer.stallAfter(1000) : answer).build();
    }

    private static Internet internet(RetryPolicy retries) {
        return Internet.newBuilder().readTimeout(Duration.ofSeconds(20)).retries(retries).build();
    }

    private URI viaProxy() {
        return URI.create("http://127.0.0.1:" + proxy.address().getPort() + "/big.bin");
    }

    private static SegmentedDownload segments(int n) {
        return SegmentedDownload.newBuilder().segments(n).minSegmentSize(512 * 1024).build();
    }

    @Test
    void fourSegmentsArriveByteForByteWithIfRangeOnEachLaterRequest() throws Exception {
        Path target = dir.resolve("big.bin");
        AtomicLong received = new AtomicLong();
        try (Internet internet = internet(RetryPolicy.defaults())) {
            SegmentedDownload.Result result = segments(4).download(internet, server.url("/big.bin"), target, received);
            assertEquals(new SegmentedDownload.Result(SIZE, 4, true), result);
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(target));
        assertEquals(SIZE, received.get());
        assertEquals(4, ranges.size(), ranges.toString());
        assertTrue(ranges.contains("bytes=0- null"), ranges.toString());
        assertEquals(3, ranges.stream().filter(r -> r.endsWith(" \"v1\"")).count(), ranges.toString());
        assertEquals(List.of(target), partFiles());
    }

    @Test
    void theLaterConnectionsConnectWhileTheFirstAnswerIsOnItsWay() throws Exception {
        probeWaitsFor = 4;
        Path target = dir.resolve("big.bin");
        try (Internet internet = internet(RetryPolicy.defaults())) {
            SegmentedDownload.Result result = segments(4).download(internet, viaProxy(), target);
            assertEquals(new SegmentedDownload.Result(SIZE, 4, true), result);
        }
        assertTrue(probeSawThem, "the first answer was held until 4 connections were open: "
                + proxy.connectionCount() + " came");
        assertEquals(4, proxy.connectionCount(), "each later segment took a connection opened ahead");
        assertArrayEquals(CONTENT, Files.readAllBytes(target));
    }

    @Test
    void overHttpsEachSegmentTakesAConnectionOpenedAheadPastItsHandshake() throws Exception {
        // A TLS 1.3 server sends its session tickets after the handshake: the pool must not take them
        // for bytes nobody asked for and open another connection in its place.
        Path target = dir.resolve("big.bin");
        try (TestHttpServer https = TestHttpServer.newBuilder().https().dispatcher(this::serve).build();
             FaultProxy tls = FaultProxy.to(https::address)) {
            https.start();
            tls.start();
            try (Internet internet = Internet.newBuilder().readTimeout(Duration.ofSeconds(20))
                    .sslContext(TestCertificate.localhost().clientContext()).build()) {
                SegmentedDownload.Result result = segments(4).download(internet,
                        URI.create("https://localhost:" + tls.address().getPort() + "/big.bin"), target);
                assertEquals(new SegmentedDownload.Result(SIZE, 4, true), result);
            }
            assertEquals(4, tls.connectionCount(), "one connection a segment");
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(target));
    }

    @Test
    void aDiskWithoutRoomForTheAnnouncedSizeIsDiskFullBeforeAnySegmentIsAsked() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("small-disk"), "1m")) {
            Path target = disk.path().resolve("big.bin");
            try (Internet internet = internet(RetryPolicy.defaults())) {
                InternetException e = assertThrows(InternetException.class,
                        () -> segments(4).download(internet, server.url("/big.bin"), target));
                assertEquals(InternetError.DISK_FULL, e.error(), e.toString());
                assertTrue(e.getMessage().contains("not the " + SIZE + " the download needs"), e.getMessage());
            }
            assertEquals(List.of("bytes=0- null"), List.copyOf(ranges), "only the first request was sent");
            try (Stream<Path> files = Files.list(disk.path())) {
                assertEquals(List.of(), files.toList());
            }
        }
    }

    @Test
    void connectionsPerHostBoundTheSegments() throws Exception {
        Path target = dir.resolve("big.bin");
        try (Internet internet = internet(RetryPolicy.defaults())) {
            SegmentedDownload.Result result = SegmentedDownload.newBuilder().segments(16).maxConnectionsPerHost(3)
                    .minSegmentSize(512 * 1024).build().download(internet, server.url("/big.bin"), target);
            assertEquals(3, result.connections());
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(target));
        assertEquals(3, requests.get());
    }

    @Test
    void aServerThatIgnoresRangeIsReadWholeOnOneConnection() throws Exception {
        ignoreRange = true;
        Path target = dir.resolve("big.bin");
        try (Internet internet = internet(RetryPolicy.defaults())) {
            SegmentedDownload.Result result = segments(4).download(internet, server.url("/big.bin"), target);
            assertEquals(new SegmentedDownload.Result(SIZE, 1, false), result);
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(target));
        assertEquals(1, requests.get());
    }

    @Test
    void aFileThatChangesBetweenSegmentsFailsAndLeavesNothing() throws Exception {
        changeAfterFirst = true;
        Path target = dir.resolve("big.bin");
        try (Internet internet = internet(RetryPolicy.defaults())) {
            InternetException e = assertThrows(InternetException.class,
                    () -> segments(4).download(internet, server.url("/big.bin"), target));
            assertEquals(InternetError.FORCE_RETRY, e.error(), e.getMessage());
            assertTrue(e.getMessage().contains("changed during the download"), e.getMessage());
        }
        assertEquals(List.of(), partFiles());
    }

    @Test
    void aFileThatChangesWithoutValidatorIsFoundByItsSize() throws Exception {
        // Against a server that does not honour If-Range, the new size in Content-Range tells.
        changeAfterFirst = true;
        ignoreIfRange = true;
        Path target = dir.resolve("big.bin");
        try (Internet internet = internet(RetryPolicy.defaults())) {
            InternetException e = assertThrows(InternetException.class,
                    () -> segments(4).download(internet, server.url("/big.bin"), target));
            assertTrue(e.getMessage().contains(SIZE + 10 + " bytes"), e.getMessage());
            assertEquals(InternetError.FORCE_RETRY, e.error(), e.getMessage());
        }
        assertFalse(Files.exists(target));
    }

    @Test
    void aCutSegmentIsAskedAgainFromWhereItStopped() throws Exception {
        proxy.enqueue(Fault.none(), Fault.cutAfter(Direction.DOWNSTREAM, 700_000));
        Path target = dir.resolve("big.bin");
        try (Internet internet = internet(RetryPolicy.newBuilder().backoff(Duration.ofMillis(10)).build())) {
            SegmentedDownload.Result result = segments(4).download(internet, viaProxy(), target);
            assertEquals(4, result.connections());
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(target));
        assertEquals(5, ranges.size(), ranges.toString());
        assertTrue(proxy.connectionCount() >= 4, "a retry may take a kept-alive connection: " + proxy.connectionCount());
    }

    @Test
    void aConnectionDoneWithItsSegmentTakesTheSecondHalfOfASlowLaterOne() throws Exception {
        slowFirst = false;
        takesTheSecondHalfOfTheSlowSegment(SIZE / 2, SIZE - 1);
    }

    @Test
    void aConnectionDoneWithItsSegmentTakesTheSecondHalfOfASlowFirstOne() throws Exception {
        // The stealer reads on loopback, a new request costs it more bytes than the slow one has
        // left: what decides is how long the slow one still takes.
        slowFirst = true;
        takesTheSecondHalfOfTheSlowSegment(0, SIZE / 2 - 1);
    }

    /**
     * Two segments, one sent 8 KiB each 5 ms (about 1.6 MB/s), the other at loopback speed and done
     * with its 4 MiB long before the slow one has 1 MiB. A half is taken when at least 8 smallest
     * segments long (2.4 MB): once here, not twice, from the slow segment's unread part, to its end,
     * with the first answer's validator.
     */
    private void takesTheSecondHalfOfTheSlowSegment(long slowStart, long slowEnd) throws Exception {
        slowSegments = true;
        Path target = dir.resolve("big.bin");
        try (Internet internet = internet(RetryPolicy.defaults())) {
            SegmentedDownload.Result result = SegmentedDownload.newBuilder().segments(2).minSegmentSize(300_000)
                    .build().download(internet, server.url("/big.bin"), target);
            assertEquals(new SegmentedDownload.Result(SIZE, 2, true), result);
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(target));
        List<long[]> asked = ranges.stream().map(r -> RANGE.matcher(r.split(" ")[0]))
                .filter(Matcher::matches)
                .map(m -> new long[] {Long.parseLong(m.group(1)), m.group(2).isEmpty() ? -1 : Long.parseLong(m.group(2))})
                .toList();
        assertEquals(3, asked.size(), ranges.toString());
        long half = SIZE / 2;
        List<Long> starts = asked.stream().map(a -> a[0]).toList();
        assertTrue(starts.contains(0L) && starts.contains(half), ranges.toString());
        long[] taken = asked.stream().filter(a -> a[0] != 0 && a[0] != half).findFirst().orElseThrow();
        assertTrue(taken[0] > slowStart + 1_000_000, ranges.toString());
        assertEquals(slowEnd, taken[1], ranges.toString());
        assertEquals(2, ranges.stream().filter(r -> r.endsWith(" \"v1\"")).count(), ranges.toString());
    }

    @Test
    void aSegmentThatRunsOutOfRetriesFailsTheWholeAndLeavesNothing() throws Exception {
        proxy.enqueue(Fault.none());
        proxy.fault(Fault.resetAfter(Direction.DOWNSTREAM, 300_000));
        Path target = dir.resolve("big.bin");
        Files.writeString(target, "the old version");
        try (Internet internet = internet(RetryPolicy.newBuilder().maxRetries(2).backoff(Duration.ofMillis(10))
                .build())) {
            InternetException e = assertThrows(InternetException.class,
                    () -> segments(4).download(internet, viaProxy(), target));
            assertTrue(e.error() == InternetError.CONNECTION_RESET || e.error() == InternetError.CONNECTION_ABORTED,
                    e.error() + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("3 tries"), e.getMessage());
        }
        assertEquals("the old version", Files.readString(target));
        assertEquals(List.of(target), partFiles());
    }

    @Test
    void anEmptyFileThatHasNoFirstByteIsAskedForWhole() throws Exception {
        Path target = dir.resolve("empty");
        try (Internet internet = internet(RetryPolicy.defaults())) {
            assertEquals(new SegmentedDownload.Result(0, 1, false),
                    segments(4).download(internet, server.url("/empty"), target));
        }
        assertEquals(0, Files.size(target));
        assertEquals(List.of("bytes=0- null", "null null"), List.copyOf(ranges));
    }

    @Test
    void aRefusedFileFailsAtTheFirstRequestAndLeavesNothing() throws Exception {
        Path target = dir.resolve("big.bin");
        try (Internet internet = internet(RetryPolicy.defaults())) {
            InternetException e = assertThrows(InternetException.class,
                    () -> segments(4).download(internet, server.url("/missing.bin"), target));
            assertEquals(InternetError.EXTENDED_ERROR, e.error(), e.getMessage());
        }
        assertEquals(1, requests.get());
        assertEquals(List.of(), partFiles());
    }

    @Test
    void closingTheInternetEndsEverySegmentAtOnceAndLeavesNothing() throws Exception {
        stallLater = true; // every segment but the first stops sending after 1000 bytes
        Path target = dir.resolve("big.bin");
        Internet internet = internet(RetryPolicy.defaults());
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            internet.close();
        });
        long start = System.nanoTime();
        closer.start();
        try {
            InternetException e = assertThrows(InternetException.class,
                    () -> segments(4).download(internet, server.url("/big.bin"), target));
            assertTrue(e.error() == InternetError.OPERATION_CANCELLED || e.error() == InternetError.INVALID_HANDLE,
                    e.error() + ": " + e.getMessage());
        } finally {
            closer.join();
        }
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "not the 20 s read time-out");
        assertEquals(List.of(), partFiles());
    }

    private List<Path> partFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
