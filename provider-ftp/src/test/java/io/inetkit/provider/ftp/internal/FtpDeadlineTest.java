package io.inetkit.provider.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ProxyConfig;
import io.inetkit.Service;
import io.inetkit.ftp.TransferType;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole-operation deadline ({@code Internet.Builder.deadline}) against an FTP server whose data
 * or control connection trickles a byte a second, which the read timeout never cuts, or whose TCP
 * handshake never completes: the connect, a download to a file and a download stream end at the deadline with {@link InternetError#TIMEOUT}
 * naming it, the connections are cut, and no file is left.
 */
class FtpDeadlineTest {

    private static final Duration DEADLINE = Duration.ofMillis(1500);

    @TempDir
    Path local;

    private ProxiedFtpServer rig;
    private Leaks leaks;

    @BeforeEach
    void start() throws Exception {
        leaks = Leaks.snapshot();
        rig = ProxiedFtpServer.start(TestFtpServer.newBuilder().user("alice", "secret"));
        Files.write(rig.server.root().resolve("doc.bin"), new byte[64 * 1024]);
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
        leaks.assertNoLeak("ftp deadline");
    }

    private static Internet internet() {
        return Internet.newBuilder().connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10))
                .deadline(DEADLINE).build();
    }

    @Test
    void aTricklingDownloadEndsAtTheDeadlineAndLeavesNoFile() throws Exception {
        rig.data.fault(Fault.drip(Direction.DOWNSTREAM, 1, Duration.ofSeconds(1)));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (Internet internet = internet(); FtpSessionImpl session = rig.connect(internet)) {
                long start = System.nanoTime();
                InternetException e = assertThrows(InternetException.class,
                        () -> session.get("doc.bin", local.resolve("doc.bin"), TransferType.BINARY));
                assertDeadline(e, start);
                assertCut(rig.data);
            }
        });
        try (Stream<Path> left = Files.list(local)) {
            assertEquals(0, left.count(), "neither the file nor its .part may be left");
        }
    }

    @Test
    void aTricklingDownloadStreamEndsAtTheDeadline() throws Exception {
        rig.data.fault(Fault.drip(Direction.DOWNSTREAM, 1, Duration.ofSeconds(1)));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (Internet internet = internet(); FtpSessionImpl session = rig.connect(internet)) {
                long start = System.nanoTime();
                InternetException e = assertThrows(InternetException.class, () -> {
                    try (InputStream in = session.openRead("doc.bin", TransferType.BINARY)) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                });
                assertDeadline(e, start);
                assertCut(rig.data);
            }
        });
    }

    @Test
    void aTricklingGreetingEndsTheConnectAtTheDeadline() throws Exception {
        rig.control.enqueue(rig.controlRewrite.and(Fault.drip(Direction.DOWNSTREAM, 1, Duration.ofSeconds(1))));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (Internet internet = internet()) {
                long start = System.nanoTime();
                InternetException e = assertThrows(InternetException.class, () -> rig.connect(internet).close());
                assertDeadline(e, start);
                assertTrue(e.getMessage().contains("connecting to the FTP server"), e.getMessage());
                assertCut(rig.control);
            }
        });
    }

    /**
     * A server whose TCP handshake never completes (its accept queue full, so the system drops the
     * SYN): the connect ends at the deadline, not at the longer connect timeout.
     */
    @Test
    void aConnectThatNeverCompletesEndsAtTheDeadline() throws Exception {
        List<java.io.Closeable> held = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            boolean dropping = false;
            for (int i = 0; i < 32 && !dropping; i++) {
                Socket filler = new Socket();
                held.add(filler);
                try {
                    filler.connect(full.getLocalSocketAddress(), 250);
                } catch (SocketTimeoutException e) {
                    dropping = true; // the queue is full: connects from now on wait
                }
            }
            Assumptions.assumeTrue(dropping, "this system completes connections past a full accept queue");
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                try (Internet internet = Internet.newBuilder().connectTimeout(Duration.ofSeconds(30))
                        .readTimeout(Duration.ofSeconds(10)).deadline(DEADLINE).build()) {
                    long start = System.nanoTime();
                    InternetException e = assertThrows(InternetException.class, () -> internet.connect(
                            ConnectRequest.newBuilder(Service.FTP, "127.0.0.1").port(full.getLocalPort())
                                    .user("alice").password("secret").build()).close());
                    assertDeadline(e, start);
                }
            });
        } finally {
            for (java.io.Closeable each : held) {
                each.close();
            }
        }
    }

    /**
     * A SOCKS5 or HTTP proxy that accepts the connection and never answers its handshake: the
     * connect ends at the deadline, not at the longer connect timeout that bounds each handshake read.
     */
    @Test
    void aProxyThatNeverAnswersItsHandshakeEndsTheConnectAtTheDeadline() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // held open, never answered
                    }
                } catch (java.io.IOException closed) {
                    // The test is over.
                }
            });
            acceptor.start();
            try {
                for (ProxyConfig proxy : List.of(ProxyConfig.socks5("127.0.0.1", silent.getLocalPort()),
                        ProxyConfig.http("127.0.0.1", silent.getLocalPort()))) {
                    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                        try (Internet internet = Internet.newBuilder().proxy(proxy)
                                .connectTimeout(Duration.ofSeconds(8)).readTimeout(Duration.ofSeconds(8))
                                .deadline(DEADLINE).build()) {
                            long start = System.nanoTime();
                            InternetException e = assertThrows(InternetException.class, () -> internet.connect(
                                    ConnectRequest.newBuilder(Service.FTP, "127.0.0.1").port(rig.server.port())
                                            .user("alice").password("secret").flags(ConnectFlag.PASSIVE).build())
                                    .close());
                            assertDeadline(e, start);
                        }
                    }, proxy.toString());
                }
            } finally {
                silent.close();
                acceptor.join(5_000);
                for (Socket each : accepted) {
                    each.close();
                }
            }
        }
    }

    private static void assertDeadline(InternetException e, long start) {
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
        assertTrue(e.getMessage().contains("deadline of 1500 ms (Internet.Builder.deadline)"), e.getMessage());
        assertTrue(took.compareTo(DEADLINE.plusSeconds(2)) < 0, "took " + took);
    }

    /** The proxy sees the client's side end: the cut reached the socket. */
    private static void assertCut(FaultProxy proxy) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (proxy.activeConnections() > 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertEquals(0, proxy.activeConnections(), "the connection is cut");
    }
}
