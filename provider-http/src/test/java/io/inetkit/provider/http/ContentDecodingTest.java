package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import io.inetkit.Service;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.HttpVersion;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.script.HostileHttpRequest;
import io.inetkit.testkit.script.HostileHttpServer;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Content decoding against scripted exchanges, byte for byte: each response below is what the
 * server writes, on both engines (the HTTP/1.1 engine over plain HTTP; java.net.http, asked for
 * HTTP/2 over TLS, which falls back to HTTP/1.1 against this server, since it offers no ALPN).
 */
class ContentDecodingTest {

    static final HexFormat HEX = HexFormat.of();
    /** {@code gzip -n} of "hello\n". */
    static final String GZIP_HELLO = "1f8b0800000000000203" + "cb48cdc9c9e70200" + "20303a36" + "06000000";
    /** The same with every optional header part: FEXTRA, FNAME "a.txt", FCOMMENT "hi", FHCRC. */
    static final String GZIP_HELLO_FLAGS = "1f8b081e000000000003" + "0400" + "41420000" + "612e747874" + "00"
            + "686900" + "0000" + "cb48cdc9c9e70200" + "20303a36" + "06000000";
    /** zlib (RFC 1950) of "hello\n", as RFC 9110's deflate is. */
    static final String ZLIB_HELLO = "789c" + "cb48cdc9c9e70200" + "084b021f";
    /** Raw deflate (RFC 1951) of "hello\n", as some servers send deflate. */
    static final String RAW_HELLO = "cb48cdc9c9e70200";

    enum Engine {
        H1(false, null), H2(true, HttpVersion.HTTP_2);

        final boolean tls;
        final HttpVersion version;

        Engine(boolean tls, HttpVersion version) {
            this.tls = tls;
            this.version = version;
        }
    }

    static byte[] bomb;

    final Map<String, byte[]> responses = new ConcurrentHashMap<>();
    final Map<String, HostileHttpRequest> requests = new ConcurrentHashMap<>();
    HostileHttpServer server;
    Internet internet;
    Leaks leaks;

    @BeforeEach
    void leaks() {
        leaks = Leaks.snapshot().collectingGarbage();
    }

    @AfterEach
    void stop() throws Exception {
        if (internet != null) {
            internet.close();
        }
        if (server != null) {
            server.close();
        }
        leaks.assertNoLeak("content decoding");
    }

    Duration readTimeout = Duration.ofSeconds(5);

    HttpSession connect(Engine engine) throws Exception {
        return connect(engine, Internet.newBuilder());
    }

    HttpSession connect(Engine engine, Internet.Builder builder) throws Exception {
        server = engine.tls ? HostileHttpServer.tls(this::answer) : HostileHttpServer.plain(this::answer);
        server.start();
        internet = builder.readTimeout(readTimeout)
                .sslContext(TestCertificate.localhost().clientContext()).build();
        ConnectRequest.Builder<HttpSession> request = ConnectRequest.newBuilder(Service.HTTP, "localhost")
                .port(server.port());
        return internet.connect(engine.tls ? request.flags(ConnectFlag.SECURE).build() : request.build());
    }

