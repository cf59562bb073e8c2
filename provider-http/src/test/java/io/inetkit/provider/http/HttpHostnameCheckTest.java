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
 * never lent to a verifying session of the same {@code Internet}.
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

    /** The request on the HTTP/1.1 engine (the default) or on java.net.http (HTTP/2 asked for). */
    static HttpRequest root(boolean engine) {
        return engine ? HttpRequest.get("/") : HttpRequest.newBuilder("/").version(HttpVersion.HTTP_2).build();
    }

    @ParameterizedTest(name = "HTTP/1.1 engine: {0}")
    @ValueSource(booleans = {false, true})
    void refusesACertificateForAnotherHostByDefault(boolean engine) throws Exception {
        try (Internet internet = Internet.newBuilder().sslContext(otherHost.clientContext()).build();
             HttpSession http = connect(internet, ConnectFlag.SECURE)) {
            InternetException e = assertThrows(InternetException.class, () -> http.send(root(engine)));
            assertEquals(InternetError.SEC_CERT_CN_INVALID, e.error(), e.getMessage());
        }
    }

    @ParameterizedTest(name = "HTTP/1.1 engine: {0}")
    @ValueSource(booleans = {false, true})
    void acceptsItWithTheFlagAndNeverLendsThatConnectionToAVerifyingSession(boolean engine) throws Exception {
        server.enqueue(TestResponse.ok("blind"));
        try (Internet internet = Internet.newBuilder().sslContext(otherHost.clientContext()).build()) {
            try (HttpSession blind = connect(internet, ConnectFlag.SECURE, ConnectFlag.INSECURE_SKIP_HOSTNAME_CHECK);
                 HttpResponse response = blind.send(root(engine))) {
                assertEquals("blind", new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
            }
            try (HttpSession verifying = connect(internet, ConnectFlag.SECURE)) {
                assertEquals(InternetError.SEC_CERT_CN_INVALID,
                        assertThrows(InternetException.class, () -> verifying.send(root(engine))).error());
            }
        }
        io.inetkit.testkit.http.RecordedRequest request = server.takeRequest();
        assertTrue(request.tlsProtocol().isPresent());
    }

    @ParameterizedTest(name = "HTTP/1.1 engine: {0}")
    @ValueSource(booleans = {false, true})
    void stillChecksTheChainWithTheFlag(boolean engine) throws Exception {
        // The JDK's default trust store does not know the test certificate.
        try (Internet internet = Internet.create();
             HttpSession http = connect(internet, ConnectFlag.SECURE, ConnectFlag.INSECURE_SKIP_HOSTNAME_CHECK)) {
            InternetException e = assertThrows(InternetException.class, () -> http.send(root(engine)));
            assertEquals(InternetError.INVALID_CA, e.error(), e.getMessage());
        }
    }

    @Test
    void listsTheFlagAmongThoseItSupports() {
        assertTrue(new HttpProvider().supportedFlags().containsAll(List.of(ConnectFlag.INSECURE_SKIP_HOSTNAME_CHECK,
                ConnectFlag.INSECURE_TRUST_ANY_CERTIFICATE)));
    }
}
