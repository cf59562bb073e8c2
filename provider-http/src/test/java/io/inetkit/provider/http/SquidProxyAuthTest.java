package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ProxyConfig;
import io.inetkit.Service;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.testkit.daemon.Squid;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.tls.TestCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through a real squid that asks for a password with a proper 407 (basic_ncsa_auth): plain HTTP in
 * absolute form and HTTPS by {@code CONNECT}, the proxy's credentials beside the server's own, and
 * the proxy's refusal as {@code LOGIN_FAILURE} naming the proxy.
 */
class SquidProxyAuthTest {

    static final String PROXY_PASSWORD = "Pw-squid-41f";

    @TempDir Path daemonDir;

    private final TestHttpServer plain = TestHttpServer.newBuilder().requireBasicAuth("alice", "site-Pw").build();
    private final TestHttpServer tls = TestHttpServer.newBuilder().https().requireBasicAuth("alice", "site-Pw").build();

    @AfterEach
    void stop() {
        plain.close();
        tls.close();
    }

    private static Internet through(Squid squid, String password) {
        return Internet.newBuilder().proxy(ProxyConfig.http("127.0.0.1", squid.port()).withCredentials("pxy", password))
                .connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(10))
                .sslContext(TestCertificate.localhost().clientContext()).build();
    }

    private static String get(Internet internet, TestHttpServer server) throws Exception {
        server.enqueue(TestResponse.ok("via squid " + server.port()));
        ConnectFlag[] flags = server.isHttps() ? new ConnectFlag[] {ConnectFlag.SECURE} : new ConnectFlag[0];
        try (HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "localhost")
                .port(server.port()).flags(flags).user("alice").password("site-Pw").build());
             HttpResponse response = http.send(HttpRequest.newBuilder("/").expectSuccess().build())) {
            return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theProxysPasswordGoesWithAbsoluteFormRequestsAndTunnels() throws Exception {
        plain.start();
        tls.start();
        try (Squid squid = Squid.start(daemonDir, "pxy", PROXY_PASSWORD)) {
            try (Internet internet = through(squid, PROXY_PASSWORD)) {
                assertEquals("via squid " + plain.port(), get(internet, plain));
                assertEquals("via squid " + tls.port(), get(internet, tls));
            }
            // squid logs a tunnel when it closes: with the Internet and its pool.
            assertFalse(squid.requests("GET http://localhost:" + plain.port() + "/", "pxy").isEmpty(), squid.logText());
            assertFalse(squid.requests("CONNECT localhost:" + tls.port(), "pxy").isEmpty(), squid.logText());
        }
    }

    @Test
    void aRefusedProxyPasswordIsALoginFailureNamingTheProxy() throws Exception {
        plain.start();
        tls.start();
        try (Squid squid = Squid.start(daemonDir, "pxy", PROXY_PASSWORD);
             Internet internet = through(squid, "wrong-Pw")) {
            for (TestHttpServer server : new TestHttpServer[] {plain, tls}) {
                InternetException e = assertThrows(InternetException.class, () -> get(internet, server));
                assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.toString());
                assertTrue(e.getMessage().startsWith("the HTTP proxy 127.0.0.1:" + squid.port()), e.getMessage());
                assertFalse(e.toString().contains("wrong-Pw"), e.toString());
            }
            assertEquals(0, plain.requestCount() + tls.requestCount());
        }
    }
}
