package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.leak.Leaks;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code get} with several URLs ({@code -Z}, {@code --parallel-max}, {@code -K}): each saved under
 * its name, one error line per failure with its URL, and curl's exit status of the failure that
 * ended last.
 */
class ParallelGetTest {

    private final AtomicInteger atOnce = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();

    @StartStop final TestHttpServer http = TestHttpServer.newBuilder().dispatcher(request -> {
        int now = atOnce.incrementAndGet();
        most.accumulateAndGet(now, Math::max);
        try {
            Thread.sleep(150); // long enough for transfers at once to meet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        atOnce.decrementAndGet();
        return request.path().startsWith("/missing") ? TestResponse.status(404)
                : TestResponse.ok("body of " + request.path());
    }).build();
    @StartStop final TestFtpServer ftp = TestFtpServer.create();

    @TempDir Path local;

    private final StringWriter err = new StringWriter();

    private int run(List<String> urls, int at, boolean fail) throws Exception {
        ConnectionOptions connection = new ConnectionOptions();
        connection.timeoutSeconds = 30; // picocli's default
        OutputOptions saving = new OutputOptions();
        saving.remoteName = true;
        saving.directory = local;
        ResponseOptions response = new ResponseOptions();
        response.fail = fail;
        return new ParallelGet(connection, saving, response, new SegmentedSave(), new PrintWriter(err, true),
                Stop.inProcess(), true).run(urls, at);
    }

    private String url(String path) {
        return http.url(path).toString();
    }

    @Test
    void goodAndFailingUrlsAtOnceEachFailureItsLineAndTheLastFailuresStatus() throws Exception {
        Files.write(ftp.root().resolve("f.bin"), new byte[] {1, 2, 3});
        List<String> urls = List.of(url("/a.txt"), url("/missing-1.txt"), url("/b.txt"),
                "http://127.0.0.1:1/refused.txt", ftp.url() + "f.bin", ftp.url() + "nothing.bin", url("/c.txt"));
        Leaks leaks = Leaks.snapshot();
        int status = run(urls, 8, true);
        assertTrue(status == 7 || status == 22 || status == 78, status + ": " + err);
        assertEquals("body of /a.txt", Files.readString(local.resolve("a.txt")));
        assertEquals("body of /b.txt", Files.readString(local.resolve("b.txt")));
        assertEquals("body of /c.txt", Files.readString(local.resolve("c.txt")));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(local.resolve("f.bin")));
        try (Stream<Path> files = Files.list(local)) {
            assertEquals(List.of("a.txt", "b.txt", "c.txt", "f.bin"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no .part, nothing failed");
        }
        List<String> lines = Arrays.asList(err.toString().split("\\R"));
        assertEquals(3, lines.size(), err.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("inetkit: ERROR_INTERNET_CANNOT_CONNECT (12029): "
                + "http://127.0.0.1:1/refused.txt: ")), err.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains(url("/missing-1.txt") + ": ") && l.contains("404")),
                err.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains(ftp.url() + "nothing.bin: ")), err.toString());
        assertTrue(most.get() > 1, "transfers ran at once: " + most.get());
        http.close(); // the servers' threads and sockets first: what is left is the command's
        ftp.close();
        leaks.assertNoLeak("parallel get");
    }

    @Test
    void parallelMaxBoundsTheTransfersAtOnce() throws Exception {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            urls.add(url("/f" + i));
        }
        assertEquals(0, run(urls, 3, false), err.toString());
        assertEquals(3, most.get());
        assertEquals("body of /f8", Files.readString(local.resolve("f8")));
    }

    @Test
    void withoutParallelOneAtATimeAndAllGoodIsZero() throws Exception {
        assertEquals(0, run(List.of(url("/x"), url("/y")), 1, false), err.toString());
        assertEquals(1, most.get());
        assertEquals("", err.toString());
    }

    @Test
    void withoutFailA404IsSavedAsCurlSavesIt() throws Exception {
        assertEquals(0, run(List.of(url("/x"), url("/missing")), 2, false), err.toString());
        assertTrue(Files.exists(local.resolve("missing")));
    }

    @Test
    void aConfigFileGivesUrlsInCurlsSpellingsAndRefusesOtherOptions() throws Exception {
        Path config = Files.writeString(local.resolve("urls.txt"), String.join("\n",
                "# the list", "", "http://h/plain", "url = \"http://h/quoted\\\"q\"", "url=http://h/eq",
                "url: http://h/colon", "--url http://h/dashes", "  URL http://h/upper  ", ""));
        assertEquals(List.of("http://h/plain", "http://h/quoted\"q", "http://h/eq", "http://h/colon",
                "http://h/dashes", "http://h/upper"), ConfigFile.urls(config, null));
        assertEquals(List.of("http://h/stdin"), ConfigFile.urls(Path.of("-"),
                new ByteArrayInputStream("url = \"http://h/stdin\"\n".getBytes(StandardCharsets.UTF_8))));
        Files.writeString(config, "http://h/a\nuser-agent = \"x\"\n");
        InternetException e = assertThrows(InternetException.class, () -> ConfigFile.urls(config, null));
        assertEquals(InternetError.INVALID_PARAMETER, e.error());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        Files.writeString(config, "url = \"http://h/open\n");
        assertEquals(InternetError.INVALID_PARAMETER,
                assertThrows(InternetException.class, () -> ConfigFile.urls(config, null)).error());
    }

    @Test
    void theCommandTakesUrlsFromTheCommandLineAndKAndRefusesWhatCannotApply() throws Exception {
        Path config = Files.writeString(local.resolve("urls.txt"), url("/k1") + "\n");
        StringWriter out = new StringWriter();
        // Several URLs need -O; -o names one file.
        assertEquals(2, Main.run(new String[] {"get", url("/a"), url("/b")}, new PrintWriter(out, true),
                new PrintWriter(err, true)));
        assertTrue(err.toString().contains("give -O"), err.toString());
        assertEquals(2, Main.run(new String[] {"get", "-K", config.toString(), url("/b"), "-o", "x"},
                new PrintWriter(out, true), new PrintWriter(err, true)));
        assertEquals(2, Main.run(new String[] {"get", "-O", "-C", "-", url("/a"), url("/b")},
                new PrintWriter(out, true), new PrintWriter(err, true)));
        assertTrue(err.toString().contains("not -o, -w, -C,"), err.toString());
        assertEquals(2, Main.run(new String[] {"get", "-Z", "--parallel-max", "301", url("/a")},
                new PrintWriter(out, true), new PrintWriter(err, true)));
        assertTrue(err.toString().contains("--parallel-max must be from 1 to 300"), err.toString());
        assertEquals(2, Main.run(new String[] {"get"}, new PrintWriter(out, true), new PrintWriter(err, true)));
        assertTrue(err.toString().contains("no URL"), err.toString());
        assertEquals(26, Main.run(new String[] {"get", "-K", local.resolve("none").toString()},
                new PrintWriter(out, true), new PrintWriter(err, true)));
        // -K alone with one URL is a plain get, to standard output.
        out.getBuffer().setLength(0);
        assertEquals(0, Main.run(new String[] {"get", "-s", "-K", config.toString()}, new PrintWriter(out, true),
                new PrintWriter(err, true)));
        assertFalse(Files.exists(local.resolve("k1")));
    }
}
