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
import io.inetkit.Limits;
import io.inetkit.Service;
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
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Network faults between the Gopher provider and a server, through a {@link FaultProxy}: each case
 * ends with the expected error within the read timeout plus one second, or, where Gopher cannot tell
 * a cut from an end (a document or menu has no length; the server's close ends it), with a prefix of
 * the reply. No socket or thread outlives a case.
 */
class GopherFaultTest {

    static final Duration TIMEOUT = Duration.ofSeconds(1);
    static final Duration BOUND = TIMEOUT.plusSeconds(1);
    static final byte[] DOCUMENT = new byte[1024 * 1024];
    static final StringBuilder MENU_TEXT = new StringBuilder();

    static {
        new Random(3).nextBytes(DOCUMENT);
        for (int i = 0; i < 2000; i++) {
            MENU_TEXT.append("0item ").append(i).append("\t/i").append(i).append("\tlocalhost\t70\r\n");
        }
        MENU_TEXT.append(".\r\n");
    }

    enum Op { MENU, DOCUMENT }

    /** A case; {@code prefixOk}: a clean end before the whole reply is an acceptable outcome. */
    record Case(String name, boolean tls, boolean clientTls, Fault fault, boolean refuse, Op op,
            Set<InternetError> expected, boolean prefixOk) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Set<InternetError> errors(InternetError first, InternetError... rest) {
        return EnumSet.of(first, rest);
    }

    static Stream<Case> cases() {
        Set<InternetError> none = Set.of();
        Set<InternetError> timeout = errors(InternetError.TIMEOUT);
        Set<InternetError> broken = errors(InternetError.CONNECTION_RESET, InternetError.CONNECTION_ABORTED);
        Set<InternetError> tls = errors(InternetError.SECURITY_CHANNEL_ERROR);
        long mid = 20_000;
        Stream.Builder<Case> cases = Stream.builder();
        for (Op op : Op.values()) {
            String o = op == Op.MENU ? " (menu)" : " (document)";
            cases.add(new Case("refused" + o, false, false, Fault.none(), true, op,
                    errors(InternetError.CANNOT_CONNECT), false));
            cases.add(new Case("silent" + o, false, false, Fault.blackHole(), false, op, timeout, false));
            cases.add(new Case("reset on accept" + o, false, false, Fault.resetOnAccept(), false, op,
                    errors(InternetError.CONNECTION_RESET, InternetError.CONNECTION_ABORTED, InternetError.CANNOT_CONNECT),
                    false));
            cases.add(new Case("stall before the reply" + o, false, false, Fault.stallAfter(Direction.DOWNSTREAM, 0),
                    false, op, timeout, false));
            cases.add(new Case("stall mid-reply" + o, false, false, Fault.stallAfter(Direction.DOWNSTREAM, mid),
                    false, op, timeout, false));
            cases.add(new Case("reset mid-reply" + o, false, false, Fault.resetAfter(Direction.DOWNSTREAM, mid),
                    false, op, broken, false));
            cases.add(new Case("cut mid-reply" + o, false, false, Fault.cutAfter(Direction.DOWNSTREAM, mid),
                    false, op, broken, true));
            cases.add(new Case("half-closed mid-reply" + o, false, false,
                    Fault.halfCloseAfter(Direction.DOWNSTREAM, mid), false, op, broken, true));
            cases.add(new Case("selector cut" + o, false, false, Fault.cutAfter(Direction.UPSTREAM, 2), false, op,
                    errors(InternetError.GOPHER_PROTOCOL_ERROR, InternetError.CONNECTION_RESET,
                            InternetError.CONNECTION_ABORTED), true));
            cases.add(new Case("selector stalled" + o, false, false, Fault.stallAfter(Direction.UPSTREAM, 2), false,
                    op, timeout, false));
            cases.add(new Case("selector reset" + o, false, false, Fault.resetAfter(Direction.UPSTREAM, 2), false, op,
                    broken, false));
            cases.add(new Case("slow drip" + o, false, false, Fault.drip(Direction.DOWNSTREAM, 64 * 1024,
                    Duration.ofMillis(2)), false, op, none, false));
            cases.add(new Case("TLS handshake cut" + o, true, true, Fault.cutAfter(Direction.DOWNSTREAM, 100), false,
                    op, tls, false));
            cases.add(new Case("TLS handshake stalled" + o, true, true, Fault.stallAfter(Direction.DOWNSTREAM, 100),
                    false, op, timeout, false));
            cases.add(new Case("TLS handshake reset" + o, true, true, Fault.resetAfter(Direction.DOWNSTREAM, 100),
                    false, op, errors(InternetError.SECURITY_CHANNEL_ERROR, InternetError.CONNECTION_RESET,
                            InternetError.CONNECTION_ABORTED), false));
            cases.add(new Case("TLS spoken to a plain server" + o, false, true, Fault.none(), false, op,
                    errors(InternetError.SECURITY_CHANNEL_ERROR, InternetError.TIMEOUT), false));
            cases.add(new Case("TLS mid-reply reset" + o, true, true, Fault.resetAfter(Direction.DOWNSTREAM, mid),
                    false, op, errors(InternetError.SECURITY_CHANNEL_ERROR, InternetError.CONNECTION_RESET,
                            InternetError.CONNECTION_ABORTED), false));
        }
        return cases.build();
    }

    /** One clean exchange first, so that what the JVM opens once for good is not counted as a leak. */
    @BeforeAll
    static void warmUp() throws Exception {
        run(new Case("warm-up", false, false, Fault.none(), false, Op.MENU, Set.of(), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void endsWithTheRightErrorInTimeWithoutLeaks(Case c) throws Exception {
        Leaks leaks = Leaks.snapshot();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(c));
        leaks.assertNoLeak(c.name());
    }

    @Test
    void aLongRequestTheServerDoesNotReadEndsAtTheWriteTimeout() throws Exception {
        // Within the default line limit a request fits the socket's buffers; raised, it may not.
        String selector = "/" + "s".repeat(32 * 1024 * 1024); // more than both sockets' buffers
        Leaks leaks = Leaks.snapshot();
        try (TestGopherServer server = TestGopherServer.create();
             FaultProxy proxy = FaultProxy.to(server::address);
             Internet internet = Internet.newBuilder().connectTimeout(TIMEOUT).readTimeout(Duration.ofSeconds(60))
                     .writeTimeout(TIMEOUT).retries(io.inetkit.RetryPolicy.none())
                     .limits(Limits.newBuilder().maxLineBytes(64 * 1024 * 1024).build()).build()) {
            server.start();
            proxy.start();
            proxy.enqueue(Fault.stallAfter(Direction.UPSTREAM, 0)); // nothing of the request is read
            long start = System.nanoTime();
            try (GopherSession session = internet.connect(ConnectRequest.newBuilder(Service.GOPHER, "localhost")
                    .port(proxy.port()).build())) {
                InternetException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                        () -> assertThrows(InternetException.class, () -> session.menu(selector)));
                assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(BOUND) < 0, "took " + took.toMillis() + " ms; bound " + BOUND);
        }
        leaks.assertNoLeak("a stalled request");
    }

    private static void run(Case c) throws Exception {
        TestGopherServer.Builder builder = TestGopherServer.newBuilder();
        byte[] menu = MENU_TEXT.toString().getBytes(StandardCharsets.US_ASCII);
        try (TestGopherServer server = (c.tls ? builder.tls() : builder).build();
             FaultProxy proxy = FaultProxy.to(server::address);
             Internet internet = Internet.newBuilder().connectTimeout(TIMEOUT).readTimeout(TIMEOUT)
                     .retries(io.inetkit.RetryPolicy.none()) // one try per fault: GopherRetryTest retries
                     .sslContext(TestCertificate.localhost().clientContext()).build()) {
            server.start();
            server.raw("/m", menu);
            server.raw("/doc", DOCUMENT);
            proxy.start();
            if (c.refuse) {
                proxy.refuseConnections();
            } else {
                proxy.enqueue(c.fault);
            }
            ConnectRequest.Builder<GopherSession> request = ConnectRequest.newBuilder(Service.GOPHER, "localhost")
                    .port(proxy.port());
            long start = System.nanoTime();
            try (GopherSession session = internet.connect(c.clientTls ? request.flags(ConnectFlag.SECURE).build()
                    : request.build())) {
                if (c.op == Op.MENU) {
                    int items = session.menu("/m").size();
                    assertTrue(c.expected.isEmpty() || c.prefixOk && items < 2000, c + " read " + items + " items");
                } else {
                    byte[] got;
                    try (InputStream in = session.open("/doc", GopherItemType.BINARY)) {
                        got = in.readAllBytes();
                    }
                    if (c.expected.isEmpty()) {
                        assertArrayEquals(DOCUMENT, got);
                    } else {
                        assertTrue(c.prefixOk && got.length < DOCUMENT.length
                                && Arrays.equals(DOCUMENT, 0, got.length, got, 0, got.length),
                                c + " read " + got.length + " bytes without an error");
                    }
                }
            } catch (InternetException e) {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertTrue(c.expected.contains(e.error()), c + ": " + e + " (expected one of " + c.expected + ")");
                assertTrue(took.compareTo(BOUND) < 0, c + " took " + took.toMillis() + " ms; bound " + BOUND);
            }
        }
    }
}
