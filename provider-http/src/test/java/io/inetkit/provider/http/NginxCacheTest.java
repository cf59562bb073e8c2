package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.Service;
import io.inetkit.http.CacheResult;
import io.inetkit.http.HttpCache;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.testkit.daemon.SystemDaemon;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP cache in front of a real nginx, started by this class on a free loopback port, with
 * nginx's own {@code ETag}, {@code Last-Modified}, {@code expires} and {@code gzip}: its access log
 * proves what reached it. Skipped without nginx, except in CI.
 */
class NginxCacheTest {

    static Path dir;
    static SystemDaemon nginx;
    static int port;

    @TempDir Path cacheFolder;
    Internet internet;
    HttpSession http;

    @BeforeAll
    static void startNginx() throws Exception {
        Optional<Path> binary = SystemDaemon.find("nginx");
        if (binary.isEmpty()) {
            return;
        }
        dir = Files.createTempDirectory("inetkit-nginx-cache-");
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.createDirectories(dir.resolve("tmp"));
        for (String folder : List.of("fresh", "revalidate", "gz")) {
            Files.createDirectories(www.resolve(folder));
        }
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
                + "events { worker_connections 128; }\n"
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
                + "    location /revalidate/ { add_header Cache-Control no-cache; }\n"
                + "    location /gz/ { expires 1h; gzip on; gzip_types text/plain; gzip_vary on; gzip_min_length 1; }\n"
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

    @BeforeEach
    void connect() throws Exception {
        SystemDaemon.require("nginx", "nginx");
        internet = Internet.newBuilder().httpCache(HttpCache.onDisk(cacheFolder, 64 << 20)).build();
        http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1").port(port).build());
    }

    @AfterEach
    void close() {
        if (internet != null) {
            internet.close();
        }
    }

    private record Got(CacheResult result, byte[] body) {
    }

    private Got get(String target) throws IOException {
        try (HttpResponse response = http.send(HttpRequest.get(target)); InputStream in = response.body()) {
            return new Got(response.cacheResult(), in.readAllBytes());
        }
    }

    /**
     * The lines nginx logged for {@code path}, the request line and the status, once there are
     * {@code expected} of them or two seconds passed: nginx logs a request after its last byte went out.
     */
    private static List<String> logged(String path, int expected) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (true) {
            List<String> lines = Files.readAllLines(dir.resolve("access.log")).stream()
                    .filter(line -> line.contains(" " + path + " ")).map(line -> line.replace(" HTTP/1.1", "")).toList();
            if (lines.size() >= expected || System.nanoTime() > end) {
                Thread.sleep(100); // and none more comes
                return Files.readAllLines(dir.resolve("access.log")).stream()
                        .filter(line -> line.contains(" " + path + " ")).map(line -> line.replace(" HTTP/1.1", ""))
                        .toList();
            }
            Thread.sleep(20);
        }
    }

    private static byte[] file(String path, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("www").resolve(path.substring(1)), bytes);
        return bytes;
    }

    @Test
    void anExpiresResponseIsServedFromTheCacheWithoutReachingNginx() throws Exception {
        byte[] body = file("/fresh/a.txt", "fresh for an hour");
        assertEquals(CacheResult.MISS, get("/fresh/a.txt").result());
        Got second = get("/fresh/a.txt");
        assertEquals(CacheResult.HIT, second.result());
        assertArrayEquals(body, second.body());
        assertEquals(List.of("GET /fresh/a.txt 200"), logged("/fresh/a.txt", 1));
    }

    @Test
    void aNoCacheResponseIsRevalidatedWithNginxsETagAndServedOn304() throws Exception {
        byte[] body = file("/revalidate/b.txt", "revalidated every time");
        assertEquals(CacheResult.MISS, get("/revalidate/b.txt").result());
        Got second = get("/revalidate/b.txt");
        assertEquals(CacheResult.CONDITIONAL_HIT, second.result());
        assertArrayEquals(body, second.body());
        assertEquals(List.of("GET /revalidate/b.txt 200", "GET /revalidate/b.txt 304"), logged("/revalidate/b.txt", 2));
    }

    @Test
    void aFileChangedOnTheServerComesAgainInFull() throws Exception {
        file("/revalidate/c.txt", "first");
        get("/revalidate/c.txt");
        byte[] changed = file("/revalidate/c.txt", "second, longer");
        Files.setLastModifiedTime(dir.resolve("www/revalidate/c.txt"), FileTime.from(Instant.now().plusSeconds(5)));
        Got again = get("/revalidate/c.txt");
        assertEquals(CacheResult.CONDITIONAL_MISS, again.result());
        assertArrayEquals(changed, again.body());
        assertEquals(CacheResult.CONDITIONAL_HIT, get("/revalidate/c.txt").result());
        assertEquals(List.of("GET /revalidate/c.txt 200", "GET /revalidate/c.txt 200", "GET /revalidate/c.txt 304"),
                logged("/revalidate/c.txt", 3));
    }

    @Test
    void aGzippedResponseIsStoredAsSentAndDecodedOnEveryHit() throws Exception {
        byte[] body = file("/gz/d.txt", "compressible ".repeat(10_000));
        Got first = get("/gz/d.txt");
        assertArrayEquals(body, first.body());
        Got second = get("/gz/d.txt");
        assertEquals(CacheResult.HIT, second.result());
        assertArrayEquals(body, second.body());
        assertEquals(1, logged("/gz/d.txt", 1).size());
        long stored;
        try (Stream<Path> files = Files.list(cacheFolder.resolve("inetkit-http-1"))) {
            stored = files.filter(f -> f.toString().endsWith(".body")).mapToLong(f -> f.toFile().length()).sum();
        }
        if (stored <= 0 || stored >= body.length / 10) {
            fail("the stored body should be nginx's gzip, not the text: " + stored + " bytes");
        }
    }
}
