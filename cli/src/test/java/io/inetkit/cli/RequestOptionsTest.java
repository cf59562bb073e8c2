package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.http.RecordedRequest;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curl's -H, -X, -d, --data-binary, -T and -I, against testkit's HTTP and FTP servers. */
class RequestOptionsTest {

    @TempDir static Path served;

    @TempDir Path local;

    @StartStop final TestHttpServer http = TestHttpServer.create();
    @StartStop final TestFtpServer ftp = TestFtpServer.newBuilder().root(served).user("joe", "pw").build();

    private String url(String path) {
        return http.url(path).toString();
    }

    private CurlStdout ok(String... args) {
        CurlStdout run = CurlStdout.run(args);
        assertEquals(0, run.status, run.toString());
        return run;
    }

    /** A usage error, status 2, whose message says {@code what}, and nothing sent. */
    private void refused(String what, String... args) {
        long before = http.requestCount();
        CurlStdout run = CurlStdout.run(args);
        assertEquals(2, run.status, run.toString());
        assertTrue(run.err.toString().startsWith("inetkit: ERROR_INVALID_PARAMETER (87): "), run.toString());
        assertTrue(run.err.toString().contains(what), run.toString());
        assertEquals(before, http.requestCount(), "sent anyway");
    }

    @Test
    void headersAreAddedRepeatedRemovedAndSentEmptyAsCurlDoes() throws Exception {
        http.enqueue(TestResponse.ok("x"));
        ok("get", "-H", "X-One: 1", "-H", "X-One:  2 ", "-H", "Accept:", "-H", "X-Empty;", "-e", "http://r/",
                "-H", "Referer:", url("/h"));
        RecordedRequest request = http.takeRequest();
        assertEquals(List.of("1", "2"), request.headers().get("X-One"), request.headers().toString());
        assertEquals(Optional.of(""), request.header("X-Empty"));
        assertEquals(Optional.empty(), request.header("Accept"));
        assertEquals(Optional.empty(), request.header("Referer"));
    }

