package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.http.RecordedRequest;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** http:// and https:// URLs through Internet.openUrl: a GET that fails on an error status. */
class HttpOpenUrlTest {

    @StartStop final TestHttpServer server = TestHttpServer.create();
    @StartStop final TestHttpServer secure = TestHttpServer.newBuilder().https().build();

    private final Internet internet = Internet.newBuilder().readTimeout(Duration.ofSeconds(5))
            .sslContext(TestCertificate.localhost().clientContext()).build();

    @AfterEach
    void close() {
        internet.close();
    }

    private String read(String url) throws Exception {
        try (InputStream in = internet.openUrl(URI.create(url))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aUrlIsAGetOfItsPathAndQuery() throws Exception {
        server.enqueue(TestResponse.ok("the body"));
        assertEquals("the body", read("http://127.0.0.1:" + server.port() + "/a%20b?q=1&r=%2F"));
        RecordedRequest request = server.takeRequest();
        assertEquals("GET", request.method());
        assertEquals("/a%20b?q=1&r=%2F", request.target());
    }

    @Test
    void anEmptyPathIsTheRoot() throws Exception {
        server.enqueue(TestResponse.ok("root"));
        assertEquals("root", read("http://127.0.0.1:" + server.port()));
        assertEquals("/", server.takeRequest().target());
    }

    @Test
    void anErrorStatusFailsWithTheStatusLine() {
        server.enqueue(TestResponse.status(404));
        InternetException e = assertThrows(InternetException.class,
                () -> read("http://127.0.0.1:" + server.port() + "/missing"));
        assertEquals(InternetError.EXTENDED_ERROR, e.error());
        assertTrue(e.serverReply().orElseThrow().contains("404"), e.serverReply().toString());
    }

    @Test
    void httpsIsVerified() throws Exception {
        secure.enqueue(TestResponse.ok("secret"));
        assertEquals("secret", read("https://localhost:" + secure.port() + "/"));
        try (Internet defaults = Internet.create()) {
            InternetException e = assertThrows(InternetException.class,
                    () -> defaults.openUrl(URI.create("https://localhost:" + secure.port() + "/")));
            assertEquals(InternetError.INVALID_CA, e.error());
        }
    }
}
