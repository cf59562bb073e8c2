package io.inetkit.provider.gopher.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import io.inetkit.gopher.GopherItem;
import io.inetkit.gopher.GopherItemType;
import io.inetkit.gopher.GopherSession;
import io.inetkit.testkit.gopher.TestGopherServer;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Torture, as curl tests itself: a clean run counts the connections it opens through a
 * {@link FaultProxy}, then it is rerun once per opening with that opening failing: the proxy
 * resets exactly that connection on accept and, over TLS ({@code gophers}), cuts exactly that
 * connection's handshake. The runs: a menu, a document ({@link GopherSession#open}), and a browse
 * (a menu, then the document it lists: Gopher opens a connection per request, so two). Every rerun
 * ends with the right error within a bound and without a leaked socket or thread. Gopher has no
 * upload, and its downloads are streams, so there is no file to open or leave.
 */
class GopherTortureTest {

    static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Generous: a reset ends at once, without waiting for a timeout. */
    static final Duration BOUND = TIMEOUT.plusSeconds(4);
    static final byte[] DOCUMENT = new byte[256 * 1024];

    static {
        new Random(10).nextBytes(DOCUMENT);
    }

    enum Op { MENU, DOCUMENT, BROWSE }

    static Stream<Arguments> runs() {
        return Stream.of(false, true).flatMap(tls -> EnumSet.allOf(Op.class).stream().map(op -> Arguments.of(tls, op)));
    }

    /** A server with a menu {@code /m} that lists the document {@code /doc}, behind a proxy. */
    static final class Rig implements AutoCloseable {
        final TestGopherServer server;
        final FaultProxy proxy;
        final Internet internet;
        final boolean tls;

        Rig(boolean tls) throws Exception {
            this.tls = tls;
            TestGopherServer.Builder builder = TestGopherServer.newBuilder();
            server = (tls ? builder.tls() : builder).build();
            proxy = FaultProxy.to(server::address);
            // One try per opening: a retry would heal the failure under test (GopherRetryTest retries).
            internet = Internet.newBuilder().connectTimeout(TIMEOUT).readTimeout(TIMEOUT)
                    .retries(io.inetkit.RetryPolicy.none())
                    .sslContext(TestCertificate.localhost().clientContext()).build();
            server.start();
            proxy.start();
            // The menu names the proxy, so that following its item goes through the proxy too.
            server.raw("/m", ("9the document\t/doc\tlocalhost\t" + proxy.port() + "\r\n.\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            server.raw("/doc", DOCUMENT);
        }

        GopherSession connect() throws InternetException {
            ConnectRequest.Builder<GopherSession> request = ConnectRequest.newBuilder(Service.GOPHER, "localhost")
                    .port(proxy.port());
            return internet.connect(tls ? request.flags(ConnectFlag.SECURE).build() : request.build());
        }

        @Override
        public void close() throws Exception {
            try (server; proxy; internet) {
                // closes all three, the Internet first
            }
        }
    }

    static void run(GopherSession session, Op op) throws Exception {
        if (op == Op.DOCUMENT) {
            try (InputStream in = session.open("/doc", GopherItemType.BINARY)) {
                assertArrayEquals(DOCUMENT, in.readAllBytes());
            }
            return;
        }
        List<GopherItem> menu = session.menu("/m");
        assertEquals(1, menu.size(), menu.toString());
        if (op == Op.BROWSE) {
            try (InputStream in = session.open(menu.get(0))) {
                assertArrayEquals(DOCUMENT, in.readAllBytes());
            }
        }
    }

    private static int cleanRun(boolean tls, Op op) throws Exception {
        try (Rig rig = new Rig(tls); GopherSession session = rig.connect()) {
            run(session, op);
            return rig.proxy.connectionCount();
        }
    }

    record Opening(String name, int connection, Fault fault, Set<InternetError> expected) {
    }

    static List<Opening> openings(boolean tls, int connections) {
        List<Opening> openings = new ArrayList<>();
        for (int n = 1; n <= connections; n++) {
            Set<InternetError> reset = EnumSet.of(InternetError.CONNECTION_RESET, InternetError.CONNECTION_ABORTED,
                    InternetError.CANNOT_CONNECT);
            if (tls) {
                // The reset reaches the client inside its handshake, which reports it as its own failure.
                reset.add(InternetError.SECURITY_CHANNEL_ERROR);
            }
            openings.add(new Opening("connection " + n, n, Fault.resetOnAccept(), reset));
            if (tls) {
                openings.add(new Opening("TLS handshake " + n, n, Fault.resetAfter(Direction.DOWNSTREAM, 100),
                        EnumSet.of(InternetError.SECURITY_CHANNEL_ERROR, InternetError.CONNECTION_RESET,
                                InternetError.CONNECTION_ABORTED)));
            }
        }
        return openings;
    }

    @ParameterizedTest(name = "tls={0} {1}")
    @MethodSource("runs")
    void everyOpeningFailingOnceEndsInTheRightError(boolean tls, Op op) throws Exception {
        int connections = cleanRun(tls, op);
        assertEquals(op == Op.BROWSE ? 2 : 1, connections, "one connection per request");
        List<String> outcomes = new ArrayList<>();
        for (Opening opening : openings(tls, connections)) {
            String name = (tls ? "gophers " : "gopher ") + op + ", " + opening.name();
            Leaks leaks = Leaks.snapshot();
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (Rig rig = new Rig(tls)) {
                    for (int i = 1; i < opening.connection(); i++) {
                        rig.proxy.enqueue(Fault.none());
                    }
                    rig.proxy.enqueue(opening.fault());
                    long start = System.nanoTime();
                    InternetException e = assertThrows(InternetException.class, () -> {
                        try (GopherSession session = rig.connect()) {
                            run(session, op);
                        }
                    }, name + " succeeded");
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    assertTrue(opening.expected().contains(e.error()), name + ": " + e);
                    assertEquals(opening.connection(), rig.proxy.connectionCount(), name + ": no retry, no further request");
                    assertTrue(took.compareTo(BOUND) < 0, name + " took " + took.toMillis() + " ms");
                    outcomes.add(name + ": " + e.error());
                }
            });
            leaks.assertNoLeak(name);
        }
        System.out.println("torture " + outcomes);
        assertEquals(connections * (tls ? 2 : 1), outcomes.size(), outcomes.toString());
    }
}
