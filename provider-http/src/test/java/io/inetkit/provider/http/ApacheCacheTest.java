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
import java.nio.file.attribute.PosixFilePermissions;
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
 * The HTTP cache in front of a real apache2, started by this class on a free loopback port: its
 * own {@code ETag} and {@code Last-Modified}, {@code mod_expires} and {@code mod_headers}; its
 * access log proves what reached it. Skipped without apache2, except in CI.
 */
class ApacheCacheTest {

    static final Path MODULES = Path.of("/usr/lib/apache2/modules");

    static Path dir;
    static SystemDaemon apache;
    static int port;

    @TempDir Path cacheFolder;
    Internet internet;
    HttpSession http;

    @BeforeAll
    static void startApache() throws Exception {
        Optional<Path> binary = SystemDaemon.find("apache2");
        if (binary.isEmpty()) {
            return;
        }
        dir = Files.createTempDirectory("inetkit-apache-cache-");
        for (String area : List.of("fresh", "heuristic", "revalidate")) {
            Files.createDirectories(dir.resolve("www").resolve(area));
        }
        permissions();
        for (int attempt = 1; ; attempt++) {
            port = SystemDaemon.freePort();
            try {
                apache = start(binary.get());
                return;
            } catch (IOException e) {
                if (attempt == 3) {
                    fail("apache2 did not start: " + e.getMessage());
                }
            }
        }
    }

    /** apache2's workers run as another user when started by root: they must read the files. */
    private static void permissions() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x"
                        : "rw-r--r--"));
            }
        }
    }

    private static SystemDaemon start(Path binary) throws Exception {
        String d = dir.toString();
        String user = "root".equals(System.getProperty("user.name")) ? "User daemon\nGroup daemon\n" : "";
        StringBuilder conf = new StringBuilder()
                .append("ServerRoot \"").append(d).append("\"\nServerName 127.0.0.1\n")
                .append("Listen 127.0.0.1:").append(port).append('\n')
                .append("PidFile ").append(d).append("/httpd.pid\nErrorLog ").append(d).append("/error.log\n")
                .append("LogLevel warn\n").append(user)
                .append("LogFormat \"%r %>s\" statuses\nCustomLog ").append(d).append("/access.log statuses\n");
        for (String module : List.of("mpm_event", "authz_core", "expires", "headers", "log_config")) {
            if (Files.exists(MODULES.resolve("mod_" + module + ".so"))) {
                conf.append("LoadModule ").append(module).append("_module ").append(MODULES).append("/mod_")
                        .append(module).append(".so\n");
            }
        }
        conf.append("DocumentRoot ").append(d).append("/www\n")
                .append("<Directory ").append(d).append("/www/fresh>\n  ExpiresActive On\n")
                .append("  ExpiresDefault \"access plus 1 hour\"\n</Directory>\n")
                .append("<Directory ").append(d).append("/www/revalidate>\n  Header set Cache-Control no-cache\n")
                .append("</Directory>\n");
        Files.writeString(dir.resolve("httpd.conf"), conf.toString());
        return SystemDaemon.start(List.of(binary.toString(), "-f", d + "/httpd.conf", "-DFOREGROUND"),
                dir.resolve("out.log"), Duration.ofSeconds(10), port);
    }

    @AfterAll
    static void stopApache() throws Exception {
        if (apache != null) {
            apache.close();
            apache = null;
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
        SystemDaemon.require("apache2", "apache2-bin");
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

    private static byte[] file(String path, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("www").resolve(path.substring(1));
        Files.write(file, bytes);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return bytes;
    }

    /** What apache logged for {@code path}, once {@code expected} lines are there or two seconds passed. */
    private static List<String> logged(String path, int expected) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        List<String> lines;
        do {
            Thread.sleep(50);
            lines = Files.readAllLines(dir.resolve("access.log")).stream()
                    .filter(line -> line.contains(" " + path + " ")).map(line -> line.replace(" HTTP/1.1", "")).toList();
        } while (lines.size() < expected && System.nanoTime() < end);
        Thread.sleep(100);
        return Files.readAllLines(dir.resolve("access.log")).stream()
                .filter(line -> line.contains(" " + path + " ")).map(line -> line.replace(" HTTP/1.1", "")).toList();
    }

    @Test
    void modExpiresMakesItFreshAndApacheSeesOneRequest() throws Exception {
        byte[] body = file("/fresh/a.txt", "an hour of freshness");
        assertEquals(CacheResult.MISS, get("/fresh/a.txt").result());
        Got second = get("/fresh/a.txt");
        assertEquals(CacheResult.HIT, second.result());
        assertArrayEquals(body, second.body());
        assertEquals(List.of("GET /fresh/a.txt 200"), logged("/fresh/a.txt", 1));
    }

    @Test
    void aFileUntouchedForTenDaysIsFreshForADayByItsLastModified() throws Exception {
        byte[] body = file("/heuristic/b.txt", "old and stable");
        Files.setLastModifiedTime(dir.resolve("www/heuristic/b.txt"),
                FileTime.from(Instant.now().minus(Duration.ofDays(10))));
        get("/heuristic/b.txt");
        Got second = get("/heuristic/b.txt");
        assertEquals(CacheResult.HIT, second.result(), "no Cache-Control: a tenth of its age, RFC 9111 4.2.2");
        assertArrayEquals(body, second.body());
        assertEquals(1, logged("/heuristic/b.txt", 1).size());
    }

    @Test
    void noCacheFromModHeadersRevalidatesWithApachesETag() throws Exception {
        byte[] body = file("/revalidate/c.txt", "asked again every time");
        get("/revalidate/c.txt");
        Got second = get("/revalidate/c.txt");
        assertEquals(CacheResult.CONDITIONAL_HIT, second.result());
        assertArrayEquals(body, second.body());
        assertEquals(List.of("GET /revalidate/c.txt 200", "GET /revalidate/c.txt 304"), logged("/revalidate/c.txt", 2));
    }
}
