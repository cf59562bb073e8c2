package io.inetkit.it.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.inetkit.testkit.daemon.SystemDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

    static Path dir;
    static SystemDaemon nginx;
    static int port;
    static byte[] big;

    @TempDir Path local;

    @BeforeEach
    void needsNginx() {
        SystemDaemon.require("nginx", "nginx");
    }

    @BeforeAll
    static void startNginx() throws Exception {
        Optional<Path> binary = SystemDaemon.find("nginx");
        if (binary.isEmpty()) {
            return;
        }
        dir = Files.createTempDirectory("inetkit-image-cache-");
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(www.resolve("fresh"));
        Files.createDirectories(www.resolve("slow"));
        Files.writeString(www.resolve("fresh/a.txt"), "from nginx, fresh for an hour\n");
        big = new byte[BIG];
        new Random(3).nextBytes(big);
        Files.write(www.resolve("slow/big.bin"), big);
        for (int attempt = 1; ; attempt++) {
            port = SystemDaemon.freePort();
            try {
                nginx = start(binary.get());
                return;
            } catch (IOException e) {
                if (attempt == 3) {
                    fail("nginx did not start: " + e.getMessage());
                }
            }
        }
    }

    private static SystemDaemon start(Path binary) throws Exception {
        String d = dir.toString();
        String root = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        Files.writeString(dir.resolve("nginx.conf"), root
                + "worker_processes 1;\n"
                + "pid " + d + "/nginx.pid;\n"
                + "error_log " + d + "/error.log warn;\n"
                + "events { worker_connections 64; }\n"
                + "http {\n"
                + "  log_format line '$request $status';\n"
                + "  access_log " + d + "/access.log line;\n"
                + "  client_body_temp_path " + d + "/tmp/body;\n"
                + "  proxy_temp_path " + d + "/tmp/proxy;\n"
                + "  fastcgi_temp_path " + d + "/tmp/fastcgi;\n"
                + "  uwsgi_temp_path " + d + "/tmp/uwsgi;\n"
                + "  scgi_temp_path " + d + "/tmp/scgi;\n"
                + "  types { text/plain txt; }\n"
                + "  server {\n"
                + "    listen 127.0.0.1:" + port + ";\n"
                + "    root " + d + "/www;\n"
                + "    location /fresh/ { expires 1h; }\n"
                + "    location /slow/ { expires 1h; limit_rate 4m; }\n"
                + "  }\n"
                + "}\n");
        return SystemDaemon.start(List.of(binary.toString(), "-e", d + "/error.log", "-p", d + "/", "-c",
                d + "/nginx.conf", "-g", "daemon off;"), dir.resolve("out.log"), Duration.ofSeconds(10), port);
    }

    @AfterAll
    static void stopNginx() throws Exception {
        if (nginx != null) {
            nginx.close();
            nginx = null;
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static long logged(String path) throws IOException {
        return Files.readAllLines(dir.resolve("access.log")).stream().filter(l -> l.contains(" " + path + " ")).count();
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
        Thread.sleep(200); // nginx logs a request after its last byte
        assertEquals(1, logged("/fresh/a.txt"));
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
