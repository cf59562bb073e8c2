package io.inetkit.provider.http.resume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.http.HttpGetOption;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpSession;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.http.RecordedRequest;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code HttpSession.get} with {@code RESUME} against testkit's server answering as each test
 * says: the server's answers to a resumed GET, good and bad. Against nginx, with a cut: {@link NginxResumeTest}.
 */
class HttpResumeTest {

    static final byte[] BODY = bytes(100_000, 1);

    @TempDir
    Path dir;
    final List<RecordedRequest> seen = new CopyOnWriteArrayList<>();
    volatile Function<RecordedRequest, TestResponse> answer = r -> TestResponse.ok("unset");
    @StartStop
    final TestHttpServer server = TestHttpServer.newBuilder().dispatcher(request -> {
        seen.add(request);
        return answer.apply(request);
    }).build();
    final Internet internet = Internet.newBuilder().build();

    @AfterEach
    void close() {
        internet.close();
    }

    static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    HttpSession http() throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1").port(server.port()).build());
    }

    void get(Path file) throws InternetException {
        try (HttpSession http = http()) {
            http.get(HttpRequest.get("/f"), file, HttpGetOption.RESUME);
        }
    }

    /** nginx's way: a 206 for a range whose If-Range matches, else the whole. */
    static TestResponse ranged(RecordedRequest request, byte[] body, String etag) {
        Optional<String> range = request.header("Range");
        boolean matches = request.header("If-Range").map(etag::equals).orElse(true);
        if (range.isPresent() && matches) {
            int from = Integer.parseInt(range.get().replaceAll("bytes=(\\d+)-", "$1"));
            if (from >= body.length) {
                return TestResponse.newBuilder().status(416).header("Content-Range", "bytes */" + body.length).build();
            }
            return TestResponse.newBuilder().status(206).header("ETag", etag)
                    .header("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length)
                    .body(Arrays.copyOfRange(body, from, body.length)).build();
        }
        return TestResponse.newBuilder().status(200).header("ETag", etag).body(body).build();
    }

    static String attribute(Path file) throws Exception {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        ByteBuffer buffer = ByteBuffer.allocate(view.size("inetkit.if-range"));
        view.read("inetkit.if-range", buffer);
        return new String(buffer.array(), StandardCharsets.US_ASCII);
    }

    static void truncate(Path file, long length) throws Exception {
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(length); // keeps the file, and so its attribute
        }
    }

    @Test
    void aFreshDownloadKeepsTheStrongETagAndAResumeSendsIt() throws Exception {
        answer = request -> ranged(request, BODY, "\"v1\"");
        Path file = dir.resolve("f.bin");
        get(file);
        assertArrayEquals(BODY, Files.readAllBytes(file));
        assertEquals("\"v1\"", attribute(file));
        assertFalse(seen.get(0).header("Range").isPresent());

        truncate(file, 40_000);
        get(file);
        assertArrayEquals(BODY, Files.readAllBytes(file));
        assertEquals(Optional.of("bytes=40000-"), seen.get(1).header("Range"));
        assertEquals(Optional.of("\"v1\""), seen.get(1).header("If-Range"));
        assertFalse(seen.get(1).header("Accept-Encoding").isPresent(), "a range counts the bytes as sent");
    }

    @Test
    void aChangedFileStartsOverInsteadOfBeingSpliced() throws Exception {
        answer = request -> ranged(request, BODY, "\"v1\"");
        Path file = dir.resolve("f.bin");
        get(file);
        truncate(file, 40_000);
        byte[] changed = bytes(120_000, 2);
        answer = request -> ranged(request, changed, "\"v2\"");
        get(file);
        assertArrayEquals(changed, Files.readAllBytes(file));
        assertEquals("\"v2\"", attribute(file));
    }

    @Test
    void aServerThatIgnoresRangeStartsOverCleanly() throws Exception {
        Path file = dir.resolve("f.bin");
        Files.write(file, Arrays.copyOf(BODY, 30_000));
        answer = request -> TestResponse.newBuilder().status(200).body(BODY).build();
        get(file);
        assertArrayEquals(BODY, Files.readAllBytes(file));
        assertEquals(Optional.of("bytes=30000-"), seen.get(0).header("Range"));
        assertFalse(seen.get(0).header("If-Range").isPresent(), "no validator kept, none sent (curl's -C -)");
    }

    @Test
    void aFileBegunElsewhereContinuesAsCurlsAndKeepsThe206sValidator() throws Exception {
        Path file = dir.resolve("f.bin");
        Files.write(file, Arrays.copyOf(BODY, 30_000));
        answer = request -> ranged(request, BODY, "\"v1\"");
        get(file);
        assertArrayEquals(BODY, Files.readAllBytes(file));
        assertFalse(seen.get(0).header("If-Range").isPresent());
        assertEquals("\"v1\"", attribute(file));
    }

    @Test
    void a206ForAnotherRangeFailsAndAppendsNothing() throws Exception {
        Path file = dir.resolve("f.bin");
        byte[] start = Arrays.copyOf(BODY, 30_000);
        Files.write(file, start);
        answer = request -> TestResponse.newBuilder().status(206)
                .header("Content-Range", "bytes 0-" + (BODY.length - 1) + "/" + BODY.length).body(BODY).build();
        InternetException e = assertThrows(InternetException.class, () -> get(file));
        assertEquals(InternetError.HTTP_INVALID_SERVER_RESPONSE, e.error());
        assertTrue(e.getMessage().contains("cannot resume"), e.getMessage());
        assertArrayEquals(start, Files.readAllBytes(file));
    }

    @Test
    void a206WithoutContentRangeFails() throws Exception {
        Path file = dir.resolve("f.bin");
        Files.write(file, Arrays.copyOf(BODY, 30_000));
        answer = request -> TestResponse.newBuilder().status(206).body(Arrays.copyOfRange(BODY, 30_000, BODY.length))
                .build();
        InternetException e = assertThrows(InternetException.class, () -> get(file));
        assertEquals(InternetError.HTTP_INVALID_SERVER_RESPONSE, e.error());
        assertEquals(30_000, Files.size(file));
    }

    @Test
    void a206WithAnotherETagFailsAndAppendsNothing() throws Exception {
        answer = request -> ranged(request, BODY, "\"v1\"");
        Path file = dir.resolve("f.bin");
        get(file);
        truncate(file, 40_000);
        answer = request -> TestResponse.newBuilder().status(206).header("ETag", "\"v9\"")
                .header("Content-Range", "bytes 40000-" + (BODY.length - 1) + "/" + BODY.length)
                .body(Arrays.copyOfRange(BODY, 40_000, BODY.length)).build();
        InternetException e = assertThrows(InternetException.class, () -> get(file));
        assertEquals(InternetError.HTTP_INVALID_SERVER_RESPONSE, e.error());
        assertEquals(40_000, Files.size(file));
    }

    @Test
    void a416ForACompleteFileLeavesItAsCurlDoes() throws Exception {
        answer = request -> ranged(request, BODY, "\"v1\"");
        Path file = dir.resolve("f.bin");
        get(file);
        get(file);
        assertArrayEquals(BODY, Files.readAllBytes(file));
        assertEquals(Optional.of("bytes=100000-"), seen.get(1).header("Range"));
    }

    @Test
    void aLocalFileLongerThanTheServersFails() throws Exception {
        Path file = dir.resolve("f.bin");
        Files.write(file, bytes(150_000, 3));
        answer = request -> ranged(request, BODY, "\"v1\"");
        InternetException e = assertThrows(InternetException.class, () -> get(file));
        assertEquals(InternetError.INVALID_OPERATION, e.error());
        assertTrue(e.getMessage().contains("cannot resume"), e.getMessage());
        assertEquals(150_000, Files.size(file));
    }

    @Test
    void anErrorStatusLeavesThePartialFileAlone() throws Exception {
        Path file = dir.resolve("f.bin");
        Files.write(file, Arrays.copyOf(BODY, 30_000));
        answer = request -> TestResponse.status(404);
        InternetException e = assertThrows(InternetException.class, () -> get(file));
        assertEquals(InternetError.EXTENDED_ERROR, e.error());
        assertTrue(e.serverReply().orElse("").startsWith("HTTP/1.1 404"), e.serverReply().toString());
        assertArrayEquals(Arrays.copyOf(BODY, 30_000), Files.readAllBytes(file));
    }

    @Test
    void aLastModifiedASecondOlderThanTheDateIsKept() throws Exception {
        String modified = "Tue, 01 Dec 2026 10:00:00 GMT";
        answer = request -> {
            if (request.header("Range").isPresent() && request.header("If-Range").equals(Optional.of(modified))) {
                return TestResponse.newBuilder().status(206)
                        .header("Content-Range", "bytes 10-" + (BODY.length - 1) + "/" + BODY.length)
                        .body(Arrays.copyOfRange(BODY, 10, BODY.length)).build();
            }
            return TestResponse.newBuilder().status(200).header("Date", "Tue, 01 Dec 2026 10:00:01 GMT")
                    .header("Last-Modified", modified).body(BODY).build();
        };
        Path file = dir.resolve("f.bin");
        get(file);
        assertEquals(modified, attribute(file));
        truncate(file, 10);
        get(file);
        assertArrayEquals(BODY, Files.readAllBytes(file));
        assertEquals(Optional.of(modified), seen.get(1).header("If-Range"));
    }

    /** RFC 9110 13.1.5: no weak tag in If-Range, and no date where there is a tag; nor a date as new as its Date. */
    @Test
    void weakValidatorsAreNotKept() throws Exception {
        String modified = "Tue, 01 Dec 2026 10:00:00 GMT";
        Path file = dir.resolve("f.bin");
        answer = request -> TestResponse.newBuilder().status(200).header("ETag", "W/\"weak\"")
                .header("Date", "Tue, 01 Dec 2026 12:00:00 GMT").header("Last-Modified", modified).body(BODY).build();
        get(file);
        truncate(file, 10);
        // testkit's server sends its own Date, the present: a Last-Modified later than that is no strong validator.
        String later = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusHours(1));
        answer = request -> TestResponse.newBuilder().status(200).header("Last-Modified", later).body(BODY).build();
        get(file);
        assertEquals(Optional.of("bytes=10-"), seen.get(1).header("Range"));
        assertFalse(seen.get(1).header("If-Range").isPresent(), "a weak ETag is kept");
        truncate(file, 10);
        get(file);
        assertFalse(seen.get(2).header("If-Range").isPresent(), "a Last-Modified as new as the Date is kept");
        assertArrayEquals(BODY, Files.readAllBytes(file));
    }

    @Test
    void onlyAGetResumes() throws Exception {
        try (HttpSession http = http()) {
            InternetException e = assertThrows(InternetException.class, () -> http.get(
                    HttpRequest.newBuilder("/f").method("DELETE").build(), dir.resolve("x"), HttpGetOption.RESUME));
            assertEquals(InternetError.INVALID_PARAMETER, e.error());
        }
        assertEquals(0, server.requestCount());
    }

    @Test
    void withoutResumeTheFileAppearsOnlyWhole() throws Exception {
        answer = request -> TestResponse.newBuilder().status(200).body(BODY).stallAfter(50_000).build();
        Path file = dir.resolve("f.bin");
        Internet quick = Internet.newBuilder().readTimeout(java.time.Duration.ofMillis(500)).build();
        try (quick; HttpSession http = quick.connect(ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1")
                .port(server.port()).build())) {
            assertThrows(InternetException.class, () -> http.get(HttpRequest.get("/f"), file));
        }
        assertFalse(Files.exists(file));
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "no .part left");
        }
    }
}
