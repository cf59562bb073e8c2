package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.EventListener;
import io.inetkit.Internet;
import io.inetkit.Service;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.HttpVersion;
import io.inetkit.testkit.daemon.Nginx;
import io.inetkit.testkit.daemon.SystemDaemon;
import io.inetkit.testkit.tls.TestCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Content decoding against a real nginx with {@code gzip on}, started by this class on free
 * loopback ports, on both engines: the HTTP/1.1 engine over plain HTTP, and java.net.http speaking
 * HTTP/2 over TLS (java.net.http does not decode by itself). Skipped without nginx, except in CI.
 */
class NginxDecodingTest {

    static final int SIZE = 8 * 1024 * 1024;

    @TempDir static Path dir;
    static Nginx nginx;
    static int port;
    static int tlsPort;
    static byte[] text;

    enum Engine { H1, H2 }

    @BeforeEach
    void needsNginx() {
        SystemDaemon.require("nginx", "nginx");
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
        text = words(SIZE);
        Files.write(nginx.root().resolve("text.txt"), text);
    }

    @AfterAll
    static void stopNginx() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
    }

    /** Random words: text that gzip makes several times smaller, as it does prose. */
    static byte[] words(int size) {
        String[] words = "the of and to in a is that for it as was with be by on not he this are or his from at which"
                .split(" ");
        Random random = new Random(11);
        StringBuilder out = new StringBuilder(size + 16);
        while (out.length() < size) {
            out.append(words[random.nextInt(words.length)]).append(random.nextInt(10) == 0 ? '\n' : ' ');
        }
        return out.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    /** One GET of the text on an engine: the body read, and the bytes that came on the wire. */
    record Fetched(byte[] body, long wireBytes, HttpResponse response) {
    }

    static Fetched fetch(Engine engine, HttpRequest.Builder request) throws Exception {
        AtomicLong wire = new AtomicLong(-1);
        EventListener listener = new EventListener() {
            @Override
            public void responseBodyEnd(Call call, Duration elapsed, long bytes) {
                wire.set(bytes);
            }
        };
        try (Internet internet = Internet.newBuilder().eventListener(listener)
                .sslContext(TestCertificate.localhost().clientContext()).build();
             HttpSession http = internet.connect(engine == Engine.H1
                     ? ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1").port(port).build()
                     : ConnectRequest.newBuilder(Service.HTTP, "localhost").port(tlsPort).flags(ConnectFlag.SECURE)
                             .build());
             HttpResponse response = http.send((engine == Engine.H2 ? request.version(HttpVersion.HTTP_2) : request)
                     .build())) {
            assertEquals(engine == Engine.H2 ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1, response.version());
            byte[] body = response.body().readAllBytes();
            return new Fetched(body, wire.get(), response);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aGzippedResponseOfNginxDecodesToTheFile(Engine engine) throws Exception {
        Fetched fetched = fetch(engine, HttpRequest.newBuilder("/text.txt"));
        assertArrayEquals(text, fetched.body());
        assertTrue(fetched.wireBytes() > 0 && fetched.wireBytes() < SIZE / 2,
                "nginx sent it compressed: " + fetched.wireBytes() + " bytes on the wire for " + SIZE);
        assertTrue(fetched.response().headers().firstValue("Content-Encoding").isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void withoutDecodingNginxSendsTheFileAsItIs(Engine engine) throws Exception {
        Fetched fetched = fetch(engine, HttpRequest.newBuilder("/text.txt").contentDecoding(false));
        assertArrayEquals(text, fetched.body());
        assertEquals(SIZE, fetched.wireBytes());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aCallersOwnAcceptEncodingGetsNginxsGzipAsSent(Engine engine) throws Exception {
        Fetched fetched = fetch(engine, HttpRequest.newBuilder("/text.txt").header("Accept-Encoding", "gzip"));
        assertEquals("gzip", fetched.response().headers().firstValue("Content-Encoding").orElse(null));
        assertEquals(fetched.wireBytes(), fetched.body().length);
        try (var gunzip = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(fetched.body()))) {
            assertArrayEquals(text, gunzip.readAllBytes());
        }
    }
}
