package io.inetkit.provider.http.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.script.HostileHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The password of HTTP authentication never shows, neither in clear nor as its Base64
 * {@code Authorization} value nor as a Digest response: every log event at every level, status event infos, {@code
 * toString()}s, and messages and traces of errors (refusals, 401s, redirects, a closed port, a URL
 * with user info) are searched for it.
 */
class HttpPasswordSecrecyTest {

    static final String PASSWORD = "Pw-4c2e8a-Secret";

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final List<Object> seen = new CopyOnWriteArrayList<>();
    private final List<String> digestResponses = new CopyOnWriteArrayList<>();
    private Logger root;
    private Level level;

    @BeforeEach
    void captureEverything() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        level = root.getLevel();
        root.setLevel(Level.ALL);
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void restore() {
        root.detachAppender(appender);
        root.setLevel(level);
    }

    @Test
    void neverAppearsInLogsEventsStringsOrErrors() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        try (TestHttpServer plain = TestHttpServer.newBuilder().requireBasicAuth("alice", PASSWORD).build();
             TestHttpServer tls = TestHttpServer.newBuilder().https().requireBasicAuth("alice", PASSWORD).build();
             TestHttpServer elsewhere = TestHttpServer.create();
             Internet internet = Internet.newBuilder().readTimeout(Duration.ofSeconds(5))
                     .sslContext(TestCertificate.localhost().clientContext())
                     .statusListener(event -> {
                         seen.add(event);
                         seen.add(String.valueOf(event.info()));
                     }).build()) {
            plain.start();
            tls.start();
            elsewhere.start();
            for (TestHttpServer server : List.of(plain, tls)) {
                ConnectRequest<HttpSession> request = ConnectRequest.newBuilder(Service.HTTP, "localhost")
                        .port(server.port()).user("alice").password(PASSWORD)
                        .flags(server == tls ? new ConnectFlag[] {ConnectFlag.SECURE} : new ConnectFlag[0]).build();
                seen.add(request);
                server.enqueue(TestResponse.ok("hello"));
                try (HttpSession session = internet.connect(request)) {
                    seen.add(session);
                    try (HttpResponse ok = session.send(HttpRequest.get("/"))) {
                        assertEquals(200, ok.statusCode());
                        seen.add(ok);
                        seen.add(ok.headers());
                    }
                    seen.add(assertThrows(InternetException.class,
                            () -> session.send(HttpRequest.newBuilder("/").expectSuccess().header("X-Bad", "a\nb")
                                    .build())));
                }
                try (HttpSession wrong = internet.connect(request.toBuilder().password("not-it").build())) {
                    InternetException refused = assertThrows(InternetException.class, () -> wrong.send(HttpRequest.get("/")));
                    assertEquals(InternetError.INCORRECT_PASSWORD, refused.error());
                    seen.add(refused);
                }
            }
            plain.enqueue(TestResponse.redirect(302, elsewhere.url("/x").toString()));
            elsewhere.enqueue(TestResponse.ok("there"));
            try (HttpSession session = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "localhost")
                    .port(plain.port()).user("alice").password(PASSWORD).build())) {
                session.send(HttpRequest.get("/")).close();
            }
            seen.add(assertThrows(InternetException.class, () -> internet.connect(ConnectRequest
                    .newBuilder(Service.HTTP, "localhost").port(closedPort).user("alice").password(PASSWORD).build())
                    .send(HttpRequest.get("/"))));
            plain.enqueue(TestResponse.ok("hello"));
            URI url = URI.create("http://alice:" + PASSWORD + "@localhost:" + plain.port() + "/");
            try (var in = internet.openUrl(url)) {
                seen.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                seen.add(in);
            }
            seen.add(assertThrows(InternetException.class, () -> internet.openUrl(
                    URI.create("http://alice:" + PASSWORD + "@localhost:" + closedPort + "/"))));
            // Digest: neither the password nor the answer the server saw shows anywhere.
            List<String> answers = new CopyOnWriteArrayList<>();
            try (HostileHttpServer digest = HostileHttpServer.plain((r, out) -> {
                r.header("Authorization").ifPresent(answers::add);
                out.write((r.header("Authorization").isPresent() && answers.size() == 1
                        ? "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
                        : "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"r\", nonce=\"n\", qop=\"auth\""
                                + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                return true;
            })) {
                digest.start();
                try (HttpSession session = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "localhost")
                        .port(digest.port()).user("alice").password(PASSWORD).build())) {
                    seen.add(session);
                    session.send(HttpRequest.get("/d")).close();
                    seen.add(assertThrows(InternetException.class, () -> session.send(HttpRequest.get("/again"))));
                }
            }
            assertEquals(2, answers.size(), answers.toString());
            for (String answer : answers) {
                digestResponses.add(answer.replaceAll("^.*response=\"([0-9a-f]+)\".*$", "$1"));
            }
            seen.add(internet);
            assertTrue(elsewhere.takeRequest().header("Authorization").isEmpty(), "credentials went to another site");
        }
        String basic = Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        List<String> texts = new ArrayList<>();
        for (ILoggingEvent event : appender.list) {
            texts.add(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                texts.add(t.getMessage());
            }
        }
        for (Object o : seen) {
            texts.add(String.valueOf(o));
            if (o instanceof Throwable t) {
                StringWriter trace = new StringWriter();
                t.printStackTrace(new PrintWriter(trace));
                texts.add(trace.toString());
            }
        }
        assertTrue(appender.list.size() > 10, "DEBUG logging was captured: " + appender.list.size() + " events");
        for (String text : texts) {
            assertFalse(text != null && (text.contains(PASSWORD) || text.contains(basic)),
                    "a password shows in: " + text);
            for (String response : digestResponses) {
                assertFalse(text != null && text.contains(response), "a Digest response shows in: " + text);
            }
        }
    }
}
