package io.inetkit.provider.http.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
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
import io.inetkit.http.RequestBody;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import io.inetkit.testkit.script.HostileHttpScenario;
import io.inetkit.testkit.script.HostileHttpScenarios;
import io.inetkit.testkit.script.HostileHttpServer;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole-call deadline on both engines (the provider's HTTP/1.1 and java.net.http, asked for
 * HTTP/2), against servers that trickle one byte or one header line a second, which no read timeout
 * cuts: the head and the body are bounded alike, the error is {@link InternetError#TIMEOUT} naming
 * the option that set the bound, and no socket or thread is left. And the write timeout, against a
 * server that stops reading an upload.
 */
class HttpDeadlineTest {

    static final Duration DEADLINE = Duration.ofMillis(1500);
    static final Duration BOUND = DEADLINE.plusSeconds(2);

    enum Engine {
        PLAIN_H1(false, null), TLS_H1(true, null), TLS_H2(true, HttpVersion.HTTP_2);

        final boolean tls;
        final HttpVersion version;

        Engine(boolean tls, HttpVersion version) {
            this.tls = tls;
            this.version = version;
        }
    }

    /** A 200 whose head comes at once and whose 100-byte body comes a byte a second. */
    static final HostileHttpScenario TRICKLED_BODY = (request, out) -> {
        out.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 100; i++) {
            Thread.sleep(1000);
            out.write('x');
        }
        return false;
    };

    Leaks leaks;

    @BeforeEach
    void snapshot() {
        leaks = Leaks.snapshot().collectingGarbage();
    }

    @AfterEach
    void check(TestInfo test) throws Exception {
        leaks.assertNoLeak(test.getDisplayName());
    }

    static Internet internet(boolean withDeadline) {
        Internet.Builder builder = Internet.newBuilder().readTimeout(Duration.ofSeconds(10))
                .sslContext(TestCertificate.localhost().clientContext());
        return (withDeadline ? builder.deadline(DEADLINE) : builder).build();
    }

    static HttpSession connect(Internet internet, Engine engine, HostileHttpServer server) throws InternetException {
        ConnectRequest.Builder<HttpSession> request = ConnectRequest.newBuilder(Service.HTTP, "localhost")
                .port(server.port());
        return internet.connect(engine.tls ? request.flags(ConnectFlag.SECURE).build() : request.build());
    }

    /** Sends {@code request} and reads its body to the end; the failure, with how long it took to come. */
    static InternetException fetchFails(Engine engine, HostileHttpScenario scenario, Internet internet,
            HttpRequest.Builder request) throws Exception {
        if (engine.version != null) {
            request.version(engine.version);
        }
        return assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
            try (HostileHttpServer server = engine.tls ? HostileHttpServer.tls(scenario)
                    : HostileHttpServer.plain(scenario)) {
                server.start();
                try (HttpSession http = connect(internet, engine, server)) {
                    long start = System.nanoTime();
                    InternetException e = assertThrows(InternetException.class, () -> {
                        try (HttpResponse response = http.send(request.build()); InputStream body = response.body()) {
                            body.transferTo(OutputStream.nullOutputStream());
                        }
                    });
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    assertTrue(took.compareTo(BOUND) < 0, "took " + took.toMillis() + " ms");
                    return e;
                }
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aTrickledBodyEndsAtTheDeadline(Engine engine) throws Exception {
        try (Internet internet = internet(true)) {
            InternetException e = fetchFails(engine, TRICKLED_BODY, internet, HttpRequest.newBuilder("/a"));
            assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
            assertTrue(e.getMessage().contains("deadline of 1500 ms (Internet.Builder.deadline)"), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aTrickledHeadEndsAtTheDeadline(Engine engine) throws Exception {
        try (Internet internet = internet(true)) {
            InternetException e = fetchFails(engine, HostileHttpScenarios.trickledHeaders(Duration.ofSeconds(1)),
                    internet, HttpRequest.newBuilder("/a"));
            assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
            assertTrue(e.getMessage().contains("deadline of 1500 ms (Internet.Builder.deadline)"), e.getMessage());
        }
    }

    /**
     * The write timeout, shorter than the read timeout, bounds an upload the server stops reading (a
     * proxy in front of it stalls after 64 KiB): the HTTP/1.1 engine's watchdog and java.net.http's
     * upload watch alike.
     */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void anUploadTheServerStopsReadingEndsAtTheWriteTimeout(Engine engine) throws Exception {
        HostileHttpScenario ok = HostileHttpScenarios.ok("ok");
        try (HostileHttpServer server = engine.tls ? HostileHttpServer.tls(ok) : HostileHttpServer.plain(ok);
             FaultProxy deaf = FaultProxy.to(server::address);
             Internet internet = Internet.newBuilder().readTimeout(Duration.ofSeconds(30))
                     .writeTimeout(Duration.ofSeconds(1)).sslContext(TestCertificate.localhost().clientContext())
                     .build()) {
            server.start();
            deaf.fault(Fault.stallAfter(Direction.UPSTREAM, 64 * 1024));
            deaf.start();
            HttpRequest.Builder upload = HttpRequest.newBuilder("/up").method("POST")
                    .body(RequestBody.of(new byte[64 * 1024 * 1024])); // more than any socket buffers hold
            if (engine.version != null) {
                upload.version(engine.version);
            }
            assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
                ConnectRequest.Builder<HttpSession> request = ConnectRequest.newBuilder(Service.HTTP, "localhost")
                        .port(deaf.port());
                try (HttpSession http = internet.connect(engine.tls ? request.flags(ConnectFlag.SECURE).build()
                        : request.build())) {
                    long start = System.nanoTime();
                    InternetException e = assertThrows(InternetException.class, () -> http.send(upload.build()).close());
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
                    assertTrue(e.getMessage().contains("1000 ms")
                            && e.getMessage().contains("(Internet.Builder.writeTimeout)"), e.getMessage());
                    assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took.toMillis() + " ms");
                }
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aRequestsOwnDeadlineIsNamedAsSuch(Engine engine) throws Exception {
        try (Internet internet = internet(false)) {
            InternetException e = fetchFails(engine, TRICKLED_BODY, internet,
                    HttpRequest.newBuilder("/a").deadline(DEADLINE));
            assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
            assertTrue(e.getMessage().contains("deadline of 1500 ms (HttpRequest.Builder.deadline)"), e.getMessage());
        }
    }
}
