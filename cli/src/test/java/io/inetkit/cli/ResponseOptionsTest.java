package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curl's -i, -L, --max-redirs and -f, and its defaults without them, against testkit's HTTP server. */
class ResponseOptionsTest {

    @StartStop final TestHttpServer http = TestHttpServer.newBuilder().dispatcher(request -> {
        Matcher hop = Pattern.compile("/hop/(\\d+)").matcher(request.path());
        if (hop.matches()) {
            int n = Integer.parseInt(hop.group(1));
            return n == 0 ? TestResponse.ok("arrived") : TestResponse.redirect(302, "/hop/" + (n - 1));
        }
        return switch (request.path()) {
            case "/moved" -> TestResponse.newBuilder().status(301).header("Location", "/there")
                    .body("moved body").build();
            case "/there" -> TestResponse.ok("there");
            case "/missing" -> TestResponse.newBuilder().status(404).body("not here").build();
            default -> TestResponse.ok("ok");
        };
    }).build();

    @TempDir Path local;

    private String url(String path) {
        return http.url(path).toString();
    }

    @Test
    void withoutDashLARedirectIsTheResponseAsCurls() throws Exception {
        CurlStdout run = CurlStdout.run("get", "-i", url("/moved"));
        assertEquals(0, run.status, run.toString());
        assertTrue(run.out().startsWith("HTTP/1.1 301 "), run.toString());
        assertTrue(run.out().endsWith("\r\n\r\nmoved body"), run.toString());
        assertEquals(1, http.requestCount());
    }

    @Test
    void dashLFollows() throws Exception {
        CurlStdout run = CurlStdout.run("get", "-L", url("/hop/3"));
        assertEquals(0, run.status, run.toString());
        assertEquals("arrived", run.out());
        assertEquals(4, http.requestCount());
    }

    @Test
    void maxRedirsBoundsDashLWithCurlsStatus47() throws Exception {
        CurlStdout within = CurlStdout.run("get", "-L", "--max-redirs", "2", url("/hop/2"));
        assertEquals(0, within.status, within.toString());
        assertEquals("arrived", within.out());
        CurlStdout past = CurlStdout.run("get", "-L", "--max-redirs", "2", url("/hop/3"));
        assertEquals(47, past.status, past.toString());
        assertTrue(past.err.toString().startsWith("inetkit: ERROR_HTTP_REDIRECT_FAILED (12156): "), past.toString());
        assertEquals("", past.out());
        CurlStdout none = CurlStdout.run("get", "-L", "--max-redirs", "0", url("/hop/1"));
        assertEquals(47, none.status, none.toString());
    }

    @Test
    void theDefaultBoundIsTheLibrarys() throws Exception {
        CurlStdout run = CurlStdout.run("get", "-L", url("/hop/11"));
        assertEquals(47, run.status, run.toString());
        assertTrue(run.err.toString().contains("more than 10 redirects"), run.toString());
    }

    @Test
    void aNegativeMaxRedirsIsAUsageError() {
        for (String negative : new String[] {"-1", "-2"}) {
            CurlStdout run = CurlStdout.run("get", "-L", "--max-redirs", negative, url("/hop/1"));
            assertEquals(2, run.status, run.toString());
            assertTrue(run.err.toString().contains("--max-redirs must be 0 or more, not " + negative), run.toString());
        }
        assertEquals(0, http.requestCount());
    }

    @Test
    void anErrorStatusIsTheOutputWithStatus0WithoutDashF() throws Exception {
        CurlStdout run = CurlStdout.run("get", url("/missing"));
        assertEquals(0, run.status, run.toString());
        assertEquals("not here", run.out());
        assertEquals("", run.err.toString());
        Path file = local.resolve("page");
        assertEquals(0, CurlStdout.run("get", url("/missing"), "-o", file.toString()).status);
        assertEquals("not here", Files.readString(file));
    }

    @Test
    void dashFFailsWith22AndWritesNothingOfTheBody() throws Exception {
        CurlStdout run = CurlStdout.run("get", "-f", "-i", url("/missing"));
        assertEquals(22, run.status, run.toString());
        assertEquals("", run.out());
        assertTrue(run.err.toString().startsWith("inetkit: ERROR_INTERNET_EXTENDED_ERROR (12003): "), run.toString());
        assertTrue(run.err.toString().contains("404"), run.toString());
        Path file = local.resolve("page");
        assertEquals(22, CurlStdout.run("get", "--fail", url("/missing"), "-o", file.toString()).status);
        assertFalse(Files.exists(file));
        try (var files = Files.list(local)) {
            assertEquals(0, files.count(), "a .part file was left");
        }
    }
}
