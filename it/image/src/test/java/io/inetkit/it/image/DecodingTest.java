package io.inetkit.it.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.daemon.Nginx;
import io.inetkit.testkit.daemon.SystemDaemon;
import io.inetkit.testkit.tls.TestCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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

    @TempDir static Path dir;
    static Nginx nginx;
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
        if (SystemDaemon.find("nginx").isEmpty()) {
            return;
        }
        nginx = Nginx.newBuilder().http("gzip on;").http("gzip_types text/plain;")
                .tls(TestCertificate.localhost().certificatePem(), TestCertificate.localhost().privateKeyPem())
                .start(dir);
        port = nginx.port();
        tlsPort = nginx.tlsPort();
        String[] words = "the of and to in a is that for it as was with be by on not he this are or his from"
                .split(" ");
        Random random = new Random(5);
        StringBuilder text = new StringBuilder();
        while (text.length() < 4 * 1024 * 1024) {
            text.append(words[random.nextInt(words.length)]).append(random.nextInt(10) == 0 ? '\n' : ' ');
        }
        Files.writeString(nginx.root().resolve("text.txt"), text, StandardCharsets.US_ASCII);
        size = text.length();
    }

    @AfterAll
    static void stopNginx() throws Exception {
        if (nginx != null) {
            nginx.close();
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
