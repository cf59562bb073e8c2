package io.inetkit.provider.http.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Torture, as curl tests itself: a clean download (GET, body read to the end) and a clean upload
 * (PUT of a file) count the connections they open through a {@link FaultProxy}; then each is rerun
 * once per opening with that opening failing: the proxy resets exactly that connection on accept,
 * and, over TLS, cuts exactly that connection's handshake (the TLS handshake is an opening of its
 * own). The upload is also rerun with its one file opening failing. The two engines: the HTTP/1.1
 * engine, the default, over http:// and https://, and java.net.http, where HTTP/2 is asked for
 * (the test server has no HTTP/2, so java.net.http falls back to its own HTTP/1.1 after ALPN).
 * Every rerun ends with the right error, within a bound, without a leaked socket or thread. A
 * download here is a stream, so there is no file to leave.
 *
 * <p>Then the pool: two requests on one kept-alive connection, with the proxy resetting that
 * connection when the second request arrives. The engine retries a GET once on a new connection,
 * which must succeed; a POST is not idempotent and must end with an error.
 */
class HttpTortureTest {

    static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Generous: a reset ends at once, and no case waits for a timeout more than twice. */
    static final Duration BOUND = TIMEOUT.multipliedBy(2).plusSeconds(3);
    static final byte[] BODY = new byte[256 * 1024];

    static {
        new Random(10).nextBytes(BODY);
    }

    enum Transport {
        PLAIN_H1(false, null), TLS_H1(true, null), TLS_H2(true, HttpVersion.HTTP_2);

        final boolean tls;
        final HttpVersion version;

        Transport(boolean tls, HttpVersion version) {
            this.tls = tls;
            this.version = version;
        }
    }

    enum Op { DOWNLOAD, UPLOAD }

    @TempDir Path local;

    /** A server, a proxy in front of it and an Internet, for one run. */
    static final class Rig implements AutoCloseable {
        final TestHttpServer server;
        final FaultProxy proxy;
        final Internet internet;
        final Transport transport;

        Rig(Transport transport) throws Exception {
            this.transport = transport;
            TestHttpServer.Builder builder = TestHttpServer.newBuilder().dispatcher(request -> TestResponse.newBuilder()
                    .status(200)
                    .body(request.method().equals("GET") ? BODY
                            : String.valueOf(request.body().length).getBytes(StandardCharsets.US_ASCII))
                    .build()).recordBodyLimit(BODY.length);
            server = (transport.tls ? builder.https() : builder).build();
            proxy = FaultProxy.to(server::address);
            internet = Internet.newBuilder().connectTimeout(TIMEOUT).readTimeout(TIMEOUT)
                    .sslContext(TestCertificate.localhost().clientContext()).build();
            server.start();
            proxy.start();
        }

        HttpSession connect() throws InternetException {
            ConnectRequest.Builder<HttpSession> request = ConnectRequest.newBuilder(Service.HTTP, "localhost")
                    .port(proxy.port());
            return internet.connect(transport.tls ? request.flags(ConnectFlag.SECURE).build() : request.build());
        }

        HttpRequest.Builder request(String target) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(target);
            return transport.version == null ? builder : builder.version(transport.version);
        }

