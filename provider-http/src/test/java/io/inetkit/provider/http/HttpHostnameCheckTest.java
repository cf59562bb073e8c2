package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.HttpVersion;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.tls.TestCertificate;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code INSECURE_SKIP_HOSTNAME_CHECK}: a server whose certificate names another host is refused by
 * default, accepted with the flag as long as its chain is trusted, and the flag's connections are
 * never lent to a verifying session of the same {@code Internet}. The flag is the HTTP/1.1 engine's:
 * java.net.http, which runs HTTP/2, cannot skip the check per client, and HTTP/2 with it is refused.
 */
class HttpHostnameCheckTest {

    /** Trusted by the test's TLS context, but for a name the test never connects to. */
    static TestCertificate otherHost;
    static TestHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        otherHost = TestCertificate.generate("CN=other.test, O=inetkit test", "dns:other.test");
        server = TestHttpServer.newBuilder().https(otherHost).build();
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpSession connect(Internet internet, ConnectFlag... flags) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.HTTP, "localhost").port(server.port())
                .flags(flags).build());
    }

    static HttpRequest root() {
        return HttpRequest.get("/");
    }

    @ParameterizedTest(name = "HTTP/2 asked for: {0}")
    @ValueSource(booleans = {false, true})
    void refusesACertificateForAnotherHostByDefault(boolean http2) throws Exception {
        HttpRequest request = http2 ? HttpRequest.newBuilder("/").version(HttpVersion.HTTP_2).build() : root();
        try (Internet internet = Internet.newBuilder().sslContext(otherHost.clientContext()).build();
             HttpSession http = connect(internet, ConnectFlag.SECURE)) {
            InternetException e = assertThrows(InternetException.class, () -> http.send(request));
            assertEquals(InternetError.SEC_CERT_CN_INVALID, e.error(), e.getMessage());
        }
    }

    @Test
    void acceptsItWithTheFlagAndNeverLendsThatConnectionToAVerifyingSession() throws Exception {
        server.enqueue(TestResponse.ok("blind"));
        try (Internet internet = Internet.newBuilder().sslContext(otherHost.clientContext()).build()) {
            try (HttpSession blind = connect(internet, ConnectFlag.SECURE, ConnectFlag.INSECURE_SKIP_HOSTNAME_CHECK);
                 HttpResponse response = blind.send(root())) {
                assertEquals("blind", new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
            }
            try (HttpSession verifying = connect(internet, ConnectFlag.SECURE)) {
                assertEquals(InternetError.SEC_CERT_CN_INVALID,
                        assertThrows(InternetException.class, () -> verifying.send(root())).error());
            }
        }
        io.inetkit.testkit.http.RecordedRequest request = server.takeRequest();
        assertTrue(request.tlsProtocol().isPresent());
    }

    @Test
    void stillChecksTheChainWithTheFlag() throws Exception {
        // The JDK's default trust store does not know the test certificate.
        try (Internet internet = Internet.create();
             HttpSession http = connect(internet, ConnectFlag.SECURE, ConnectFlag.INSECURE_SKIP_HOSTNAME_CHECK)) {
            InternetException e = assertThrows(InternetException.class, () -> http.send(root()));
            assertEquals(InternetError.INVALID_CA, e.error(), e.getMessage());
        }
    }

    @Test
    void http2WithTheFlagIsNotSupportedAndSaysToAskForHttp11() throws Exception {
        // java.net.http checks the host name of every connection unless a JVM-wide property says not to.
        long before = server.requestCount();
        try (Internet internet = Internet.newBuilder().sslContext(otherHost.clientContext()).build();
             HttpSession blind = connect(internet, ConnectFlag.SECURE, ConnectFlag.INSECURE_SKIP_HOSTNAME_CHECK)) {
            InternetException e = assertThrows(InternetException.class, () -> blind.send(HttpRequest.newBuilder("/")
                    .version(HttpVersion.HTTP_2).build()));
            assertEquals(InternetError.NOT_SUPPORTED, e.error(), e.getMessage());
            assertTrue(e.getMessage().contains("INSECURE_SKIP_HOSTNAME_CHECK")
                    && e.getMessage().contains("without HttpVersion.HTTP_2"), e.getMessage());
        }
        assertEquals(before, server.requestCount());
    }

    @Test
    void listsTheFlagAmongThoseItSupports() {
        assertTrue(new HttpProvider().supportedFlags().containsAll(List.of(ConnectFlag.INSECURE_SKIP_HOSTNAME_CHECK,
                ConnectFlag.INSECURE_TRUST_ANY_CERTIFICATE)));
    }
}
