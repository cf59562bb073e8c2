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
import io.inetkit.Service;
import io.inetkit.http.AuthChallenge;
import io.inetkit.http.AuthScheme;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.HttpVersion;
import io.inetkit.http.RequestBody;
import io.inetkit.testkit.script.HostileHttpRequest;
import io.inetkit.testkit.script.HostileHttpScenario;
import io.inetkit.testkit.script.HostileHttpServer;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Answering 401 challenges, byte for byte against scripted servers, on both engines: the
 * provider's HTTP/1.1 engine over http:// and HTTPS, and java.net.http (asked for HTTP/2 over HTTPS;
 * the scripted server offers no ALPN, so java.net.http speaks HTTP/1.1 to it), which must leave the
 * challenges to the session and answer none itself.
 */
class HttpAuthenticationTest {

    enum Engine {
        PLAIN_H1(false, null), TLS_H1(true, null), TLS_H2(true, HttpVersion.HTTP_2);

        final boolean tls;
        final HttpVersion version;

        Engine(boolean tls, HttpVersion version) {
            this.tls = tls;
            this.version = version;
        }
    }

    static final String USER = "joe";
    static final String PASSWORD = "Pw-1b7f-secret";
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
            (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    static final String DIGEST_CHALLENGE = "Digest realm=\"vault\", qop=\"auth\", algorithm=SHA-256, nonce=\"n-1\","
            + " opaque=\"op\"";

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** A scripted server: records each request's head and answers it with what {@code answer} writes. */
    static final class Script implements HostileHttpScenario {
        final List<HostileHttpRequest> requests = new CopyOnWriteArrayList<>();
        final Function<HostileHttpRequest, String> answer;

        Script(Function<HostileHttpRequest, String> answer) {
            this.answer = answer;
        }

        @Override
        public boolean answer(HostileHttpRequest request, OutputStream out) throws java.io.IOException {
            requests.add(request);
            out.write(answer.apply(request).getBytes(StandardCharsets.ISO_8859_1));
            return true;
        }

        Optional<String> authorization(int i) {
            return requests.get(i).header("Authorization");
        }
    }

    static String reply(int status, String body, String... headers) {
        StringBuilder out = new StringBuilder("HTTP/1.1 " + status + (status == 200 ? " OK" : " Unauthorized") + "\r\n");
        for (String header : headers) {
            out.append(header).append("\r\n");
        }
        return out.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body).toString();
    }

    static String challenge(String... challenges) {
        String[] headers = new String[challenges.length];
        for (int i = 0; i < challenges.length; i++) {
            headers[i] = "WWW-Authenticate: " + challenges[i];
        }
        return reply(401, "denied", headers);
    }

