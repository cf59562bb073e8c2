package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.EventListener;
import io.inetkit.Internet;
import io.inetkit.Service;
import io.inetkit.TlsInfo;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.HttpVersion;
import io.inetkit.testkit.daemon.SystemDaemon;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider against a real nginx, started by this class on a free loopback port with a
 * configuration and prefix of its own in a temporary directory. Without an nginx binary the tests
 * are skipped, except in CI (the {@code CI} variable set), where {@code .ci/packages} installs one
 * and its absence is a failure.
 */
class NginxTest {

    static final int BIG = 100 * 1024 * 1024;
    static final int REQUESTS = 1000;

    static Path dir;
    static SystemDaemon nginx;
    static int port;
    static int tlsPort;
    static String bigSha256;

    @BeforeEach
    void needsNginx() {
        // Per test, so that without nginx each test counts as skipped (or, in CI, as failed).
        SystemDaemon.require("nginx", "nginx");
    }

    @BeforeAll
    static void startNginx() throws Exception {
        Optional<Path> binary = SystemDaemon.find("nginx");
        if (binary.isEmpty()) {
            return; // needsNginx() skips or fails each test
        }
        dir = Files.createTempDirectory("inetkit-nginx-");
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.createDirectories(dir.resolve("tmp"));
        Files.writeString(www.resolve("small.txt"), "small\n");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(www.resolve("big.bin")), sha)) {
            Random random = new Random(42);
            byte[] block = new byte[1024 * 1024];
            for (int i = 0; i < BIG / block.length; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        bigSha256 = HexFormat.of().formatHex(sha.digest());
        Files.writeString(dir.resolve("key.pem"), TestCertificate.localhost().privateKeyPem());
        Files.writeString(dir.resolve("cert.pem"), TestCertificate.localhost().certificatePem());
        for (int attempt = 1; ; attempt++) {
            port = SystemDaemon.freePort();
            tlsPort = SystemDaemon.freePort();
            try {
                nginx = start(binary.get());
                return;
            } catch (IOException e) {
                // Most likely another process took a port in the meantime: try others.
                if (attempt == 3) {
                    fail("nginx did not start: " + e.getMessage() + "\nits error log:\n" + read(dir.resolve("error.log")));
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
                + "  log_format keepalive '$connection $connection_requests $request';\n"
                + "  access_log " + d + "/access.log keepalive;\n"
                + "  client_body_temp_path " + d + "/tmp/body;\n"
                + "  proxy_temp_path " + d + "/tmp/proxy;\n"
                + "  fastcgi_temp_path " + d + "/tmp/fastcgi;\n"
                + "  uwsgi_temp_path " + d + "/tmp/uwsgi;\n"
                + "  scgi_temp_path " + d + "/tmp/scgi;\n"
                + "  keepalive_requests 100000;\n"
                + "  keepalive_timeout 60s;\n"
                + "  sendfile on;\n"
                + "  default_type application/octet-stream;\n"
                + "  server {\n"
                + "    listen 127.0.0.1:" + port + ";\n"
                + "    root " + d + "/www;\n"
                + "  }\n"
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
        stopProcess();
        deleteDirectory();
    }

    private static void stopProcess() throws InterruptedException {
        if (nginx != null) {
            nginx.close();
            nginx = null;
        }
    }

    private static void deleteDirectory() throws IOException {
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted((a, b) -> b.compareTo(a)).collect(Collectors.toList())) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static HttpSession connect(Internet internet) throws Exception {
        return internet.connect(ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1").port(port).build());
    }

    @Test
    void reusesOneKeptAliveConnectionForAThousandRequests() throws Exception {
        try (Internet internet = Internet.create(); HttpSession http = connect(internet)) {
            for (int i = 0; i < REQUESTS; i++) {
                try (HttpResponse response = http.send(HttpRequest.get("/small.txt?n=" + i))) {
                    assertEquals(200, response.statusCode());
                    assertEquals("small\n", new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        List<String> lines = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            lines = Files.readAllLines(dir.resolve("access.log")).stream()
                    .filter(l -> l.contains("/small.txt?n=")).collect(Collectors.toList());
            if (lines.size() >= REQUESTS) {
                break;
            }
            Thread.sleep(50);
        }
        assertEquals(REQUESTS, lines.size());
        Set<String> connections = lines.stream().map(l -> l.split(" ")[0]).collect(Collectors.toSet());
        assertEquals(1, connections.size(), "nginx saw the requests on connections " + connections);
        assertTrue(lines.get(REQUESTS - 1).split(" ")[1].equals(String.valueOf(REQUESTS)),
                "the last request is the thousandth on its connection: " + lines.get(REQUESTS - 1));
    }

    @Test
    void reusesOneKeptAliveTlsConnectionOnTheEngine() throws Exception {
        // The pool lends no connection with bytes waiting under TLS: OpenSSL's session tickets must not count.
        try (Internet internet = Internet.newBuilder().sslContext(TestCertificate.localhost().clientContext()).build();
             HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "localhost").port(tlsPort)
                     .flags(ConnectFlag.SECURE).build())) {
            for (int i = 0; i < 100; i++) {
                try (HttpResponse response = http.send(HttpRequest.newBuilder("/small.txt?tls=" + i)
                        .version(HttpVersion.HTTP_1_1).build())) {
                    assertEquals("small\n", new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        List<String> lines = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (lines.size() < 100 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            lines = Files.readAllLines(dir.resolve("access.log")).stream()
                    .filter(l -> l.contains("/small.txt?tls=")).collect(Collectors.toList());
        }
        assertEquals(100, lines.size());
        Set<String> connections = lines.stream().map(l -> l.split(" ")[0]).collect(Collectors.toSet());
        assertEquals(1, connections.size(), "nginx saw the requests on connections " + connections);
    }

    @Test
    void speaksHttp11OverTlsByDefaultWithTheServersReasonPhrase() throws Exception {
        List<TlsInfo> handshakes = new CopyOnWriteArrayList<>();
        try (Internet internet = Internet.newBuilder().sslContext(TestCertificate.localhost().clientContext())
                     .statusListener(event -> event.info().filter(TlsInfo.class::isInstance)
                             .ifPresent(info -> handshakes.add((TlsInfo) info))).build();
             HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "localhost").port(tlsPort)
                     .flags(ConnectFlag.SECURE).build());
             HttpResponse response = http.send(HttpRequest.get("/missing"))) {
            // nginx offers h2 by ALPN; without HTTP/2 asked for, the engine offers http/1.1 alone.
            assertEquals(HttpVersion.HTTP_1_1, response.version());
            assertEquals("Not Found", response.reasonPhrase());
            assertEquals("HTTP/1.1 404 Not Found", http.lastResponse().orElseThrow());
        }
        assertEquals(1, handshakes.size(), handshakes.toString());
        assertEquals("http/1.1", handshakes.get(0).applicationProtocol());
    }

    @Test
    void speaksHttp2OverTlsWhenAskedWithStandardReasonPhrases() throws Exception {
        try (Internet internet = Internet.newBuilder().sslContext(TestCertificate.localhost().clientContext()).build();
             HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "localhost").port(tlsPort)
                     .flags(ConnectFlag.SECURE).build())) {
            try (HttpResponse response = http.send(HttpRequest.newBuilder("/small.txt").version(HttpVersion.HTTP_2)
                    .build())) {
                assertEquals(HttpVersion.HTTP_2, response.version());
                assertEquals(200, response.statusCode());
                assertEquals("OK", response.reasonPhrase());
                assertTrue(response.headers().map().keySet().stream().noneMatch(name -> name.startsWith(":")),
                        response.headers().toString());
                assertEquals("small\n", new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
            }
            assertEquals("HTTP/2 200 OK", http.lastResponse().orElseThrow());
            try (HttpResponse missing = http.send(HttpRequest.newBuilder("/missing").version(HttpVersion.HTTP_1_1).build())) {
                assertEquals(HttpVersion.HTTP_1_1, missing.version());
                assertEquals("Not Found", missing.reasonPhrase());
            }
        }
    }

    @Test
    void http2ReportsTheStepsJavaNetHttpShows() throws Exception {
        List<String> steps = new CopyOnWriteArrayList<>();
        EventListener listener = new EventListener() {
            @Override
            public void callStart(Call call) {
                steps.add("callStart");
            }

            @Override
            public void nameResolutionStart(Call call, Duration elapsed, String host) {
                steps.add("nameResolutionStart");
            }

            @Override
            public void responseHeadReceived(Call call, Duration elapsed) {
                steps.add("responseHeadReceived");
            }

            @Override
            public void responseBodyEnd(Call call, Duration elapsed, long bytes) {
                steps.add("responseBodyEnd " + bytes);
            }

            @Override
            public void callEnd(Call call, Duration elapsed) {
                steps.add("callEnd");
            }
        };
        try (Internet internet = Internet.newBuilder().sslContext(TestCertificate.localhost().clientContext())
                     .eventListener(listener).build();
             HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "localhost").port(tlsPort)
                     .flags(ConnectFlag.SECURE).build());
             HttpResponse response = http.send(HttpRequest.newBuilder("/small.txt").version(HttpVersion.HTTP_2)
                     .build())) {
            assertEquals(HttpVersion.HTTP_2, response.version());
            response.body().readAllBytes();
        }
        assertEquals(List.of("callStart", "responseHeadReceived", "responseBodyEnd 6", "callEnd"), steps);
    }

    @Test
    void downloadsAHundredMebibytesIntact() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long total = 0;
        try (Internet internet = Internet.create(); HttpSession http = connect(internet);
             HttpResponse response = http.send(HttpRequest.get("/big.bin"))) {
            assertEquals(BIG, response.contentLength().orElseThrow());
            InputStream in = response.body();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                sha.update(buffer, 0, n);
                total += n;
            }
        }
        assertEquals(BIG, total);
        assertEquals(bigSha256, HexFormat.of().formatHex(sha.digest()));
    }
}
