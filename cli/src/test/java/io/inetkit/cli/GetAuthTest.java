package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.script.HostileHttpRequest;
import io.inetkit.testkit.script.HostileHttpScenario;
import io.inetkit.testkit.script.HostileHttpServer;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inetkit get} with {@code -u}, {@code --basic}, {@code --digest}, {@code --negotiate},
 * {@code --anyauth}, {@code -U} and the {@code --proxy-*} schemes, against scripted servers.
 */
class GetAuthTest {

    static final String PASSWORD = "Pw-77c1-secret";
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(("joe:" + PASSWORD)
            .getBytes(StandardCharsets.UTF_8));
    static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nin";

    @TempDir Path local;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<HostileHttpRequest> requests = new CopyOnWriteArrayList<>();
    private HostileHttpServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String serve(Function<HostileHttpRequest, String> answer) throws Exception {
        HostileHttpScenario scenario = (HostileHttpRequest request, OutputStream out) -> {
            requests.add(request);
            out.write(answer.apply(request).getBytes(StandardCharsets.ISO_8859_1));
            return true;
        };
        server = HostileHttpServer.plain(scenario);
        server.start();
        return "http://127.0.0.1:" + server.port() + "/x";
    }

    static String challenge(String header, String value) {
        return "HTTP/1.1 " + (header.startsWith("Proxy") ? "407 Proxy Authentication Required" : "401 Unauthorized")
                + "\r\n" + header + ": " + value + "\r\nContent-Length: 0\r\n\r\n";
    }

    private Optional<String> authorization(int i) {
        return requests.get(i).header("Authorization");
    }

    @Test
    void userAnswersDigestWithoutBeingToldAndNeverPrintsThePassword() throws Exception {
        String url = serve(r -> r.header("Authorization").isPresent() ? OK : challenge("WWW-Authenticate",
                "Basic realm=\"r\", Digest realm=\"r\", nonce=\"n\", qop=\"auth\""));
        Path file = local.resolve("page");
        assertEquals(0, run("get", "-v", "-u", "joe:" + PASSWORD, url, "-o", file.toString()), err.toString());
        assertEquals("in", Files.readString(file));
        assertEquals(Optional.empty(), authorization(0));
        assertTrue(authorization(1).orElseThrow().startsWith("Digest username=\"joe\", realm=\"r\""));
        assertFalse(err.toString().contains(PASSWORD), err.toString());
    }

    @Test
    void basicSendsBasicUpFrontAndDigestNeverSendsBasic() throws Exception {
        String url = serve(r -> r.header("Authorization").filter(BASIC::equals).isPresent() ? OK
                : challenge("WWW-Authenticate", "Basic realm=\"r\""));
        assertEquals(0, run("get", "--basic", "-u", "joe:" + PASSWORD, url), err.toString());
        assertEquals(Optional.of(BASIC), authorization(0));
        assertEquals(1, requests.size());

        assertEquals(22, run("get", "-f", "--digest", "-u", "joe:" + PASSWORD, url));
        assertEquals(Optional.empty(), authorization(1));
        assertEquals(2, requests.size());
        assertTrue(err.toString().contains("401"), err.toString());

        assertEquals(0, run("get", "--anyauth", "-u", "joe:" + PASSWORD, url), err.toString());
        assertEquals(Optional.of(BASIC), authorization(3));
    }

