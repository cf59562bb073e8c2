package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.script.ScriptedFtpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code get ftp://… -o FILE} is the library's {@code FtpSession.get(remote, Path)}, not a copy of
 * the {@code openRead} stream: that download, and only it, keeps the control connection alive with
 * {@code NOOP}s while the data comes, as Commons Net's {@code retrieveFile} does. {@code get
 * http://… -o FILE} copies the body, which on a plain connection comes from its socket's channel
 * into a direct buffer: the file is the body, and a body that stalls ends at the read time-out
 * with nothing left.
 */
class GetToFileTest {

    private static final int PIECES = 8;
    private static final int PIECE = 1000;

    @TempDir
    Path local;

    @StartStop final ScriptedFtpServer ftp = ScriptedFtpServer.create();
    @StartStop final TestHttpServer http = TestHttpServer.create();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void anFtpFileComesThroughTheLibrarysDownloadToAFile() throws Exception {
        byte[] piece = new byte[PIECE];
        Arrays.fill(piece, (byte) 'x');
        ftp.reply("SIZE", "213 " + PIECES * PIECE + "\r\n");
        ftp.reply("RETR", "150 here (" + PIECES * PIECE + " bytes)\r\n226 done\r\n");
        // Slower than the keep-alive interval of a 1 s read time-out (1 s), each piece well within it.
        ftp.data(data -> {
            for (int i = 0; i < PIECES; i++) {
                data.write(piece);
                data.flush();
                try {
                    Thread.sleep(400);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        });
        Path file = local.resolve("slow.bin");
        assertEquals(0, Main.run(new String[] {"get", "--timeout", "1",
                "ftp://" + ftp.host() + ":" + ftp.port() + "/slow.bin", "-o", file.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true)), err.toString());
        byte[] expected = new byte[PIECES * PIECE];
        Arrays.fill(expected, (byte) 'x');
        assertArrayEquals(expected, Files.readAllBytes(file));
        assertTrue(ftp.commands().stream().anyMatch(c -> c.startsWith("NOOP")), () -> "commands: " + ftp.commands());
        try (Stream<Path> left = Files.list(local)) {
            assertEquals(1, left.count(), "the file and no .part");
        }
    }

    @Test
    void anHttpBodyIsTheFile() throws Exception {
        byte[] body = new byte[3 * 1024 * 1024 + 3];
        new Random(3).nextBytes(body);
        http.enqueue(TestResponse.newBuilder().body(body).throttle(300_000, Duration.ofMillis(1)).build());
        Path file = local.resolve("big.bin");
        assertEquals(0, Main.run(new String[] {"get", http.url("/big.bin").toString(), "-o", file.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true)), err.toString());
        assertArrayEquals(body, Files.readAllBytes(file));
        try (Stream<Path> left = Files.list(local)) {
            assertEquals(1, left.count(), "the file and no .part");
        }
    }

    @Test
    void anHttpBodyThatStallsEndsAtTheReadTimeoutAndLeavesNoFile() throws Exception {
        http.enqueue(TestResponse.newBuilder().body(new byte[500_000]).stallAfter(200_000).build());
        Path file = local.resolve("stalled.bin");
        assertEquals(28, Main.run(new String[] {"get", "--timeout", "1", http.url("/stalled.bin").toString(),
                "-o", file.toString()}, new PrintWriter(out, true), new PrintWriter(err, true)), err.toString());
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_TIMEOUT (12002): "), err.toString());
        try (Stream<Path> left = Files.list(local)) {
            assertEquals(0, left.count(), "neither the file nor its .part");
        }
    }
}
