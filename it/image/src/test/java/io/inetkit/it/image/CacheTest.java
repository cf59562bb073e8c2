package io.inetkit.it.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.daemon.Nginx;
import io.inetkit.testkit.daemon.SystemDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's {@code get --cache} in front of a real nginx whose access log proves what reached it:
 * a hit, {@code $INETKIT_CACHE} and {@code --offline}, and a command killed with SIGKILL in the middle
 * of a large body, which must leave nothing that a later command serves. Skipped without nginx,
 * except in CI.
 */
class CacheTest {

    static final int BIG = 8 << 20;

    @TempDir static Path dir;
    static Nginx nginx;
    static byte[] big;

    @TempDir Path local;

    @BeforeEach
    void needsNginx() {
        SystemDaemon.require("nginx", "nginx");
    }

    @BeforeAll
    static void startNginx() throws Exception {
        if (SystemDaemon.find("nginx").isEmpty()) {
            return;
        }
        nginx = Nginx.newBuilder()
                .server("location /fresh/ { expires 1h; }")
                .server("location /slow/ { expires 1h; limit_rate 4m; }")
                .start(dir);
        Path www = nginx.root();
        Files.createDirectories(www.resolve("fresh"));
        Files.createDirectories(www.resolve("slow"));
        Files.writeString(www.resolve("fresh/a.txt"), "from nginx, fresh for an hour\n");
        big = new byte[BIG];
        new Random(3).nextBytes(big);
        Files.write(www.resolve("slow/big.bin"), big);
    }

    @AfterAll
    static void stopNginx() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
    }

    private static String url(String path) {
        return nginx.url(path).toString();
    }

    @Test
    void aSecondGetIsAHitThatNginxNeverSees() throws Exception {
        Path cache = local.resolve("cache");
        ImageRun.Finished first = ImageRun.of("get", "--cache", cache.toString(), url("/fresh/a.txt"))
                .run(Duration.ofSeconds(60));
        assertEquals(0, first.status(), first.describe());
        ImageRun.Finished second = ImageRun.of("get", "-v", url("/fresh/a.txt"))
                .env("INETKIT_CACHE", cache.toString()).run(Duration.ofSeconds(60));
        assertEquals(0, second.status(), second.describe());
        assertEquals(first.stdoutText(), second.stdoutText());
        assertTrue(second.stderrText().contains("CACHE_RESULT") && second.stderrText().contains("HIT"),
                second.stderrText());
        ImageRun.Finished offline = ImageRun.of("get", "--offline", "--cache", cache.toString(), url("/fresh/a.txt"))
                .run(Duration.ofSeconds(60));
        assertEquals(0, offline.status(), offline.describe());
        assertEquals(first.stdoutText(), offline.stdoutText());
        assertEquals(1, nginx.requests("/fresh/a.txt", 1).size());
    }

    @Test
    void aCommandKilledMidBodyLeavesNothingServedAndTheNextStoresItWhole() throws Exception {
        Path cache = local.resolve("cache");
        Path out = local.resolve("big.bin");
        try (ImageRun.Running get = ImageRun.of("get", "--cache", cache.toString(), url("/slow/big.bin"), "-o",
                out.toString()).start()) {
            ImageRun.await(() -> temporaryBytes(cache) > (1 << 20), Duration.ofSeconds(60), "a MiB in the cache's"
                    + " temporary file");
            get.signal("KILL");
            get.await(Duration.ofSeconds(30));
        }
        ImageRun.Finished offline = ImageRun.of("get", "--offline", "--cache", cache.toString(), url("/slow/big.bin"),
                "-o", local.resolve("offline.bin").toString()).run(Duration.ofSeconds(60));
        assertEquals(1, offline.status(), offline.describe());
        assertTrue(offline.stderrText().contains("ITEM_NOT_FOUND (12028)"), offline.stderrText());
        assertTrue(Files.notExists(local.resolve("offline.bin")));
        ImageRun.Finished again = ImageRun.of("get", "--cache", cache.toString(), url("/slow/big.bin"), "-o",
                local.resolve("again.bin").toString()).run(Duration.ofSeconds(120));
        assertEquals(0, again.status(), again.describe());
        ImageRun.Finished stored = ImageRun.of("get", "--offline", "--cache", cache.toString(), url("/slow/big.bin"),
                "-o", local.resolve("stored.bin").toString()).run(Duration.ofSeconds(60));
        assertEquals(0, stored.status(), stored.describe());
        assertArrayEquals(big, Files.readAllBytes(local.resolve("stored.bin")));
    }

    /** The bytes of the cache's temporary files: what a writer has written so far. */
    private static long temporaryBytes(Path cache) {
        Path folder = cache.resolve("inetkit-http-1");
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".tmp-"))
                    .mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
