package io.inetkit.provider.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.TransferType;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Closing a session while another thread is blocked in one of its transfers: the transfer is
 * cancelled at once, whatever the server does, and nothing is left open. The data connection goes
 * through a fault proxy that stalls it, and the read timeout (30 s) is far longer than the time the
 * blocked thread is given to fail (10 s), so only the cancellation can make these tests pass.
 */
class FtpCloseDuringTransferTest {

    /**
     * Blocking tasks run on a thread of their own: the common pool has one thread on two cores, and
     * a task that an earlier test left waiting would hold this test's task back.
     */
    private static final Executor OWN_THREAD = task -> new Thread(task, "test-task").start();

    private static final long STALL_AFTER = 256 * 1024;
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    @TempDir Path local;

    private ProxiedFtpServer rig;
    private TestFtpServer server;
    private FaultProxy data;
    private FaultProxy control;
    private Internet internet;

    @BeforeEach
    void start() throws Exception {
        rig = ProxiedFtpServer.start(TestFtpServer.newBuilder().user("alice", "secret"));
        server = rig.server;
        control = rig.control;
        data = rig.data;
        Files.write(server.root().resolve("big.bin"), random(8 * 1024 * 1024));
        data.fault(Fault.stallAfter(Direction.DOWNSTREAM, STALL_AFTER));
        internet = Internet.newBuilder().connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(30))
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        internet.close();
        rig.close();
    }

    private FtpSession connect() throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.FTP, control.host()).port(control.port())
                .user("alice").password("secret").flags(ConnectFlag.PASSIVE).build());
    }

    @Test
    void closingTheSessionCancelsAStalledStreamRead() throws Exception {
        FtpSession session = connect();
        InputStream in = session.openRead("big.bin", TransferType.BINARY);
        CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> drain(in), OWN_THREAD);
        awaitStall(() -> data.bytesDownstream() >= STALL_AFTER);
        session.close();
        assertCancelled(reader);
        assertAllClosed();
    }

    /**
     * The close cuts the data connection, then the control connection. In between, the server can
     * answer the cut with 426, and the get reads it as a refusal: CI once got CONNECTION_ABORTED
     * from the test below so. A refusal read after a cancel is the cancel.
     */
    @Test
    void aRefusalReadAfterACancelIsReportedAsTheCancel() throws Exception {
        FtpSession session = connect();
        FtpConnection connection = ((FtpSessionImpl) session).connection();
        connection.cancel();
        InternetException e = connection.refused("downloading big.bin from " + connection.where() + " failed");
        assertEquals(InternetError.OPERATION_CANCELLED, e.error(), e.toString());
        session.close();
        assertAllClosed();
    }

    @Test
    void closingTheSessionCancelsAStalledGetAndLeavesNoFile() throws Exception {
        FtpSession session = connect();
        Path target = local.resolve("big.bin");
        CompletableFuture<Long> getter = CompletableFuture.supplyAsync(() -> {
            try {
                session.get("big.bin", target);
                return 0L;
            } catch (InternetException e) {
                throw new RuntimeException(e);
            }
        }, OWN_THREAD);
        awaitStall(() -> data.bytesDownstream() >= STALL_AFTER);
        assertEquals(FileDownload.CHANNEL, ((FtpSessionImpl) session).lastDownload());
        session.close();
        assertCancelled(getter);
        assertAllClosed();
        assertFalse(Files.exists(target));
        try (Stream<Path> files = Files.list(local)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void closingTheSessionCancelsAStalledStreamWrite() throws Exception {
        // A trickle rather than a stall, so that the proxy reads on and sees the client go away; it
        // reads what is queued before the reset, hence a trickle fast enough to get through that.
        data.fault(Fault.drip(Direction.UPSTREAM, 16 * 1024, Duration.ofMillis(10)));
        FtpSession session = connect();
        OutputStream out = session.openWrite("up.bin", TransferType.BINARY);
        CompletableFuture<Long> writer = CompletableFuture.supplyAsync(() -> {
            byte[] chunk = new byte[64 * 1024];
            try {
                for (long total = 0; ; total += chunk.length) {
                    out.write(chunk); // blocks once the stalled proxy and the socket buffers are full
                }
            } catch (java.io.IOException e) {
                throw new RuntimeException(e);
            }
        }, OWN_THREAD);
        awaitStall(() -> data.bytesUpstream() > 0);
        Thread.sleep(1000); // the buffers fill within this, and the writer waits on the trickle
        assertFalse(writer.isDone(), writer.toString());
        session.close();
        assertCancelled(writer);
        assertAllClosed();
    }

    /** A put through the direct buffer (the default) or with sendfile (zero-copy, opt-in). */
    @ParameterizedTest(name = "zero-copy {0}")
    @ValueSource(booleans = {false, true})
    void closingTheSessionCancelsAStalledChannelPut(boolean zeroCopy) throws Exception {
        // As for the stream write: a trickle, so that the proxy sees the client go away.
        data.fault(Fault.drip(Direction.UPSTREAM, 16 * 1024, Duration.ofMillis(10)));
        Path source = Files.write(local.resolve("up.bin"), random(64 * 1024 * 1024));
        if (zeroCopy) {
            internet.close();
            internet = Internet.newBuilder().connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(30))
                    .zeroCopy(true).build(); // off by default
        }
        FtpSessionImpl session = (FtpSessionImpl) connect();
        CompletableFuture<Long> putter = CompletableFuture.supplyAsync(() -> {
            try {
                session.put(source, "up.bin");
                return 0L;
            } catch (InternetException e) {
                throw new RuntimeException(e);
            }
        }, OWN_THREAD);
        awaitStall(() -> data.bytesUpstream() > 0);
        Thread.sleep(1000); // the buffers fill within this, and the channel write or sendfile waits on the trickle
        assertFalse(putter.isDone(), putter.toString());
        assertEquals(zeroCopy ? FileUpload.SENDFILE : FileUpload.CHANNEL, session.lastUpload());
        session.close();
        assertCancelled(putter);
        assertAllClosed();
    }

    private static long drain(InputStream in) {
        byte[] buffer = new byte[8192];
        long total = 0;
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
            }
        } catch (java.io.IOException e) {
            throw new RuntimeException(e);
        }
        return total;
    }

    private static void awaitStall(BooleanSupplier stalled) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!stalled.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "the transfer never reached the stall");
            Thread.sleep(20);
        }
        Thread.sleep(200); // let the blocked thread reach its wait
    }

    private static void assertCancelled(CompletableFuture<?> blocked) throws Exception {
        try {
            blocked.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("the blocked transfer completed instead of failing");
        } catch (ExecutionException e) {
            InternetException failure = assertInstanceOf(InternetException.class, e.getCause().getCause(),
                    e.toString());
            assertEquals(InternetError.OPERATION_CANCELLED, failure.error(), failure.toString());
        }
    }

    private void assertAllClosed() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (data.activeConnections() + control.activeConnections() > 0) {
            assertTrue(System.nanoTime() < deadline, "connections left open: data " + data.activeConnections()
                    + ", control " + control.activeConnections());
            Thread.sleep(20);
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
