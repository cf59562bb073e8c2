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
import io.inetkit.ProxyConfig;
import io.inetkit.RetryPolicy;
import io.inetkit.Service;
import io.inetkit.sftp.SftpOptions;
import io.inetkit.sftp.SftpSession;
import io.inetkit.testkit.daemon.DanteServer;
import io.inetkit.testkit.daemon.Tinyproxy;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import io.inetkit.testkit.sftp.TestSftpServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What goes wrong on the way: a silent server, a connection cut mid-file, the deadline, a close
 * from another thread, and the way through SOCKS5 and HTTP CONNECT proxies.
 */
class SftpFaultTest {

    /**
     * Blocking tasks run on a thread of their own: the common pool has one thread on two cores, and
     * a task that an earlier test left waiting would hold this test's task back.
     */
    private static final Executor OWN_THREAD = task -> new Thread(task, "test-task").start();

    static final int BIG = 8 * 1024 * 1024;

    @TempDir
    Path local;
    @TempDir
    Path daemonDir;

    private TestSftpServer server;
    private Path knownHosts;
    private Leaks leaks;
    private byte[] big;

    @BeforeEach
    void start() throws Exception {
        leaks = Leaks.snapshot();
        server = TestSftpServer.newBuilder().user("alice", "secret").build();
        server.start();
        big = new byte[BIG];
        new Random(3).nextBytes(big);
        Files.write(server.root().resolve("big.bin"), big);
        knownHosts = local.resolve("known_hosts");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        leaks.assertNoLeak("sftp faults");
    }