    @Test
    void withoutHeadersCurlsAcceptIsSentAndAGivenOneReplacesIt() throws Exception {
        http.enqueue(TestResponse.ok("x"));
        http.enqueue(TestResponse.ok("x"));
        ok("get", url("/a"));
        assertEquals(Optional.of("*/*"), http.takeRequest().header("Accept"));
        // As curl's, 'Accept:' keeps only inetkit's own Accept from being sent, not one of -H.
        ok("get", "-H", "accept: text/plain", "-H", "Accept:", url("/a"));
        RecordedRequest request = http.takeRequest();
        assertEquals(List.of("text/plain"), request.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("accept")).findFirst().orElseThrow().getValue());
    }

    @Test
    void aHeaderThatCouldCarryAnotherOrThatInetkitSetsIsAUsageError() {
        refused("cannot hold CR or LF", "get", "-H", "X-A: 1\r\nX-Injected: 2", url("/"));
        refused("cannot hold CR or LF", "get", "-H", "X-A: 1\nX-Injected: 2", url("/"));
        refused("is not 'Name: value'", "get", "-H", "no-colon", url("/"));
        refused("is not a header name", "get", "-H", "Bad Name: 1", url("/"));
        refused("inetkit sets Host itself", "get", "-H", "Host: elsewhere", url("/"));
        refused("always sends a User-Agent", "get", "-H", "User-Agent:", url("/"));
    }

    @Test
    void dashXSendsTheMethodAsGivenAndRefusesOneThatIsNotAToken() throws Exception {
        http.enqueue(TestResponse.ok("x"));
        ok("get", "-X", "PROPFIND", url("/m"));
        assertEquals("PROPFIND", http.takeRequest().method());
        refused("is not an HTTP method", "get", "-X", "GET /evil HTTP/1.1", url("/m"));
        refused("is not an HTTP method", "get", "-X", "", url("/m"));
    }

    @Test
    void dashDPostsTheJoinedPartsAsAForm() throws Exception {
        http.enqueue(TestResponse.ok("x"));
        ok("get", "-d", "a=1", "--data=b=2", "-db=3", url("/form"));
        RecordedRequest request = http.takeRequest();
        assertEquals("POST", request.method());
        assertEquals("a=1&b=2&b=3", request.bodyText());
        assertEquals(Optional.of("application/x-www-form-urlencoded"), request.header("Content-Type"));
    }

    @Test
    void dashDReadsAFileWithoutItsLineBreaksAndDataBinaryAsItIs() throws Exception {
        Path form = Files.writeString(local.resolve("form.txt"), "a=1\r\nb=2\n");
        http.enqueue(TestResponse.ok("x"));
        http.enqueue(TestResponse.ok("x"));
        ok("get", "-d", "@" + form, "--data-binary", "@" + form, "-d", "z=9", "-X", "PUT", "-H",
                "Content-Type: text/plain", url("/f"));
        RecordedRequest request = http.takeRequest();
        assertEquals("PUT", request.method());
        assertEquals("a=1b=2&a=1\r\nb=2\n&z=9", request.bodyText());
        assertEquals(Optional.of("text/plain"), request.header("Content-Type"));
        byte[] binary = new byte[200_000];
        new Random(7).nextBytes(binary);
        Path file = Files.write(local.resolve("bin"), binary);
        ok("get", "--data-binary", "@" + file, url("/b"));
        assertArrayEquals(binary, http.takeRequest().body());
    }

    @Test
    void anAtFileIsTheOptionsValueNotPicocliArguments() throws Exception {
        // picocli would read this file's lines as arguments: -o would then write a file.
        Path trap = Files.writeString(local.resolve("args"), "-o\n" + local.resolve("written") + "\n");
        http.enqueue(TestResponse.ok("x"));
        ok("get", "-d", "@" + trap, "-H", "X: y", url("/at"));
        assertEquals("-o" + local.resolve("written"), http.takeRequest().bodyText());
        assertFalse(Files.exists(local.resolve("written")));
        CurlStdout run = CurlStdout.run("get", "@" + trap);
        assertEquals(3, run.status, run.toString());
        assertTrue(run.err.toString().contains("'@" + trap + "' has no scheme"), run.toString());
    }

    @Test
    void atDashReadsStandardInputOnce() throws Exception {
        http.enqueue(TestResponse.ok("x"));
        CurlStdout run = CurlStdout.run("in\r\nput".getBytes(StandardCharsets.UTF_8), "get", "--data-binary", "@-",
                "-d", "@-", url("/in"));
        assertEquals(0, run.status, run.toString());
        assertEquals("in\r\nput&input", http.takeRequest().bodyText());
    }

    @Test
    void aFileToSendThatCannotBeReadIsStatus26AndNothingIsSent() throws Exception {
        String missing = local.resolve("missing.txt").toString();
        for (List<String> option : List.of(List.of("-d", "@" + missing), List.of("--data-binary", "@" + missing),
                List.of("-T", missing), List.of("-d", "@" + local))) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("get"),
                    java.util.stream.Stream.concat(option.stream(), java.util.stream.Stream.of(url("/x"))))
                    .toArray(String[]::new);
            CurlStdout run = CurlStdout.run(args);
            assertEquals(26, run.status, option + ": " + run);
            assertTrue(run.err.toString().startsWith("inetkit: ERROR_FILE_NOT_FOUND (2): "), run.toString());
        }
        assertEquals(0, http.requestCount());
    }

    @Test
    void dashTPutsTheFileUnderItsNameAfterASlash() throws Exception {
        Path file = Files.writeString(local.resolve("up load.txt"), "uploaded\n");
        http.enqueue(TestResponse.status(201));
        http.enqueue(TestResponse.status(201));
        ok("get", "-T", file.toString(), url("/dir/"));
        RecordedRequest request = http.takeRequest();
        assertEquals("PUT", request.method());
        assertEquals("/dir/up%20load.txt", request.path());
        assertEquals("uploaded\n", request.bodyText());
        ok("get", "-T", file.toString(), url("/named"));
        assertEquals("/named", http.takeRequest().path());
    }

    @Test
    void dashTStoresTheFileByFtp() throws Exception {
        Path file = Files.writeString(local.resolve("f.txt"), "by ftp\n");
        ok("get", "-u", "joe:pw", "-T", file.toString(), "ftp://" + ftp.host() + ":" + ftp.port() + "/");
        assertEquals("by ftp\n", Files.readString(served.resolve("f.txt")));
    }

    @Test
    void httpOptionsOnAnotherSchemeAreAUsageError() {
        CurlStdout run = CurlStdout.run("get", "-d", "x", "ftp://" + ftp.host() + ":" + ftp.port() + "/f.txt");
        assertEquals(2, run.status, run.toString());
        assertTrue(run.err.toString().contains("URLs take none of them"), run.toString());
    }

    @Test
    void methodsThatContradictEachOtherAreAUsageError() {
        refused("give one of them", "get", "-I", "-d", "x", url("/"));
    }

    @Test
    void dashIHeadsAndPrintsTheHeadAsCurlDoes() throws Exception {
        http.enqueue(TestResponse.newBuilder().header("X-Thing", "a b").body("body").build());
        CurlStdout run = ok("get", "-I", url("/head"));
        assertEquals("HEAD", http.takeRequest().method());
        assertTrue(run.out().startsWith("HTTP/1.1 200 OK\r\n"), run.toString());
        // The testkit's server writes its names as X-thing.
        assertTrue(run.out().toLowerCase(java.util.Locale.ROOT).contains("\r\nx-thing: a b\r\n"), run.toString());
        assertTrue(run.out().endsWith("\r\n\r\n"), run.toString());
    }

    @Test
    void dashSmallIWritesTheHeadThenTheBodyToAFileToo() throws Exception {
        http.enqueue(TestResponse.ok("the body"));
        Path file = local.resolve("out");
        ok("get", "-i", url("/i"), "-o", file.toString());
        String saved = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertTrue(saved.startsWith("HTTP/1.1 200 OK\r\n"), saved);
        assertTrue(saved.contains("\r\nContent-type: text/plain; charset=utf-8\r\n"), saved);
        assertTrue(saved.endsWith("\r\n\r\nthe body"), saved);
    }
}
