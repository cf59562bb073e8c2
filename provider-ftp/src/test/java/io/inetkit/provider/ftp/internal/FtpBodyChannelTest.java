package io.inetkit.provider.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.TransferType;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.script.ScriptedFtpServer;
import io.inetkit.toolbox.WriteWatchdog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code openRead} read into a buffer ({@link ReadableByteChannel}, as segmented downloads read it):
 * a binary transfer over a plain passive data connection comes from the data socket's channel, each
 * read watched for the data time-out; ASCII comes through the stream. The bytes are the stream's,
 * from an offset too, and the session goes on after; a data connection that stalls ends at the
 * time-out, as a stream read's does. (Bytes past the announced size: {@code FtpOversizedDownloadTest}.)
 */
@Timeout(60)
class FtpBodyChannelTest {

    private static final int SIZE = 3 * 1024 * 1024 + 5;
    private static final byte[] CONTENT = new byte[SIZE];

    static {
        new Random(11).nextBytes(CONTENT);
    }

    @StartStop final TestFtpServer server = TestFtpServer.newBuilder().user("alice", "secret").build();
    private Leaks leaks;

    @BeforeEach
    void file() throws Exception {
        leaks = Leaks.snapshot();
        Files.write(server.root().resolve("big.bin"), CONTENT);
        Files.writeString(server.root().resolve("text.txt"), "one\r\ntwo\r\n");
    }

    @AfterEach
    void noLeaks() throws Exception {
        server.close();
        leaks.assertNoLeak("FTP buffer reads");
    }

    private static Internet internet(Duration readTimeout) {
        return Internet.newBuilder().connectTimeout(Duration.ofSeconds(5)).readTimeout(readTimeout).build();
    }

    private static FtpSession connect(Internet internet, int port) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.FTP, "127.0.0.1").port(port)
                .user("alice").password("secret").flags(ConnectFlag.PASSIVE).build());
    }

    private static byte[] readByBuffer(InputStream in, int capacity) throws IOException {
        try (in) {
            assertTrue(in instanceof ReadableByteChannel, "an FTP download reads into buffers: " + in.getClass());
            ReadableByteChannel channel = (ReadableByteChannel) in;
            ByteBuffer buffer = ByteBuffer.allocateDirect(capacity);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                out.write(chunk);
                buffer.clear();
            }
            return out.toByteArray();
        }
    }

    @Test
    void aBinaryDownloadReadIntoABufferIsTheFileFromAnyOffset() throws Exception {
        try (Internet internet = internet(Duration.ofSeconds(10));
             FtpSession ftp = connect(internet, server.port())) {
            assertArrayEquals(CONTENT, readByBuffer(ftp.openRead("big.bin", TransferType.BINARY), 256 * 1024));
            assertArrayEquals(Arrays.copyOfRange(CONTENT, 1_000_001, SIZE),
                    readByBuffer(ftp.openRead("big.bin", 1_000_001), 100_000));
            byte[] text;
            try (InputStream in = ftp.openRead("text.txt", TransferType.ASCII)) {
                text = in.readAllBytes();
            }
            assertEquals(8, text.length, "the lines with local ends: " + new String(text));
            assertArrayEquals(text, readByBuffer(ftp.openRead("text.txt", TransferType.ASCII), 4096));
            assertEquals("/", ftp.pwd(), "each transfer ended with its 226: the session goes on");
        }
    }

    @Test
    void aStalledDataConnectionReadIntoABufferEndsAtTheDataTimeout() throws Exception {
        byte[] first = new byte[10_000];
        try (ScriptedFtpServer scripted = ScriptedFtpServer.create()) {
            scripted.reply("SIZE", "213 500000\r\n");
            scripted.reply("RETR", "150 Opening BINARY mode data connection for a.bin (500000 bytes)\r\n226 done\r\n")
                    .data(out -> {
                        out.write(first);
                        out.flush();
                        try {
                            Thread.sleep(TimeUnit.SECONDS.toMillis(30));
                        } catch (InterruptedException e) {
                            throw new InterruptedIOException("the server is closing");
                        }
                    });
            scripted.start();
            try (Internet internet = internet(Duration.ofMillis(700));
                 FtpSession ftp = internet.connect(ConnectRequest.newBuilder(Service.FTP, "127.0.0.1")
                         .port(scripted.port()).user("u").password("p").flags(ConnectFlag.PASSIVE).build());
                 InputStream in = ftp.openRead("a.bin", TransferType.BINARY)) {
                ReadableByteChannel channel = (ReadableByteChannel) in;
                ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
                long start = System.nanoTime();
                InternetException e = assertThrows(InternetException.class, () -> {
                    while (channel.read(buffer) >= 0) {
                        buffer.clear();
                    }
                });
                assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
                assertTrue(causedBy(e, WriteWatchdog.ReadTimeoutException.class),
                        "the channel's read was watched, not bounded by SO_TIMEOUT: " + e);
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "the watch ended the read");
            }
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
