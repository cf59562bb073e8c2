package io.inetkit.provider.ftp.internal.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.RetryPolicy;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.TransferType;
import io.inetkit.provider.ftp.internal.ProxiedFtpServer;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A binary {@code get} to a file whose data connection drops mid-file resumes: {@code REST} at the
 * part file's end, {@code RETR}, appended, the whole byte-identical and checked against
 * {@code SIZE}; at most {@code RetryPolicy.maxRetries} times, within the deadline. The testkit's
 * FTP server behind two fault proxies (control, with its EPSV replies rewritten, and data).
 */
class FtpResumeTest {

    static final int SIZE = 1024 * 1024;
    static final byte[] CONTENT = new byte[SIZE];
    static final RetryPolicy POLICY = RetryPolicy.newBuilder().maxRetries(2).backoff(Duration.ofMillis(100)).build();

    static {
        new Random(11).nextBytes(CONTENT);
    }

    @TempDir
    Path local;

    final ProxiedFtpServer.CommandCount commands = new ProxiedFtpServer.CommandCount();
    ProxiedFtpServer rig;

    @BeforeEach
    void start() throws IOException {
        rig = ProxiedFtpServer.start(TestFtpServer.newBuilder().user("alice", "secret"), line -> line, line -> {
            commands.record(line);
            return line;
        });
        Files.write(rig.server.root().resolve("big.bin"), CONTENT);
    }

    @AfterEach
    void stop() throws IOException {
        rig.close();
    }

    Internet internet(RetryPolicy policy) {
        return Internet.newBuilder().retries(policy).readTimeout(Duration.ofSeconds(5)).build();
    }

    List<Path> left() throws IOException {
        try (Stream<Path> files = Files.list(local)) {
            return files.toList();
        }
    }

    @Test
    void aDataConnectionCutMidFileResumesAndTheFileIsByteIdentical() throws Exception {
        rig.data.enqueue(Fault.cutAfter(Direction.DOWNSTREAM, 100_000));
        Path file = local.resolve("big.bin");
        try (Internet internet = internet(POLICY); FtpSession ftp = rig.connect(internet)) {
            ftp.get("big.bin", file);
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(file));
        assertEquals(2, commands.sent("RETR"));
        assertEquals(1, commands.sent("REST"), "one resume");
        assertEquals(List.of(file), left(), "no part file left");
    }

    @Test
    void aDataConnectionResetMidFileResumesTwice() throws Exception {
        rig.data.enqueue(Fault.resetAfter(Direction.DOWNSTREAM, 64 * 1024),
                Fault.resetAfter(Direction.DOWNSTREAM, 300_000));
        Path file = local.resolve("big.bin");
        try (Internet internet = internet(POLICY); FtpSession ftp = rig.connect(internet)) {
            ftp.get("big.bin", file);
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(file));
        assertEquals(3, commands.sent("RETR"));
        assertEquals(2, commands.sent("REST"));
    }

    @Test
    void theSessionStaysUsableAfterAResume() throws Exception {
        rig.data.enqueue(Fault.cutAfter(Direction.DOWNSTREAM, 100_000));
        try (Internet internet = internet(POLICY); FtpSession ftp = rig.connect(internet)) {
            ftp.get("big.bin", local.resolve("one.bin"));
            ftp.get("big.bin", local.resolve("two.bin"));
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(local.resolve("one.bin")));
        assertArrayEquals(CONTENT, Files.readAllBytes(local.resolve("two.bin")));
    }

    @Test
    void everyDataConnectionCutEndsAfterTheLastRetryWithTheTriesAndNoFile() throws Exception {
        rig.data.fault(Fault.cutAfter(Direction.DOWNSTREAM, 100_000));
        Path file = local.resolve("big.bin");
        try (Internet internet = internet(POLICY); FtpSession ftp = rig.connect(internet)) {
            InternetException e = assertThrows(InternetException.class, () -> ftp.get("big.bin", file));
            assertEquals(InternetError.CONNECTION_ABORTED, e.error(), e.toString());
            // Each resume's cause: the short file, or the server's 426, whichever it saw first.
            String message = e.getMessage();
            assertTrue(message.matches("(?s).*\\(3 tries: 1\\. the data connection [^;]* after 100000 bytes;"
                    + " 2\\. the data connection [^;]* after 200000 bytes; 3\\. [^)]*\\)$"), message);
        }
        assertEquals(3, commands.sent("RETR"));
        assertEquals(List.of(), left(), "neither the file nor its part");
    }

