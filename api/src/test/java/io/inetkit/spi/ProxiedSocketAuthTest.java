package io.inetkit.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ProxyConfig;
import io.inetkit.http.AuthScheme;
import io.inetkit.testkit.script.HostileHttpRequest;
import io.inetkit.testkit.script.HostileHttpScenario;
import io.inetkit.testkit.script.HostileHttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An HTTP proxy's 407 to {@code CONNECT}, answered by {@link ProxiedSocket} on the same connection,
 * against scripted proxies: the answers byte for byte, the 407's body skipped however it is framed,
 * and a proxy that closes after its challenge.
 */
class ProxiedSocketAuthTest {

    static final String PASSWORD = "Pw-connect-19d";
    static final String TUNNELLED = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\ninside";

    private final List<HostileHttpRequest> requests = new CopyOnWriteArrayList<>();
    private HostileHttpServer proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    /** A proxy that answers a CONNECT without {@code accepted} credentials with this 407, then a tunnel. */
    private ProxyConfig proxy(String refusal, String accepted) throws Exception {
        HostileHttpScenario scenario = (HostileHttpRequest request, OutputStream out) -> {
            requests.add(request);
            String head = request.head();
            if (!head.startsWith("CONNECT ")) {
                out.write(TUNNELLED.getBytes(StandardCharsets.ISO_8859_1)); // the server behind the tunnel
                return false;
            }
            if (request.header("Proxy-Authorization").filter(a -> a.startsWith(accepted)).isPresent()) {
                out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                return true;
            }
            out.write(refusal.getBytes(StandardCharsets.ISO_8859_1));
            return !refusal.contains("Connection: close");
        };
        proxy = HostileHttpServer.plain(scenario);
        proxy.start();
        return ProxyConfig.http("127.0.0.1", proxy.port());
    }

    /** Connects through the proxy to example.invalid:443 and reads what the tunnel brings back. */
    private static String tunnel(ProxyConfig config) throws Exception {
        try (Socket socket = new ProxiedSocket(config)) {
            socket.connect(InetSocketAddress.createUnresolved("example.invalid", 443), 5_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET /x HTTP/1.1\r\nHost: example.invalid\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static Map<String, String> fields(String answer) {
        Map<String, String> fields = new HashMap<>();
        for (String part : answer.substring("Digest ".length()).split(", ")) {
            int eq = part.indexOf('=');
            String value = part.substring(eq + 1);
            fields.put(part.substring(0, eq), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
        }
        return fields;
    }

    @Test
    void digestWithUserhashAnswersAConnectByteForByteAfterAChunkedRefusal() throws Exception {
        ProxyConfig config = proxy("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic"
                + " realm=\"p\"\r\nProxy-Authenticate: Digest realm=\"p\", nonce=\"n-42\", qop=\"auth\","
                + " opaque=\"o-1\", userhash=true\r\nTransfer-Encoding: chunked\r\n\r\n6\r\ndenied\r\n0\r\n\r\n", "Digest ");
        String inside = tunnel(config.withCredentials("pxy", PASSWORD).withAuthSchemes(AuthScheme.BASIC,
                AuthScheme.DIGEST));
        assertTrue(inside.endsWith("\r\n\r\ninside"), inside);
        assertEquals(3, requests.size(), requests.toString());
        assertTrue(requests.get(0).header("Proxy-Authorization").isEmpty(), "nothing up front with Digest allowed");
        String answer = requests.get(1).header("Proxy-Authorization").orElseThrow();
        Map<String, String> f = fields(answer);
        // Computed here from RFC 7616's formulas: HA1 with the user's name, the name sent as its hash.
        String response = md5(md5("pxy:p:" + PASSWORD) + ":n-42:00000001:" + f.get("cnonce") + ":auth:"
                + md5("CONNECT:example.invalid:443"));
        assertEquals("Digest username=\"" + md5("pxy:p") + "\", realm=\"p\", uri=\"example.invalid:443\","
                + " algorithm=MD5, nonce=\"n-42\", nc=00000001, cnonce=\"" + f.get("cnonce") + "\", qop=auth,"
                + " response=\"" + response + "\", opaque=\"o-1\", userhash=true", answer);
        assertTrue(requests.get(2).header("Proxy-Authorization").isEmpty(), "never to the server behind the tunnel");
    }

    @Test
    void basicAloneGoesUpFrontAndARefusalIsALoginFailureWithoutThePassword() throws Exception {
        ProxyConfig config = proxy("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic"
                + " realm=\"p\"\r\nContent-Length: 6\r\n\r\ndenied", "Basic never");
        InternetException e = assertThrows(InternetException.class,
                () -> tunnel(config.withCredentials("pxy", PASSWORD)));
        assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.toString());
        assertEquals("the HTTP proxy 127.0.0.1:" + proxy.port() + " refused the proxy user and password (BASIC,"
                + " realm \"p\"); check them", e.getMessage());
        assertEquals("HTTP/1.1 407 Proxy Authentication Required", e.serverReply().orElse(null));
        assertFalse(e.toString().contains(PASSWORD));
        assertEquals(1, requests.size(), "Basic was sent up front, and refused once");
        assertTrue(requests.get(0).header("Proxy-Authorization").orElse("").startsWith("Basic "));
    }

    @Test
    void aProxyThatClosesAfterItsChallengeIsALoginFailureThatSaysWhy() throws Exception {
        ProxyConfig config = proxy("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Digest"
                + " realm=\"p\", nonce=\"n\"\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", "Digest ");
        InternetException e = assertThrows(InternetException.class,
                () -> tunnel(config.withCredentials("pxy", PASSWORD).withAuthSchemes(AuthScheme.DIGEST)));
        assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.toString());
        assertTrue(e.getMessage().contains("closed the connection after its challenge"), e.getMessage());
        assertEquals(1, requests.size());
    }

    @Test
    void withoutCredentialsTheChallengeIsALoginFailureThatSaysWhereToGiveThem() throws Exception {
        ProxyConfig config = proxy("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic"
                + " realm=\"p\"\r\nContent-Length: 0\r\n\r\n", "Basic ");
        InternetException e = assertThrows(InternetException.class, () -> tunnel(config));
        assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.toString());
        assertTrue(e.getMessage().contains("asks for a user and password (407)"), e.getMessage());
        assertTrue(e.getMessage().contains("ProxyConfig or Authenticator"), e.getMessage());
    }
}
