package io.inetkit.testkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class HttpsTest {

    @StartStop final TestHttpServer server = TestHttpServer.newBuilder().https().build();

    @Test
    void urlIsHttpsOnTheLoopbackAddress() {
        assertTrue(server.isHttps());
        assertEquals(URI.create("https://127.0.0.1:" + server.port() + "/x"), server.url("/x"));
    }

    @Test
    void defaultTrustRefusesTheTestCertificate() throws Exception {
        HttpClient defaultTrust = HttpClient.newHttpClient();
        assertThrows(SSLHandshakeException.class,
                () -> defaultTrust.send(HttpRequest.newBuilder(server.url("/")).build(), BodyHandlers.ofString()));
    }

    @Test
    void httpClientTrustingTheTestCertificateGetsTheResponse() throws Exception {
        server.enqueue(TestResponse.ok("over tls"));
        HttpClient trusting = HttpClient.newBuilder().sslContext(TestCertificate.localhost().clientContext()).build();

        HttpResponse<String> response = trusting.send(HttpRequest.newBuilder(server.url("/")).build(), BodyHandlers.ofString());

        assertEquals("over tls", response.body());
        assertTrue(server.takeRequest().tlsProtocol().orElseThrow().startsWith("TLSv1."));
    }

    @Test
    void httpsUrlConnectionTrustingTheTestCertificateGetsTheResponse() throws Exception {
        server.enqueue(TestResponse.ok("legacy client"));
        HttpsURLConnection connection = (HttpsURLConnection) server.url("/legacy").toURL().openConnection();
        connection.setSSLSocketFactory(TestCertificate.localhost().clientContext().getSocketFactory());
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(10_000);
        try (InputStream in = connection.getInputStream()) {
            assertEquals(200, connection.getResponseCode());
            assertEquals("legacy client", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            connection.disconnect();
        }
        assertEquals("/legacy", server.takeRequest().path());
    }
}