    private boolean answer(HostileHttpRequest request, OutputStream out) throws IOException, InterruptedException {
        requests.put(request.target(), request);
        byte[] response = responses.get(request.target());
        if (request.target().startsWith("/stall")) {
            // The head and half the body, then nothing: the rest never comes.
            out.write(response, 0, response.length - 20_000);
            out.flush();
            Thread.sleep(30_000);
            return false;
        }
        out.write(response == null ? ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n") : response);
        return true;
    }

    /** A 200 with these headers and body, framed by Content-Length. */
    void serve(String target, String headers, byte[] body) {
        byte[] head = ascii("HTTP/1.1 200 OK\r\n" + headers + "Content-Length: " + body.length + "\r\n\r\n");
        responses.put(target, concat(head, body));
    }

    static HttpRequest.Builder get(Engine engine, String target) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target);
        return engine.version == null ? request : request.version(engine.version);
    }

    static byte[] read(HttpSession http, HttpRequest.Builder request) throws IOException {
        try (HttpResponse response = http.send(request.build()); InputStream body = response.body()) {
            return body.readAllBytes();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void gzipIsAskedForAndDecodedWithoutItsEncodingHeaders(Engine engine) throws Exception {
        serve("/a", "Content-Type: text/plain\r\nContent-Encoding: gzip\r\n", HEX.parseHex(GZIP_HELLO));
        try (HttpSession http = connect(engine);
             HttpResponse response = http.send(get(engine, "/a").build())) {
            assertEquals("hello\n", new String(response.body().readAllBytes(), StandardCharsets.US_ASCII));
            assertEquals("gzip, deflate", requests.get("/a").header("Accept-Encoding").orElse(null));
            assertFalse(response.headers().firstValue("Content-Encoding").isPresent(), response.headers().toString());
            assertTrue(response.contentLength().isEmpty(), response.headers().toString());
            assertEquals("text/plain", response.contentType().orElse(null));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void xGzipWithEveryOptionalHeaderPartDecodes(Engine engine) throws Exception {
        serve("/a", "Content-Encoding: X-Gzip\r\n", HEX.parseHex(GZIP_HELLO_FLAGS));
        try (HttpSession http = connect(engine)) {
            assertEquals("hello\n", new String(read(http, get(engine, "/a")), StandardCharsets.US_ASCII));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void deflateDecodesZlibWrappedAndRaw(Engine engine) throws Exception {
        serve("/zlib", "Content-Encoding: deflate\r\n", HEX.parseHex(ZLIB_HELLO));
        serve("/raw", "Content-Encoding: deflate\r\n", HEX.parseHex(RAW_HELLO));
        try (HttpSession http = connect(engine)) {
            assertEquals("hello\n", new String(read(http, get(engine, "/zlib")), StandardCharsets.US_ASCII));
            assertEquals("hello\n", new String(read(http, get(engine, "/raw")), StandardCharsets.US_ASCII));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void gzipMembersOneAfterAnotherDecodeAsOneBody(Engine engine) throws Exception {
        serve("/a", "Content-Encoding: gzip\r\n", HEX.parseHex(GZIP_HELLO + GZIP_HELLO_FLAGS));
        try (HttpSession http = connect(engine)) {
            assertEquals("hello\nhello\n", new String(read(http, get(engine, "/a")), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aChunkedGzipBodyDecodesAndItsConnectionIsReused() throws Exception {
        byte[] big = text(3 * 1024 * 1024);
        byte[] gzip = gzip(big);
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        chunked.write(ascii("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"));
        for (int at = 0; at < gzip.length; at += 1000) {
            int n = Math.min(1000, gzip.length - at);
            chunked.write(ascii(Integer.toHexString(n) + "\r\n"));
            chunked.write(gzip, at, n);
            chunked.write(ascii("\r\n"));
        }
        chunked.write(ascii("0\r\n\r\n"));
        responses.put("/big", chunked.toByteArray());
        try (HttpSession http = connect(Engine.H1)) {
            assertArrayEquals(big, read(http, get(Engine.H1, "/big")));
            assertArrayEquals(big, read(http, get(Engine.H1, "/big")));
            assertEquals(1, server.connections(), "the decoded body was read to its end, so its connection was reused");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void corruptDataFailsWithDecodingFailed(Engine engine) throws Exception {
        byte[] corrupt = HEX.parseHex(GZIP_HELLO);
        corrupt[10] = (byte) 0xff; // the first deflate byte: a block type that does not exist
        serve("/a", "Content-Encoding: gzip\r\n", corrupt);
        assertDecodingFailed(engine, "/a", "cannot be decoded");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aWrongChecksumFailsWithDecodingFailed(Engine engine) throws Exception {
        serve("/gzip", "Content-Encoding: gzip\r\n", HEX.parseHex(GZIP_HELLO.replace("20303a36", "20303a37")));
        assertDecodingFailed(engine, "/gzip", "checksum");
        internet.close();
        server.close();
        serve("/zlib", "Content-Encoding: deflate\r\n", HEX.parseHex(ZLIB_HELLO.replace("084b021f", "084b0220")));
        assertDecodingFailed(engine, "/zlib", "check");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aTruncatedStreamFailsRatherThanEndingEarly(Engine engine) throws Exception {
        serve("/data", "Content-Encoding: gzip\r\n", HEX.parseHex(GZIP_HELLO.substring(0, 24)));
        assertDecodingFailed(engine, "/data", "cut short");
        internet.close();
        server.close();
        serve("/trailer", "Content-Encoding: gzip\r\n", HEX.parseHex(GZIP_HELLO.substring(0, GZIP_HELLO.length() - 4)));
        assertDecodingFailed(engine, "/trailer", "cut short");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void trailingGarbageFails(Engine engine) throws Exception {
        serve("/gzip", "Content-Encoding: gzip\r\n", HEX.parseHex(GZIP_HELLO + "0a0a"));
        assertDecodingFailed(engine, "/gzip", "bytes follow the end");
        internet.close();
        server.close();
        serve("/raw", "Content-Encoding: deflate\r\n", HEX.parseHex(RAW_HELLO + "41"));
        assertDecodingFailed(engine, "/raw", "bytes follow the end");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aBodyThatIsNotGzipFails(Engine engine) throws Exception {
        serve("/a", "Content-Encoding: gzip\r\n", ascii("hello\n"));
        assertDecodingFailed(engine, "/a", "does not start as gzip");
    }

    void assertDecodingFailed(Engine engine, String target, String detail) throws Exception {
        try (HttpSession http = connect(engine)) {
            InternetException e = assertThrows(InternetException.class, () -> read(http, get(engine, target)));
            assertEquals(InternetError.DECODING_FAILED, e.error(), e.toString());
            assertTrue(e.getMessage().contains(detail) && e.getMessage().contains("contentDecoding(false)"),
                    e.getMessage());
            // The same body asked for as sent is the server's bytes.
            assertArrayEquals(body(responses.get(target)), read(http, get(engine, target).contentDecoding(false)));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aBombFailsPastTheRatioWithTheLimitNamed(Engine engine) throws Exception {
        byte[] bomb = bomb();
        assertTrue(bomb.length < 300_000, "256 MiB of zeros gzip to " + bomb.length);
        serve("/bomb", "Content-Encoding: gzip\r\n", bomb);
        try (HttpSession http = connect(engine);
             HttpResponse response = http.send(get(engine, "/bomb").build());
             InputStream body = response.body()) {
            long[] read = {0};
            byte[] buffer = new byte[64 * 1024];
            InternetException e = assertThrows(InternetException.class, () -> {
                for (int n; (n = body.read(buffer)) >= 0; ) {
                    read[0] += n;
                }
            });
            assertEquals(InternetError.DECODING_FAILED, e.error());
            assertTrue(e.getMessage().contains("Limits.maxDecodingRatio") && e.getMessage().contains("100 times"),
                    e.getMessage());
            assertTrue(read[0] >= Limits.DECODING_ALLOWANCE && read[0] < 8 * 1024 * 1024, "decoded " + read[0]);
            // A read after the failure fails again, not with the rest of the body.
            assertEquals(InternetError.DECODING_FAILED,
                    assertThrows(InternetException.class, () -> body.read(buffer)).error());
        }
    }

    @Test
    void aBombWithinARaisedRatioStreamsToAFile(@TempDir Path dir) throws Exception {
        serve("/bomb", "Content-Encoding: gzip\r\n", bomb());
        Path file = dir.resolve("zeros");
        try (HttpSession http = connect(Engine.H1, Internet.newBuilder()
                .limits(Limits.newBuilder().maxDecodingRatio(2000).build()));
             HttpResponse response = http.send(get(Engine.H1, "/bomb").build())) {
            Files.copy(response.body(), file);
        }
        assertEquals(256L * 1024 * 1024, Files.size(file));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void responsesWithoutABodyKeepTheirEncodingHeaders(Engine engine) throws Exception {
        responses.put("/head", ascii("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 26\r\n\r\n"));
        responses.put("/204", ascii("HTTP/1.1 204 No Content\r\nContent-Encoding: gzip\r\n\r\n"));
        responses.put("/304", ascii("HTTP/1.1 304 Not Modified\r\nContent-Encoding: gzip\r\nContent-Length: 26\r\n\r\n"));
        try (HttpSession http = connect(engine)) {
            for (HttpRequest.Builder request : new HttpRequest.Builder[] {get(engine, "/head").method("HEAD"),
                    get(engine, "/204"), get(engine, "/304")}) {
                try (HttpResponse response = http.send(request.build())) {
                    assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElse(null), request.build()
                            + " " + response.headers());
                    assertEquals(0, response.body().readAllBytes().length);
                    if (response.statusCode() != 204) {
                        assertEquals(26, response.contentLength().orElse(-1));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anEncodingNotAskedForPassesAsSentWithItsHeader(Engine engine) throws Exception {
        byte[] brotli = HEX.parseHex("0b028068656c6c6f0a03"); // "hello\n" as brotli stores it
        serve("/br", "Content-Encoding: br\r\n", brotli);
        serve("/two", "Content-Encoding: gzip, br\r\n", brotli);
        try (HttpSession http = connect(engine)) {
            for (String target : new String[] {"/br", "/two"}) {
                try (HttpResponse response = http.send(get(engine, target).build())) {
                    assertArrayEquals(brotli, response.body().readAllBytes());
                    assertTrue(response.headers().firstValue("Content-Encoding").orElse("").endsWith("br"));
                    assertEquals(brotli.length, response.contentLength().orElse(-1));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aCallersOwnAcceptEncodingGetsTheRawBody(Engine engine) throws Exception {
        serve("/a", "Content-Encoding: gzip\r\n", HEX.parseHex(GZIP_HELLO));
        try (HttpSession http = connect(engine);
             HttpResponse response = http.send(get(engine, "/a").header("Accept-Encoding", "gzip").build())) {
            assertArrayEquals(HEX.parseHex(GZIP_HELLO), response.body().readAllBytes());
            assertEquals("gzip", requests.get("/a").header("Accept-Encoding").orElse(null));
            assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElse(null));
            assertEquals(GZIP_HELLO.length() / 2, response.contentLength().orElse(-1));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aRangeRequestAsksForNoCodingAndA206PassesAsSent(Engine engine) throws Exception {
        byte[] gzip = HEX.parseHex(GZIP_HELLO);
        byte[] part = java.util.Arrays.copyOfRange(gzip, 5, 15); // bytes 5-14 of the gzip stream
        responses.put("/part", concat(ascii("HTTP/1.1 206 Partial Content\r\nContent-Encoding: gzip\r\n"
                + "Content-Range: bytes 5-14/" + gzip.length + "\r\nContent-Length: " + part.length + "\r\n\r\n"), part));
        try (HttpSession http = connect(engine)) {
            // The caller's Range: nothing asked, the part comes as sent and keeps its headers.
            try (HttpResponse response = http.send(get(engine, "/part").header("Range", "bytes=5-14").build())) {
                assertEquals(206, response.statusCode());
                assertArrayEquals(part, response.body().readAllBytes());
                assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElse(null));
                assertEquals(part.length, response.contentLength().orElse(-1));
            }
            assertTrue(requests.get("/part").header("Accept-Encoding").isEmpty(), requests.get("/part").head());
            // A 206 to a request that asked for gzip (a server that honours If-Range, say) is not decoded either.
            try (HttpResponse response = http.send(get(engine, "/part").build())) {
                assertEquals("gzip, deflate", requests.get("/part").header("Accept-Encoding").orElse(null));
                assertArrayEquals(part, response.body().readAllBytes());
                assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElse(null));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void decodingTurnedOffPerRequestAsksForNothingAndDecodesNothing(Engine engine) throws Exception {
        serve("/a", "Content-Encoding: gzip\r\n", HEX.parseHex(GZIP_HELLO));
        try (HttpSession http = connect(engine)) {
            assertArrayEquals(HEX.parseHex(GZIP_HELLO), read(http, get(engine, "/a").contentDecoding(false)));
            assertTrue(requests.get("/a").header("Accept-Encoding").isEmpty(), requests.get("/a").head());
        }
    }

    @Test
    void decodingTurnedOffOnTheInternetAndBackOnPerRequest() throws Exception {
        serve("/a", "Content-Encoding: gzip\r\n", HEX.parseHex(GZIP_HELLO));
        try (HttpSession http = connect(Engine.H1, Internet.newBuilder().contentDecoding(false))) {
            assertArrayEquals(HEX.parseHex(GZIP_HELLO), read(http, get(Engine.H1, "/a")));
            assertTrue(requests.get("/a").header("Accept-Encoding").isEmpty(), requests.get("/a").head());
            assertEquals("hello\n", new String(read(http, get(Engine.H1, "/a").contentDecoding(true)),
                    StandardCharsets.US_ASCII));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anEmptyBodyMarkedGzipIsAnEmptyBody(Engine engine) throws Exception {
        serve("/a", "Content-Encoding: gzip\r\n", new byte[0]);
        try (HttpSession http = connect(engine)) {
            assertEquals(0, read(http, get(engine, "/a")).length);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aReadOfAClosedDecodedBodyFailsAsAClosedBodyDoes(Engine engine) throws Exception {
        serve("/a", "Content-Encoding: gzip\r\n", HEX.parseHex(GZIP_HELLO));
        try (HttpSession http = connect(engine); HttpResponse response = http.send(get(engine, "/a").build())) {
            InputStream body = response.body();
            body.close();
            assertEquals(InternetError.INVALID_HANDLE, assertThrows(InternetException.class, body::read).error());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aBodyThatStallsTimesOutAsAnUndecodedOneDoes(Engine engine) throws Exception {
        serve("/stall", "Content-Encoding: gzip\r\n", gzip(text(1024 * 1024)));
        readTimeout = Duration.ofMillis(800);
        try (HttpSession http = connect(engine); HttpResponse response = http.send(get(engine, "/stall").build())) {
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, () -> response.body().readAllBytes());
            assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "within the read timeout");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void closingTheSessionCancelsAReadOfADecodedBody(Engine engine) throws Exception {
        serve("/stall", "Content-Encoding: gzip\r\n", gzip(text(1024 * 1024)));
        HttpSession http = connect(engine);
        HttpResponse response = http.send(get(engine, "/stall").build());
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            http.close();
        });
        closer.start();
        InternetException e = assertThrows(InternetException.class, () -> response.body().readAllBytes());
        closer.join();
        assertEquals(InternetError.OPERATION_CANCELLED, e.error(), e.toString());
    }

    static byte[] body(byte[] response) {
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int start = text.indexOf("\r\n\r\n") + 4;
        byte[] body = new byte[response.length - start];
        System.arraycopy(response, start, body, 0, body.length);
        return body;
    }

    /** Words drawn at random: text that compresses about as prose does. */
    static byte[] text(int size) {
        String[] words = "the of and to in a is that for it as was with be by on not he this are or his from at which"
                .split(" ");
        java.util.Random random = new java.util.Random(7);
        StringBuilder text = new StringBuilder(size + 16);
        while (text.length() < size) {
            text.append(words[random.nextInt(words.length)]).append(random.nextInt(10) == 0 ? '\n' : ' ');
        }
        return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    /** The bomb: 256 MiB of zeros, about 250 KB as gzip. */
    static synchronized byte[] bomb() throws IOException {
        if (bomb == null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] zeros = new byte[1024 * 1024];
            try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
                for (int i = 0; i < 256; i++) {
                    gzip.write(zeros);
                }
            }
            bomb = out.toByteArray();
        }
        return bomb;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