        @Override
        public void close() throws Exception {
            try (server; proxy; internet) {
                // closes all three, the Internet first
            }
        }
    }

    /** Runs an operation to its end and checks its result. */
    static void run(Rig rig, HttpSession session, Op op, Path file) throws Exception {
        HttpRequest request = op == Op.DOWNLOAD ? rig.request("/big").build()
                : rig.request("/up").method("PUT").body(RequestBody.ofFile(file)).build();
        try (HttpResponse response = session.send(request); InputStream in = response.body()) {
            byte[] got = in.readAllBytes();
            if (op == Op.DOWNLOAD) {
                assertArrayEquals(BODY, got);
            } else {
                assertEquals(String.valueOf(BODY.length), new String(got, StandardCharsets.US_ASCII));
            }
        }
    }

    static Stream<Arguments> runs() {
        return EnumSet.allOf(Transport.class).stream()
                .flatMap(t -> Stream.of(Arguments.of(t, Op.DOWNLOAD), Arguments.of(t, Op.UPLOAD)));
    }

    private Path source() throws Exception {
        return Files.write(Files.createTempFile(local, "src", ".bin"), BODY);
    }

    /** The connections one clean run opens. */
    private int cleanRun(Transport transport, Op op) throws Exception {
        try (Rig rig = new Rig(transport); HttpSession session = rig.connect()) {
            run(rig, session, op, source());
            return rig.proxy.connectionCount();
        }
    }

    /** An opening that fails: its name, the fault for exactly that connection, the errors it may end with. */
    record Opening(String name, int connection, Fault fault, Set<InternetError> expected) {
    }

    static List<Opening> openings(Transport transport, int connections) {
        List<Opening> openings = new ArrayList<>();
        for (int n = 1; n <= connections; n++) {
            // Over TLS the reset reaches the client inside its handshake, which reports it as the
            // handshake's failure (both engines; the message keeps "Connection reset").
            Set<InternetError> reset = EnumSet.of(InternetError.CONNECTION_RESET, InternetError.CONNECTION_ABORTED,
                    InternetError.CANNOT_CONNECT);
            if (transport.tls) {
                reset.add(InternetError.SECURITY_CHANNEL_ERROR);
            }
            openings.add(new Opening("connection " + n, n, Fault.resetOnAccept(), reset));
            if (transport.tls) {
                // 100 bytes into the server's hello: the handshake has begun and cannot finish.
                openings.add(new Opening("TLS handshake " + n, n, Fault.resetAfter(Direction.DOWNSTREAM, 100),
                        EnumSet.of(InternetError.SECURITY_CHANNEL_ERROR, InternetError.CONNECTION_RESET,
                                InternetError.CONNECTION_ABORTED)));
            }
        }
        return openings;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("runs")
    void everyOpeningFailingOnceEndsInTheRightError(Transport transport, Op op) throws Exception {
        int connections = cleanRun(transport, op);
        assertEquals(1, connections, "a single request opens one connection");
        List<String> outcomes = new ArrayList<>();
        for (Opening opening : openings(transport, connections)) {
            String name = transport + " " + op + ", " + opening.name();
            Leaks leaks = Leaks.snapshot().collectingGarbage();
            Path file = source();
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (Rig rig = new Rig(transport)) {
                    for (int i = 1; i < opening.connection(); i++) {
                        rig.proxy.enqueue(Fault.none());
                    }
                    rig.proxy.enqueue(opening.fault());
                    long start = System.nanoTime();
                    try (HttpSession session = rig.connect()) {
                        run(rig, session, op, file);
                        // A failure before any response byte is retried (RetryPolicy.defaults()), by
                        // either engine; a TLS failure is not, and ends in the catch below.
                        assertEquals(connections + 1, rig.proxy.connectionCount(), name + " succeeded without a retry");
                        outcomes.add(name + ": retried on a new connection, succeeded");
                    } catch (InternetException e) {
                        assertTrue(opening.expected().contains(e.error()), name + ": " + e);
                        outcomes.add(name + ": " + e.error());
                    }
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    assertTrue(took.compareTo(BOUND) < 0, name + " took " + took.toMillis() + " ms");
                }
            });
            leaks.assertNoLeak(name);
        }
        System.out.println("torture " + transport + " " + op + ": " + outcomes);
        assertEquals(transport.tls ? 2 : 1, outcomes.size(), outcomes.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void theFileOpeningOfAnUploadFailingEndsInAnErrorBeforeAnyRequest(Transport transport) throws Exception {
        Path missing = local.resolve("missing.bin");
        Leaks leaks = Leaks.snapshot().collectingGarbage();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Rig rig = new Rig(transport); HttpSession session = rig.connect()) {
                InternetException e = assertThrows(InternetException.class, () -> run(rig, session, Op.UPLOAD, missing));
                assertTrue(e.getMessage().contains("missing.bin"), e.getMessage());
                assertEquals(0, rig.server.requestCount(), "no request reached the server");
                run(rig, session, Op.DOWNLOAD, null);
            }
        });
        leaks.assertNoLeak(transport + " missing source file");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void theFileOpeningOfAnUploadFailingEndsInFileNotFoundAsInFtp(Transport transport) throws Exception {
        try (Rig rig = new Rig(transport); HttpSession session = rig.connect()) {
            InternetException e = assertThrows(InternetException.class,
                    () -> run(rig, session, Op.UPLOAD, local.resolve("missing.bin")));
            assertEquals(InternetError.FILE_NOT_FOUND, e.error(), e.toString());
        }
    }

    static Stream<Transport> transports() {
        return EnumSet.allOf(Transport.class).stream();
    }

    /**
     * The bytes the first GET sends on a plain connection, measured on a rig of the same shape (the
     * same host name and a port of as many digits), so that a fault can land on the second request.
     */
    private static long firstRequestBytes() throws Exception {
        try (Rig rig = new Rig(Transport.PLAIN_H1); HttpSession session = rig.connect()) {
            run(rig, session, Op.DOWNLOAD, null);
            return rig.proxy.bytesUpstream();
        }
    }

    @Test
    void aPooledConnectionIsReusedForASecondRequest() throws Exception {
        Leaks leaks = Leaks.snapshot().collectingGarbage();
        try (Rig rig = new Rig(Transport.PLAIN_H1); HttpSession session = rig.connect()) {
            run(rig, session, Op.DOWNLOAD, null);
            run(rig, session, Op.DOWNLOAD, null);
            assertEquals(1, rig.proxy.connectionCount(), "two requests, one connection");
        }
        leaks.assertNoLeak("reuse");
    }

    @Test
    void aGetOnAReusedConnectionThatTheServerResetsIsRetriedOnceAndSucceeds() throws Exception {
        long first = firstRequestBytes();
        Leaks leaks = Leaks.snapshot().collectingGarbage();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Rig rig = new Rig(Transport.PLAIN_H1); HttpSession session = rig.connect()) {
                // The first request passes; one byte of the second, then both sides get a reset.
                rig.proxy.enqueue(Fault.resetAfter(Direction.UPSTREAM, first + 1));
                run(rig, session, Op.DOWNLOAD, null);
                run(rig, session, Op.DOWNLOAD, null);
                assertEquals(2, rig.proxy.connectionCount(), "the retry opened a new connection");
                assertEquals(2, rig.server.requestCount(), "the server answered the first GET and the retry");
            }
        });
        leaks.assertNoLeak("GET on a reset reused connection");
    }

    @Test
    void aPostOnAReusedConnectionThatTheServerResetsEndsInAnErrorWithoutARetry() throws Exception {
        long first = firstRequestBytes();
        Leaks leaks = Leaks.snapshot().collectingGarbage();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Rig rig = new Rig(Transport.PLAIN_H1); HttpSession session = rig.connect()) {
                rig.proxy.enqueue(Fault.resetAfter(Direction.UPSTREAM, first + 1));
                run(rig, session, Op.DOWNLOAD, null);
                HttpRequest post = rig.request("/up").method("POST").body(RequestBody.of(BODY)).build();
                long start = System.nanoTime();
                InternetException e = assertThrows(InternetException.class, () -> {
                    try (HttpResponse response = session.send(post); InputStream in = response.body()) {
                        fail("POST answered " + response.statusCode() + ": " + in.readAllBytes().length + " bytes");
                    }
                });
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertTrue(EnumSet.of(InternetError.CONNECTION_RESET, InternetError.CONNECTION_ABORTED)
                        .contains(e.error()), e.toString());
                assertEquals(1, rig.proxy.connectionCount(), "a POST is not retried");
                assertEquals(1, rig.server.requestCount(), "the POST never reached the server");
                assertTrue(took.compareTo(BOUND) < 0, "took " + took.toMillis() + " ms");
            }
        });
        leaks.assertNoLeak("POST on a reset reused connection");
    }
}