    private void trust(String host, int port) throws Exception {
        Files.writeString(knownHosts, "[" + host + "]:" + port + " " + server.hostKeyEntry() + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    private static Internet.Builder internet() {
        return Internet.newBuilder().connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(1));
    }

    /** A proxy to the server with this fault, started, its address trusted. */
    private FaultProxy proxied(Fault fault) throws Exception {
        FaultProxy proxy = FaultProxy.to(server.address());
        try {
            proxy.fault(fault);
            proxy.start();
            trust(proxy.host(), proxy.port());
            return proxy;
        } catch (Exception | Error e) {
            proxy.close();
            throw e;
        }
    }

    /** An upload that moves nothing for a second is cut; reads wait long enough not to be. */
    private static Internet writeTimeoutOfOneSecond() {
        return internet().readTimeout(Duration.ofSeconds(20)).writeTimeout(Duration.ofSeconds(1)).build();
    }

    private static void assertWriteTimeout(InternetException e, long started) {
        assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
        assertTrue(e.getMessage().contains("writeTimeout"), e.getMessage());
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) < 10);
    }

    private SftpSession connect(Internet internet, String host, int port) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.SFTP, host).port(port).user("alice")
                .password("secret").option(SftpOptions.newBuilder().knownHosts(knownHosts).build()).build());
    }

    private List<String> localNames() throws Exception {
        return SftpSessionTest.names(local);
    }

    @Test
    void aServerThatNeverSpeaksIsATimeout() throws Exception {
        try (FaultProxy proxy = proxied(Fault.blackHole())) {
            try (Internet internet = internet().build()) {
                long started = System.nanoTime();
                InternetException e = assertThrows(InternetException.class,
                        () -> connect(internet, proxy.host(), proxy.port()));
                assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
                assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) < 10);
            }
        }
    }

    @Test
    void aServerThatFallsSilentMidFileIsATimeoutAndLeavesNoFile() throws Exception {
        try (FaultProxy proxy = proxied(Fault.stallAfter(Direction.DOWNSTREAM, 1_000_000))) {
            try (Internet internet = internet().build(); SftpSession sftp = connect(internet, proxy.host(), proxy.port())) {
                long started = System.nanoTime();
                InternetException e = assertThrows(InternetException.class,
                        () -> sftp.get("big.bin", local.resolve("big.bin")));
                assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
                assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) < 15);
            }
            assertEquals(List.of("known_hosts"), localNames());
        }
    }

    @Test
    void aConnectionCutMidFileLeavesTheTargetAsItWas() throws Exception {
        Path target = local.resolve("big.bin");
        Files.writeString(target, "the old file");
        try (FaultProxy proxy = proxied(Fault.resetAfter(Direction.DOWNSTREAM, 2_000_000))) {
            try (Internet internet = internet().build(); SftpSession sftp = connect(internet, proxy.host(), proxy.port())) {
                InternetException e = assertThrows(InternetException.class, () -> sftp.get("big.bin", target));
                assertTrue(e.error() == InternetError.CONNECTION_RESET || e.error() == InternetError.CONNECTION_ABORTED,
                        e.toString());
            }
            assertEquals("the old file", Files.readString(target));
            assertEquals(List.of("big.bin", "known_hosts"), localNames());
        }
    }

    @Test
    void aDownloadGoesOnOnANewConnectionAfterADropWithinTheRetryPolicy() throws Exception {
        Path target = local.resolve("big.bin");
        try (FaultProxy proxy = FaultProxy.to(server.address())) {
            proxy.enqueue(Fault.resetAfter(Direction.DOWNSTREAM, 1_500_000), Fault.cutAfter(Direction.DOWNSTREAM,
                    2_000_000));
            proxy.start();
            trust(proxy.host(), proxy.port());
            RetryPolicy two = RetryPolicy.newBuilder().maxRetries(2).backoff(Duration.ofMillis(10)).build();
            try (Internet internet = internet().retries(two).build();
                 SftpSession sftp = connect(internet, proxy.host(), proxy.port())) {
                sftp.get("big.bin", target);
                assertArrayEquals(big, Files.readAllBytes(target));
                assertEquals(3, proxy.connectionCount());
                // Each try went on where the last stopped: the file once, not 3.5 MB of it again.
                assertTrue(proxy.bytesDownstream() < big.length + big.length / 8,
                        String.valueOf(proxy.bytesDownstream()));
                // The session goes on working on its new connection.
                assertEquals(big.length, sftp.size("big.bin"));
            }
            assertEquals(List.of("big.bin", "known_hosts"), localNames());
        }
    }

    @Test
    void aDownloadThatDropsMoreOftenThanThePolicyAllowsFailsAndLeavesNoFile() throws Exception {
        try (FaultProxy proxy = proxied(Fault.resetAfter(Direction.DOWNSTREAM, 1_500_000))) {
            RetryPolicy one = RetryPolicy.newBuilder().maxRetries(1).backoff(Duration.ofMillis(10)).build();
            try (Internet internet = internet().retries(one).build();
                 SftpSession sftp = connect(internet, proxy.host(), proxy.port())) {
                InternetException e = assertThrows(InternetException.class,
                        () -> sftp.get("big.bin", local.resolve("big.bin")));
                assertTrue(e.error() == InternetError.CONNECTION_RESET || e.error() == InternetError.CONNECTION_ABORTED,
                        e.toString());
                assertTrue(e.getMessage().contains("after 1 resume"), e.getMessage());
                assertEquals(2, proxy.connectionCount());
            }
            assertEquals(List.of("known_hosts"), localNames());
        }
    }

    @Test
    void anUploadToAServerThatStopsReadingIsAWriteTimeout() throws Exception {
        Path file = local.resolve("upload.bin");
        Files.write(file, big);
        try (FaultProxy proxy = proxied(Fault.stallAfter(Direction.UPSTREAM, 500_000))) {
            try (Internet internet = writeTimeoutOfOneSecond();
                 SftpSession sftp = connect(internet, proxy.host(), proxy.port())) {
                long started = System.nanoTime();
                InternetException e = assertThrows(InternetException.class, () -> sftp.put(file, "upload.bin"));
                assertWriteTimeout(e, started);
            }
        }
    }

    @Test
    void aSlowUploadThatKeepsMovingOutlivesTheWriteTimeout() throws Exception {
        Path file = local.resolve("upload.bin");
        Files.write(file, java.util.Arrays.copyOf(big, 2 * 1024 * 1024));
        try (FaultProxy proxy = proxied(Fault.drip(Direction.UPSTREAM, 64 * 1024, Duration.ofMillis(100)))) {
            try (Internet internet = writeTimeoutOfOneSecond();
                 SftpSession sftp = connect(internet, proxy.host(), proxy.port())) {
                long started = System.nanoTime();
                sftp.put(file, "upload.bin");
                // Well past one write time-out in all, each piece taken in within it.
                assertTrue(System.nanoTime() - started > TimeUnit.MILLISECONDS.toNanos(2_000));
            }
        }
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(server.root().resolve("upload.bin")));
    }

    @Test
    void aStreamWhoseWriterPausesIsNotCut() throws Exception {
        trust("localhost", server.port());
        try (Internet internet = internet().readTimeout(Duration.ofSeconds(5)).writeTimeout(Duration.ofSeconds(1))
                .build();
             SftpSession sftp = connect(internet, "localhost", server.port())) {
            try (java.io.OutputStream out = sftp.openWrite("paused.bin")) {
                out.write(big, 0, 100_000);
                Thread.sleep(2_500); // the caller's own time, not the server's: no stall
                out.write(big, 100_000, 100_000);
            }
        }
        assertArrayEquals(java.util.Arrays.copyOf(big, 200_000),
                Files.readAllBytes(server.root().resolve("paused.bin")));
    }

    @Test
    void aStreamToAServerThatStopsReadingIsAWriteTimeout() throws Exception {
        try (FaultProxy proxy = proxied(Fault.stallAfter(Direction.UPSTREAM, 500_000))) {
            try (Internet internet = writeTimeoutOfOneSecond();
                 SftpSession sftp = connect(internet, proxy.host(), proxy.port())) {
                long started = System.nanoTime();
                java.io.OutputStream out = sftp.openWrite("stalled.bin");
                InternetException e = assertThrows(InternetException.class, () -> {
                    for (int i = 0; i < 8; i++) {
                        out.write(big);
                    }
                });
                assertWriteTimeout(e, started);
                assertThrows(java.io.IOException.class, out::close);
            }
        }
    }

    @Test
    void theDeadlineCutsALongDownload() throws Exception {
        try (FaultProxy proxy = proxied(Fault.drip(Direction.DOWNSTREAM, 64 * 1024, Duration.ofMillis(100)))) {
            try (Internet internet = internet().readTimeout(Duration.ofSeconds(5)).deadline(Duration.ofSeconds(3))
                    .build();
                 SftpSession sftp = connect(internet, proxy.host(), proxy.port())) {
                long started = System.nanoTime();
                InternetException e = assertThrows(InternetException.class,
                        () -> sftp.get("big.bin", local.resolve("big.bin")));
                assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
                assertTrue(e.getMessage().contains("deadline"), e.getMessage());
                assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) < 8);
            }
            assertEquals(List.of("known_hosts"), localNames());
        }
    }

    @Test
    void closingTheSessionCancelsADownloadInAnotherThread() throws Exception {
        try (FaultProxy proxy = proxied(Fault.drip(Direction.DOWNSTREAM, 64 * 1024, Duration.ofMillis(100)))) {
            try (Internet internet = internet().readTimeout(Duration.ofSeconds(5)).build()) {
                SftpSession sftp = connect(internet, proxy.host(), proxy.port());
                CompletableFuture<InternetError> failed = CompletableFuture.supplyAsync(() -> {
                    try {
                        sftp.get("big.bin", local.resolve("big.bin"));
                        return null;
                    } catch (InternetException e) {
                        return e.error();
                    }
                }, OWN_THREAD);
                assertTrue(proxy.awaitBytes(Direction.DOWNSTREAM, 200_000, Duration.ofSeconds(10)));
                sftp.close();
                assertEquals(InternetError.OPERATION_CANCELLED, failed.get(10, TimeUnit.SECONDS));
            }
            assertEquals(List.of("known_hosts"), localNames());
        }
    }

    @Test
    void filesComeThroughDanteSocks5() throws Exception {
        try (DanteServer socks = DanteServer.start(daemonDir)) {
            trust("localhost", server.port());
            try (Internet internet = internet().proxy(ProxyConfig.socks5("127.0.0.1", socks.port())).build();
                 SftpSession sftp = connect(internet, "localhost", server.port());
                 InputStream in = sftp.openRead("big.bin")) {
                assertArrayEquals(big, in.readAllBytes());
            }
            assertFalse(socks.connectsTo(server.port()).isEmpty(), socks.logText());
        }
    }

    @Test
    void filesComeThroughTinyproxyByConnect() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.newBuilder().connectPorts(server.port()).start(daemonDir)) {
            trust("localhost", server.port());
            try (Internet internet = internet().proxy(ProxyConfig.http("127.0.0.1", proxy.port())).build();
                 SftpSession sftp = connect(internet, "localhost", server.port())) {
                assertEquals(BIG, sftp.size("big.bin"));
            }
            assertFalse(proxy.requests("CONNECT localhost:" + server.port()).isEmpty(), proxy.logText());
        }
    }
}
