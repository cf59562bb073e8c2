package io.inetkit.provider.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.TransferType;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code put(Path)} with {@code sendfile} ({@code Internet.Builder.zeroCopy(true)}, set by each test): a binary
 * upload in passive mode over plain FTP goes
 * out through {@link io.inetkit.toolbox.WriteWatchdog#transfer}, and keeps what the stream copy
 * guaranteed: the bytes arrive whole, a stalled server ends it with {@code TIMEOUT}, the control
 * connection hears a {@code NOOP} every keep-alive interval. Control and data go through
 * {@link FaultProxy}s (the passive reply is rewritten to send the data connection through the
 * second), which count the {@code NOOP}s and slow or stall the data.
 */
class FtpZeroCopyTest {

    @TempDir
    Path local;

    private ProxiedFtpServer rig;
    private TestFtpServer server;
    private FaultProxy data;
    private final ProxiedFtpServer.CommandCount commands = new ProxiedFtpServer.CommandCount();
    private Leaks leaks;
    private boolean zeroCopy = true; // off by default; on for these tests unless one says otherwise

    @BeforeEach
    void start() throws Exception {
        leaks = Leaks.snapshot();
        rig = ProxiedFtpServer.start(TestFtpServer.newBuilder().user("alice", "secret"), UnaryOperator.identity(),
                line -> {
                    commands.record(line);
                    return line;
                });
        server = rig.server;
        data = rig.data;
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    private Internet internet(Duration readTimeout) {
        return Internet.newBuilder().connectTimeout(Duration.ofSeconds(5)).readTimeout(readTimeout)
                .writeTimeout(readTimeout).zeroCopy(zeroCopy).build();
    }

    private Path file(int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(local.resolve("up-" + size + ".bin"), bytes);
    }

    @Test
    void aBinaryUploadOfAFileGoesOutWithSendfileAndArrivesWhole() throws Exception {
        Path source = file(5 * 1024 * 1024 + 333);
        try (Internet internet = internet(Duration.ofSeconds(10)); FtpSessionImpl session = rig.connect(internet)) {
            session.put(source, "up.bin");
            assertEquals(FileUpload.SENDFILE, session.lastUpload());
            assertEquals(Files.size(source), session.size("up.bin"), "the session goes on after the upload");
        }
        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(server.root().resolve("up.bin")));
    }

    @Test
    void anEmptyFileIsUploadedToo() throws Exception {
        Path source = Files.write(local.resolve("empty.bin"), new byte[0]);
        try (Internet internet = internet(Duration.ofSeconds(10)); FtpSessionImpl session = rig.connect(internet)) {
            session.put(source, "empty.bin");
            assertEquals(FileUpload.SENDFILE, session.lastUpload());
        }
        assertEquals(0, Files.size(server.root().resolve("empty.bin")));
    }

    @Test
    void withoutZeroCopyTheUploadGoesThroughADirectBuffer() throws Exception {
        zeroCopy = false; // the default
        Path source = file(3 * 1024 * 1024 + 7);
        try (Internet internet = internet(Duration.ofSeconds(10)); FtpSessionImpl session = rig.connect(internet)) {
            session.put(source, "up.bin");
            assertEquals(FileUpload.CHANNEL, session.lastUpload());
        }
        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(server.root().resolve("up.bin")));
    }

    @Test
    void anAsciiUploadKeepsTheStreamCopy() throws Exception {
        Path source = Files.writeString(local.resolve("text.txt"), "one\ntwo\n");
        try (Internet internet = internet(Duration.ofSeconds(10)); FtpSessionImpl session = rig.connect(internet)) {
            session.put(source, "text.txt", TransferType.ASCII);
            assertEquals(FileUpload.STREAM, session.lastUpload());
        }
        assertEquals(java.util.List.of("one", "two"), Files.readAllLines(server.root().resolve("text.txt")));
    }

    @Test
    void aStalledSendfileUploadTimesOutWithoutLeaks() throws Exception {
        Duration timeout = Duration.ofSeconds(1);
        Path source = file(64 * 1024 * 1024); // more than any socket buffers hold
        data.fault(Fault.stallAfter(Direction.UPSTREAM, 64 * 1024));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            // The write timeout bounds the stalled upload, not the longer read timeout.
            try (Internet internet = Internet.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .readTimeout(Duration.ofSeconds(30)).writeTimeout(timeout).zeroCopy(true).build();
                 FtpSessionImpl session = rig.connect(internet)) {
                long start = System.nanoTime();
                InternetException e = assertThrows(InternetException.class, () -> session.put(source, "up.bin"));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
                assertTrue(e.getMessage().contains("took in nothing for 1000 ms")
                        && e.getMessage().contains("(Internet.Builder.writeTimeout)"), e.getMessage());
                assertTrue(took.compareTo(timeout.plusSeconds(2)) < 0, "took " + took);
                assertEquals(FileUpload.SENDFILE, session.lastUpload());
            }
        });
        stop(); // the servers' sockets too
        leaks.assertNoLeak("stalled sendfile upload");
    }

    @Test
    void aSlowSendfileUploadSendsNoopsOnTheControlConnection() throws Exception {
        // 2 s read timeout: a NOOP each second. The proxy lets 32 KiB through every 10 ms, so 6 MiB take
        // two seconds at least, whatever the machine's speed.
        Path source = file(6 * 1024 * 1024);
        data.fault(Fault.drip(Direction.UPSTREAM, 32 * 1024, Duration.ofMillis(10)));
        try (Internet internet = internet(Duration.ofSeconds(2)); FtpSessionImpl session = rig.connect(internet)) {
            session.put(source, "up.bin");
            assertEquals(FileUpload.SENDFILE, session.lastUpload());
            assertTrue(commands.sent("NOOP") >= 1, "NOOPs sent: " + commands.sent("NOOP"));
            // The NOOPs' replies were all read: the next command gets its own.
            assertEquals(Files.size(source), session.size("up.bin"));
            assertEquals("/", session.pwd());
        }
        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(server.root().resolve("up.bin")));
    }
}
