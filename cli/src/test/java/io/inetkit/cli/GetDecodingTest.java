package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inetkit get} decodes a compressed body by default; {@code --compressed} and {@code --raw}
 * with curl's meaning; a body that cannot be decoded exits 61, as curl's
 * {@code CURLE_BAD_CONTENT_ENCODING}, and leaves no file.
 */
class GetDecodingTest {

    /** {@code gzip -n} of "hello\n". */
    static final byte[] GZIP_HELLO = HexFormat.of().parseHex("1f8b0800000000000203cb48cdc9c9e7020020303a3606000000");

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

    private void serveGzip(byte[] body) {
        http.enqueue(TestResponse.newBuilder().header("Content-Encoding", "gzip").body(body).build());
    }

    private byte[] get(String... options) throws Exception {
        Path file = local.resolve("out-" + options.length + "-" + String.join("", options));
        String[] args = new String[options.length + 4];
        args[0] = "get";
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = url("/a");
        args[options.length + 2] = "-o";
        args[options.length + 3] = file.toString();
        assertEquals(0, run(args), err.toString());
        return Files.readAllBytes(file);
    }

    private Optional<String> askedFor() throws InterruptedException {
        RecordedRequest request = http.takeRequest();
        return request.header("Accept-Encoding");
    }

    @Test
    void decodesByDefaultAndWithCompressed() throws Exception {
        serveGzip(GZIP_HELLO);
        assertEquals("hello\n", new String(get()));
        assertEquals(Optional.of("gzip, deflate"), askedFor());
        serveGzip(GZIP_HELLO);
        assertEquals("hello\n", new String(get("--compressed")));
        assertEquals(Optional.of("gzip, deflate"), askedFor());
        serveGzip(GZIP_HELLO);
        assertEquals("hello\n", new String(get("--http1.1")));
        assertEquals(Optional.of("gzip, deflate"), askedFor());
    }

    @Test
    void rawAsksForNothingAndWritesTheBodyAsSent() throws Exception {
        serveGzip(GZIP_HELLO);
        assertArrayEquals(GZIP_HELLO, get("--raw"));
        assertEquals(Optional.empty(), askedFor());
    }

    @Test
    void rawWithCompressedAsksAndWritesTheBodyAsSent() throws Exception {
        serveGzip(GZIP_HELLO);
        assertArrayEquals(GZIP_HELLO, get("--raw", "--compressed"));
        assertEquals(Optional.of("gzip, deflate"), askedFor());
    }

    @Test
    void aBodyThatCannotBeDecodedExits61AndLeavesNoFile() {
        byte[] corrupt = GZIP_HELLO.clone();
        corrupt[10] = (byte) 0xff;
        serveGzip(corrupt);
        Path file = local.resolve("x");
        assertEquals(61, run("get", url("/a"), "-o", file.toString()));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_DECODING_FAILED (12175): "), err.toString());
        assertTrue(err.toString().contains("contentDecoding(false)"), err.toString());
        assertFalse(Files.exists(file));
        try (var files = Files.list(local)) {
            assertEquals(0, files.count(), "no part file left");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