    /** The server's side of Digest with qop=auth, written out here apart from the client's. */
    static boolean digestValid(String authorization, String algorithm, String method, String password) {
        Map<String, String> p = new HashMap<>();
        Matcher m = Pattern.compile("(\\w+)=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,\\s]*))").matcher(authorization);
        while (m.find()) {
            p.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        try {
            MessageDigest h = MessageDigest.getInstance(algorithm);
            Function<String, String> hash = s -> HexFormat.of().formatHex(h.digest(s.getBytes(StandardCharsets.UTF_8)));
            String ha1 = hash.apply(p.get("username") + ":" + p.get("realm") + ":" + password);
            String ha2 = hash.apply(method + ":" + p.get("uri"));
            return hash.apply(ha1 + ":" + p.get("nonce") + ":" + p.get("nc") + ":" + p.get("cnonce") + ":"
                    + p.get("qop") + ":" + ha2).equals(p.get("response"));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    Script start(Engine engine, Function<HostileHttpRequest, String> answer) throws Exception {
        Script script = new Script(answer);
        HostileHttpServer server = engine.tls ? HostileHttpServer.tls(script) : HostileHttpServer.plain(script);
        server.start();
        open.add(server);
        servers.put(script, server);
        return script;
    }

    private final Map<Script, HostileHttpServer> servers = new HashMap<>();

    Internet internet(Internet.Builder builder) {
        Internet internet = builder.readTimeout(Duration.ofSeconds(5))
                .sslContext(TestCertificate.localhost().clientContext()).build();
        open.add(internet);
        return internet;
    }

    HttpSession session(Internet internet, Engine engine, Script script, Credentials credentials, ConnectFlag... flags)
            throws InternetException {
        ConnectRequest.Builder<HttpSession> request = ConnectRequest.newBuilder(Service.HTTP, "localhost")
                .port(servers.get(script).port()).flags(flags);
        if (engine.tls) {
            List<ConnectFlag> all = new ArrayList<>(List.of(flags));
            all.add(ConnectFlag.SECURE);
            request.flags(all.toArray(ConnectFlag[]::new));
        }
        if (credentials != null) {
            request.user(credentials.user()).password(credentials.password());
        }
        HttpSession session = internet.connect(request.build());
        open.add(session);
        return session;
    }

    static HttpResponse send(HttpSession http, Engine engine, HttpRequest.Builder request) throws InternetException {
        if (engine.version != null) {
            request.version(engine.version);
        }
        return http.send(request.build());
    }

    static String body(HttpSession http, Engine engine, String target) throws Exception {
        try (HttpResponse response = send(http, engine, HttpRequest.newBuilder(target));
             InputStream in = response.body()) {
            assertEquals(200, response.statusCode());
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    // --- Basic and Digest ---------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Engine.class)
    void answersBasicOnlyWhenAskedThenSendsItUpFront(Engine engine) throws Exception {
        Script script = start(engine, r -> r.header("Authorization").equals(Optional.of(BASIC))
                ? reply(200, "in") : challenge("Basic realm=\"inetkit\", charset=\"UTF-8\""));
        HttpSession http = session(internet(Internet.newBuilder()), engine, script, Credentials.of(USER, PASSWORD));
        assertEquals("in", body(http, engine, "/a"));
        assertEquals(Optional.empty(), script.authorization(0), "nothing up front to a server that has not asked");
        assertEquals(Optional.of(BASIC), script.authorization(1));
        assertEquals("in", body(http, engine, "/b"));
        assertEquals(3, script.requests.size(), "once taken, Basic goes up front");
        assertEquals(Optional.of(BASIC), script.authorization(2));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void answersDigestBeforeBasicWhenBothAreOfferedAndCountsTheNonce(Engine engine) throws Exception {
        Script script = start(engine, r -> r.header("Authorization").filter(a -> a.startsWith("Digest ")
                && digestValid(a, "SHA-256", r.method(), PASSWORD)).isPresent()
                ? reply(200, "in") : challenge("Basic realm=\"vault\", " + DIGEST_CHALLENGE.replace("SHA-256", "MD5"),
                        DIGEST_CHALLENGE));
        HttpSession http = session(internet(Internet.newBuilder()), engine, script, Credentials.of(USER, PASSWORD));
        try (HttpResponse response = send(http, engine, HttpRequest.newBuilder("/dir/index.html?q=1")
                .method("POST").body(RequestBody.of("form".getBytes(StandardCharsets.UTF_8))))) {
            assertEquals(200, response.statusCode());
        }
        String answer = script.authorization(1).orElseThrow();
        assertTrue(answer.startsWith("Digest username=\"joe\", realm=\"vault\", uri=\"/dir/index.html?q=1\","
                + " algorithm=SHA-256, nonce=\"n-1\", nc=00000001, cnonce=\""), answer);
        assertTrue(answer.contains("\", qop=auth, response=\"") && answer.endsWith("\", opaque=\"op\""), answer);
        assertEquals("in", body(http, engine, "/next"));
        assertEquals(3, script.requests.size(), "the next request answers up front with the next nonce count");
        assertTrue(script.authorization(2).orElseThrow().contains(", nc=00000002, "));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aRefusedPasswordIsIncorrectPasswordAfterOneAnswer(Engine engine) throws Exception {
        Script script = start(engine, r -> challenge(DIGEST_CHALLENGE));
        HttpSession http = session(internet(Internet.newBuilder()), engine, script, Credentials.of(USER, "wrong"));
        InternetException e = assertThrows(InternetException.class, () -> send(http, engine, HttpRequest.newBuilder("/")));
        assertEquals(InternetError.INCORRECT_PASSWORD, e.error());
        assertEquals("localhost:" + servers.get(script).port() + " refused the password of user \"joe\" (DIGEST,"
                + " realm \"vault\"); check the user name and password", e.getMessage());
        assertEquals("HTTP/1.1 401 Unauthorized", e.serverReply().orElseThrow());
        assertEquals(2, script.requests.size());
    }

    @Test
    void aStaleNonceIsAnsweredAgainWithTheSamePasswordWithinTheLimit() throws Exception {
        Script script = start(Engine.PLAIN_H1, r -> {
            Optional<String> a = r.header("Authorization");
            if (a.isEmpty()) {
                return challenge(DIGEST_CHALLENGE);
            }
            return a.get().contains("nonce=\"n-2\"") ? reply(200, "fresh")
                    : challenge(DIGEST_CHALLENGE.replace("n-1", "n-2") + ", stale=true");
        });
        HttpSession http = session(internet(Internet.newBuilder()), Engine.PLAIN_H1, script,
                Credentials.of(USER, PASSWORD));
        assertEquals("fresh", body(http, Engine.PLAIN_H1, "/"));
        assertEquals(3, script.requests.size());
        assertTrue(digestValid(script.authorization(2).orElseThrow(), "SHA-256", "GET", PASSWORD));

        Script endless = start(Engine.PLAIN_H1, r -> challenge(DIGEST_CHALLENGE.replace("n-1", "n-" + r.number())
                + (r.header("Authorization").isPresent() ? ", stale=true" : "")));
        HttpSession looping = session(internet(Internet.newBuilder().limits(Limits.newBuilder().maxAuthAttempts(2)
                .build())), Engine.PLAIN_H1, endless, Credentials.of(USER, PASSWORD));
        InternetException e = assertThrows(InternetException.class, () -> looping.send(HttpRequest.get("/")));
        assertEquals(InternetError.LOGIN_FAILURE, e.error());
        assertTrue(e.getMessage().contains("more than 2 authentication challenges for GET / (Limits.maxAuthAttempts)"),
                e.getMessage());
        assertEquals(3, endless.requests.size());
    }

    @Test
    void refusesAuthIntOnlyCleanlyAndSendsNothing() throws Exception {
        Script script = start(Engine.PLAIN_H1, r -> challenge("Digest realm=\"x\", nonce=\"n\", qop=\"auth-int\""));
        HttpSession http = session(internet(Internet.newBuilder()), Engine.PLAIN_H1, script,
                Credentials.of(USER, PASSWORD));
        InternetException e = assertThrows(InternetException.class, () -> http.send(HttpRequest.get("/")));
        assertEquals(InternetError.LOGIN_FAILURE, e.error());
        assertTrue(e.getMessage().contains("qop=auth-int only"), e.getMessage());
        assertEquals(1, script.requests.size());
        assertEquals(Optional.empty(), script.authorization(0));
    }

    @Test
    void tooManyOrTooLargeChallengesAreRefusedByTheirLimits() throws Exception {
        String[] many = new String[17];
        java.util.Arrays.fill(many, "Basic realm=\"r\"");
        Script crowded = start(Engine.PLAIN_H1, r -> challenge(many));
        HttpSession http = session(internet(Internet.newBuilder()), Engine.PLAIN_H1, crowded,
                Credentials.of(USER, PASSWORD));
        InternetException e = assertThrows(InternetException.class, () -> http.send(HttpRequest.get("/")));
        assertEquals(InternetError.HTTP_INVALID_SERVER_RESPONSE, e.error());
        assertTrue(e.getMessage().contains("more than 16 authentication challenges (Limits.maxChallenges)"),
                e.getMessage());

        // Two fields of 9 KiB: each line within Limits.maxLineBytes, both together past maxChallengeBytes.
        String big = "Basic realm=\"" + "r".repeat(9 * 1024) + "\"";
        Script large = start(Engine.PLAIN_H1, r -> challenge(big, big));
        HttpSession other = session(internet(Internet.newBuilder()), Engine.PLAIN_H1, large,
                Credentials.of(USER, PASSWORD));
        e = assertThrows(InternetException.class, () -> other.send(HttpRequest.get("/")));
        assertEquals(InternetError.HTTP_INVALID_SERVER_RESPONSE, e.error());
        assertTrue(e.getMessage().contains("more than 16384 bytes (Limits.maxChallengeBytes)"), e.getMessage());
        assertTrue(crowded.requests.stream().allMatch(r -> r.header("Authorization").isEmpty()));
        assertTrue(large.requests.stream().allMatch(r -> r.header("Authorization").isEmpty()));
    }

    // --- who gets credentials -----------------------------------------------------------------------

    @Test
    void anAnonymousSessionAndNoAuthGetTheChallengeAsTheResponse() throws Exception {
        Script script = start(Engine.PLAIN_H1, r -> challenge("Basic realm=\"r\""));
        Internet internet = internet(Internet.newBuilder());
        for (HttpSession http : List.of(session(internet, Engine.PLAIN_H1, script, null),
                session(internet, Engine.PLAIN_H1, script, Credentials.of(USER, PASSWORD), ConnectFlag.NO_AUTH))) {
            try (HttpResponse response = http.send(HttpRequest.get("/"))) {
                assertEquals(401, response.statusCode());
            }
        }
        assertEquals(2, script.requests.size());
        assertTrue(script.requests.stream().allMatch(r -> r.header("Authorization").isEmpty()));
    }

    @Test
    void onlyBasicAllowedGoesUpFrontAndOnlyDigestNeverSendsThePasswordInClear() throws Exception {
        Script basic = start(Engine.PLAIN_H1, r -> reply(200, "ok"));
        HttpSession eager = session(internet(Internet.newBuilder().authSchemes(AuthScheme.BASIC)), Engine.PLAIN_H1,
                basic, Credentials.of(USER, PASSWORD));
        assertEquals("ok", body(eager, Engine.PLAIN_H1, "/"));
        assertEquals(Optional.of(BASIC), basic.authorization(0));

        Script wantsBasic = start(Engine.PLAIN_H1, r -> challenge("Basic realm=\"r\""));
        HttpSession careful = session(internet(Internet.newBuilder().authSchemes(AuthScheme.DIGEST)), Engine.PLAIN_H1,
                wantsBasic, Credentials.of(USER, PASSWORD));
        try (HttpResponse response = careful.send(HttpRequest.get("/"))) {
            assertEquals(401, response.statusCode());
        }
        assertEquals(1, wantsBasic.requests.size());
    }

    @Test
    void aServerThatTookDigestCannotDowngradeToBasic() throws Exception {
        Script script = start(Engine.PLAIN_H1, r -> r.number() == 2 ? reply(200, "in")
                : r.number() == 1 ? challenge(DIGEST_CHALLENGE) : challenge("Basic realm=\"vault\""));
        HttpSession http = session(internet(Internet.newBuilder()), Engine.PLAIN_H1, script,
                Credentials.of(USER, PASSWORD));
        assertEquals("in", body(http, Engine.PLAIN_H1, "/"));
        InternetException e = assertThrows(InternetException.class, () -> http.send(HttpRequest.get("/again")));
        assertEquals(InternetError.LOGIN_FAILURE, e.error());
        assertTrue(e.getMessage().contains("asked for Basic after it had taken Digest"), e.getMessage());
        assertTrue(script.requests.stream().noneMatch(r -> r.header("Authorization").orElse("").startsWith("Basic")));
    }

    @Test
    void credentialsNeverFollowARedirectToAnotherOrigin() throws Exception {
        List<AuthChallenge> asked = new CopyOnWriteArrayList<>();
        Script elsewhere = start(Engine.PLAIN_H1, r -> challenge("Basic realm=\"other\""));
        int otherPort = servers.get(elsewhere).port();
        Script home = start(Engine.PLAIN_H1, r -> r.header("Authorization").isPresent()
                ? "HTTP/1.1 302 Found\r\nLocation: http://localhost:" + otherPort + "/x\r\nContent-Length: 0\r\n\r\n"
                : challenge("Basic realm=\"home\""));
        Internet internet = internet(Internet.newBuilder().authenticator(challenge -> {
            asked.add(challenge);
            return Optional.of(Credentials.of(USER, PASSWORD));
        }));
        for (Credentials credentials : java.util.Arrays.asList(Credentials.of(USER, PASSWORD), null)) {
            try (HttpResponse response = session(internet, Engine.PLAIN_H1, home, credentials)
                    .send(HttpRequest.get("/"))) {
                assertEquals(401, response.statusCode(), "the other origin's challenge comes back unanswered");
            }
        }
        assertEquals(2, elsewhere.requests.size());
        assertTrue(elsewhere.requests.stream().allMatch(r -> r.header("Authorization").isEmpty()));
        assertEquals(List.of(new AuthChallenge(AuthScheme.BASIC, Optional.of("home"), "localhost",
                servers.get(home).port(), 1)), asked, "asked for its own origin only, once");
    }

    @Test
    void aRequestWithItsOwnAuthorizationKeepsItAndGetsNoAnswer() throws Exception {
        Script script = start(Engine.PLAIN_H1, r -> challenge("Basic realm=\"r\""));
        HttpSession http = session(internet(Internet.newBuilder()), Engine.PLAIN_H1, script,
                Credentials.of(USER, PASSWORD));
        try (HttpResponse response = http.send(HttpRequest.newBuilder("/").header("Authorization", "Bearer t").build())) {
            assertEquals(401, response.statusCode());
        }
        assertEquals(List.of(Optional.of("Bearer t")), script.requests.stream().map(r -> r.header("Authorization")).toList());
    }

    // --- the Authenticator ----------------------------------------------------------------------------

    @Test
    void theAuthenticatorIsAskedPerChallengeAgainWhenRefusedAndMayGiveUp() throws Exception {
        Script script = start(Engine.PLAIN_H1, r -> r.header("Authorization").filter(a -> digestValid(a, "SHA-256",
                "GET", PASSWORD)).isPresent() ? reply(200, "in") : challenge(DIGEST_CHALLENGE));
        List<AuthChallenge> asked = new CopyOnWriteArrayList<>();
        Internet internet = internet(Internet.newBuilder().authenticator(challenge -> {
            asked.add(challenge);
            return Optional.of(Credentials.of(USER, challenge.attempt() == 1 ? "typo" : PASSWORD));
        }));
        HttpSession http = session(internet, Engine.PLAIN_H1, script, null);
        assertEquals("in", body(http, Engine.PLAIN_H1, "/"));
        int port = servers.get(script).port();
        assertEquals(List.of(new AuthChallenge(AuthScheme.DIGEST, Optional.of("vault"), "localhost", port, 1),
                new AuthChallenge(AuthScheme.DIGEST, Optional.of("vault"), "localhost", port, 2)), asked);

        Script refusing = start(Engine.PLAIN_H1, r -> challenge("Basic realm=\"r\""));
        HttpSession giveUp = session(internet(Internet.newBuilder().authenticator(c -> Optional.empty())),
                Engine.PLAIN_H1, refusing, null);
        try (HttpResponse response = giveUp.send(HttpRequest.get("/"))) {
            assertEquals(401, response.statusCode());
        }
        assertEquals(1, refusing.requests.size());

        InternetException failure = new InternetException(InternetError.OPERATION_CANCELLED, "the user said no");
        HttpSession cancelled = session(internet(Internet.newBuilder().authenticator(c -> {
            throw failure;
        })), Engine.PLAIN_H1, refusing, null);
        assertEquals(failure, assertThrows(InternetException.class, () -> cancelled.send(HttpRequest.get("/"))));
        assertFalse(asked.isEmpty());
    }
}
