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
import io.inetkit.testkit.daemon.Nginx;
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

    @TempDir static Path dir;
    static Nginx nginx;
    static int port;

    @TempDir Path cacheFolder;
    Internet internet;
    HttpSession http;

    @BeforeAll
    static void startNginx() throws Exception {
        if (SystemDaemon.find("nginx").isEmpty()) {
            return;
        }
        nginx = Nginx.newBuilder()
                .server("location /fresh/ { expires 1h; }")
                .server("location /revalidate/ { add_header Cache-Control no-cache; }")
                .server("location /gz/ { expires 1h; gzip on; gzip_types text/plain; gzip_vary on; gzip_min_length 1; }")
                .start(dir);
        port = nginx.port();
        for (String folder : List.of("fresh", "revalidate", "gz")) {
            Files.createDirectories(nginx.root().resolve(folder));
        }
    }

    @AfterAll
    static void stopNginx() throws Exception {
        if (nginx != null) {
            nginx.close();
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

    /** What nginx logged for {@code path}: the request line, without the protocol, and the status. */
    private static List<String> logged(String path, int expected) throws Exception {
        return nginx.requests(path, expected).stream().map(line -> line.replace(" HTTP/1.1", "")).toList();
    }

    private static byte[] file(String path, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Files.write(nginx.root().resolve(path.substring(1)), bytes);
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
        Files.setLastModifiedTime(nginx.root().resolve("revalidate/c.txt"), FileTime.from(Instant.now().plusSeconds(5)));
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
