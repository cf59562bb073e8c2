package io.inetkit.provider.ftp.internal.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.Service;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.TransferType;
import io.inetkit.testkit.daemon.SystemDaemon;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Load: 100 concurrent FTP sessions of one {@link Internet} against a real vsftpd, all logged in at
 * once, each listing and downloading 10 times, twice over, with zero errors and a heap (after
 * collection) no larger after the second wave than after the first. Tagged {@code load}:
 * {@code ./mvnw -B verify -Pload -pl provider-ftp -am}.
 *
 * <p>At most {@link #CONNECTS_IN_FLIGHT} sessions connect at a time. vsftpd listens with a backlog
 * of 32, and when its accept queue stays full for a few seconds (a busy CI machine), Linux drops
 * the client's ACK and later gives up the half-made connection: the client holds a socket the
 * server never accepted, and as FTP's server speaks first, it waits for a greeting until its read
 * time-out. CI lost 2 of 100 sessions to connect time-outs, most likely so; curl loses some the same
 * way (with vsftpd stopped for 10 s, 28 of 100 curls waited out their --max-time). The test is of
 * 100 sessions at once, not of a burst of connects larger than the server's backlog.
 */
@Tag("load")
class FtpLoadTest {

    static final int SESSIONS = 100;

    /** Connects (TCP, greeting, login) at a time: below vsftpd's listen backlog of 32. */
    static final int CONNECTS_IN_FLIGHT = 16;

    @Test
    void hundredConcurrentSessionsWithoutAnError() throws Exception {
        Path binary = SystemDaemon.require("vsftpd", "vsftpd");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "vsftpd needs root to start");
        Path dir = Files.createTempDirectory("inetkit-load-vsftpd");
        Path root = Files.createDirectory(dir.resolve("anon"));
        Path empty = Files.createDirectory(dir.resolve("empty"));
        byte[] content = new byte[64 * 1024];
        new Random(9).nextBytes(content);
        Files.write(root.resolve("f.bin"), content);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port = SystemDaemon.freePort();
        Path conf = Files.writeString(dir.resolve("load.conf"), String.join("\n",
                "listen=YES", "listen_ipv6=NO", "listen_address=127.0.0.1", "listen_port=" + port,
                "background=NO", "seccomp_sandbox=NO", "isolate=NO", "isolate_network=NO",
                "secure_chroot_dir=" + empty, "nopriv_user=ftp", "ftp_username=ftp",
                "anonymous_enable=YES", "no_anon_password=YES", "anon_root=" + root, "local_enable=NO",
                "pasv_enable=YES", "pasv_address=127.0.0.1", "pasv_addr_resolve=NO",
                "max_clients=" + (SESSIONS * 2), "max_per_ip=" + (SESSIONS * 2),
                "xferlog_enable=NO", "dirmessage_enable=NO", "idle_session_timeout=120", ""));
        AtomicInteger errors = new AtomicInteger();
        List<String> firstErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Long> heaps = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
        Semaphore connecting = new Semaphore(CONNECTS_IN_FLIGHT);
        long overflowsBefore = ListenOverflows.count();
        try (SystemDaemon vsftpd = SystemDaemon.start(List.of(binary.toString(), conf.toString()),
                     dir.resolve("load.log"), Duration.ofSeconds(10), port);
             Internet internet = Internet.newBuilder().connectTimeout(Duration.ofSeconds(30))
                     .readTimeout(Duration.ofSeconds(30)).build()) {
            for (int wave = 0; wave < 2; wave++) {
                CountDownLatch allIn = new CountDownLatch(SESSIONS);
                List<Future<?>> futures = new ArrayList<>();
                for (int s = 0; s < SESSIONS; s++) {
                    futures.add(pool.submit(() -> {
                        try (FtpSession session = connect(internet, port, connecting)) {
                            allIn.countDown();
                            assertTrue(allIn.await(60, TimeUnit.SECONDS), "all sessions logged in at once");
                            for (int round = 0; round < 10; round++) {
                                assertEquals(1, session.list().size());
                                try (InputStream in = session.openRead("f.bin", TransferType.BINARY)) {
                                    assertArrayEquals(content, in.readAllBytes());
                                }
                            }
                        } catch (Exception | AssertionError e) {
                            errors.incrementAndGet();
                            if (firstErrors.size() < 5) {
                                firstErrors.add(e.toString());
                            }
                            allIn.countDown();
                        }
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get(5, TimeUnit.MINUTES);
                }
                heaps.add(Heap.usedAfterGc());
            }
        } finally {
            pool.shutdownNow();
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        assertEquals(0, errors.get(), "errors, the first: " + firstErrors + "; listen queue overflows on this host"
                + " during the test (TcpExt ListenOverflows): " + ListenOverflows.since(overflowsBefore));
        System.out.println("FtpLoadTest heap after each wave of 100 sessions x 10 rounds: " + heaps);
        long growth = heaps.get(1) - heaps.get(0);
        assertTrue(growth < 16L * 1024 * 1024, "the heap grew by " + growth + " bytes from one wave to the next");
    }

    private static FtpSession connect(Internet internet, int port, Semaphore connecting) throws Exception {
        connecting.acquire();
        try {
            return internet.connect(ConnectRequest.newBuilder(Service.FTP, "127.0.0.1").port(port)
                    .flags(ConnectFlag.PASSIVE).build());
        } finally {
            connecting.release();
        }
    }

    /** Linux's count of connections dropped because a listen queue was full, or -1 where unknown. */
    static final class ListenOverflows {
        static long count() {
            try {
                List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
                for (int i = 0; i + 1 < lines.size(); i += 2) {
                    List<String> names = List.of(lines.get(i).split(" "));
                    int column = names.indexOf("ListenOverflows");
                    if (names.get(0).equals("TcpExt:") && column > 0) {
                        return Long.parseLong(lines.get(i + 1).split(" ")[column]);
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not Linux, or a format of another kernel: the count only explains a failure
            }
            return -1;
        }

        static String since(long before) {
            long now = count();
            return before < 0 || now < 0 ? "unknown" : String.valueOf(now - before);
        }
    }

    /** The heap in use after collection. */
    static final class Heap {
        static long usedAfterGc() throws InterruptedException {
            Runtime runtime = Runtime.getRuntime();
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(50);
            }
            return runtime.totalMemory() - runtime.freeMemory();
        }
    }
}
