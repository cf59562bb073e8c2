package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Credentials;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import io.inetkit.ProxyConfig;
import io.inetkit.Service;
import io.inetkit.http.AuthChallenge;
import io.inetkit.http.AuthScheme;
import io.inetkit.http.Authenticator;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.testkit.daemon.Squid;
import io.inetkit.testkit.http.RecordedRequest;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.tls.TestCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through a real squid that asks for Digest (digest_file_auth) with a 407: plain HTTP in absolute
 * form and HTTPS by {@code CONNECT}, with the proxy's own credentials or the Authenticator's, the
 * loop of refusals bounded, and the proxy's credentials never at the server.
 */
class SquidProxyDigestTest {

    private static final String PROXY_PASSWORD = "Pw-digest-7c2";

    @TempDir Path daemonDir;

    private final TestHttpServer plain = TestHttpServer.newBuilder().requireBasicAuth("alice", "site-Pw").build();
    private final TestHttpServer tls = TestHttpServer.newBuilder().https().requireBasicAuth("alice", "site-Pw").build();

    @AfterEach
    void stop() {
        plain.close();
        tls.close();
    }

    private static Internet.Builder through(ProxyConfig proxy) {
        return Internet.newBuilder().proxy(proxy).connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(10)).sslContext(TestCertificate.localhost().clientContext());
    }

    private static ProxyConfig digest(Squid squid) {
        return ProxyConfig.http("127.0.0.1", squid.port()).withAuthSchemes(AuthScheme.DIGEST);
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

    private void assertNoProxyCredentialsAtTheServer() throws InterruptedException {
        for (TestHttpServer server : new TestHttpServer[] {plain, tls}) {
            Optional<RecordedRequest> request;
            while ((request = server.takeRequest(Duration.ofMillis(10))).isPresent()) {
                assertTrue(request.get().header("Proxy-Authorization").isEmpty(), request.get().toString());
            }
        }
    }

    @Test
    void digestAnswersTheProxyForAbsoluteFormRequestsAndTunnels() throws Exception {
        plain.start();
        tls.start();
        try (Squid squid = Squid.start(daemonDir, "pxy", PROXY_PASSWORD, Squid.Auth.DIGEST)) {
            try (Internet internet = through(digest(squid).withCredentials("pxy", PROXY_PASSWORD)).build()) {
                assertEquals("via squid " + plain.port(), get(internet, plain));
                assertEquals("via squid " + tls.port(), get(internet, tls));
            }
            assertFalse(squid.requests("GET http://localhost:" + plain.port() + "/", "pxy").isEmpty(), squid.logText());
            assertFalse(squid.requests("CONNECT localhost:" + tls.port(), "pxy").isEmpty(), squid.logText());
            assertNoProxyCredentialsAtTheServer();
        }
    }

    @Test
    void anyAuthTakesDigestOverBasicWhenTheProxyOffersBoth() throws Exception {
        plain.start();
        tls.start();
        try (Squid squid = Squid.start(daemonDir, "pxy", PROXY_PASSWORD, Squid.Auth.DIGEST_AND_BASIC)) {
            List<AuthScheme> asked = new CopyOnWriteArrayList<>();
            Authenticator authenticator = challenge -> {
                asked.add(challenge.scheme());
                return Optional.of(Credentials.of("pxy", PROXY_PASSWORD));
            };
            ProxyConfig any = ProxyConfig.http("127.0.0.1", squid.port()).withAuthSchemes(AuthScheme.BASIC,
                    AuthScheme.DIGEST);
            try (Internet internet = through(any).authenticator(authenticator).build()) {
                assertEquals("via squid " + plain.port(), get(internet, plain));
                assertEquals("via squid " + tls.port(), get(internet, tls));
            }
            // Asked once: what the proxy took goes up front on the next request and CONNECT, with the next nc.
            assertEquals(List.of(AuthScheme.DIGEST), asked);
            assertNoProxyCredentialsAtTheServer();
        }
    }

    @Test
    void theAuthenticatorIsAskedForTheProxyWithItsAddressAndRealm() throws Exception {
        plain.start();
        tls.start();
        try (Squid squid = Squid.start(daemonDir, "pxy", PROXY_PASSWORD, Squid.Auth.DIGEST)) {
            List<AuthChallenge> challenges = new CopyOnWriteArrayList<>();
            Authenticator authenticator = challenge -> {
                challenges.add(challenge);
                return Optional.of(challenge.proxy() ? Credentials.of("pxy", PROXY_PASSWORD)
                        : Credentials.of("nobody", "never"));
            };
            try (Internet internet = through(digest(squid)).authenticator(authenticator).build()) {
                // The session's own credentials answer the server; the Authenticator, the proxy.
                assertEquals("via squid " + plain.port(), get(internet, plain));
                assertEquals("via squid " + tls.port(), get(internet, tls));
            }
            // Once for the Internet: the server's 401, the second request and the tunnel reuse what the proxy took.
            assertEquals(1, challenges.size(), challenges.toString());
            for (AuthChallenge challenge : challenges) {
                assertEquals(new AuthChallenge(AuthScheme.DIGEST, Optional.of(Squid.REALM), "127.0.0.1", squid.port(),
                        1, true), challenge);
            }
            assertNoProxyCredentialsAtTheServer();
        }
    }

    @Test
    void refusalsEndInLoginFailureAfterTheBoundAndNameTheProxyNeverThePassword() throws Exception {
        plain.start();
        tls.start();
        try (Squid squid = Squid.start(daemonDir, "pxy", PROXY_PASSWORD, Squid.Auth.DIGEST)) {
            List<Integer> attempts = new CopyOnWriteArrayList<>();
            Authenticator wrong = challenge -> {
                attempts.add(challenge.attempt());
                return Optional.of(Credentials.of("pxy", "wrong-Pw-" + challenge.attempt()));
            };
            try (Internet internet = through(digest(squid)).authenticator(wrong)
                    .limits(Limits.newBuilder().maxAuthAttempts(2).build()).build()) {
                for (TestHttpServer server : new TestHttpServer[] {plain, tls}) {
                    attempts.clear();
                    InternetException e = assertThrows(InternetException.class, () -> get(internet, server));
                    assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.toString());
                    assertTrue(e.getMessage().startsWith("the HTTP proxy 127.0.0.1:" + squid.port()), e.getMessage());
                    assertTrue(e.getMessage().contains("maxAuthAttempts"), e.getMessage());
                    assertTrue(e.serverReply().orElse("").contains("407"), e.toString());
                    assertFalse(e.toString().contains("wrong-Pw"), e.toString());
                    assertEquals(List.of(1, 2), attempts, server.isHttps() ? "CONNECT" : "absolute form");
                }
            }
            // The proxy's own credentials refused: at the second challenge, not after the bound.
            try (Internet internet = through(digest(squid).withCredentials("pxy", "wrong-Pw")).build()) {
                for (TestHttpServer server : new TestHttpServer[] {plain, tls}) {
                    InternetException e = assertThrows(InternetException.class, () -> get(internet, server));
                    assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.toString());
                    assertTrue(e.getMessage().contains("refused the proxy user and password (DIGEST"), e.getMessage());
                    assertFalse(e.toString().contains("wrong-Pw"), e.toString());
                }
            }
            assertEquals(0, plain.requestCount() + tls.requestCount());
        }
    }
}
