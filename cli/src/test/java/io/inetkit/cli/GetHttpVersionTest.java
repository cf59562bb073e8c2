package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.http.RecordedRequest;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inetkit get --http1.1} and {@code --http2}, with curl's meaning, against a real server:
 * HTTP/1.1 (the default) on the provider's engine, which connects in sight of {@code -v}; HTTP/2
 * asked for on java.net.http, which in the clear asks with an {@code h2c} upgrade.
 */
class GetHttpVersionTest {

    @StartStop final TestHttpServer http = TestHttpServer.create();

    @TempDir Path local;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String url(String path) {
        return "http://localhost:" + http.port() + path;
    }

    @Test
    void http2AsksForAnUpgradeOnJavaNetHttpAndHttp11DoesNot() throws Exception {
        http.enqueue(TestResponse.ok("two"));
        http.enqueue(TestResponse.ok("one"));
        Path two = local.resolve("two.txt");
        Path one = local.resolve("one.txt");
        assertEquals(0, run("get", "-v", "--http2", url("/two?x=1"), "-o", two.toString()), err.toString());
        String twoEvents = err.toString();
        err.getBuffer().setLength(0);
        assertEquals(0, run("get", "-v", "--http1.1", url("/one"), "-o", one.toString()), err.toString());
        assertEquals("two", Files.readString(two));
        assertEquals("one", Files.readString(one));
        RecordedRequest asked2 = http.takeRequest();
        assertEquals("/two?x=1", asked2.target());
        assertEquals("h2c", asked2.header("Upgrade").orElseThrow().toLowerCase());
        assertTrue(http.takeRequest().header("Upgrade").isEmpty());
        // java.net.http connects out of sight; the HTTP/1.1 engine in sight.
        assertFalse(twoEvents.contains("CONNECTED_TO_SERVER"), twoEvents);
        assertTrue(err.toString().contains("CONNECTED_TO_SERVER"), err.toString());
    }

    @Test
    void anErrorStatusFailsAsWithoutAVersion() {
        http.enqueue(TestResponse.status(404));
        assertEquals(22, run("get", "-f", "--http2", url("/missing"), "-o", local.resolve("x").toString()));
        assertTrue(err.toString().contains("ERROR_INTERNET_EXTENDED_ERROR (12003)"), err.toString());
        assertFalse(Files.exists(local.resolve("x")));
    }

    @Test
    void bothVersionsContradictEachOther() {
        assertEquals(2, run("get", "--http1.1", "--http2", url("/")));
        assertTrue(err.toString().contains("--http1.1 and --http2 contradict each other"), err.toString());
        assertEquals(0, http.requestCount());
    }
}
