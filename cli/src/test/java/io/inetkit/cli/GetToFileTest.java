package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.script.ScriptedFtpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code get ftp://… -o FILE} is the library's {@code FtpSession.get(remote, Path)}, not a copy of
 * the {@code openRead} stream: that download, and only it, keeps the control connection alive with
 * {@code NOOP}s while the data comes, as Commons Net's {@code retrieveFile} does.
 */
class GetToFileTest {

    private static final int PIECES = 8;
    private static final int PIECE = 1000;

    @TempDir
    Path local;

    @StartStop final ScriptedFtpServer ftp = ScriptedFtpServer.create();

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
}
