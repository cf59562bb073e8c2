package io.inetkit.provider.http.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import io.inetkit.Service;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.HttpVersion;
import io.inetkit.http.RequestBody;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.script.HostileHttpScenario;
import io.inetkit.testkit.script.HostileHttpScenarios;
import io.inetkit.testkit.script.HostileHttpServer;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Servers that try to make the client wait forever or hold unbounded memory through what they
 * control in a response: endless or trickled interim responses, header sections too large, too
 * many fields, too long a line, header lines trickled one a second, the same in a chunked body's
 * size lines and trailers, bytes after a body on a kept-alive connection, a kept-alive connection
 * gone silent, and endless redirects. Each plays byte for byte from a testkit
 * {@link HostileHttpServer}, on the two engines a request runs on: the provider's own HTTP/1.1
 * engine, the default, over http:// and HTTPS, and java.net.http, where HTTP/2 is asked for over
 * HTTPS (the scripted server offers no ALPN protocol, so java.net.http falls back to its own
 * HTTP/1.1 and meets the scenario). Each ends with the
 * right error within the read timeout plus one second, and leaves no socket or thread behind.
 */
class HttpHostileServerTest {

    static final Duration TIMEOUT = Duration.ofMillis(1500);
    /** The bound: the read timeout and one second. */
    static final Duration BOUND = TIMEOUT.plusSeconds(1);
    /** A scenario's trickle: faster than the read timeout, so that no single read runs out. */
    static final Duration TRICKLE = Duration.ofSeconds(1);

    enum Engine {
        PLAIN_H1(false, null), TLS_H1(true, null), TLS_H2(true, HttpVersion.HTTP_2);

        final boolean tls;
        final HttpVersion version;

        Engine(boolean tls, HttpVersion version) {
            this.tls = tls;
            this.version = version;
        }
    }

    /** How one GET ended: its body or its error, how long it took, and how many connections the server saw. */
    record Outcome(String body, InternetException error, long nanos, int connections, int port) {

        Outcome ok(String expected) {
            if (error != null) {
                throw new AssertionError("expected the body \"" + expected + "\", got " + error, error);
            }
            assertEquals(expected, body);
            return this;
        }

        Outcome fails(InternetError expected, String... words) {
            if (error == null) {
                fail("expected " + expected + ", got the body \"" + body + "\"");
            }
            assertEquals(expected, error.error(), error.toString());
            for (String word : words) {
                assertTrue(error.getMessage().contains(word), "\"" + word + "\" missing in: " + error.getMessage());
            }
            return this;
        }

        Outcome within(Duration bound) {
            assertTrue(nanos < bound.toNanos(), "took " + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms, more than "
                    + bound.toMillis());
            return this;
        }
    }

    /** One Internet per set of limits in a test, all closed after it; then nothing may be left open. */
    final Map<Limits, Internet> internets = new HashMap<>();
    Leaks leaks;

    @BeforeEach
    void snapshot() {
        leaks = Leaks.snapshot().collectingGarbage();
    }

    @AfterEach
    void closeAndCheck(TestInfo test) throws Exception {
        internets.values().forEach(Internet::close);
        // Once per test: java.net.http's selector thread ends only some seconds after its client is unreachable.
        leaks.assertNoLeak(test.getDisplayName());
    }

    Internet internet(Limits limits) {
        return internets.computeIfAbsent(limits, l -> Internet.newBuilder().connectTimeout(TIMEOUT)
                .readTimeout(TIMEOUT).limits(l).sslContext(TestCertificate.localhost().clientContext()).build());
    }

    Outcome get(Engine engine, HostileHttpScenario scenario) throws Exception {
        return get(engine, scenario, Limits.defaults());
    }

    /** One GET of {@code /a} against the scenario on a server of its own, its body read to the end. */
    Outcome get(Engine engine, HostileHttpScenario scenario, Limits limits) throws Exception {
        return run(engine, scenario, limits, null);
    }

    /** One POST of 1 KiB to {@code /a}: interim responses are what a server sends to an upload. */
    Outcome post(Engine engine, HostileHttpScenario scenario) throws Exception {
        return run(engine, scenario, Limits.defaults(), RequestBody.of(new byte[1024]));
    }

