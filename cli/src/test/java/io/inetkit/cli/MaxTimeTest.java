package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --max-time}: the whole operation, not the wait for each byte, which a body trickling a
 * byte at a time resets forever. In-process; it/image runs the image against the same trickle.
 */
class MaxTimeTest {

    @StartStop final TestHttpServer http = TestHttpServer.create();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private void trickle() {
        http.enqueue(TestResponse.newBuilder().body(new byte[100]).throttle(1, Duration.ofMillis(200)).build());
    }

    @Test
    void aTricklingBodyEndsAtMaxTimeWithTimeoutStatus28AndNoFile() throws Exception {
        trickle();
        Path file = dir.resolve("slow.bin");
        long start = System.nanoTime();
        int status = run("get", "--max-time", "1.5", http.url("/slow").toString(), "-o", file.toString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(28, status, err.toString());
        assertEquals("inetkit: ERROR_INTERNET_TIMEOUT (12002): the operation took longer than --max-time 1.5 s"
                + System.lineSeparator(), err.toString());
        assertTrue(millis >= 1400 && millis < 2500, millis + " ms");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "neither the file nor its .part");
        }
    }

    @Test
    void aWholeSecondsMaxTimeIsNamedWithoutFraction() {
        trickle();
        assertEquals(28, run("get", "-m", "1", http.url("/slow").toString(), "-o", dir.resolve("f").toString()));
        assertTrue(err.toString().endsWith("took longer than --max-time 1 s" + System.lineSeparator()), err.toString());
    }

    @Test
    void aTricklingBodyToStandardOutputEndsToo() {
        trickle();
        long start = System.nanoTime();
        assertEquals(28, run("get", "--max-time", "0.5", http.url("/slow").toString()));
        assertTrue(System.nanoTime() - start < 2_000_000_000L);
    }

    @Test
    void anOperationWithinMaxTimeSucceedsAndTheClockStops() throws Exception {
        http.enqueue(TestResponse.ok("quick"));
        Path file = dir.resolve("quick.txt");
        assertEquals(0, run("get", "--max-time", "30", http.url("/quick").toString(), "-o", file.toString()),
                err.toString());
        assertEquals("quick", Files.readString(file));
        Thread.sleep(100);
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("inetkit-max-time")),
                "the clock's thread ends with the command");
    }

    @Test
    void lsAndPutHaveItToo() throws Exception {
        try (TestFtpServer ftp = TestFtpServer.newBuilder().root(dir).anonymousWrite(true).build()) {
            ftp.start();
            assertEquals(0, run("ls", "--max-time", "10", "ftp://" + ftp.host() + ":" + ftp.port() + "/"),
                    err.toString());
            Path file = Files.writeString(dir.resolve("up.txt"), "up");
            assertEquals(0, run("put", "-m", "10", file.toString(),
                    "ftp://" + ftp.host() + ":" + ftp.port() + "/copy.txt"), err.toString());
        }
    }

    @Test
    void aNegativeOrNonNumericMaxTimeIsRefused() {
        assertEquals(2, run("get", "--max-time=-1", http.url("/x").toString()));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INVALID_PARAMETER (87): --max-time must be from 0"
                + " (no limit) to 1000000000 seconds, not -1"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("get", "--max-time", "NaN", http.url("/x").toString()));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INVALID_PARAMETER (87): --max-time"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("get", "--max-time", "soon", http.url("/x").toString()));
        assertTrue(err.toString().startsWith("Invalid value for option '--max-time': 'soon' is not a double"),
                err.toString());
    }
}
