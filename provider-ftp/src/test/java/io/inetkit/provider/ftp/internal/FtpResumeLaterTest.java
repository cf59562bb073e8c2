package io.inetkit.provider.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.RetryPolicy;
import io.inetkit.ftp.FtpGetOption;
import io.inetkit.ftp.FtpPutOption;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.TransferType;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads and uploads cut in the middle by the fault proxy on the data connection, then resumed
 * by a later call (no retries within the call), against testkit's FTP server.
 */
class FtpResumeLaterTest {

    static final byte[] CONTENT = bytes(2_000_000, 5);

    @TempDir
    Path local;
    ProxiedFtpServer proxied;
    Internet internet;

    static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @BeforeEach
    void start() throws Exception {
        proxied = ProxiedFtpServer.start(TestFtpServer.newBuilder().user("alice", "secret"));
        Files.write(proxied.server.root().resolve("big.bin"), CONTENT);
        internet = Internet.newBuilder().retries(RetryPolicy.none()).build();
    }

    @AfterEach
    void stop() throws Exception {
        internet.close();
        proxied.close();
    }

    @Test
    void aCutDownloadKeepsWhatCameAndResumesToTheSameBytes() throws Exception {
        Path target = local.resolve("big.bin");
        proxied.data.enqueue(Fault.cutAfter(Direction.DOWNSTREAM, 700_000));
        try (FtpSession ftp = proxied.connect(internet)) {
            assertThrows(InternetException.class,
                    () -> ftp.get("big.bin", target, TransferType.BINARY, FtpGetOption.RESUME));
        }
        long kept = Files.size(target);
        assertTrue(kept > 0 && kept < CONTENT.length, "kept " + kept);
        try (FtpSession ftp = proxied.connect(internet)) {
            ftp.get("big.bin", target, TransferType.BINARY, FtpGetOption.RESUME);
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(target));
    }

    @Test
    void aCutUploadKeepsWhatArrivedAndResumesToTheSameBytes() throws Exception {
        Path source = Files.write(local.resolve("up.bin"), CONTENT);
        Path remote = proxied.server.root().resolve("up.bin");
        proxied.data.enqueue(Fault.resetAfter(Direction.UPSTREAM, 700_000));
        try (FtpSession ftp = proxied.connect(internet)) {
            assertThrows(InternetException.class,
                    () -> ftp.put(source, "up.bin", TransferType.BINARY, FtpPutOption.RESUME));
        }
        long kept = Files.exists(remote) ? Files.size(remote) : 0;
        assertTrue(kept < CONTENT.length, "kept " + kept);
        int before = proxied.data.connectionCount();
        try (FtpSession ftp = proxied.connect(internet)) {
            ftp.put(source, "up.bin", TransferType.BINARY, FtpPutOption.RESUME);
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(remote));
        assertEquals(before + 1, proxied.data.connectionCount());
        assertTrue(proxied.data.bytesUpstream() <= 700_000 + CONTENT.length - kept + 1,
                "sent " + proxied.data.bytesUpstream() + ": more than the rest");
    }

    @Test
    void aCompleteUploadSendsNothing() throws Exception {
        Path source = Files.write(local.resolve("up.bin"), CONTENT);
        Files.write(proxied.server.root().resolve("up.bin"), CONTENT);
        try (FtpSession ftp = proxied.connect(internet)) {
            ftp.put(source, "up.bin", TransferType.BINARY, FtpPutOption.RESUME);
        }
        assertEquals(0, proxied.data.connectionCount());
    }

    @Test
    void aRemoteFileLongerThanTheLocalOneIsNotResumed() throws Exception {
        Path source = Files.write(local.resolve("up.bin"), Arrays.copyOf(CONTENT, 1000));
        Files.write(proxied.server.root().resolve("up.bin"), CONTENT);
        try (FtpSession ftp = proxied.connect(internet)) {
            InternetException e = assertThrows(InternetException.class,
                    () -> ftp.put(source, "up.bin", TransferType.BINARY, FtpPutOption.RESUME));
            assertEquals(InternetError.INVALID_OPERATION, e.error());
            assertTrue(e.getMessage().contains("cannot resume"), e.getMessage());
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(proxied.server.root().resolve("up.bin")));
    }

    @Test
    void aNewFileIsSentWhole() throws Exception {
        Path source = Files.write(local.resolve("up.bin"), CONTENT);
        try (FtpSession ftp = proxied.connect(internet)) {
            ftp.put(source, "new.bin", TransferType.BINARY, FtpPutOption.RESUME);
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(proxied.server.root().resolve("new.bin")));
    }

    @Test
    void anAsciiUploadDoesNotResume() throws Exception {
        Path source = Files.write(local.resolve("up.txt"), new byte[] {'a'});
        try (FtpSession ftp = proxied.connect(internet)) {
            InternetException e = assertThrows(InternetException.class,
                    () -> ftp.put(source, "up.txt", TransferType.ASCII, FtpPutOption.RESUME));
            assertEquals(InternetError.INVALID_PARAMETER, e.error());
        }
    }

    @Test
    void aLocalFileLongerThanTheRemoteOneIsNotResumed() throws Exception {
        Path target = Files.write(local.resolve("big.bin"), bytes(CONTENT.length + 10, 6));
        try (FtpSession ftp = proxied.connect(internet)) {
            InternetException e = assertThrows(InternetException.class,
                    () -> ftp.get("big.bin", target, TransferType.BINARY, FtpGetOption.RESUME));
            assertEquals(InternetError.INVALID_OPERATION, e.error());
        }
        assertEquals(CONTENT.length + 10, Files.size(target));
    }
}
