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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inetkit get -b} and {@code -c}, with curl's meaning and file format, against a real server. */
class GetCookiesTest {

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
    void cookieJarWritesWhatTheServerSetOverARedirectInCurlsFormat() throws Exception {
        Instant expires = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(expires.atOffset(ZoneOffset.UTC));
        http.enqueue(TestResponse.newBuilder().status(302).header("Location", "/app/home")
                .header("Set-Cookie", "SID=s3cr3t; Path=/; HttpOnly")
                .header("Set-Cookie", "pref=dark; Expires=" + date + "; Path=/app").build());
        http.enqueue(TestResponse.newBuilder().header("Set-Cookie", "lang=en; Domain=localhost").body("home").build());
        Path jar = local.resolve("jar.txt");
        assertEquals(0, run("get", "-L", url("/login"), "-c", jar.toString(), "-o", local.resolve("x").toString()),
                err.toString());
        assertEquals(CookieFile.HEADER
                + "#HttpOnly_localhost\tFALSE\t/\tFALSE\t0\tSID\ts3cr3t\n"
                + "localhost\tFALSE\t/app\tFALSE\t" + expires.getEpochSecond() + "\tpref\tdark\n"
                + "localhost\tFALSE\t/app\tFALSE\t0\tlang\ten\n", Files.readString(jar));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(jar)));
        http.takeRequest();
        // The hop to /app/home: both cookies of the redirect, the longer path first.
        assertEquals(Optional.of("pref=dark; SID=s3cr3t"), http.takeRequest().header("Cookie"));
    }

    @Test
    void cookieFileSendsTheCookiesThatMatchInOrder() throws Exception {
        Path file = local.resolve("cookies.txt");
        long later = Instant.now().plus(1, ChronoUnit.DAYS).getEpochSecond();
        Files.writeString(file, "# Netscape HTTP Cookie File\n"
                + "# a comment\n\n"
                + "localhost\tFALSE\t/\tFALSE\t0\troot\t1\n"
                + "#HttpOnly_localhost\tFALSE\t/docs\tFALSE\t" + later + "\tdeep\t2\n"
                + ".localhost\tTRUE\t/\tFALSE\t0\tdomain\t3\n"
                + "localhost\tFALSE\t/\tFALSE\t1\texpired\t4\n"
                + "localhost\tFALSE\t/\tTRUE\t0\tsecure\t5\n"
                + "localhost\tFALSE\t/other\tFALSE\t0\tother\t6\n"
                + "example.com\tFALSE\t/\tFALSE\t0\tforeign\t7\n"
                + "localhost\tFALSE\t/\tFALSE\t0\tempty\n"
                + "not a cookie line\n");
        http.enqueue(TestResponse.ok("docs"));
        assertEquals(0, run("get", url("/docs/index.html"), "-b", file.toString()), err.toString());
        assertEquals(Optional.of("deep=2; root=1; domain=3; empty="), http.takeRequest().header("Cookie"));
    }

    @Test
    void cookieDataIsTheHeaderAndKeepsNothing() throws Exception {
        http.enqueue(TestResponse.newBuilder().status(302).header("Location", "/next")
                .header("Set-Cookie", "set=1").build());
        http.enqueue(TestResponse.ok("next"));
        assertEquals(0, run("get", "-L", url("/"), "-b", "a=1; b=2"), err.toString());
        assertEquals(Optional.of("a=1; b=2"), http.takeRequest().header("Cookie"));
        // As curl without -b FILE or -c: what the server set is not kept.
        assertEquals(Optional.of("a=1; b=2"), http.takeRequest().header("Cookie"));
    }

    @Test
    void withoutCookieOptionsNothingIsKeptAsInCurl() throws Exception {
        http.enqueue(TestResponse.newBuilder().status(302).header("Location", "/next")
                .header("Set-Cookie", "set=1").build());
        http.enqueue(TestResponse.ok("next"));
        assertEquals(0, run("get", "-L", url("/")), err.toString());
        http.takeRequest();
        assertEquals(Optional.empty(), http.takeRequest().header("Cookie"));
    }

    @Test
    void aReadFileAndAWrittenJarTogetherCarryCookiesOn() throws Exception {
        Path jar = local.resolve("jar.txt");
        http.enqueue(TestResponse.newBuilder().header("Set-Cookie", "step=1").body("").build());
        assertEquals(0, run("get", url("/"), "-c", jar.toString()), err.toString());
        http.enqueue(TestResponse.newBuilder().header("Set-Cookie", "step=2").body("").build());
        assertEquals(0, run("get", url("/"), "-b", jar.toString(), "-c", jar.toString()), err.toString());
        http.takeRequest();
        assertEquals(Optional.of("step=1"), http.takeRequest().header("Cookie"));
        assertTrue(Files.readString(jar).endsWith("localhost\tFALSE\t/\tFALSE\t0\tstep\t2\n"), Files.readString(jar));
    }

    @Test
    void theJarIsWrittenAfterAFailedTransferToo() throws Exception {
        Path jar = local.resolve("jar.txt");
        http.enqueue(TestResponse.newBuilder().status(403).header("Set-Cookie", "why=denied").body("").build());
        assertEquals(22, run("get", "-f", url("/"), "-c", jar.toString()));
        assertTrue(Files.readString(jar).contains("\twhy\tdenied\n"), Files.readString(jar));
    }

    @Test
    void aCookieFileThatCannotBeReadFailsBeforeAnythingIsSent() throws Exception {
        assertEquals(26, run("get", url("/"), "-b", local.resolve("missing.txt").toString()));
        assertTrue(err.toString().startsWith("inetkit: ERROR_FILE_NOT_FOUND (2): cannot read cookies from "),
                err.toString());
        err.getBuffer().setLength(0);
        assertEquals(26, run("get", url("/"), "-b", local.toString()));
        assertTrue(err.toString().startsWith("inetkit: ERROR_FILE_NOT_FOUND (2): cannot read cookies from "),
                err.toString());
        assertEquals(0, http.requestCount());
    }

    @Test
    void aJarThatCannotBeWrittenIsAnError() throws Exception {
        http.enqueue(TestResponse.newBuilder().header("Set-Cookie", "a=1").body("").build());
        Path jar = local.resolve("no-such-dir").resolve("jar.txt");
        assertEquals(23, run("get", url("/"), "-c", jar.toString()));
        assertTrue(err.toString().contains("cannot write cookies to " + jar), err.toString());
    }

    @Test
    void theJarIsNeverStandardOutput() {
        assertEquals(2, run("get", url("/"), "-c", "-"));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INVALID_PARAMETER (87)"), err.toString());
        assertEquals(0, http.requestCount());
    }

    @Test
    void verboseOutputCountsCookiesAndNeverShowsAValue() throws Exception {
        Path jar = local.resolve("jar.txt");
        http.enqueue(TestResponse.newBuilder().status(302).header("Location", "/next")
                .header("Set-Cookie", "SID=t0psecret").build());
        http.enqueue(TestResponse.ok("next"));
        assertEquals(0, run("get", "-v", "-L", url("/"), "-c", jar.toString()), err.toString());
        assertTrue(err.toString().contains("COOKIE_RECEIVED"), err.toString());
        assertTrue(err.toString().contains("COOKIE_SENT"), err.toString());
        assertFalse(err.toString().contains("t0psecret"), err.toString());
        RecordedRequest first = http.takeRequest();
        assertEquals(Optional.empty(), first.header("Cookie"));
    }

    @Test
    void helpListsTheOptions() {
        assertEquals(0, run("get", "--help"));
        assertTrue(out.toString().contains("-b, --cookie=DATA|FILE"), out.toString());
        assertTrue(out.toString().contains("-c, --cookie-jar=FILE"), out.toString());
    }
}
