package io.inetkit.provider.ftp.internal.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.RetryPolicy;
import io.inetkit.Service;
import io.inetkit.StatusEvent;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.TransferType;
import io.inetkit.provider.ftp.internal.ProxiedFtpServer;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control connection of an FTP session drops, mid-file or between commands, or cannot be made:
 * under the {@code Internet}'s {@code RetryPolicy} a download logs in again (the same user, working
 * directory and transfer type) and resumes with {@code REST}; a connect is tried again after a
 * refusal (when the policy says so), a reset before the greeting or a {@code 421} greeting; a
 * {@code 530} never is, nor an upload. The testkit's FTP server behind fault proxies; the control
 * proxy counts the commands the server received.
 */
class FtpReconnectTest {

    static final int SIZE = 1024 * 1024;
    static final byte[] CONTENT = new byte[SIZE];
    static final RetryPolicy POLICY = RetryPolicy.newBuilder().maxRetries(2).backoff(Duration.ofMillis(100)).build();

    static {
        new Random(17).nextBytes(CONTENT);
    }

    @TempDir
    Path local;

    final ProxiedFtpServer.CommandCount commands = new ProxiedFtpServer.CommandCount();
    final ConcurrentLinkedQueue<StatusEvent> events = new ConcurrentLinkedQueue<>();
    ProxiedFtpServer rig;

    @BeforeEach
    void start() throws IOException {
        rig = ProxiedFtpServer.start(TestFtpServer.newBuilder().user("alice", "secret"), line -> line,
                line -> {
                    commands.record(line);
                    return line;
                });
        Path sub = Files.createDirectory(rig.server.root().resolve("sub"));
        Files.write(sub.resolve("big.bin"), CONTENT);
    }

    @AfterEach
    void stop() throws IOException {
        rig.close();
    }

    Internet internet(RetryPolicy policy) {
        return Internet.newBuilder().retries(policy).readTimeout(Duration.ofSeconds(5))
                .statusListener(events::add).build();
    }

    long published(InternetStatus status) {
        return events.stream().filter(e -> e.status() == status).count();
    }

    List<Path> left() throws IOException {
        try (Stream<Path> files = Files.list(local)) {
            return files.toList();
        }
    }

    static final String TRANSFER_COMPLETE = "226 Transfer complete.\r\n";

    /**
     * Makes the next control connection end (FIN) just before the server's {@code 226} for a
     * download of {@code sub/big.bin} after {@code cd("sub")}: the server has sent the whole file by
     * then, so the cut must come on the control connection itself. The point is measured on a clean
     * session with the same commands, which the server answers with the same bytes.
     */
    void cutControlBeforeTheEndOfTheDownload() throws Exception {
        long before;
        try (Internet clean = internet(RetryPolicy.none()); FtpSession ftp = rig.connect(clean)) {
            ftp.cd("sub");
            ftp.get("big.bin", local.resolve("measure.bin"));
            before = rig.control.bytesDownstream();
        }
        Files.delete(local.resolve("measure.bin"));
        rig.control.enqueue(rig.controlRewrite.and(Fault.cutAfter(Direction.DOWNSTREAM,
                before - TRANSFER_COMPLETE.length())));
        events.clear();
    }

    @Test
    void aControlConnectionCutMidFileLogsInAgainInTheSameDirectoryAndResumes() throws Exception {
        cutControlBeforeTheEndOfTheDownload();
        // The data connection ends short too, after the control connection ended: REST must follow.
        rig.data.enqueue(Fault.cutAfter(Direction.DOWNSTREAM, 300_000));
        int users = commands.sent("USER");
        int retrs = commands.sent("RETR");
        Path file = local.resolve("big.bin");
        try (Internet internet = internet(POLICY); FtpSession ftp = rig.connect(internet)) {
            ftp.cd("sub");
            ftp.get("big.bin", file);
            assertEquals("/sub", ftp.pwd(), "the session goes on in its directory");
            ftp.get("big.bin", local.resolve("again.bin"));
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(file));
        assertArrayEquals(CONTENT, Files.readAllBytes(local.resolve("again.bin")));
        assertEquals(users + 2, commands.sent("USER"), "one new login");
        assertEquals(users + 2, commands.sent("PASS"));
        assertEquals(1, commands.sent("REST"), "one resume");
        assertEquals(retrs + 3, commands.sent("RETR"));
        assertEquals(2, published(InternetStatus.CONNECTING_TO_SERVER), "each login publishes its steps");
        assertEquals(2, published(InternetStatus.CONNECTED_TO_SERVER));
        assertEquals(Set.of(file, local.resolve("again.bin")), Set.copyOf(left()), "no part file left");
    }

