package io.inetkit.it.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.inetkit.testkit.daemon.SystemDaemon;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's {@code get} against a real nginx with {@code gzip on}, compared with
 * {@code curl --compressed} on the same URL: the same bytes decoded, over HTTP/1.1 and HTTP/2, and
 * the same compressed bytes with {@code --raw --compressed}. Skipped without nginx and curl,
 * except in CI, where {@code .ci/packages} installs both.
 */
class DecodingTest {

    static Path dir;
    static SystemDaemon nginx;
    static int port;
    static int tlsPort;
    static int size;

    @TempDir Path local;

    @BeforeEach
    void needsNginxAndCurl() {
        SystemDaemon.require("nginx", "nginx");
        SystemDaemon.require("curl", "curl");
    }

    @BeforeAll
    static void startNginx() throws Exception {
        Optional<Path> binary = SystemDaemon.find("nginx");
        if (binary.isEmpty()) {
            return;
        }
        dir = Files.createTempDirectory("inetkit-image-gzip-");
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.createDirectories(dir.resolve("tmp"));
        String[] words = "the of and to in a is that for it as was with be by on not he this are or his from"
                .split(" ");
        Random random = new Random(5);
        StringBuilder text = new StringBuilder();
        while (text.length() < 4 * 1024 * 1024) {
            text.append(words[random.nextInt(words.length)]).append(random.nextInt(10) == 0 ? '\n' : ' ');
        }
        Files.writeString(www.resolve("text.txt"), text, StandardCharsets.US_ASCII);
        size = text.length();
        Files.writeString(dir.resolve("key.pem"), TestCertificate.localhost().privateKeyPem());
        Files.writeString(dir.resolve("cert.pem"), TestCertificate.localhost().certificatePem());
        for (int attempt = 1; ; attempt++) {
            port = SystemDaemon.freePort();
            tlsPort = SystemDaemon.freePort();
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
                + "  access_log off;\n"
                + "  client_body_temp_path " + d + "/tmp/body;\n"
                + "  proxy_temp_path " + d + "/tmp/proxy;\n"
                + "  fastcgi_temp_path " + d + "/tmp/fastcgi;\n"
                + "  uwsgi_temp_path " + d + "/tmp/uwsgi;\n"
                + "  scgi_temp_path " + d + "/tmp/scgi;\n"
                + "  types { text/plain txt; }\n"
                + "  gzip on;\n"
                + "  gzip_types text/plain;\n"
                + "  server { listen 127.0.0.1:" + port + "; root " + d + "/www; }\n"
                + "  server {\n"
                + "    listen 127.0.0.1:" + tlsPort + " ssl http2;\n"
                + "    ssl_certificate " + d + "/cert.pem;\n"
                + "    ssl_certificate_key " + d + "/key.pem;\n"
                + "    root " + d + "/www;\n"
                + "  }\n"
                + "}\n");
        return SystemDaemon.start(List.of(binary.toString(), "-e", d + "/error.log", "-p", d + "/", "-c",
                d + "/nginx.conf", "-g", "daemon off;"), dir.resolve("out.log"), Duration.ofSeconds(10), port, tlsPort);
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

    /** inetkit's and curl's bytes for the same URL and options. */
    private byte[][] both(String url, List<String> inetkit, List<String> curl) throws Exception {
        Path ours = local.resolve("inetkit.out");
        List<String> args = new ArrayList<>(List.of("get"));
        args.addAll(inetkit);
        args.addAll(List.of(url, "-o", ours.toString()));
        ImageRun.Finished done = ImageRun.of(args.toArray(new String[0])).run(Duration.ofSeconds(60));
        assertEquals(0, done.status(), done.describe());
        Path theirs = local.resolve("curl.out");
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--noproxy", "*", "-o", theirs.toString()));
        command.addAll(curl);
        command.add(url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "curl ended");
        assertEquals(0, process.exitValue(), new String(process.getInputStream().readAllBytes()));
        return new byte[][] {Files.readAllBytes(ours), Files.readAllBytes(theirs)};
    }

    @Test
    void getDecodesAsCurlCompressedDoesOverHttp11() throws Exception {
        byte[][] bytes = both("http://127.0.0.1:" + port + "/text.txt", List.of(), List.of("--compressed"));
        assertEquals(size, bytes[1].length, "curl decoded it");
        assertArrayEquals(bytes[1], bytes[0]);
    }

    @Test
    void getDecodesAsCurlCompressedDoesOverHttp2() throws Exception {
        Path ca = dir.resolve("cert.pem");
        byte[][] bytes = both("https://localhost:" + tlsPort + "/text.txt", List.of("--http2", "--cacert", ca.toString()),
                List.of("--http2", "--compressed", "--cacert", ca.toString()));
        assertEquals(size, bytes[1].length, "curl decoded it");
        assertArrayEquals(bytes[1], bytes[0]);
    }

    @Test
    void rawCompressedWritesTheGzipAsCurlDoes() throws Exception {
        byte[][] bytes = both("http://127.0.0.1:" + port + "/text.txt", List.of("--raw", "--compressed"),
                List.of("-H", "Accept-Encoding: gzip, deflate")); // curl's --raw would keep the chunks too
        assertTrue(bytes[1].length < size / 2 && (bytes[1][0] & 0xff) == 0x1f, "curl kept the gzip");
        assertArrayEquals(bytes[1], bytes[0]);
    }
}
