package io.inetkit.it.image;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.script.Reply;
import io.inetkit.testkit.script.ScriptedFtpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The image stops when asked: at {@code --max-time}, whatever a body's pace, and on SIGINT,
 * SIGTERM and SIGHUP, leaving no {@code .part} file and nothing under the final name. The body
 * trickles a byte a second, so no read time-out ever ends it.
 */
class StopTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private RawServer trickle;

    @BeforeEach
    void trickleAByteASecond() {
        trickle = RawServer.start(c -> {
            c.readHead();
            c.send("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: application/octet-stream\r\n\r\n");
            c.trickle(new byte[1000], Duration.ofSeconds(1));
        });
    }

    @AfterEach
    void stop() {
        trickle.close();
    }

    private String url() {
        return "http://" + trickle.authority() + "/slow.bin";
    }

    private List<Path> left() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void maxTimeEndsATricklingBodyWithStatus28AndNoFile() throws IOException {
        Path file = dir.resolve("slow.bin");
        ImageRun.Finished get = ImageRun.of("get", "--max-time", "2", url(), "-o", file.toString()).run(TIMEOUT);
        assertEquals(28, get.status(), get.describe());
        assertEquals("inetkit: ERROR_INTERNET_TIMEOUT (12002): the operation took longer than --max-time 2 s\n",
                get.stderrText(), get.describe());
        long millis = get.elapsed().toMillis();
        System.out.println("get --max-time 2 of a body trickling a byte a second: exit " + get.status() + " after "
                + millis + " ms");
        long bound = 2000 + 1000 + ImageRun.START.toMillis();
        assertTrue(millis >= 2000 && millis < bound, "ended after " + millis + " ms: " + get.describe());
        assertEquals(List.of(), left(), "neither the file nor its .part");
    }

    @Test
    void maxTimeTakesFractionsAndCoversStandardOutput() {
        ImageRun.Finished get = ImageRun.of("get", "-m", "0.5", url()).run(TIMEOUT);
        assertEquals(28, get.status(), get.describe());
        assertTrue(get.stderrText().endsWith("--max-time 0.5 s\n"), get.describe());
        assertTrue(get.elapsed().toMillis() < 500 + 1000 + ImageRun.START.toMillis(), get.describe());
    }

    @ParameterizedTest
    @CsvSource({"INT, 130", "TERM, 143", "HUP, 129"})
    void aSignalEndsTheCommandWithinASecondAndRemovesThePartFile(String signal, int status) throws IOException {
        Path file = dir.resolve("slow.bin");
        try (ImageRun.Running get = ImageRun.of("get", url(), "-o", file.toString()).start()) {
            ImageRun.await(() -> partFiles() == 1 && trickle.connections() == 1, TIMEOUT, "the download's .part file");
            get.signal(signal);
            ImageRun.Finished stopped = get.await(TIMEOUT);
            System.out.println("get of a trickling body, SIG" + signal + ": exit " + stopped.status() + ", "
                    + stopped.sinceSignal().orElseThrow().toMillis() + " ms after the signal");
            assertEquals(status, stopped.status(), stopped.describe());
            assertTrue(stopped.sinceSignal().orElseThrow().toMillis() < 1000, stopped.describe());
            assertEquals("inetkit: ERROR_INTERNET_OPERATION_CANCELLED (12017): stopped by SIG" + signal + "\n",
                    stopped.stderrText(), stopped.describe());
            assertEquals(List.of(), left(), "neither the file nor its .part");
        }
    }

    @Test
    void aSignalEndsAnFtpDownloadToAFileAndRemovesItsPartFile() throws Exception {
        // get -o of an FTP file is the library's FtpSession.get, which makes the .part itself.
        try (ScriptedFtpServer ftp = ScriptedFtpServer.create()) {
            ftp.reply("SIZE", "213 1000\r\n");
            ftp.reply("RETR", "150 here (1000 bytes)\r\n226 done\r\n");
            ftp.data(Reply.trickle(Duration.ofSeconds(1), i -> "x"));
            ftp.start();
            Path file = dir.resolve("slow.bin");
            try (ImageRun.Running get = ImageRun.of("get", "ftp://127.0.0.1:" + ftp.port() + "/slow.bin", "-o",
                    file.toString()).start()) {
                ImageRun.await(() -> partFiles() == 1 && ftp.commands().contains("RETR"), TIMEOUT,
                        "the download's .part file");
                get.signal("TERM");
                ImageRun.Finished stopped = get.await(TIMEOUT);
                assertEquals(143, stopped.status(), stopped.describe());
                assertTrue(stopped.sinceSignal().orElseThrow().toMillis() < 1000, stopped.describe());
                assertEquals("inetkit: ERROR_INTERNET_OPERATION_CANCELLED (12017): stopped by SIGTERM\n",
                        stopped.stderrText(), stopped.describe());
                assertEquals(List.of(), left(), "neither the file nor its .part");
            }
        }
    }

    @Test
    void aSignalEndsAListingAndAnUploadToo() throws IOException {
        // An FTP server that greets, then says nothing more: the login waits on its reply.
        try (RawServer silent = RawServer.start(c -> {
            c.send("220 hello\r\n");
            c.holdOpen();
        })) {
            for (String[] args : new String[][] {
                    {"ls", "ftp://" + silent.authority() + "/"},
                    {"put", Files.writeString(dir.resolve("up.txt"), "up").toString(), "ftp://" + silent.authority() + "/"}}) {
                int before = silent.connections();
                try (ImageRun.Running run = ImageRun.of(args).start()) {
                    ImageRun.await(() -> silent.connections() > before, TIMEOUT, "the connection");
                    run.signal("TERM");
                    ImageRun.Finished stopped = run.await(TIMEOUT);
                    System.out.println(args[0] + " during the FTP login, SIGTERM: exit " + stopped.status() + ", "
                            + stopped.sinceSignal().orElseThrow().toMillis() + " ms after the signal");
                    assertEquals(143, stopped.status(), stopped.describe());
                    assertTrue(stopped.sinceSignal().orElseThrow().toMillis() < 1000, stopped.describe());
                }
            }
        }
    }

    private long partFiles() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".part")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void demoServeKeepsItsServersUntilASignalThenStopsThemAndRemovesItsFolder() throws Exception {
        try (ImageRun.Running demo = ImageRun.of("demo", "--serve").start()) {
            ImageRun.await(() -> new String(demo.stdoutSoFar(), UTF_8)
                    .contains("Serving until Ctrl-C"), Duration.ofSeconds(60), "the demo to serve");
            String printed = new String(demo.stdoutSoFar(), UTF_8);
            Matcher ftp = Pattern.compile("try ftp://127\\.0\\.0\\.1:(\\d+)/")
                    .matcher(printed);
            assertTrue(ftp.find(), printed);
            ImageRun.Finished ls = ImageRun.of("ls", "ftp://127.0.0.1:" + ftp.group(1) + "/").run(TIMEOUT);
            assertEquals(0, ls.status(), ls.describe());
            assertTrue(ls.stdoutText().contains("readme.txt"), ls.describe());
            demo.signal("INT");
            ImageRun.Finished ended = demo.await(TIMEOUT);
            assertEquals(130, ended.status(), ended.describe());
            Matcher folder = Pattern.compile("Stopped the servers and removed (\\S+)\\.")
                    .matcher(ended.stdoutText());
            assertTrue(folder.find(), ended.describe());
            assertTrue(!Files.exists(Path.of(folder.group(1))), "the demo's folder is gone: " + ended.describe());
        }
    }
}