    @Test
    void aControlConnectionCutBeforeThe226OfACompleteFileLogsInAgainAndChecksTheSize() throws Exception {
        cutControlBeforeTheEndOfTheDownload();
        int sizes = commands.sent("SIZE");
        int retrs = commands.sent("RETR");
        Path file = local.resolve("big.bin");
        try (Internet internet = internet(POLICY); FtpSession ftp = rig.connect(internet)) {
            ftp.cd("sub");
            ftp.get("big.bin", file);
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(file));
        assertEquals(retrs + 1, commands.sent("RETR"), "every byte had come: nothing to fetch again");
        assertEquals(sizes + 2, commands.sent("SIZE"), "the size asked again on the new connection");
        assertEquals(0, commands.sent("REST"));
        assertEquals(3, commands.sent("CWD"), "the measure's, the session's, and the new login's");
    }

    @Test
    void aNewLoginRestoresTheTransferType() throws Exception {
        Files.writeString(rig.server.root().resolve("text.txt"), "line\r\n".repeat(1000));
        try (Internet internet = internet(POLICY); FtpSession ftp = rig.connect(internet)) {
            ftp.get("text.txt", local.resolve("one.txt"), TransferType.ASCII);
            rig.control.cutOpenConnections(true);
            ftp.get("text.txt", local.resolve("two.txt"), TransferType.ASCII);
        }
        assertEquals("line\n".repeat(1000), Files.readString(local.resolve("two.txt")));
        assertEquals(2, commands.sent("USER"));
        // TYPE I at each login, TYPE A for the first download, TYPE A again after the new login.
        assertEquals(4, commands.sent("TYPE"));
    }

    @Test
    void aControlConnectionDroppedBetweenCommandsIsReplacedByTheNextDownload() throws Exception {
        Path file = local.resolve("big.bin");
        try (Internet internet = internet(POLICY); FtpSession ftp = rig.connect(internet)) {
            ftp.cd("sub");
            rig.control.cutOpenConnections(true);
            // An operation that is not a download says so, and ends the connection.
            assertEquals(InternetError.CONNECTION_RESET, assertThrows(InternetException.class, ftp::pwd).error());
            ftp.get("big.bin", file);
            assertEquals("/sub", ftp.pwd());
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(file));
        assertEquals(2, commands.sent("USER"));
        assertEquals(1, commands.sent("RETR"));
    }

    @Test
    void aStreamOpenedAfterTheControlConnectionDroppedLogsInAgain() throws Exception {
        try (Internet internet = internet(POLICY); FtpSession ftp = rig.connect(internet)) {
            ftp.cd("sub");
            rig.control.cutOpenConnections(false);
            Thread.sleep(100); // the FIN arrives: the next command finds the connection closed
            try (InputStream in = ftp.openRead("big.bin", TransferType.BINARY)) {
                assertArrayEquals(CONTENT, in.readAllBytes());
            }
        }
        assertEquals(2, commands.sent("USER"));
    }

    @Test
    void withoutRetriesADroppedControlConnectionEndsTheDownloadAndLeavesNoFile() throws Exception {
        cutControlBeforeTheEndOfTheDownload();
        int users = commands.sent("USER");
        Path file = local.resolve("big.bin");
        try (Internet internet = internet(RetryPolicy.none()); FtpSession ftp = rig.connect(internet)) {
            ftp.cd("sub");
            assertEquals(InternetError.FTP_DROPPED,
                    assertThrows(InternetException.class, () -> ftp.get("big.bin", file)).error());
            assertEquals(InternetError.FTP_DROPPED,
                    assertThrows(InternetException.class, () -> ftp.get("big.bin", file)).error(),
                    "no new login without retries");
        }
        assertEquals(users + 1, commands.sent("USER"));
        assertEquals(List.of(), left());
    }

