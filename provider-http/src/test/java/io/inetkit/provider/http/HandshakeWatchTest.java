package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The engines of a watched context report a failed handshake to those who wait for that server, as
 * the engine throws it: whatever java.net.http then makes of it, the failure itself is known.
 */
class HandshakeWatchTest {

    private final HandshakeWatch watch = new HandshakeWatch();

    private static HttpClient client(SSLContext tls) {
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpRequest get(TestHttpServer server) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/"))
                .timeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void anUntrustedCertificateIsReportedToWhoWaitsForThatServerAndToNoOneElse() throws Exception {
        try (TestHttpServer https = TestHttpServer.newBuilder().https().build()) {
            https.start();
            URI uri = URI.create("https://LocalHost:" + https.port() + "/x");
            AtomicInteger told = new AtomicInteger();
            try (HandshakeWatch.Watcher same = watch.watch(uri);
                 HandshakeWatch.Watcher other = watch.watch(URI.create("https://localhost:" + (https.port() + 1)))) {
                same.onFailure(told::incrementAndGet);
                HttpClient client = client(watch.watching(SSLContext.getDefault()));
                assertThrows(IOException.class, () -> client.send(get(https), HttpResponse.BodyHandlers.ofString()));
                SSLHandshakeException seen = assertInstanceOf(SSLHandshakeException.class, same.failure().orElseThrow());
                assertTrue(Errors.message(seen).contains("PKIX path"), Errors.message(seen));
                assertEquals(1, told.get());
                assertFalse(other.failure().isPresent());
                // Told at once when the failure came before the question.
                same.onFailure(told::incrementAndGet);
                assertEquals(2, told.get());
            }
        }
    }

    @Test
    void aHandshakeThatSucceedsIsNotAFailureAndTheWatchedEngineSpeaksTls() throws Exception {
        try (TestHttpServer https = TestHttpServer.newBuilder().https().build()) {
            https.start();
            https.enqueue(TestResponse.ok("through the watched engine"));
            try (HandshakeWatch.Watcher watcher = watch.watch(URI.create("https://localhost:" + https.port()))) {
                HttpClient client = client(watch.watching(TestCertificate.localhost().clientContext()));
                HttpResponse<String> response = client.send(get(https), HttpResponse.BodyHandlers.ofString());
                assertEquals("through the watched engine", response.body());
                assertTrue(response.sslSession().isPresent());
                assertFalse(watcher.failure().isPresent());
            }
        }
    }

    @Test
    void aClosedWatcherHearsNothing() throws Exception {
        try (TestHttpServer https = TestHttpServer.newBuilder().https().build()) {
            https.start();
            HandshakeWatch.Watcher watcher = watch.watch(URI.create("https://localhost:" + https.port()));
            watcher.close();
            HttpClient client = client(watch.watching(SSLContext.getDefault()));
            assertThrows(IOException.class, () -> client.send(get(https), HttpResponse.BodyHandlers.ofString()));
            assertFalse(watcher.failure().isPresent());
        }
    }
}
