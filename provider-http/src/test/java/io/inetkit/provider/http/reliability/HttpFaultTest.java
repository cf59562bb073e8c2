package io.inetkit.provider.http.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.inetkit.http.RequestBody;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.InputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Network faults between the HTTP provider and a server, through a {@link FaultProxy} that applies
 * the fault to every connection, so that a retry on a new connection meets it too: a 1 MiB download and a 1 MiB upload each end with the expected error within the
 * read timeout plus one second, and no socket or thread outlives the {@code Internet}.
 */
class HttpFaultTest {

    static final Duration TIMEOUT = Duration.ofSeconds(1);
    static final Duration BOUND = TIMEOUT.plusSeconds(1);
    static final byte[] BODY = new byte[1024 * 1024];
    static final byte[] BAD_REQUEST = ("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static {
        new Random(5).nextBytes(BODY);
    }

    enum Op { GET, POST }

    record Case(String name, boolean tls, boolean clientTls, Fault fault, boolean refuse, Op op,
            Set<InternetError> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Set<InternetError> errors(InternetError first, InternetError... rest) {
        return EnumSet.of(first, rest);
    }

    static Stream<Case> cases() {
        Set<InternetError> timeout = errors(InternetError.TIMEOUT);
        Set<InternetError> broken = errors(InternetError.CONNECTION_RESET, InternetError.CONNECTION_ABORTED);
        Set<InternetError> tls = errors(InternetError.SECURITY_CHANNEL_ERROR);
        long mid = 64 * 1024;
        Stream.Builder<Case> cases = Stream.builder();
        for (Op op : Op.values()) {
            String o = " (" + op + ")";
            Direction body = op == Op.GET ? Direction.DOWNSTREAM : Direction.UPSTREAM;
            cases.add(new Case("refused" + o, false, false, Fault.none(), true, op, errors(InternetError.CANNOT_CONNECT)));
            cases.add(new Case("silent" + o, false, false, Fault.blackHole(), false, op, timeout));
            cases.add(new Case("reset on accept" + o, false, false, Fault.resetOnAccept(), false, op,
                    errors(InternetError.CONNECTION_RESET, InternetError.CONNECTION_ABORTED, InternetError.CANNOT_CONNECT)));
            cases.add(new Case("stall before the response" + o, false, false, Fault.stallAfter(Direction.DOWNSTREAM, 0),
                    false, op, timeout));
            cases.add(new Case("stall mid-body" + o, false, false, Fault.stallAfter(body, mid), false, op, timeout));
            cases.add(new Case("reset mid-body" + o, false, false, Fault.resetAfter(body, mid), false, op, broken));
            cases.add(new Case("cut mid-body" + o, false, false, Fault.cutAfter(body, mid), false, op, broken));
            cases.add(new Case("half-closed mid-body" + o, false, false, Fault.halfCloseAfter(body, mid), false, op,
                    op == Op.GET ? broken : errors(InternetError.TIMEOUT, InternetError.CONNECTION_ABORTED,
                            InternetError.CONNECTION_RESET)));
            cases.add(new Case("cut in the response headers" + o, false, false, Fault.cutAfter(Direction.DOWNSTREAM, 10),
                    false, op, broken));
            cases.add(new Case("request cut at once" + o, false, false, Fault.cutAfter(Direction.UPSTREAM, 5), false,
                    op, broken));
            cases.add(new Case("slow drip" + o, false, false, Fault.drip(body, 64 * 1024, Duration.ofMillis(2)),
                    false, op, Set.of()));
            cases.add(new Case("TLS handshake cut" + o, true, true, Fault.cutAfter(Direction.DOWNSTREAM, 100), false,
                    op, errors(InternetError.SECURITY_CHANNEL_ERROR, InternetError.CONNECTION_ABORTED)));
            cases.add(new Case("TLS handshake stalled" + o, true, true, Fault.stallAfter(Direction.DOWNSTREAM, 100),
                    false, op, timeout));
            cases.add(new Case("TLS handshake reset" + o, true, true, Fault.resetAfter(Direction.DOWNSTREAM, 100),
                    false, op, errors(InternetError.SECURITY_CHANNEL_ERROR, InternetError.CONNECTION_RESET,
                            InternetError.CONNECTION_ABORTED)));
            cases.add(new Case("TLS spoken to a plain server" + o, false, true, Fault.none(), false, op, tls));
        }
        return cases.build();
    }

    @BeforeAll
    static void warmUp() throws Exception {
        run(new Case("warm-up", false, false, Fault.none(), false, Op.GET, Set.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void endsWithTheRightErrorInTimeWithoutLeaks(Case c) throws Exception {
        Leaks leaks = Leaks.snapshot().collectingGarbage();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(c));
        leaks.assertNoLeak(c.name());
    }

    private static void run(Case c) throws Exception {
        TestHttpServer.Builder builder = TestHttpServer.newBuilder()
                .dispatcher(request -> TestResponse.newBuilder().status(200)
                        .body(request.method().equals("GET") ? BODY : String.valueOf(request.body().length).getBytes())
                        .build());
        // TLS to a plain server: one that rejects the ClientHello's first bytes at once, as nginx
        // does. The JDK's HttpServer waits for a line end, which a ClientHello has or not by chance
        // and by JDK version (17.0.15's had none: the client then timed out instead).
        boolean rejecting = c.clientTls && !c.tls;
        try (TestHttpServer server = (c.tls ? builder.https() : builder).build();
             RawHttpServer plain = rejecting ? RawHttpServer.answeringAtOnce(BAD_REQUEST) : null;
             FaultProxy proxy = FaultProxy.to(rejecting ? plain::address : server::address);
             Internet internet = Internet.newBuilder().connectTimeout(TIMEOUT).readTimeout(TIMEOUT)
                     .sslContext(TestCertificate.localhost().clientContext()).build()) {
            server.start();
            proxy.fault(c.fault);
            proxy.start();
            if (c.refuse) {
                proxy.refuseConnections();
            }
            ConnectRequest.Builder<HttpSession> request = ConnectRequest.newBuilder(Service.HTTP, "localhost")
                    .port(proxy.port());
            HttpRequest http = c.op == Op.GET ? HttpRequest.get("/big")
                    : HttpRequest.newBuilder("/up").method("POST").body(RequestBody.of(BODY)).build();
            long start = System.nanoTime();
            try (HttpSession session = internet.connect(c.clientTls ? request.flags(ConnectFlag.SECURE).build()
                    : request.build());
                 HttpResponse response = session.send(http);
                 InputStream in = response.body()) {
                byte[] got = in.readAllBytes();
                assertTrue(c.expected.isEmpty(), c + " succeeded; expected " + c.expected);
                if (c.op == Op.GET) {
                    assertArrayEquals(BODY, got);
                } else {
                    assertEquals(String.valueOf(BODY.length), new String(got));
                }
            } catch (InternetException e) {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertTrue(c.expected.contains(e.error()), c + ": " + e + " (expected one of " + c.expected + ")");
                // A refused connection may be retried once by the JDK; connecting has its own timeout.
                assertTrue(took.compareTo(BOUND.plus(TIMEOUT)) < 0, c + " took " + took.toMillis() + " ms");
            }
        }
    }
}