    @Test
    void aNewLoginThatIsRefusedEndsTheDownloadWithEveryTryAndNoFile() throws Exception {
        cutControlBeforeTheEndOfTheDownload();
        int users = commands.sent("USER");
        Path file = local.resolve("big.bin");
        try (Internet internet = internet(POLICY); FtpSession ftp = rig.connect(internet)) {
            ftp.cd("sub");
            rig.control.refuseConnections();
            InternetException e = assertThrows(InternetException.class, () -> ftp.get("big.bin", file));
            assertEquals(InternetError.CANNOT_CONNECT, e.error(), e.toString());
            assertTrue(e.getMessage().endsWith("(3 tries: 1. the control connection dropped after 1048576 bytes;"
                    + " 2. cannot connect; 3. cannot connect)"), e.getMessage());
            assertEquals(InternetError.FTP_DROPPED, assertThrows(InternetException.class, ftp::pwd).error());
        }
        assertEquals(users + 1, commands.sent("USER"));
        assertEquals(List.of(), left(), "neither the file nor its part");
    }

    @Test
    void theDeadlineBoundsTheNewLogins() throws Exception {
        cutControlBeforeTheEndOfTheDownload();
        int users = commands.sent("USER");
        RetryPolicy slow = POLICY.toBuilder().maxRetries(5).backoff(Duration.ofSeconds(5)).build();
        Path file = local.resolve("big.bin");
        try (Internet internet = Internet.newBuilder().retries(slow).deadline(Duration.ofSeconds(3)).build();
             FtpSession ftp = rig.connect(internet)) {
            ftp.cd("sub");
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, () -> ftp.get("big.bin", file));
            assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(3)) < 0);
        }
        assertEquals(users + 1, commands.sent("USER"));
        assertEquals(List.of(), left());
    }

    @Test
    void anUploadIsNotRetriedOnADroppedControlConnection() throws Exception {
        Path source = Files.write(local.resolve("up.bin"), CONTENT);
        try (Internet internet = internet(POLICY); FtpSession ftp = rig.connect(internet)) {
            rig.control.cutOpenConnections(true);
            assertThrows(InternetException.class, () -> ftp.put(source, "up.bin"));
            assertEquals(InternetError.FTP_DROPPED,
                    assertThrows(InternetException.class, () -> ftp.put(source, "up.bin")).error());
        }
        assertEquals(1, commands.sent("USER"));
        assertEquals(0, commands.sent("STOR"));
    }

    @Test
    void anUploadLogsInAgainBeforeItStartsWhenThePolicyRetriesWhatIsNotIdempotent() throws Exception {
        Path source = Files.write(local.resolve("up.bin"), CONTENT);
        try (Internet internet = internet(POLICY.toBuilder().retryNonIdempotent(true).build());
             FtpSession ftp = rig.connect(internet)) {
            rig.control.cutOpenConnections(true);
            assertThrows(InternetException.class, ftp::pwd); // finds the connection gone
            ftp.put(source, "up.bin");
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(rig.server.root().resolve("up.bin")));
        assertEquals(2, commands.sent("USER"));
        assertEquals(1, commands.sent("STOR"));
    }

    // ---------------------------------------------------------------- connect and login

    FtpSession connect(Internet internet, String password) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.FTP, rig.control.host()).port(rig.control.port())
                .user("alice").password(password).flags(ConnectFlag.PASSIVE).build());
    }

    @Test
    void aResetBeforeTheGreetingIsRetried() throws Exception {
        rig.control.enqueue(Fault.resetOnAccept());
        try (Internet internet = internet(POLICY); FtpSession ftp = rig.connect(internet)) {
            assertEquals("/", ftp.pwd());
        }
        assertEquals(2, rig.control.connectionCount());
        assertEquals(1, commands.sent("USER"));
        assertEquals(2, published(InternetStatus.CONNECTING_TO_SERVER));
    }

    @Test
    void aGreetingOf421IsRetried() throws Exception {
        rig.control.enqueue(rig.controlRewrite.and(Fault.rewriteLines(Direction.DOWNSTREAM,
                line -> line.startsWith("220") ? "421 Too many users, try later" : line)));
        try (Internet internet = internet(POLICY); FtpSession ftp = rig.connect(internet)) {
            assertEquals("/", ftp.pwd());
        }
        assertEquals(2, rig.control.connectionCount());
        assertEquals(1, commands.sent("USER"));
    }

    @Test
    void aServerThatStaysFullEndsWithEveryTryListed() throws Exception {
        rig.control.fault(rig.controlRewrite.and(Fault.rewriteLines(Direction.DOWNSTREAM,
                line -> line.startsWith("220") ? "421 Too many users, try later" : line)));
        try (Internet internet = internet(POLICY)) {
            InternetException e = assertThrows(InternetException.class, () -> rig.connect(internet));
            assertEquals(InternetError.FTP_DROPPED, e.error(), e.toString());
            assertTrue(e.getMessage().endsWith("(3 tries: 1. 421 Too many users, try later;"
                    + " 2. 421 Too many users, try later; 3. 421 Too many users, try later)"), e.getMessage());
        }
        assertEquals(3, rig.control.connectionCount());
        assertEquals(0, commands.sent("USER"));
        assertEquals(3, published(InternetStatus.CONNECTING_TO_SERVER));
    }

    @Test
    void aRefusedConnectionIsRetriedWhenThePolicySaysSo() throws Exception {
        rig.control.refuseConnections();
        Thread opener = new Thread(() -> {
            try {
                Thread.sleep(300);
                rig.control.acceptConnections();
            } catch (Exception ignored) {
                // the connect's failure tells
            }
        });
        RetryPolicy patient = POLICY.toBuilder().maxRetries(10).backoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(200)).build();
        try (Internet internet = internet(patient)) {
            opener.start();
            try (FtpSession ftp = rig.connect(internet)) {
                assertEquals("/", ftp.pwd());
            }
            opener.join();
        }
        assertTrue(published(InternetStatus.CONNECTING_TO_SERVER) >= 2);
        assertEquals(1, commands.sent("USER"));
    }

    @Test
    void aRefusedConnectionIsNotRetriedWhenThePolicySaysNot() throws Exception {
        rig.control.refuseConnections();
        RetryPolicy policy = POLICY.toBuilder().retryConnectionRefused(false).backoff(Duration.ofSeconds(5)).build();
        try (Internet internet = internet(policy)) {
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, () -> rig.connect(internet));
            assertEquals(InternetError.CANNOT_CONNECT, e.error(), e.toString());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(4)) < 0,
                    "no wait for a retry");
        }
        assertEquals(1, published(InternetStatus.CONNECTING_TO_SERVER));
    }

    @Test
    void aWrongPasswordIsNeverRetried() throws Exception {
        try (Internet internet = internet(POLICY)) {
            InternetException e = assertThrows(InternetException.class, () -> connect(internet, "wrong"));
            assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.toString());
        }
        assertEquals(1, commands.sent("PASS"), "the server saw one login");
        assertEquals(1, rig.control.connectionCount());
    }

    @Test
    void theDeadlineBoundsTheConnectRetries() throws Exception {
        rig.control.fault(Fault.resetOnAccept());
        RetryPolicy slow = POLICY.toBuilder().maxRetries(5).backoff(Duration.ofSeconds(5)).build();
        try (Internet internet = Internet.newBuilder().retries(slow).deadline(Duration.ofSeconds(2)).build()) {
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, () -> rig.connect(internet));
            assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0);
        }
        assertEquals(1, rig.control.connectionCount());
    }

    @Test
    void noThreadOrConnectionIsLeftAfterTheRetries() throws Exception {
        rig.control.enqueue(Fault.resetOnAccept(), Fault.resetOnAccept());
        Set<String> before = threadNames();
        try (Internet internet = internet(POLICY); FtpSession ftp = rig.connect(internet)) {
            ftp.cd("sub");
            rig.control.cutOpenConnections(true);
            ftp.get("big.bin", local.resolve("big.bin"));
        }
        assertTrue(waitFor(() -> rig.control.activeConnections() == 0), "every control connection closed");
        assertTrue(waitFor(() -> rig.data.activeConnections() == 0), "every data connection closed");
        assertTrue(waitFor(() -> threadNames().stream().filter(n -> n.startsWith("inetkit"))
                .filter(n -> !n.startsWith("inetkit-proxy")).allMatch(before::contains)),
                () -> "threads left: " + threadNames());
    }

    static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toSet());
    }

    static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
