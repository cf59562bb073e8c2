package io.inetkit.it.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.script.HostileHttpScenarios;
import io.inetkit.testkit.script.HostileHttpServer;
import io.inetkit.testkit.script.Reply;
import io.inetkit.testkit.script.ScriptedFtpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image against servers that would hang it, fill its disk or its heap: each case ends within
 * its time-out plus a second (and the JVM's start), with a clear error line, curl's exit status for it (28 for
 * {@code --max-time}), nothing under the final name, and no control byte on standard output or
 * error. The same scripted servers as the providers' own tests (testkit's {@code script} package).
 */
class HostileLimitsTest {

    /** The command's time-out in these cases, in seconds. */
    private static final int TIMEOUT = 3;
    /** The time-out, a second, and the JVM's start. */
    private static final Duration BOUND = Duration.ofSeconds(TIMEOUT + 1).plus(ImageRun.START);

    @StartStop final ScriptedFtpServer ftp = ScriptedFtpServer.create();

    @TempDir Path dir;

    private String ftpUrl(String path) {
        return "ftp://127.0.0.1:" + ftp.port() + "/" + path;
    }

    private static ImageRun.Finished run(String... args) {
        return ImageRun.of(args).run(Duration.ofSeconds(60));
    }

    /** Ended in time, with the error named, and nothing a terminal would obey. */
    private static void endedCleanly(ImageRun.Finished run, int status, String error) {
        assertEquals(status, run.status(), run.describe());
        assertTrue(run.elapsed().compareTo(BOUND) < 0, run.elapsed() + " is not within " + BOUND + "\n" + run.describe());
        assertTrue(run.stderrText().startsWith("inetkit: " + error), run.describe());
        run.firstControl().ifPresent(found -> {
            throw new AssertionError(found + "\n" + run.describe());
        });
    }

    private void nothingLeftIn(Path dir) throws Exception {
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "files left in " + dir);
        }
    }

    @Test
    void aMultiLineReplyThatNeverEndsIsStoppedByItsBound() throws Exception {
        ftp.reply(ScriptedFtpServer.GREETING, Reply.endless(i -> "220-more of the greeting " + i + "\r\n"));
        Path file = dir.resolve("a.bin");
        ImageRun.Finished get = run("get", "--timeout", String.valueOf(TIMEOUT), ftpUrl("a.bin"), "-o", file.toString());
        endedCleanly(get, 8, "ERROR_INTERNET_CONNECTION_ABORTED (12030): ");
        assertTrue(get.stderrText().contains("(Limits.maxReplyLines)"), get.describe());
        nothingLeftIn(dir);
    }

    @Test
    void aMultiLineReplyThatTricklesIsStoppedAtTheReadTimeout() throws Exception {
        ftp.reply(ScriptedFtpServer.GREETING, Reply.trickle(Duration.ofMillis(200), i -> "220-a line " + i + "\r\n"));
        ImageRun.Finished ls = run("ls", "--timeout", String.valueOf(TIMEOUT), ftpUrl(""));
        endedCleanly(ls, 28, "ERROR_INTERNET_TIMEOUT (12002): ");
        assertTrue(ls.stderrText().contains("had not ended its reply after 3000 ms"), ls.describe());
    }

    @Test
    void aDownloadLongerThanAnnouncedStopsThereAndLeavesNoFile() throws Exception {
        ftp.reply("SIZE", "213 5\r\n");
        ftp.data(Reply.endless(i -> "more bytes than announced "));
        Path file = dir.resolve("a.bin");
        ImageRun.Finished get = run("get", "--timeout", String.valueOf(TIMEOUT), ftpUrl("a.bin"), "-o", file.toString());
        endedCleanly(get, 18, "ERROR_INTERNET_CONNECTION_ABORTED (12030): ");
        assertTrue(get.stderrText().contains("sent more than it announced"), get.describe());
        nothingLeftIn(dir);
    }

    @Test
    void aListingThatNeverEndsIsPrintedUntilMaxTimeStopsIt() {
        ftp.data(Reply.endless(i -> "-rw-r--r--   1 ftp      ftp             5 Jan 01  2020 f" + i + "\r\n"));
        ImageRun.Finished ls = run("ls", "--max-time", "2", ftpUrl(""));
        endedCleanly(ls, 28, "ERROR_INTERNET_TIMEOUT (12002): the operation took longer than --max-time 2 s");
        assertTrue(ls.stdoutText().lines().count() > 1000, "entries printed as they came");
    }

    @Test
    void aPassiveReplyNamingPortZeroIsRefusedWithoutAConnection() throws Exception {
        ftp.reply("EPSV", "229 Entering Extended Passive Mode (|||0|)\r\n");
        Path file = dir.resolve("a.bin");
        ImageRun.Finished get = run("get", "--timeout", String.valueOf(TIMEOUT), ftpUrl("a.bin"), "-o", file.toString());
        endedCleanly(get, 8, "ERROR_INTERNET_CONNECTION_ABORTED (12030): ");
        assertTrue(get.stderrText().contains("names port 0"), get.describe());
        nothingLeftIn(dir);
    }

    @Test
    void anHttpServerThatSendsContinueForeverIsRefusedAtTheBound() throws Exception {
        try (HostileHttpServer http = HostileHttpServer.plain(HostileHttpScenarios.endlessContinue())) {
            http.start();
            Path file = dir.resolve("x");
            ImageRun.Finished get = run("get", "--timeout", String.valueOf(TIMEOUT), http.url("/x").toString(),
                    "-o", file.toString());
            endedCleanly(get, 8, "ERROR_HTTP_INVALID_SERVER_RESPONSE (12152): ");
            assertTrue(get.stderrText().contains("(Limits.maxInterimResponses)"), get.describe());
            nothingLeftIn(dir);
        }
    }

    @Test
    void anHttpServerThatTricklesContinueIsStoppedAtTheReadTimeout() throws Exception {
        try (HostileHttpServer http = HostileHttpServer.plain(HostileHttpScenarios.trickledContinue(Duration.ofMillis(500)))) {
            http.start();
            ImageRun.Finished get = run("get", "--timeout", String.valueOf(TIMEOUT), http.url("/x").toString());
            endedCleanly(get, 28, "ERROR_INTERNET_TIMEOUT (12002): ");
        }
    }
}