    @Test
    void noResumeWithoutRetries() throws Exception {
        rig.data.enqueue(Fault.cutAfter(Direction.DOWNSTREAM, 100_000));
        Path file = local.resolve("big.bin");
        try (Internet internet = internet(RetryPolicy.none()); FtpSession ftp = rig.connect(internet)) {
            assertThrows(InternetException.class, () -> ftp.get("big.bin", file));
        }
        assertEquals(1, commands.sent("RETR"));
        assertEquals(List.of(), left());
    }

    @Test
    void anAsciiDownloadDoesNotResume() throws Exception {
        Files.write(rig.server.root().resolve("text.txt"), "line\r\n".repeat(100_000).getBytes());
        rig.data.enqueue(Fault.resetAfter(Direction.DOWNSTREAM, 100_000));
        Path file = local.resolve("text.txt");
        try (Internet internet = internet(POLICY); FtpSession ftp = rig.connect(internet)) {
            assertThrows(InternetException.class, () -> ftp.get("text.txt", file, TransferType.ASCII));
        }
        assertEquals(1, commands.sent("RETR"));
        assertEquals(0, commands.sent("REST"));
        assertEquals(List.of(), left());
    }

    @Test
    void aControlConnectionThatCannotBeMadeAgainEndsTheDownload() throws Exception {
        // The file trickles; the control connection goes while it does, for good, and then the data connection.
        rig.data.enqueue(Fault.drip(Direction.DOWNSTREAM, 8192, Duration.ofMillis(20))
                .and(Fault.cutAfter(Direction.DOWNSTREAM, 200_000)));
        Path file = local.resolve("big.bin");
        try (Internet internet = internet(POLICY); FtpSession ftp = rig.connect(internet)) {
            Thread cutter = new Thread(() -> {
                try {
                    rig.data.awaitBytes(Direction.DOWNSTREAM, 20_000, Duration.ofSeconds(10));
                    rig.control.close();
                } catch (Exception ignored) {
                    // the download's own failure is the test's subject
                }
            });
            cutter.start();
            assertThrows(InternetException.class, () -> ftp.get("big.bin", file));
            cutter.join();
        }
        assertEquals(1, commands.sent("RETR"));
        assertEquals(0, commands.sent("REST"));
        assertEquals(List.of(), left());
    }

    @Test
    void closingTheSessionEndsTheWaitToResume() throws Exception {
        rig.data.fault(Fault.cutAfter(Direction.DOWNSTREAM, 100_000));
        RetryPolicy slow = POLICY.toBuilder().backoff(Duration.ofSeconds(30)).build();
        Path file = local.resolve("big.bin");
        try (Internet internet = internet(slow); FtpSession ftp = rig.connect(internet)) {
            Thread closer = new Thread(() -> {
                try {
                    rig.data.awaitConnections(1, Duration.ofSeconds(10));
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                ftp.close();
            });
            closer.start();
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, () -> ftp.get("big.bin", file));
            assertEquals(InternetError.OPERATION_CANCELLED, e.error(), e.toString());
            // Generous: only the 30 s wait itself would pass it.
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
            closer.join();
        }
        assertEquals(1, commands.sent("RETR"));
        assertEquals(List.of(), left());
    }

    @Test
    void theDeadlineEndsTheResumes() throws Exception {
        rig.data.fault(Fault.cutAfter(Direction.DOWNSTREAM, 100_000));
        RetryPolicy slow = POLICY.toBuilder().maxRetries(5).backoff(Duration.ofSeconds(5)).build();
        Path file = local.resolve("big.bin");
        try (Internet internet = Internet.newBuilder().retries(slow).deadline(Duration.ofSeconds(2)).build();
             FtpSession ftp = rig.connect(internet)) {
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, () -> ftp.get("big.bin", file));
            assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0);
        }
        assertEquals(List.of(), left());
    }
}
