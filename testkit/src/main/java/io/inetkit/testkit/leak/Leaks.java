package io.inetkit.testkit.leak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
 */
public final class Leaks {

    /** Threads the JVM starts once, on first use of a feature, and keeps: not a leak of a run. */
    private static final List<String> JVM_THREADS = List.of("process reaper", "Common-Cleaner", "Attach Listener",
            "ForkJoinPool.commonPool", "ssl-exec-", "Jazzer", "surefire");

    private static final Duration PATIENCE = Duration.ofSeconds(5);

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
        return new Leaks(sockets(), Set.copyOf(Thread.getAllStackTraces().keySet()), false, PATIENCE);
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
            return entries.filter(Leaks::isSocket).count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean isSocket(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString().startsWith("socket:");
        } catch (IOException | UnsupportedOperationException e) {
            return false; // closed between the listing and the look
        }
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
        Set<String> inodes;
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
            inodes = entries.map(Leaks::inode).filter(Objects::nonNull).collect(Collectors.toSet());
        } catch (IOException e) {
            return List.of(e.toString());
        }
        List<String> found = new ArrayList<>();
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && inodes.contains(f[9])) {
                        found.add(port(f[1]) + "->" + port(f[2]) + " st" + f[3]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                found.add(table + ": " + e);
            }
        }
        found.add(inodes.size() + " socket fds");
        return found;
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