    private Outcome run(Engine engine, HostileHttpScenario scenario, Limits limits, RequestBody upload)
            throws Exception {
        Internet internet = internet(limits);
        Outcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (HostileHttpServer server = start(engine, scenario);
                 HttpSession http = connect(internet, engine, server)) {
                long start = System.nanoTime();
                try {
                    String body = upload == null ? fetch(http, engine, "/a") : send(http, engine,
                            HttpRequest.newBuilder("/a").method("POST").body(upload));
                    return new Outcome(body, null, System.nanoTime() - start, server.connections(), server.port());
                } catch (InternetException e) {
                    return new Outcome(null, e, System.nanoTime() - start, server.connections(), server.port());
                }
            }
        });
        if (engine == Engine.TLS_H2 && refusedByTheJdk(outcome.error())) {
            // JDK 17's java.net.http leaves the socket of a head it refused open for good (Leaks.excuseRemotePort).
            Leaks.excuseRemotePort(outcome.port());
        }
        return outcome;
    }

    static boolean refusedByTheJdk(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ProtocolException) {
                return true;
            }
        }
        return false;
    }

    static HostileHttpServer start(Engine engine, HostileHttpScenario scenario) throws Exception {
        HostileHttpServer server = engine.tls ? HostileHttpServer.tls(scenario) : HostileHttpServer.plain(scenario);
        server.start();
        return server;
    }

    static HttpSession connect(Internet internet, Engine engine, HostileHttpServer server) throws InternetException {
        ConnectRequest.Builder<HttpSession> request = ConnectRequest.newBuilder(Service.HTTP, "localhost")
                .port(server.port());
        return internet.connect(engine.tls ? request.flags(ConnectFlag.SECURE).build() : request.build());
    }

    static String fetch(HttpSession http, Engine engine, String target) throws Exception {
        return send(http, engine, HttpRequest.newBuilder(target));
    }

    static String send(HttpSession http, Engine engine, HttpRequest.Builder request) throws Exception {
        if (engine.version != null) {
            request.version(engine.version);
        }
        try (HttpResponse response = http.send(request.build()); InputStream body = response.body()) {
            return new String(body.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    // --- interim responses ------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Engine.class)
    void endlessContinueIsRefusedAfterTheInterimLimit(Engine engine) throws Exception {
        get(engine, HostileHttpScenarios.endlessContinue())
                .fails(InternetError.HTTP_INVALID_SERVER_RESPONSE, "more than 8 interim").within(BOUND);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void continueTrickledOneASecondEndsAtTheReadTimeout(Engine engine) throws Exception {
        // java.net.http's own request timeout ends the wait for the head: "sent no response within".
        get(engine, HostileHttpScenarios.trickledContinue(TRICKLE))
                .fails(InternetError.TIMEOUT, engine == Engine.TLS_H2 ? "within 1500 ms" : "not whole 1500 ms")
                .within(BOUND);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anUploadMeetsTheSameBoundsOnItsInterimResponses(Engine engine) throws Exception {
        post(engine, HostileHttpScenarios.endlessContinue())
                .fails(InternetError.HTTP_INVALID_SERVER_RESPONSE, "more than 8 interim").within(BOUND);
        // java.net.http with a body: the session's own watch of the upload, "nothing moved for".
        String words = engine == Engine.TLS_H2 ? "nothing moved for 1500 ms" : "not whole 1500 ms";
        post(engine, HostileHttpScenarios.trickledContinue(TRICKLE)).fails(InternetError.TIMEOUT, words).within(BOUND);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void nineInterimResponsesAreRefusedAndEightAccepted(Engine engine) throws Exception {
        get(engine, HostileHttpScenarios.interimThenOk(9, "ok"))
                .fails(InternetError.HTTP_INVALID_SERVER_RESPONSE, "more than 8 interim").within(BOUND);
        get(engine, HostileHttpScenarios.interimThenOk(8, "ok")).ok("ok");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theInterimLimitOfTheBuilderHoldsOnTheEngineAndNotOnJavaNetHttp(Engine engine) throws Exception {
        Limits two = Limits.newBuilder().maxInterimResponses(2).build();
        if (engine == Engine.TLS_H2) {
            // The JDK skips interim responses without showing them; only its own bound (8) applies.
            get(engine, HostileHttpScenarios.interimThenOk(3, "ok"), two).ok("ok");
            return;
        }
        get(engine, HostileHttpScenarios.interimThenOk(3, "ok"), two)
                .fails(InternetError.HTTP_INVALID_SERVER_RESPONSE, "more than 2 interim", "Limits.maxInterimResponses")
                .within(BOUND);
        get(engine, HostileHttpScenarios.interimThenOk(2, "ok"), two).ok("ok");
    }

    // --- the header section -----------------------------------------------------------------------

    static final int HEADER_BYTES = Limits.defaults().maxHeaderBytes();

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aHeaderSectionOverTheLimitIsRefusedAndOneAtItAccepted(Engine engine) throws Exception {
        // java.net.http does not show the status line: JdkHeadCheck counts it without its reason phrase.
        int over = engine == Engine.TLS_H2 ? HEADER_BYTES + 64 : HEADER_BYTES + 1;
        get(engine, HostileHttpScenarios.headerSectionOf(over))
                .fails(InternetError.HTTP_INVALID_SERVER_RESPONSE, "more than " + HEADER_BYTES + " bytes",
                        "Limits.maxHeaderBytes").within(BOUND);
        get(engine, HostileHttpScenarios.headerSectionOf(HEADER_BYTES)).ok("");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aMebibyteHeadNeedsTheLimitRaisedAndOnJavaNetHttpTheJdksOwnBoundToo(Engine engine) throws Exception {
        int mebibyte = 1024 * 1024;
        String bound = engine == Engine.TLS_H2 ? "jdk.http.maxHeaderSize" : "Limits.maxHeaderBytes";
        get(engine, HostileHttpScenarios.headerSectionOf(mebibyte))
                .fails(InternetError.HTTP_INVALID_SERVER_RESPONSE, bound).within(BOUND);
        Limits raised = Limits.newBuilder().maxHeaderBytes(2 * mebibyte).build();
        if (engine == Engine.TLS_H2) {
            // The JDK refuses at its own 384 KiB first, whatever the Limits say.
            get(engine, HostileHttpScenarios.headerSectionOf(mebibyte), raised)
                    .fails(InternetError.HTTP_INVALID_SERVER_RESPONSE, bound).within(BOUND);
        } else {
            get(engine, HostileHttpScenarios.headerSectionOf(mebibyte), raised).ok("");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void headerFieldsOverTheLimitAreRefusedAndAsManyAsItAccepted(Engine engine) throws Exception {
        get(engine, HostileHttpScenarios.headerFields(201))
                .fails(InternetError.HTTP_INVALID_SERVER_RESPONSE, "more than 200 header fields",
                        "Limits.maxHeaderCount").within(BOUND);
        get(engine, HostileHttpScenarios.headerFields(200)).ok("");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aHeaderLineOverTheLimitIsRefusedAndOneAtItAccepted(Engine engine) throws Exception {
        int max = Limits.defaults().maxLineBytes();
        get(engine, HostileHttpScenarios.longHeaderLine(max + 1))
                .fails(InternetError.HTTP_INVALID_SERVER_RESPONSE, "longer than " + max + " bytes",
                        "Limits.maxLineBytes").within(BOUND);
        get(engine, HostileHttpScenarios.longHeaderLine(max)).ok("");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void headerLinesTrickledOneASecondEndAtTheReadTimeout(Engine engine) throws Exception {
        // java.net.http's own request timeout ends the wait for the head: "sent no response within".
        get(engine, HostileHttpScenarios.trickledHeaders(TRICKLE))
                .fails(InternetError.TIMEOUT, engine == Engine.TLS_H2 ? "within 1500 ms" : "not whole 1500 ms")
                .within(BOUND);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theBuildersLimitsAreHonoured(Engine engine) throws Exception {
        Limits small = Limits.newBuilder().maxHeaderCount(10).maxHeaderBytes(1000).maxLineBytes(100).build();
        get(engine, HostileHttpScenarios.headerFields(11), small)
                .fails(InternetError.HTTP_INVALID_SERVER_RESPONSE, "more than 10 header fields").within(BOUND);
        get(engine, HostileHttpScenarios.headerFields(10), small).ok("");
        int over = engine == Engine.TLS_H2 ? 1010 : 1001;
        get(engine, HostileHttpScenarios.headerSectionOf(over), Limits.newBuilder().maxHeaderBytes(1000).build())
                .fails(InternetError.HTTP_INVALID_SERVER_RESPONSE, "more than 1000 bytes").within(BOUND);
        get(engine, HostileHttpScenarios.headerSectionOf(1000), Limits.newBuilder().maxHeaderBytes(1000).build())
                .ok("");
        get(engine, HostileHttpScenarios.longHeaderLine(101), small)
                .fails(InternetError.HTTP_INVALID_SERVER_RESPONSE, "longer than 100 bytes").within(BOUND);
        get(engine, HostileHttpScenarios.longHeaderLine(100), small).ok("");
    }

    // --- bytes after the body -----------------------------------------------------------------------

    /** Two GETs on one session: the second must get its own answer, on a connection of its own. */
    void secondRequestGetsItsOwnResponse(Engine engine, Duration delay) throws Exception {
        Internet internet = internet(Limits.defaults());
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (HostileHttpServer server = start(engine, HostileHttpScenarios.bytesAfterBody("first", delay));
                 HttpSession http = connect(internet, engine, server)) {
                assertEquals("first", fetch(http, engine, "/a"));
                Thread.sleep(delay.toMillis() + 200); // the extra bytes arrive while the connection is idle
                assertEquals("/b", fetch(http, engine, "/b"));
                if (engine != Engine.TLS_H2) {
                    assertEquals(2, server.connections(), "the connection with extra bytes was not reused");
                }
                // java.net.http drops extra bytes it already holds when a body ends and reuses the
                // connection; extra bytes that arrive while it idles in the pool close it.
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void bytesAfterTheContentLengthInTheSameWriteAreNeverTheNextResponse(Engine engine) throws Exception {
        secondRequestGetsItsOwnResponse(engine, Duration.ZERO);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void bytesAfterTheContentLengthSentLaterAreNeverTheNextResponse(Engine engine) throws Exception {
        secondRequestGetsItsOwnResponse(engine, Duration.ofMillis(200));
    }

    // --- chunked bodies (the HTTP/1.1 engine's own framing) ------------------------------------------

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"PLAIN_H1", "TLS_H1"})
    void aChunkSizeLineOverTheLineLimitIsRefusedAndOneAtItAccepted(Engine engine) throws Exception {
        int max = Limits.defaults().maxLineBytes();
        get(engine, HostileHttpScenarios.chunked("2;" + "e".repeat(max - 1) + "\r\nok\r\n0\r\n\r\n"))
                .fails(InternetError.HTTP_INVALID_SERVER_RESPONSE, "a chunk size line longer than " + max,
                        "Limits.maxLineBytes").within(BOUND);
        get(engine, HostileHttpScenarios.chunked("2;" + "e".repeat(max - 2) + "\r\nok\r\n0\r\n\r\n")).ok("ok");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"PLAIN_H1", "TLS_H1"})
    void trailersOverTheFieldLimitAreRefusedAndAsManyAsItAccepted(Engine engine) throws Exception {
        get(engine, HostileHttpScenarios.chunked("2\r\nok\r\n0\r\n" + "X-T: 1\r\n".repeat(201) + "\r\n"))
                .fails(InternetError.HTTP_INVALID_SERVER_RESPONSE, "more than 200 trailer fields",
                        "Limits.maxHeaderCount").within(BOUND);
        get(engine, HostileHttpScenarios.chunked("2\r\nok\r\n0\r\n" + "X-T: 1\r\n".repeat(200) + "\r\n"))
                .ok("ok");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"PLAIN_H1", "TLS_H1"})
    void trailersOverTheByteLimitAreRefusedAndAsManyAsItAccepted(Engine engine) throws Exception {
        // The trailer section: its field lines and the blank line after them, 1001 and 1000 bytes.
        Limits small = Limits.newBuilder().maxHeaderBytes(1000).build();
        get(engine, HostileHttpScenarios.chunked("2\r\nok\r\n0\r\nX-T: " + "t".repeat(992) + "\r\n\r\n"), small)
                .fails(InternetError.HTTP_INVALID_SERVER_RESPONSE, "trailers of more than 1000 bytes",
                        "Limits.maxHeaderBytes").within(BOUND);
        get(engine, HostileHttpScenarios.chunked("2\r\nok\r\n0\r\nX-T: " + "t".repeat(991) + "\r\n\r\n"), small)
                .ok("ok");
    }

    // --- the pool and redirects ------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"PLAIN_H1", "TLS_H1"})
    void aKeptAliveConnectionThatFallsSilentTimesOutOnceAndIsNotRetried(Engine engine) throws Exception {
        // Retrying on a new connection would double the wait, and here be answered.
        HostileHttpScenario silentSecondTime = (request, out) -> {
            if (request.number() == 2) {
                Thread.sleep(60_000);
            }
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst".getBytes(StandardCharsets.ISO_8859_1));
            return true;
        };
        Internet internet = internet(Limits.defaults());
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (HostileHttpServer server = start(engine, silentSecondTime);
                 HttpSession http = connect(internet, engine, server)) {
                assertEquals("first", fetch(http, engine, "/a"));
                long start = System.nanoTime();
                try {
                    fail("answered: " + fetch(http, engine, "/b"));
                } catch (InternetException e) {
                    new Outcome(null, e, System.nanoTime() - start, server.connections(), server.port())
                            .fails(InternetError.TIMEOUT, "sent no response within 1500 ms").within(BOUND);
                }
                assertEquals(1, server.connections(), "retried on a new connection");
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void redirectsStopAtTheBuildersLimit(Engine engine) throws Exception {
        HostileHttpScenario loop = (request, out) -> {
            out.write("HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            return true;
        };
        Internet internet = internet(Limits.newBuilder().maxRedirects(2).build());
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (HostileHttpServer server = start(engine, loop); HttpSession http = connect(internet, engine, server)) {
                try {
                    fail("answered: " + fetch(http, engine, "/a"));
                } catch (InternetException e) {
                    new Outcome(null, e, 0, server.connections(), server.port())
                            .fails(InternetError.HTTP_REDIRECT_FAILED, "more than 2 redirects", "Limits.maxRedirects");
                }
                assertEquals(3, server.requests(), "the request and two redirects");
            }
        });
    }
}