    @Test
    void aRefusedPasswordIsIncorrectPassword() throws Exception {
        String url = serve(r -> challenge("WWW-Authenticate", "Digest realm=\"r\", nonce=\"n\", qop=\"auth\""));
        assertEquals(22, run("get", "-u", "joe:" + PASSWORD, url));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_INCORRECT_PASSWORD (12014): 127.0.0.1:"
                + server.port() + " refused the password of user \"joe\""), err.toString());
    }

    @Test
    void severalSchemeOptionsAreRefused() {
        assertEquals(2, run("get", "--basic", "--digest", "-u", "joe:pw", "http://127.0.0.1:1/x"));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INVALID_PARAMETER (87): give one of --basic,"
                + " --digest, --negotiate and --anyauth, not several"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("get", "--proxy-digest", "--proxy-anyauth", "-x", "http://127.0.0.1:1", "-U", "p:w",
                "http://127.0.0.1:1/x"));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INVALID_PARAMETER (87): give one of --proxy-basic,"
                + " --proxy-digest, --proxy-negotiate and --proxy-anyauth, not several"), err.toString());
    }

    @Test
    void negotiateSendsNoPasswordAndWithoutATicketGivesTheChallengeBack() throws Exception {
        String url = serve(r -> challenge("WWW-Authenticate", "Negotiate, Basic realm=\"r\""));
        assertEquals(22, run("get", "-f", "--negotiate", "-u", "joe:" + PASSWORD, url));
        assertEquals(1, requests.size());
        assertEquals(Optional.empty(), authorization(0));
        assertTrue(err.toString().contains("401"), err.toString());
    }

    /** The Digest response for these fields, computed here from RFC 7616's formulas with MD5. */
    static String digestResponse(String user, String password, String method, Map<String, String> fields)
            throws Exception {
        String ha1 = md5(user + ":" + fields.get("realm") + ":" + password);
        String ha2 = md5(method + ":" + fields.get("uri"));
        return md5(ha1 + ":" + fields.get("nonce") + ":" + fields.get("nc") + ":" + fields.get("cnonce") + ":auth:"
                + ha2);
    }

    static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The fields of a Digest answer, unquoted; the test's own reading, for values without commas. */
    static Map<String, String> digestFields(String answer) {
        Map<String, String> fields = new HashMap<>();
        for (String part : answer.substring("Digest ".length()).split(", ")) {
            int eq = part.indexOf('=');
            String value = part.substring(eq + 1);
            fields.put(part.substring(0, eq), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
        }
        return fields;
    }

    @Test
    void proxyDigestAnswersTheProxysChallengeByteForByteAndNeverSendsBasic() throws Exception {
        String challenge = "Digest realm=\"pr\", nonce=\"pn-1\", qop=\"auth\", userhash=true";
        serve(r -> r.header("Proxy-Authorization").filter(a -> a.startsWith("Digest ")).isPresent() ? OK
                : challenge("Proxy-Authenticate", "Basic realm=\"pr\", " + challenge));
        Path file = local.resolve("page");
        assertEquals(0, run("get", "-v", "-x", "http://127.0.0.1:" + server.port(), "--proxy-digest", "-U",
                "pxy:" + PASSWORD, "http://example.invalid/page", "-o", file.toString()), err.toString());
        assertEquals("in", Files.readString(file));
        assertEquals(2, requests.size());
        assertTrue(requests.get(0).header("Proxy-Authorization").isEmpty(), requests.get(0).head());
        String answer = requests.get(1).header("Proxy-Authorization").orElseThrow();
        Map<String, String> fields = digestFields(answer);
        String cnonce = fields.get("cnonce");
        // userhash=true: the name is MD5("pxy:pr"), and the response is computed with the name itself.
        assertEquals("Digest username=\"" + md5("pxy:pr") + "\", realm=\"pr\", uri=\"http://example.invalid/page\","
                + " algorithm=MD5, nonce=\"pn-1\", nc=00000001, cnonce=\"" + cnonce + "\", qop=auth, response=\""
                + digestResponse("pxy", PASSWORD, "GET", fields) + "\", userhash=true", answer);
        assertTrue(requests.get(1).header("Authorization").isEmpty(), requests.get(1).head());
        assertFalse(err.toString().contains(PASSWORD), err.toString());
    }

    @Test
    void proxyAnyAuthSendsNothingUpFrontAndTakesDigestOverBasic() throws Exception {
        serve(r -> r.header("Proxy-Authorization").filter(a -> a.startsWith("Digest username=\"pxy\"")).isPresent()
                ? OK : challenge("Proxy-Authenticate", "Basic realm=\"pr\", Digest realm=\"pr\", nonce=\"n\", qop=auth"));
        assertEquals(0, run("get", "-x", "http://127.0.0.1:" + server.port(), "--proxy-anyauth", "-U",
                "pxy:" + PASSWORD, "http://example.invalid/page"), err.toString());
        assertEquals(2, requests.size());
        assertTrue(requests.get(0).header("Proxy-Authorization").isEmpty(), requests.get(0).head());
        // --proxy-basic, the default, sends Basic before any challenge, and a refusal is the 407's status 22.
        requests.clear();
        assertEquals(22, run("get", "-x", "http://127.0.0.1:" + server.port(), "--proxy-basic", "-U",
                "pxy:" + PASSWORD, "http://example.invalid/page"));
        assertTrue(requests.get(0).header("Proxy-Authorization").orElse("").startsWith("Basic "),
                requests.get(0).head());
        assertTrue(err.toString().contains("ERROR_INTERNET_LOGIN_FAILURE (12015): the HTTP proxy 127.0.0.1:"),
                err.toString());
        assertFalse(err.toString().contains(PASSWORD), err.toString());
    }

    @Test
    void proxyUserLogsInToTheProxy() throws Exception {
        String proxyBasic = "Basic " + Base64.getEncoder().encodeToString(("pxy:" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        serve(r -> r.header("Proxy-Authorization").filter(proxyBasic::equals).isPresent() ? OK
                : challenge("Proxy-Authenticate", "Basic realm=\"proxy\""));
        Path file = local.resolve("page");
        assertEquals(0, run("get", "-x", "http://127.0.0.1:" + server.port(), "-U", "pxy:" + PASSWORD,
                "http://example.invalid/page", "-o", file.toString()), err.toString());
        assertEquals("in", Files.readString(file));
        assertEquals("http://example.invalid/page", requests.get(0).target());
    }
}
