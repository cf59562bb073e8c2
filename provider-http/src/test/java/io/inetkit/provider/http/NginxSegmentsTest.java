package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.Internet;
import io.inetkit.SegmentedDownload;
import io.inetkit.testkit.daemon.Nginx;
import io.inetkit.testkit.daemon.SystemDaemon;
import io.inetkit.testkit.leak.Leaks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SegmentedDownload} against a real nginx: its ranges, and its {@code max_ranges 0}, which ignores them. */
class NginxSegmentsTest {

    private static final int SIZE = 32 * 1024 * 1024 + 11;

    @TempDir Path dir;
    @TempDir Path local;

    @Test
    void eightSegmentsArriveByteForByteAndAServerWithoutRangesTakesOneConnection() throws Exception {
        SystemDaemon.require("nginx", "nginx");
        byte[] content = new byte[SIZE];
        new Random(8).nextBytes(content);
        Leaks leaks = Leaks.snapshot();
        try (Nginx nginx = Nginx.newBuilder().server("location /whole/ { max_ranges 0; }").start(dir)) {
            Files.write(nginx.root().resolve("big.bin"), content);
            Files.createDirectories(nginx.root().resolve("whole"));
            Files.write(nginx.root().resolve("whole/big.bin"), content);
            try (Internet internet = Internet.newBuilder().readTimeout(Duration.ofSeconds(20)).build()) {
                SegmentedDownload eight = SegmentedDownload.newBuilder().segments(8).build();
                assertEquals(new SegmentedDownload.Result(SIZE, 8, true),
                        eight.download(internet, nginx.url("/big.bin"), local.resolve("big.bin")));
                assertEquals(new SegmentedDownload.Result(SIZE, 1, false),
                        eight.download(internet, nginx.url("/whole/big.bin"), local.resolve("whole.bin")));
            }
            assertArrayEquals(content, Files.readAllBytes(local.resolve("big.bin")));
            assertArrayEquals(content, Files.readAllBytes(local.resolve("whole.bin")));
            List<String> requests = nginx.requests("/big.bin", 8);
            assertEquals(8, requests.stream().filter(line -> line.endsWith(" 206")).count(), requests.toString());
            List<String> whole = nginx.requests("/whole/big.bin", 1);
            assertTrue(whole.get(0).endsWith(" 200"), whole.toString());
        }
        leaks.assertNoLeak("segmented download from nginx");
    }
}
