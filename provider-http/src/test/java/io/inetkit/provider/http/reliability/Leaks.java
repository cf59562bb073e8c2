package io.inetkit.provider.http.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Counts what a run can leak, the sockets and threads of this JVM, and checks that they come back to
 * their count before the run. Sockets are the {@code /proc/self/fd} entries that link to
 * {@code socket:[...]}, so the count covers every socket, whoever opened it; both sides of loopback
 * connections close a little after the call that closes them, hence the polling. The HTTP copy
 * collects garbage while it polls, see {@link #assertNoLeak}.
 */
final class Leaks {

    /** Threads the JVM starts once, on first use of a feature, and keeps: not a leak of a run. */
    private static final List<String> JVM_THREADS = List.of("process reaper", "Common-Cleaner", "Attach Listener",
            "ForkJoinPool.commonPool", "ssl-exec-", "Jazzer", "surefire");

    private final long sockets;
    private final Set<Thread> threads;

    private Leaks(long sockets, Set<Thread> threads) {
        this.sockets = sockets;
        this.threads = threads;
    }

    static Leaks snapshot() {
        return new Leaks(sockets(), Set.copyOf(Thread.getAllStackTraces().keySet()));
    }

    /** The number of open sockets of this process, or -1 where /proc is missing. */
    static long sockets() {
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

    /** Waits (5 s at most) until sockets and threads are back to the snapshot, then asserts it. */
    void assertNoLeak(String what) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        long now;
        List<String> extra;
        do {
            now = sockets();
            extra = newThreads();
            if (now <= sockets && extra.isEmpty()) {
                return;
            }
            // On JDK 17 an HttpClient has no close(): its selector thread and pooled sockets end when
            // the client is unreachable, which is what Internet.close() ensures; collect to see it.
            System.gc();
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        assertTrue(now <= sockets, what + ": " + (now - sockets) + " socket(s) left open; open now: " + describe());
        assertEquals(List.of(), extra, what + ": threads left running");
    }

    /** The TCP sockets of this process as "local->remote state", read from /proc/net/tcp*. */
    static List<String> describe() {
        Set<String> inodes;
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
            inodes = entries.map(fd -> {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    return link.startsWith("socket:[") ? link.substring(8, link.length() - 1) : null;
                } catch (IOException | UnsupportedOperationException e) {
                    return null;
                }
            }).filter(java.util.Objects::nonNull).collect(Collectors.toSet());
        } catch (IOException e) {
            return List.of(e.toString());
        }
        List<String> found = new java.util.ArrayList<>();
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table)).subList(1, Files.readAllLines(Path.of(table)).size())) {
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
