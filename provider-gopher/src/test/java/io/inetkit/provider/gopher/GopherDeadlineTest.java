package io.inetkit.provider.gopher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.gopher.GopherItemType;
import io.inetkit.gopher.GopherSession;
import io.inetkit.testkit.gopher.TestGopherServer;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole-operation deadline ({@code Internet.Builder.deadline}) against a server that trickles
 * one byte a second, which a read timeout never cuts: the operation fails with
 * {@link InternetError#TIMEOUT} naming the deadline, the connection is cut, no file is left.
 */
class GopherDeadlineTest {

    private static final Duration DEADLINE = Duration.ofMillis(1500);

    @TempDir
    Path remote;
    @TempDir
    Path local;

    private TestGopherServer server;
    private FaultProxy proxy;
    private Leaks leaks;

    @BeforeEach
    void start() throws Exception {
        leaks = Leaks.snapshot();
        Files.write(remote.resolve("doc.bin"), new byte[64 * 1024]);
        Files.writeString(remote.resolve("doc.txt"), "line\n".repeat(1000));
        server = TestGopherServer.newBuilder().root(remote).build();
        server.start();
        proxy = FaultProxy.to(server::address).fault(Fault.drip(Direction.DOWNSTREAM, 1, Duration.ofSeconds(1)));
        proxy.start();
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        server.close();
        leaks.assertNoLeak("gopher deadline");
    }

    private Internet internet() {
        return Internet.newBuilder().readTimeout(Duration.ofSeconds(10)).deadline(DEADLINE).build();
    }

    private GopherSession connect(Internet internet) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.GOPHER, "localhost").port(proxy.port()).build());
    }

    @Test
    void aTricklingDownloadEndsAtTheDeadlineAndLeavesNoFile() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (Internet internet = internet(); GopherSession session = connect(internet)) {
                long start = System.nanoTime();
                InternetException e = assertThrows(InternetException.class,
                        () -> session.get("/doc.bin", GopherItemType.BINARY, local.resolve("doc.bin")));
                assertDeadline(e, start);
                assertConnectionCut();
            }
        });
        try (Stream<Path> left = Files.list(local)) {
            assertEquals(0, left.count(), "neither the file nor its .part may be left");
        }
    }

    @Test
    void aTricklingDocumentStreamEndsAtTheDeadline() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (Internet internet = internet(); GopherSession session = connect(internet)) {
                long start = System.nanoTime();
                InternetException e = assertThrows(InternetException.class, () -> {
                    try (InputStream in = session.open("/doc.txt", GopherItemType.TEXT_FILE)) {
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                    }
                });
                assertDeadline(e, start);
                assertConnectionCut();
            }
        });
    }

    private static void assertDeadline(InternetException e, long start) {
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
        assertTrue(e.getMessage().contains("deadline of 1500 ms (Internet.Builder.deadline)"), e.getMessage());
        assertTrue(took.compareTo(DEADLINE.plusSeconds(2)) < 0, "took " + took);
    }

    /** The proxy sees the client's side end: the cut reached the socket, not only the caller. */
    private void assertConnectionCut() throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (proxy.activeConnections() > 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertEquals(0, proxy.activeConnections(), "the connection is cut");
    }
}
