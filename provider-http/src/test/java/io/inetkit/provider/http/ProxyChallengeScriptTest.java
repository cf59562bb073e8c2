package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ProxyConfig;
import io.inetkit.Service;
import io.inetkit.http.AuthChallenge;
import io.inetkit.http.AuthScheme;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.RequestBody;
import io.inetkit.testkit.script.HostileHttpRequest;
import io.inetkit.testkit.script.HostileHttpScenario;
import io.inetkit.testkit.script.HostileHttpServer;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A proxy's Digest challenge to requests in absolute form, against a scripted proxy: what the proxy
 * took goes up front on the next request with the next nonce count, byte for byte, and a body that
 * cannot be sent again cannot answer a 407.
 */
class ProxyChallengeScriptTest {

    static final String PASSWORD = "Pw-abs-3e8";
    static final String CHALLENGE = "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Digest"
            + " realm=\"px\", nonce=\"nn\", qop=\"auth\"\r\nContent-Length: 6\r\n\r\ndenied";
    static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private final List<HostileHttpRequest> requests = new CopyOnWriteArrayList<>();
    private HostileHttpServer proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    private Internet through() throws Exception {
        return through(ProxyConfig::withCredentials, Internet.newBuilder());
    }

    private interface Credentialed {
        ProxyConfig with(ProxyConfig config, String user, String password);
    }

    private Internet through(Credentialed credentials, Internet.Builder builder) throws Exception {
        HostileHttpScenario scenario = (HostileHttpRequest request, OutputStream out) -> {
            requests.add(request);
            boolean digest = request.header("Proxy-Authorization").filter(a -> a.startsWith("Digest ")).isPresent();
            out.write((digest ? OK : CHALLENGE).getBytes(StandardCharsets.ISO_8859_1));
            return true;
        };
        proxy = HostileHttpServer.plain(scenario);
        proxy.start();
        return builder.readTimeout(Duration.ofSeconds(5)).proxy(credentials.with(ProxyConfig.http("127.0.0.1",
                proxy.port()).withAuthSchemes(AuthScheme.DIGEST), "pxy", PASSWORD)).build();
    }

    static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static String cnonce(String answer) {
        int start = answer.indexOf("cnonce=\"") + 8;
        return answer.substring(start, answer.indexOf('"', start));
    }

    static String expected(String method, String uri, String nc, String cnonce) throws Exception {
        String response = md5(md5("pxy:px:" + PASSWORD) + ":nn:" + nc + ":" + cnonce + ":auth:" + md5(method + ":" + uri));
        return "Digest username=\"pxy\", realm=\"px\", uri=\"" + uri + "\", algorithm=MD5, nonce=\"nn\", nc=" + nc
                + ", cnonce=\"" + cnonce + "\", qop=auth, response=\"" + response + "\"";
    }

    @Test
    void whatTheProxyTookGoesUpFrontWithTheNextNonceCount() throws Exception {
        try (Internet internet = through();
             HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "example.invalid").build())) {
            for (String path : new String[] {"/a", "/b?q=1"}) {
                try (HttpResponse response = http.send(HttpRequest.get(path))) {
                    assertEquals("ok", new String(response.body().readAllBytes(), StandardCharsets.US_ASCII));
                }
            }
        }
        assertEquals(3, requests.size(), requests.toString());
        assertTrue(requests.get(0).header("Proxy-Authorization").isEmpty());
        String first = requests.get(1).header("Proxy-Authorization").orElseThrow();
        assertEquals(expected("GET", "http://example.invalid/a", "00000001", cnonce(first)), first);
        String second = requests.get(2).header("Proxy-Authorization").orElseThrow();
        assertEquals(expected("GET", "http://example.invalid/b?q=1", "00000002", cnonce(second)), second);
        assertEquals(1, requests.get(2).connection(), "the 407's connection carried the answers");
    }

    @Test
    void aBodyThatCannotBeSentAgainCannotAnswerA407() throws Exception {
        try (Internet internet = through();
             HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "example.invalid").build())) {
            HttpRequest post = HttpRequest.newBuilder("/up").method("POST").body(RequestBody.ofStream(
                    () -> new ByteArrayInputStream(new byte[] {1, 2, 3}), 3)).build();
            InternetException e = assertThrows(InternetException.class, () -> http.send(post));
            assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.toString());
            assertTrue(e.getMessage().contains("cannot be sent again"), e.getMessage());
            assertFalse(e.toString().contains(PASSWORD));
        }
        assertEquals(1, requests.size(), requests.toString());
    }

    @Test
    void anAuthenticatorThatGivesNothingForTheProxyEndsTheCallWithLoginFailure() throws Exception {
        List<AuthChallenge> asked = new CopyOnWriteArrayList<>();
        try (Internet internet = through((config, user, password) -> config, Internet.newBuilder()
                .authenticator(challenge -> {
                    asked.add(challenge);
                    return Optional.empty();
                }));
             HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "example.invalid").build())) {
            InternetException e = assertThrows(InternetException.class, () -> http.send(HttpRequest.get("/a")));
            assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.toString());
            assertTrue(e.getMessage().contains("the Authenticator gave none"), e.getMessage());
            assertEquals("HTTP/1.1 407 Proxy Authentication Required", e.serverReply().orElse(null));
        }
        assertEquals(List.of(new AuthChallenge(AuthScheme.DIGEST, Optional.of("px"), "127.0.0.1", proxy.port(), 1,
                true)), asked);
        assertEquals(1, requests.size(), requests.toString());
    }
}
