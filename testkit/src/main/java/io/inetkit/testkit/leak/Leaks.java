package io.inetkit.testkit.leak;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Counts what a test run can leak, the sockets and threads of this JVM, and checks that they come
 * back to their count before the run:
 *
 * <pre>{@code
 * Leaks leaks = Leaks.snapshot();
 * runTheCodeUnderTest();
 * leaks.assertNoLeak("download");   // polls up to 5 s, then fails naming what is still open
 * }</pre>
 *
 * <p>Sockets are the {@code /proc/self/fd} entries that link to {@code socket:[...]}, so the count
 * covers every socket, whoever opened it; where {@code /proc} is missing (not Linux) the socket count
 * is skipped and only threads are checked. Both sides of a loopback connection close a little after
 * the call that closes them, hence the polling. Threads the JVM starts once and keeps (the common
 * pool, the cleaner, surefire's and Jazzer's) are not counted.
 *
 * <p>A snapshot is not thread-safe and checks the whole process: run leak-checked tests one at a
 * time.
 *
 * <p>A test server whose own code leaves a socket open (the JDK's {@code HttpServer}, see
 * {@link #excuseLocalPort}) excuses that socket, so that it does not count against the client
 * under test; the client's side of the same connection still counts.
 */
public final class Leaks {

    /** Threads the JVM starts once, on first use of a feature, and keeps: not a leak of a run. */
    private static final List<String> JVM_THREADS = List.of("process reaper", "Common-Cleaner", "Attach Listener",
            "ForkJoinPool.commonPool", "ssl-exec-", "Jazzer", "surefire");

    private static final Duration PATIENCE = Duration.ofSeconds(5);

    /** The inodes of sockets that a test server left open by a fault of its own: not counted. */
    private static final Set<String> EXCUSED = ConcurrentHashMap.newKeySet();

    private final long sockets;
    private final Set<Thread> threads;
    private final boolean collectGarbage;
    private final Duration patience;

    private Leaks(long sockets, Set<Thread> threads, boolean collectGarbage, Duration patience) {
        this.sockets = sockets;
        this.threads = threads;
        this.collectGarbage = collectGarbage;
        this.patience = patience;
    }

    /** The sockets and threads of this JVM now. */
    public static Leaks snapshot() {
        openWhatTheJdkKeeps();
        return new Leaks(sockets(), Set.copyOf(Thread.getAllStackTraces().keySet()), false, PATIENCE);
    }

    private static volatile boolean jdkSocketsOpen;

    /**
     * Makes the sockets the JDK opens on first use and keeps for the life of the JVM, so that the
     * first snapshot does not count them as the run's: NIO's socket pair that it closes channels
     * onto, made on the first file or socket channel.
     */
    private static void openWhatTheJdkKeeps() {
        if (jdkSocketsOpen) {
            return;
        }
        try {
            Path file = Files.createTempFile("inetkit-leaks", ".tmp");
            try (FileChannel channel = FileChannel.open(file); SocketChannel socket = SocketChannel.open()) {
                channel.size();
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            return; // then a first check may count them; the test says which
        }
        jdkSocketsOpen = true;
    }

    /** This snapshot, with {@code patience} (5 s unless set) for things to close before a check fails. */
    public Leaks patience(Duration patience) {
        if (patience.isNegative()) {
            throw new IllegalArgumentException("negative patience: " + patience);
        }
        return new Leaks(sockets, threads, collectGarbage, patience);
    }

    /**
     * This snapshot, checked with garbage collections while it polls: for resources that end only
     * when they become unreachable, such as JDK 17's {@code java.net.http.HttpClient}, which has no
     * {@code close()} and whose selector thread and pooled sockets end once the client is collected.
     */
    public Leaks collectingGarbage() {
        return new Leaks(sockets, threads, true, patience);
    }

    /** The number of open sockets of this process, or -1 where {@code /proc/self/fd} is missing. */
    public static long sockets() {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        try (Stream<Path> entries = Files.list(fds)) {
            return entries.map(Leaks::inode).filter(inode -> inode != null && !EXCUSED.contains(inode)).count();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Excuses the TCP sockets of this process whose local port is {@code port}, so that no check
     * counts them: for a test server to call when it has closed and knows that its own code can
     * leave an accepted connection open. The JDK's {@code HttpServer} does: its dispatcher thread
     * can accept a connection just as {@code stop()} closes the connections it has, and then
     * registers one that nobody closes ({@code sun.net.httpserver.ServerImpl} up to JDK 25 at
     * least). Call it only after the server's listener is closed, so that the port names only
     * that server's accepted connections.
     *
     * @return how many sockets were excused
     */
    public static int excuseLocalPort(int port) {
        Set<String> own = ownInodes();
        int excused = 0;
        for (String[] entry : tcpEntries()) {
            if (entry.length > 9 && port(entry[1]) == port && own.contains(entry[9]) && EXCUSED.add(entry[9])) {
                excused++;
            }
        }
        return excused;
    }

    /**
     * Excuses the TCP sockets of this process whose remote port is {@code port}: the client side
     * of connections to a test server, for a test to call when it knows that a client library
     * leaves such a connection open by a fault of its own. java.net.http on JDK 17 does: a
     * response head it refuses with a {@code ProtocolException} (too many interim responses, a
     * header section over {@code jdk.http.maxHeaderSize}, a bad status line) leaves its socket
     * open for the life of the JVM, even once the client is unreachable (JDK 25 closes it then).
     * Call it only after the server has closed, so that the port names only its connections.
     *
     * @return how many sockets were excused
     */
    public static int excuseRemotePort(int port) {
        Set<String> own = ownInodes();
        int excused = 0;
        for (String[] entry : tcpEntries()) {
            if (entry.length > 9 && port(entry[2]) == port && own.contains(entry[9]) && EXCUSED.add(entry[9])) {
                excused++;
            }
        }
        return excused;
    }

    /**
     * Waits (the patience, 5 s unless set, at most) until sockets and threads are back to the snapshot; then, if they are not,
     * fails with an {@link AssertionError} naming {@code what}, the sockets still open and the new
     * threads.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void assertNoLeak(String what) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        long now;
        List<String> extra;
        do {
            now = sockets();
            extra = newThreads();
            if (now <= sockets && extra.isEmpty()) {
                return;
            }
            if (collectGarbage) {
                System.gc();
            }
            Thread.sleep(collectGarbage ? 50 : 25);
        } while (System.nanoTime() < deadline);
        if (now > sockets) {
            throw new AssertionError(what + ": " + (now - sockets) + " socket(s) left open; open now: " + describe());
        }
        throw new AssertionError(what + ": threads left running: " + extra);
    }

    /** The TCP sockets of this process as "local port->remote port state", read from /proc/self/net/tcp*. */
    public static List<String> describe() {
        Set<String> inodes = ownInodes();
        List<String> found = new ArrayList<>();
        for (String[] f : tcpEntries()) {
            if (f.length == 1) {
                found.add(f[0]);
            } else if (inodes.contains(f[9])) {
                found.add(port(f[1]) + "->" + port(f[2]) + " st" + f[3] + (EXCUSED.contains(f[9]) ? " (excused)" : ""));
            }
        }
        found.add(inodes.size() + " socket fds");
        return found;
    }

    /** The inodes of this process's open sockets. */
    private static Set<String> ownInodes() {
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
            return entries.map(Leaks::inode).filter(Objects::nonNull).collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }

    /** The rows of /proc/self/net/tcp and tcp6 split into fields; a one-field row is a read error. */
    private static List<String[]> tcpEntries() {
        List<String[]> rows = new ArrayList<>();
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9) {
                        rows.add(f);
                    }
                }
            } catch (IOException | RuntimeException e) {
                rows.add(new String[] {table + ": " + e});
            }
        }
        return rows;
    }

    private static String inode(Path fd) {
        try {
            String link = Files.readSymbolicLink(fd).toString();
            return link.startsWith("socket:[") ? link.substring(8, link.length() - 1) : null;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
    }

    private List<String> newThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !threads.contains(t))
                .map(Thread::getName)
                .filter(name -> JVM_THREADS.stream().noneMatch(name::startsWith))
                .sorted()
                .collect(Collectors.toList());
    }
}
