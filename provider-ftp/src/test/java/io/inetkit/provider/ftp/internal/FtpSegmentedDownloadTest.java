package io.inetkit.provider.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.SegmentedDownload;
import io.inetkit.Service;
import io.inetkit.ftp.FtpSession;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SegmentedDownload} over FTP ({@code REST} on a session a segment) against the testkit's server. */
class FtpSegmentedDownloadTest {

    private static final int SIZE = 6 * 1024 * 1024 + 7;
    private static final byte[] CONTENT = new byte[SIZE];

    static {
        new Random(25).nextBytes(CONTENT);
    }

    @StartStop final TestFtpServer server = TestFtpServer.create();
    @StartStop final FaultProxy control = FaultProxy.to(server::address);

    @TempDir Path dir;
    private Leaks leaks;
    private final Internet internet = Internet.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(20)).build();

    @BeforeEach
    void file() throws Exception {
        leaks = Leaks.snapshot();
        Files.write(server.root().resolve("big.bin"), CONTENT);
    }

    @AfterEach
    void noLeaks() throws Exception {
        internet.close();
        control.close();
        server.close();
        leaks.assertNoLeak("FTP segmented download");
    }

    /** Records every command the client sends through the control proxy, in the order they arrive. */
    private Queue<String> recordCommands() {
        Queue<String> commands = new ConcurrentLinkedQueue<>();
        control.fault(Fault.rewriteLines(Direction.UPSTREAM, line -> {
            commands.add(line);
            return line;
        }));
        return commands;
    }

    private static SegmentedDownload segments(int n) {
        return SegmentedDownload.newBuilder().segments(n).minSegmentSize(512 * 1024).build();
    }

    @Test
    void fourSegmentsArriveByteForByte() throws Exception {
        Path target = dir.resolve("big.bin");
        SegmentedDownload.Result result = segments(4).download(internet, server.url().resolve("/big.bin"), target);
        assertEquals(new SegmentedDownload.Result(SIZE, 4, true), result);
        assertArrayEquals(CONTENT, Files.readAllBytes(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void openReadFromAnOffsetReadsTheRestAndRefusesANegativeOne() throws Exception {
        try (FtpSession ftp = internet.connect(ConnectRequest.newBuilder(Service.FTP, "127.0.0.1")
                .port(server.address().getPort()).build())) {
            try (InputStream in = ftp.openRead("big.bin", SIZE - 1000)) {
                assertArrayEquals(Arrays.copyOfRange(CONTENT, SIZE - 1000, SIZE), in.readAllBytes());
            }
            try (InputStream in = ftp.openRead("big.bin", 5)) {
                assertArrayEquals(Arrays.copyOfRange(CONTENT, 5, 105), in.readNBytes(100)); // closed early
            }
            assertEquals(SIZE, ftp.size("big.bin")); // the session is still usable
            assertEquals(InternetError.INVALID_PARAMETER,
                    assertThrows(InternetException.class, () -> ftp.openRead("big.bin", -1)).error());
        }
    }

    @Test
    void laterSessionsAskNoSizeOfTheirOwnButStillCheckIt() throws Exception {
        Queue<String> commands = recordCommands();
        Path target = dir.resolve("big.bin");
        URI url = URI.create("ftp://127.0.0.1:" + control.address().getPort() + "/big.bin");
        assertEquals(new SegmentedDownload.Result(SIZE, 4, true), segments(4).download(internet, url, target));
        assertArrayEquals(CONTENT, Files.readAllBytes(target));
        // Every session asks MDTM once, as it logs in; the first asks SIZE to learn the file, and
        // every opening asks the SIZE that bounds its transfer, which the later ones check against the first's.
        assertEquals(5, commands.stream().filter(c -> c.startsWith("SIZE ")).count(), commands::toString);
        assertEquals(4, commands.stream().filter(c -> c.startsWith("MDTM ")).count(), commands::toString);
    }

    @Test
    void laterSessionsLogInWhileTheFirstDoes() throws Exception {
        // 20 ms each way: the first session's login and SIZE take some 250 ms, long enough for every
        // later session to have sent its USER before the first asks SIZE.
        control.latency(Direction.UPSTREAM, Duration.ofMillis(20)).latency(Direction.DOWNSTREAM, Duration.ofMillis(20));
        Queue<String> commands = recordCommands();
        Path target = dir.resolve("big.bin");
        URI url = URI.create("ftp://127.0.0.1:" + control.address().getPort() + "/big.bin");
        assertEquals(new SegmentedDownload.Result(SIZE, 4, true), segments(4).download(internet, url, target));
        assertArrayEquals(CONTENT, Files.readAllBytes(target));
        List<String> order = List.copyOf(commands);
        int firstSize = order.indexOf(order.stream().filter(c -> c.startsWith("SIZE ")).findFirst().orElseThrow());
        assertEquals(4, order.subList(0, firstSize).stream().filter(c -> c.startsWith("USER ")).count(),
                order::toString);
        assertEquals(4, control.connectionCount());
    }

    @Test
    void aFileTooSmallToSplitIsReadOnOneSessionAndTheOthersQuit() throws Exception {
        Files.write(server.root().resolve("small.bin"), Arrays.copyOf(CONTENT, 700_000));
        Queue<String> commands = recordCommands();
        Path target = dir.resolve("small.bin");
        URI url = URI.create("ftp://127.0.0.1:" + control.address().getPort() + "/small.bin");
        assertEquals(new SegmentedDownload.Result(700_000, 1, false), segments(4).download(internet, url, target));
        assertArrayEquals(Arrays.copyOf(CONTENT, 700_000), Files.readAllBytes(target));
        // The three opened ahead read nothing, and every session ended with QUIT.
        assertEquals(1, commands.stream().filter(c -> c.startsWith("RETR ")).count(), commands::toString);
        assertEquals(4, commands.stream().filter(c -> c.startsWith("QUIT")).count(), commands::toString);
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (control.activeConnections() > 0 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertEquals(0, control.activeConnections());
    }

    @Test
    void aLaterLoginThatIsRefusedFailsTheDownloadWithItsReplyAndLeavesNothing() throws Exception {
        // One connection logs in, whichever reaches the server first; every other is refused.
        control.enqueue(Fault.none());
        control.fault(Fault.rewriteLines(Direction.DOWNSTREAM,
                line -> line.startsWith("230 ") ? "530 Login incorrect." : line));
        Path target = dir.resolve("big.bin");
        Files.writeString(target, "the old file");
        URI url = URI.create("ftp://127.0.0.1:" + control.address().getPort() + "/big.bin");
        InternetException e = assertThrows(InternetException.class, () -> segments(4).download(internet, url, target));
        assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.getMessage());
        assertEquals("the old file", Files.readString(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void openReadOfAKnownSizeRefusesAnotherBeforeReading() throws Exception {
        try (FtpSession ftp = internet.connect(ConnectRequest.newBuilder(Service.FTP, "127.0.0.1")
                .port(server.address().getPort()).build())) {
            try (InputStream in = ftp.openRead("big.bin", SIZE - 1000, SIZE)) {
                assertArrayEquals(Arrays.copyOfRange(CONTENT, SIZE - 1000, SIZE), in.readAllBytes());
            }
            InternetException e = assertThrows(InternetException.class, () -> ftp.openRead("big.bin", 5, SIZE - 1));
            assertEquals(InternetError.FORCE_RETRY, e.error(), e.getMessage());
            assertTrue(e.getMessage().contains(SIZE + " bytes"), e.getMessage());
            assertEquals(SIZE, ftp.size("big.bin")); // the session is still usable
            assertEquals(InternetError.INVALID_PARAMETER,
                    assertThrows(InternetException.class, () -> ftp.openRead("big.bin", 0, -1)).error());
        }
    }

    @Test
    void theInterfacesOpenReadOfAKnownSizeAsksSizeFirstAndRefusesAnother() throws Exception {
        // A provider that does not override it gets the default: SIZE, then the two-argument openRead.
        try (FtpSession real = internet.connect(ConnectRequest.newBuilder(Service.FTP, "127.0.0.1")
                .port(server.address().getPort()).build())) {
            FtpSession ftp = withDefaultOpenRead(real);
            try (InputStream in = ftp.openRead("big.bin", SIZE - 1000, SIZE)) {
                assertArrayEquals(Arrays.copyOfRange(CONTENT, SIZE - 1000, SIZE), in.readAllBytes());
            }
            InternetException e = assertThrows(InternetException.class, () -> ftp.openRead("big.bin", 5, SIZE + 1));
            assertEquals(InternetError.FORCE_RETRY, e.error(), e.getMessage());
            assertTrue(e.getMessage().contains(SIZE + " bytes now"), e.getMessage());
            assertEquals(InternetError.INVALID_PARAMETER,
                    assertThrows(InternetException.class, () -> ftp.openRead("big.bin", 0, -1)).error());
            assertEquals(SIZE, ftp.size("big.bin")); // the session is still usable
        }
    }

    /** {@code session}, but with {@link FtpSession}'s own default of the three-argument openRead. */
    private static FtpSession withDefaultOpenRead(FtpSession session) {
        return (FtpSession) Proxy.newProxyInstance(FtpSession.class.getClassLoader(), new Class<?>[] {FtpSession.class},
                (proxy, method, args) -> {
                    if (method.isDefault() && method.getName().equals("openRead") && method.getParameterCount() == 3) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    try {
                        return method.invoke(session, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static final Pattern EPSV = Pattern.compile("\\(\\|\\|\\|(\\d+)\\|\\)");
    private static final Pattern RESTARTING = Pattern.compile("^350 \\D*(\\d+)");

    @Test
    void aSessionDoneWithItsSegmentTakesTheSecondHalfOfASlowOneWhichStopsCleanly() throws Exception {
        // The second session's data connections drip 4 KiB each 10 ms (400 KB/s); the others' carry
        // 4 MB/s. The first session is done with its 3 MiB while the second has some 300 KB of its
        // own: a half of what it has left is worth taking (at least 8 smallest segments, 1.6 MB).
        Queue<String> commands = new ConcurrentLinkedQueue<>();
        Queue<String> replies = new ConcurrentLinkedQueue<>();
        List<FaultProxy> fast = new CopyOnWriteArrayList<>();
        List<FaultProxy> slow = new CopyOnWriteArrayList<>();
        AtomicBoolean sized = new AtomicBoolean();
        control.enqueue(dataVia(fast, slow, replies, null, commands, sized),
                dataVia(fast, slow, replies, null, commands, sized));
        Path target = dir.resolve("big.bin");
        URI url = URI.create("ftp://127.0.0.1:" + control.address().getPort() + "/big.bin");
        try {
            SegmentedDownload.Result result = SegmentedDownload.newBuilder().segments(2).minSegmentSize(200_000)
                    .build().download(internet, url, target, ConnectFlag.PASSIVE);
            assertEquals(new SegmentedDownload.Result(SIZE, 2, true), result);
            assertArrayEquals(CONTENT, Files.readAllBytes(target));
            assertEquals(List.of(target), files());
            // Two sessions, three transfers: the third from the slow one's unread part, to the file's end.
            assertEquals(2, control.connectionCount(), commands::toString);
            assertEquals(3, commands.stream().filter(c -> c.startsWith("RETR ")).count(), commands::toString);
            List<Long> rests = commands.stream().filter(c -> c.startsWith("REST "))
                    .map(c -> Long.parseLong(c.substring(5).trim())).sorted().toList();
            long half = SIZE / 2;
            assertTrue(rests.contains(half) || rests.contains(half + 1), rests.toString());
            assertTrue(rests.get(rests.size() - 1) > half + 1_000_000, rests.toString());
            // The slow session's transfer was cut short: its data connection carried far less than its
            // 3 MiB, its RETR was settled (426 or 226) and it quit; nothing was asked twice.
            assertEquals(1, slow.size(), slow::toString);
            assertTrue(slow.get(0).bytesDownstream() < half - 500_000, slow.toString());
            assertEquals(3, replies.stream().filter(r -> r.startsWith("226 ") || r.startsWith("426 ")).count(),
                    replies::toString);
            assertEquals(2, commands.stream().filter(c -> c.startsWith("QUIT")).count(), commands::toString);
            assertTrue(replies.stream().noneMatch(r -> r.startsWith("425") || r.startsWith("421")), replies::toString);
        } finally {
            closeAll(fast, slow);
        }
    }

    @Test
    void aTakenHalfThatFailsEndsTheSlowSessionTooAndLeavesNothing() throws Exception {
        // As above, but the REST of the half taken is refused: the download fails at once with its
        // reply, the slow session's dripping transfer is ended, not waited for.
        Queue<String> replies = new ConcurrentLinkedQueue<>();
        List<FaultProxy> fast = new CopyOnWriteArrayList<>();
        List<FaultProxy> slow = new CopyOnWriteArrayList<>();
        long half = SIZE / 2;
        AtomicBoolean sized = new AtomicBoolean();
        control.enqueue(dataVia(fast, slow, replies, half + 1, new ConcurrentLinkedQueue<>(), sized),
                dataVia(fast, slow, replies, half + 1, new ConcurrentLinkedQueue<>(), sized));
        Path target = dir.resolve("big.bin");
        Files.writeString(target, "the old file");
        URI url = URI.create("ftp://127.0.0.1:" + control.address().getPort() + "/big.bin");
        try {
            long started = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, () -> SegmentedDownload.newBuilder()
                    .segments(2).minSegmentSize(200_000).build().download(internet, url, target, ConnectFlag.PASSIVE));
            assertEquals(InternetError.EXTENDED_ERROR, e.error(), e.getMessage());
            assertTrue(e.serverReply().orElse("").startsWith("502"), e.serverReply() + ": " + e.getMessage());
            // The slow one alone would need some 7 s for its 3 MiB.
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 5, "waited on the slow session");
            assertEquals(1, slow.size(), slow::toString);
            assertTrue(slow.get(0).bytesDownstream() < half - 500_000, slow.toString());
            assertEquals("the old file", Files.readString(target));
            assertEquals(List.of(target), files());
        } finally {
            closeAll(fast, slow);
        }
    }

    /**
     * A control connection's fault that puts a proxy of its own before each passive data port its
     * {@code EPSV} replies name: 4 MB/s for the first session, a drip for a later one (in
     * {@code fast} or {@code slow}). It records the commands and the server's replies; a {@code REST} past
     * {@code refuseRestPast} (null: none) is answered 502. The sessions log in at once, so which
     * connection is whose is told by what it asks, not by its order.
     */
    private static Fault dataVia(List<FaultProxy> fast, List<FaultProxy> slow, Queue<String> replies,
            Long refuseRestPast, Queue<String> commands, AtomicBoolean sized) {
        SessionRole role = new SessionRole(sized);
        return role.watch(commands).and(Fault.rewriteLines(Direction.DOWNSTREAM, line -> {
            replies.add(line);
            Matcher restarting = RESTARTING.matcher(line);
            if (refuseRestPast != null && restarting.find() && Long.parseLong(restarting.group(1)) > refuseRestPast) {
                return "502 REST not implemented.";
            }
            Matcher passive = EPSV.matcher(line);
            if (!line.startsWith("229 ") || !passive.find()) {
                return line;
            }
            int port = Integer.parseInt(passive.group(1));
            FaultProxy proxy = FaultProxy.to(new InetSocketAddress("127.0.0.1", port));
            if (role.later()) {
                proxy.fault(Fault.drip(Direction.DOWNSTREAM, 4096, Duration.ofMillis(10)));
                slow.add(proxy);
            } else {
                proxy.bandwidth(Direction.DOWNSTREAM, 4_000_000);
                fast.add(proxy);
            }
            try {
                proxy.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return line.replace("|||" + port + "|", "|||" + proxy.port() + "|");
        }));
    }

    /**
     * Whose a control connection is, told by when it first asks {@code SIZE}: the first session asks
     * it to learn the file, and the later ones can only ask theirs once the first has its answer (their
     * segments need the size). Every connection of a download shares {@code sized}.
     */
    private static final class SessionRole {
        private final AtomicBoolean sized;
        private volatile Boolean later;

        SessionRole(AtomicBoolean sized) {
            this.sized = sized;
        }

        /** Watches the commands, and records them in {@code commands}. */
        Fault watch(Queue<String> commands) {
            return Fault.rewriteLines(Direction.UPSTREAM, line -> {
                commands.add(line);
                if (later == null && line.startsWith("SIZE ")) {
                    later = !sized.compareAndSet(false, true);
                }
                return line;
            });
        }

        boolean later() {
            return Boolean.TRUE.equals(later);
        }
    }

    /** For every control connection, {@code rewrite} on what the server says to a later session. */
    private void laterSessions(UnaryOperator<String> rewrite) {
        Fault[] faults = new Fault[16];
        AtomicBoolean sized = new AtomicBoolean();
        for (int i = 0; i < faults.length; i++) {
            SessionRole role = new SessionRole(sized);
            faults[i] = role.watch(new ConcurrentLinkedQueue<>()).and(Fault.rewriteLines(Direction.DOWNSTREAM,
                    line -> role.later() ? rewrite.apply(line) : line));
        }
        control.enqueue(faults);
    }

    @SafeVarargs
    private static void closeAll(List<FaultProxy>... lists) throws IOException {
        for (List<FaultProxy> proxies : lists) {
            for (FaultProxy proxy : proxies) {
                proxy.close();
            }
        }
    }

    @Test
    void aSizeThatChangesBetweenSegmentsFailsAndLeavesNothing() throws Exception {
        // The first session sees the file as it is; every later one is told another SIZE.
        laterSessions(line -> line.equals("213 " + SIZE) ? "213 " + (SIZE + 1) : line);
        Path target = dir.resolve("big.bin");
        URI url = URI.create("ftp://127.0.0.1:" + control.address().getPort() + "/big.bin");
        InternetException e = assertThrows(InternetException.class, () -> segments(4).download(internet, url, target));
        assertEquals(InternetError.FORCE_RETRY, e.error(), e.getMessage());
        assertTrue(e.getMessage().contains((SIZE + 1) + " bytes"), e.getMessage());
        assertFalse(Files.exists(target));
        assertEquals(List.of(), files());
    }

    @Test
    void aServerThatRefusesRestFailsWithItsReplyAndLeavesNothing() throws Exception {
        // The first session reads from byte 0, without REST; every later one is refused it.
        control.fault(Fault.rewriteLines(Direction.DOWNSTREAM,
                line -> line.startsWith("350 ") ? "502 REST not implemented." : line));
        Path target = dir.resolve("big.bin");
        URI url = URI.create("ftp://127.0.0.1:" + control.address().getPort() + "/big.bin");
        InternetException e = assertThrows(InternetException.class, () -> segments(4).download(internet, url, target));
        assertEquals(InternetError.EXTENDED_ERROR, e.error(), e.getMessage());
        assertTrue(e.serverReply().orElse("").startsWith("502"), e.serverReply() + ": " + e.getMessage());
        assertEquals(List.of(), files());
    }

    @Test
    void aServerThatIgnoresRestIsFoundByTheLastSegmentAndLeavesNothing() throws Exception {
        // Every REST reaches the server as REST 0, which it accepts: its data start at byte 0.
        control.fault(Fault.rewriteLines(Direction.UPSTREAM, line -> line.startsWith("REST ") ? "REST 0" : line));
        Path target = dir.resolve("big.bin");
        URI url = URI.create("ftp://127.0.0.1:" + control.address().getPort() + "/big.bin");
        InternetException e = assertThrows(InternetException.class, () -> SegmentedDownload.newBuilder().segments(4)
                .minSegmentSize(512 * 1024).build().download(internet, url, target));
        assertEquals(InternetError.CONNECTION_ABORTED, e.error(), e.getMessage());
        assertTrue(e.getMessage().contains("more than it announced"), e.getMessage());
        assertEquals(List.of(), files());
    }

    @Test
    void aDirectoryOrAnAsciiTransferIsRefused() {
        for (String path : new String[] {"/", "/big.bin;type=a"}) {
            InternetException e = assertThrows(InternetException.class, () -> segments(4).download(internet,
                    server.url().resolve(path), dir.resolve("x")));
            assertEquals(InternetError.INVALID_PARAMETER, e.error(), e.getMessage());
        }
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
