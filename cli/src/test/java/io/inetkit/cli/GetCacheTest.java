package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code get --cache DIR}, {@code --offline} and {@code --reload} against the in-process server. */
class GetCacheTest {

    @StartStop final TestHttpServer http = TestHttpServer.create();

    @TempDir Path local;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + http.port() + path;
    }

    private String fetch(String... options) throws Exception {
        Path file = local.resolve("out.txt");
        Files.deleteIfExists(file);
        String[] args = new String[options.length + 4];
        args[0] = "get";
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = url("/doc");
        args[options.length + 2] = "-o";
        args[options.length + 3] = file.toString();
        assertEquals(0, run(args), err.toString());
        return Files.readString(file);
    }

    @Test
    void aCachedResponseIsServedWithoutTheServerAndVerboseSaysSo() throws Exception {
        String cache = local.resolve("cache").toString();
        http.enqueue(TestResponse.newBuilder().header("Cache-Control", "max-age=600").body("cached").build());
        assertEquals("cached", fetch("--cache", cache));
        assertEquals("cached", fetch("-v", "--cache", cache));
        assertTrue(err.toString().contains("HIT"), err.toString());
        assertEquals(1, http.requestCount());
        assertEquals("cached", fetch("--offline", "--cache", cache));
    }

    @Test
    void reloadAsksTheServerAndReplacesTheEntry() throws Exception {
        String cache = local.resolve("cache").toString();
        http.enqueue(TestResponse.newBuilder().header("Cache-Control", "max-age=600").body("one").build());
        http.enqueue(TestResponse.newBuilder().header("Cache-Control", "max-age=600").body("two").build());
        fetch("--cache", cache);
        assertEquals("two", fetch("--reload", "--cache", cache));
        assertEquals("two", fetch("--offline", "--cache", cache));
        assertEquals(2, http.requestCount());
    }

    @Test
    void offlineWithNothingStoredFailsWithItemNotFoundAndLeavesNoFile() throws Exception {
        Path file = local.resolve("never.txt");
        int status = run("get", "--offline", "--cache", local.resolve("cache").toString(), url("/doc"), "-o",
                file.toString());
        assertEquals(ExitStatus.FAILED, status);
        assertTrue(err.toString().contains("ITEM_NOT_FOUND (12028)"), err.toString());
        assertTrue(Files.notExists(file));
        assertEquals(0, http.requestCount());
    }

    @Test
    void offlineWithoutACacheOrOnAnotherSchemeIsAUsageError() {
        assertEquals(2, run("get", "--offline", url("/doc")));
        assertTrue(err.toString().contains("--offline needs a cache"), err.toString());
        assertEquals(2, run("get", "--offline", "--reload", "--cache", local.toString(), url("/doc")));
        assertEquals(2, run("get", "--offline", "--cache", local.toString(), "ftp://127.0.0.1:1/x"));
        assertTrue(err.toString().contains("never cached"), err.toString());
        assertEquals(2, run("get", "--cache", local.toString(), "--cache-size", "0", url("/doc")));
        assertTrue(err.toString().contains("--cache-size must be 1 MiB or more"), err.toString());
    }
}
