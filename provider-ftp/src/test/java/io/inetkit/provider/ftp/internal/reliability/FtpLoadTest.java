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
 */
@Tag("load")
class FtpLoadTest {

    static final int SESSIONS = 100;

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
        try (SystemDaemon vsftpd = SystemDaemon.start(List.of(binary.toString(), conf.toString()),
                     dir.resolve("load.log"), Duration.ofSeconds(10), port);
             Internet internet = Internet.newBuilder().connectTimeout(Duration.ofSeconds(30))
                     .readTimeout(Duration.ofSeconds(30)).build()) {
            for (int wave = 0; wave < 2; wave++) {
                CountDownLatch allIn = new CountDownLatch(SESSIONS);
                List<Future<?>> futures = new ArrayList<>();
                for (int s = 0; s < SESSIONS; s++) {
                    futures.add(pool.submit(() -> {
                        try (FtpSession session = internet.connect(ConnectRequest.newBuilder(Service.FTP, "127.0.0.1")
                                .port(port).flags(ConnectFlag.PASSIVE).build())) {
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
        assertEquals(0, errors.get(), "errors, the first: " + firstErrors);
        System.out.println("FtpLoadTest heap after each wave of 100 sessions x 10 rounds: " + heaps);
        long growth = heaps.get(1) - heaps.get(0);
        assertTrue(growth < 16L * 1024 * 1024, "the heap grew by " + growth + " bytes from one wave to the next");
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
