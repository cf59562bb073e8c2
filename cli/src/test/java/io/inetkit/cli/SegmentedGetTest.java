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
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code get --segments N -o FILE}: the library's segmented download, its refusals and its exit statuses. */
class SegmentedGetTest {

    private static final int SIZE = 5 * 1024 * 1024 + 1;
    private static final byte[] CONTENT = new byte[SIZE];
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    static {
        new Random(3).nextBytes(CONTENT);
    }

    private final AtomicInteger ranged = new AtomicInteger();

    @StartStop final TestHttpServer http = TestHttpServer.newBuilder().dispatcher(this::serve).build();

    @TempDir Path local;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Ranges as RFC 9110 says, except under /first-only/, where only the first is honoured. */
    private TestResponse serve(RecordedRequest request) {
        Matcher m = RANGE.matcher(request.header("Range").orElse(""));
        boolean firstOnly = request.path().startsWith("/first-only/");
        if (!m.matches() || firstOnly && !m.group(1).equals("0")) {
            return TestResponse.newBuilder().status(200).header("ETag", "\"1\"").body(CONTENT).build();
        }
        ranged.incrementAndGet();
        int first = Integer.parseInt(m.group(1));
        int last = m.group(2).isEmpty() ? SIZE - 1 : Integer.parseInt(m.group(2));
        return TestResponse.newBuilder().status(206).header("ETag", "\"1\"")
                .header("Content-Range", "bytes " + first + "-" + last + "/" + SIZE)
                .body(Arrays.copyOfRange(CONTENT, first, last + 1)).build();
    }

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void fourSegmentsMakeTheFile() throws Exception {
        Path file = local.resolve("big.bin");
        assertEquals(0, run("get", "-s", "--segments", "4", http.url("/big.bin").toString(), "-o", file.toString()),
                err.toString());
        assertArrayEquals(CONTENT, Files.readAllBytes(file));
        assertEquals(4, ranged.get());
    }

    @Test
    void aLaterSegmentAnsweredWholeIsCurlsRangeError33AndLeavesNothing() throws Exception {
        Path file = local.resolve("big.bin");
        assertEquals(33, run("get", "--segments", "3", http.url("/first-only/big.bin").toString(), "-o",
                file.toString()), err.toString());
        assertTrue(err.toString().startsWith("inetkit: ERROR_HTTP_DOWNLEVEL_SERVER (12151): "), err.toString());
        try (Stream<Path> files = Files.list(local)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void segmentsNeedAFileAndACountInBoundsAndAPlainRequest() {
        String url = http.url("/big.bin").toString();
        assertEquals(2, run("get", "--segments", "4", url));
        assertTrue(err.toString().contains("--segments writes to a file"), err.toString());
        assertEquals(2, run("get", "--segments", "65", url, "-o", local.resolve("x").toString()));
        assertTrue(err.toString().contains("--segments must be from 1 to 64"), err.toString());
        assertEquals(2, run("get", "--segments", "2", "-H", "X: y", url, "-o", local.resolve("x").toString()));
        assertEquals(2, run("get", "--segments", "2", "-C", "-", url, "-o", local.resolve("x").toString()));
        assertTrue(err.toString().contains("--segments takes a plain download: not with -C"), err.toString());
        assertFalse(Files.exists(local.resolve("x")));
        assertEquals(0, ranged.get());
    }
}
