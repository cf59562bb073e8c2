package io.inetkit.provider.ftp.internal.reliability;

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
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.TransferType;
import io.inetkit.provider.ftp.internal.ProxiedFtpServer;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Network faults on the FTP control and data connections, injected by two {@link FaultProxy}s (the
 * passive reply is rewritten to send the data connection through the second). Each case must end
 * with the expected {@link InternetError} within the configured timeout plus one second, leave no
 * file under the download's name (nor a {@code .part}), and leave no socket or thread behind.
 */
class FtpFaultTest {

    static final Duration TIMEOUT = Duration.ofSeconds(1);
    static final Duration BOUND = TIMEOUT.plusSeconds(1);
    static final int SIZE = 1024 * 1024;
    static final byte[] CONTENT = new byte[SIZE];

    /** Bytes of the control connection, each way, up to the end of the login (measured once). */
    static long loginDown;
    static long loginUp;

    /**
     * Stream mode ends a file with the data connection (RFC 959), so a cut or half-close after N
     * bytes looks to the server like the end of a shorter file: it stores the prefix and answers 226.
     * The provider's SIZE check (or, when the client saw the failure, the server's 226) finds it, and
     * these cases must leave no up.bin on the server.
     */
    static final Set<String> SERVER_TAKES_A_PREFIX = Set.of("data cut mid-upload", "data half-closed mid-upload");

    @TempDir Path local;

    enum Op { CONNECT, GET, PUT }

    enum Target { CONTROL, DATA, TLS_CONTROL, PLAIN_AS_TLS }

    /** One case: where the fault goes, what it is, what runs, which errors are right (none: success). */
    record Case(String name, Target target, Fault fault, boolean refuse, Op op, Set<InternetError> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void measureTheLogin() throws Exception {
        new Random(7).nextBytes(CONTENT);
        try (Rig rig = new Rig(false)) {
            try (Internet internet = quick(); FtpSession session = rig.connect(internet, false)) {
                loginDown = rig.control.bytesDownstream();
                loginUp = rig.control.bytesUpstream();
            }
        }
        assertTrue(loginDown > 100 && loginUp > 20, "login bytes " + loginDown + "/" + loginUp);
    }

    static Set<InternetError> errors(InternetError first, InternetError... rest) {
        return EnumSet.of(first, rest);
    }

    static Stream<Case> cases() {
        Set<InternetError> none = Set.of();
        Set<InternetError> dropped = errors(InternetError.FTP_DROPPED, InternetError.CONNECTION_ABORTED,
                InternetError.CONNECTION_RESET);
        Set<InternetError> cannot = errors(InternetError.CANNOT_CONNECT, InternetError.FTP_DROPPED);
        Set<InternetError> aborted = errors(InternetError.CONNECTION_ABORTED, InternetError.CONNECTION_RESET,
                InternetError.FTP_DROPPED);
        Set<InternetError> timeout = errors(InternetError.TIMEOUT);
        // A reset is CONNECTION_RESET in every provider, before the greeting too: the TCP connection was made.
        Set<InternetError> reset = errors(InternetError.CONNECTION_RESET);
        Set<InternetError> tls = errors(InternetError.SECURITY_CHANNEL_ERROR);
        long mid = 64 * 1024;
        return Stream.of(
                // the control connection
                new Case("control refused", Target.CONTROL, Fault.none(), true, Op.CONNECT, cannot),
                new Case("control silent", Target.CONTROL, Fault.blackHole(), false, Op.CONNECT, timeout),
                new Case("control reset on accept", Target.CONTROL, Fault.resetOnAccept(), false, Op.CONNECT, reset),
                new Case("control cut in the greeting", Target.CONTROL, Fault.cutAfter(Direction.DOWNSTREAM, 10),
                        false, Op.CONNECT, cannot),
                new Case("control reset in the greeting", Target.CONTROL, Fault.resetAfter(Direction.DOWNSTREAM, 10),
                        false, Op.CONNECT, reset),
                new Case("control stall in the greeting", Target.CONTROL, Fault.stallAfter(Direction.DOWNSTREAM, 10),
                        false, Op.CONNECT, timeout),
                new Case("control cut upstream in USER", Target.CONTROL, Fault.cutAfter(Direction.UPSTREAM, 3),
                        false, Op.CONNECT, cannot),
                new Case("control half-closed upstream at once", Target.CONTROL,
                        Fault.halfCloseAfter(Direction.UPSTREAM, 0), false, Op.CONNECT, cannot),
                new Case("control half-closed downstream in the greeting", Target.CONTROL,
                        Fault.halfCloseAfter(Direction.DOWNSTREAM, 10), false, Op.CONNECT, cannot),
                new Case("control slow drip", Target.CONTROL, Fault.drip(Direction.DOWNSTREAM, 16, Duration.ofMillis(2)),
                        false, Op.GET, none),
                new Case("control cut after login", Target.CONTROL, Fault.cutAfter(Direction.DOWNSTREAM, loginDown + 5),
                        false, Op.GET, dropped),
                // An RST discards what the client has not read yet, the end of the login included.
                new Case("control reset after login", Target.CONTROL,
                        Fault.resetAfter(Direction.DOWNSTREAM, loginDown + 5), false, Op.GET,
                        aborted(InternetError.CANNOT_CONNECT)),
                new Case("control stall after login", Target.CONTROL,
                        Fault.stallAfter(Direction.DOWNSTREAM, loginDown + 5), false, Op.GET, timeout),
                new Case("control cut upstream after login", Target.CONTROL,
                        Fault.cutAfter(Direction.UPSTREAM, loginUp + 2), false, Op.GET, dropped),
                new Case("control half-closed downstream after login", Target.CONTROL,
                        Fault.halfCloseAfter(Direction.DOWNSTREAM, loginDown + 5), false, Op.PUT, dropped),
                // the data connection of a download
                new Case("data refused", Target.DATA, Fault.none(), true, Op.GET, aborted(InternetError.CANNOT_CONNECT)),
                new Case("data silent", Target.DATA, Fault.blackHole(), false, Op.GET, timeout),
                new Case("data reset on accept", Target.DATA, Fault.resetOnAccept(), false, Op.GET, aborted),
                new Case("data stall mid-download", Target.DATA, Fault.stallAfter(Direction.DOWNSTREAM, mid), false,
                        Op.GET, timeout),
                new Case("data cut mid-download", Target.DATA, Fault.cutAfter(Direction.DOWNSTREAM, mid), false,
                        Op.GET, aborted),
                new Case("data reset mid-download", Target.DATA, Fault.resetAfter(Direction.DOWNSTREAM, mid), false,
                        Op.GET, aborted),
                new Case("data half-closed mid-download", Target.DATA, Fault.halfCloseAfter(Direction.DOWNSTREAM, mid),
                        false, Op.GET, aborted),
                new Case("data slow drip download", Target.DATA,
                        Fault.drip(Direction.DOWNSTREAM, 512 * 1024, Duration.ofMillis(2)), false, Op.GET, none),
                // the data connection of an upload
                new Case("data reset mid-upload", Target.DATA, Fault.resetAfter(Direction.UPSTREAM, mid), false,
                        Op.PUT, aborted),
                new Case("data cut mid-upload", Target.DATA, Fault.cutAfter(Direction.UPSTREAM, mid), false,
                        Op.PUT, aborted),
                new Case("data half-closed mid-upload", Target.DATA, Fault.halfCloseAfter(Direction.UPSTREAM, mid),
                        false, Op.PUT, aborted),
                new Case("data refused upload", Target.DATA, Fault.none(), true, Op.PUT,
                        aborted(InternetError.CANNOT_CONNECT)),
                // TLS
                new Case("TLS handshake cut", Target.TLS_CONTROL, Fault.cutAfter(Direction.DOWNSTREAM, 100), false,
                        Op.CONNECT, tls),
                new Case("TLS handshake reset", Target.TLS_CONTROL, Fault.resetAfter(Direction.DOWNSTREAM, 100), false,
                        Op.CONNECT, errors(InternetError.SECURITY_CHANNEL_ERROR, InternetError.CONNECTION_RESET)),
                new Case("TLS handshake stalled", Target.TLS_CONTROL, Fault.stallAfter(Direction.DOWNSTREAM, 100), false,
                        Op.CONNECT, timeout),
                new Case("TLS spoken to a plain server", Target.PLAIN_AS_TLS, Fault.none(), false, Op.CONNECT, tls),
                new Case("TLS handshake half-closed", Target.TLS_CONTROL, Fault.halfCloseAfter(Direction.DOWNSTREAM, 100),
                        false, Op.CONNECT, tls));
    }

    static Set<InternetError> aborted(InternetError also) {
        return errors(also, InternetError.CONNECTION_ABORTED, InternetError.CONNECTION_RESET,
                InternetError.FTP_DROPPED);
    }

    /** Without retries: the failure of each fault is the subject here; FtpResumeTest has the resumes. */
    static Internet quick() {
        return Internet.newBuilder().connectTimeout(TIMEOUT).readTimeout(TIMEOUT).writeTimeout(TIMEOUT)
                .retries(io.inetkit.RetryPolicy.none())
                .sslContext(TestCertificate.localhost().clientContext()).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void endsWithTheRightErrorInTimeWithoutLeaks(Case c) throws Exception {
        Leaks leaks = Leaks.snapshot();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(c));
        leaks.assertNoLeak(c.name());
    }

    @Test
    void aStalledUploadTimesOut() throws Exception {
        Leaks leaks = Leaks.snapshot();
        Case c = new Case("data stall mid-upload", Target.DATA, Fault.stallAfter(Direction.UPSTREAM, 64 * 1024), false,
                Op.PUT, errors(InternetError.TIMEOUT));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(c));
        leaks.assertNoLeak(c.name());
    }

    @Test
    void aStalledUploadStreamTimesOutAndTheSessionCanBeClosed() throws Exception {
        Leaks leaks = Leaks.snapshot();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Rig rig = new Rig(false); Internet internet = quick()) {
                rig.data.enqueue(Fault.stallAfter(Direction.UPSTREAM, 64 * 1024));
                try (FtpSession session = rig.connect(internet, false)) {
                    byte[] chunk = new byte[64 * 1024];
                    long start = System.nanoTime();
                    InternetException e = assertThrows(InternetException.class, () -> {
                        try (OutputStream out = session.openWrite("up.bin", TransferType.BINARY)) {
                            for (int i = 0; i < 4096; i++) { // 256 MiB: more than any socket buffers hold
                                out.write(chunk);
                            }
                        }
                    });
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
                    assertTrue(e.getMessage().contains("took in nothing"), e.getMessage());
                    assertTrue(took.compareTo(TIMEOUT.plusSeconds(2)) < 0, "took " + took);
                }
            }
        });
        leaks.assertNoLeak("stalled upload stream");
    }

    private void run(Case c) throws Exception {
        Path target = local.resolve("download.bin");
        Path source = Files.write(local.resolve("upload.bin"), CONTENT);
        try (Rig rig = new Rig(c.target == Target.TLS_CONTROL); Internet internet = quick()) {
            FaultProxy proxy = c.target == Target.DATA ? rig.data : rig.control;
            if (c.refuse) {
                proxy.refuseConnections();
            } else {
                proxy.enqueue(c.fault);
            }
            long start = System.nanoTime();
            FtpSession session = null;
            try {
                session = rig.connect(internet, c.target == Target.TLS_CONTROL
                        || c.target == Target.PLAIN_AS_TLS);
                if (c.op == Op.CONNECT) {
                    session.close();
                    throw new AssertionError("connected despite " + c);
                }
                start = System.nanoTime();
                try (FtpSession open = session) {
                    if (c.op == Op.GET) {
                        session.get("big.bin", target);
                    } else {
                        session.put(source, "up.bin");
                    }
                }
                assertTrue(c.expected.isEmpty(), c + " succeeded but should fail with " + c.expected);
                if (c.op == Op.GET) {
                    assertArrayEquals(CONTENT, Files.readAllBytes(target));
                }
            } catch (InternetException e) {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertTrue(c.expected.contains(e.error()), c + ": " + e + " (expected one of " + c.expected + ")");
                assertTrue(took.compareTo(BOUND) < 0, c + " took " + took.toMillis() + " ms; bound " + BOUND);
                assertTrue(Files.notExists(target), c + " left " + target);
            }
            if (session != null && c.target != Target.TLS_CONTROL) {
                // Plain, passive, binary, and the fault proxy is no inetkit proxy: get and put take the
                // channel route, whenever their data connection opened.
                String route = ProxiedFtpServer.lastRoute(session, c.op == Op.GET);
                assertTrue(route.equals("channel") || route.isEmpty() && !c.name.contains("mid-"),
                        c + " went by " + route);
            }
            try (Stream<Path> files = Files.list(local)) {
                List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
                assertTrue(names.stream().noneMatch(n -> n.endsWith(".part")), c + " left " + names);
            }
            if (SERVER_TAKES_A_PREFIX.contains(c.name)) {
                assertTrue(Files.notExists(rig.server.root().resolve("up.bin")), c + " left up.bin on the server");
            }
        }
    }

    /** A server with one passive port, a proxy for control and one for data. */
    static final class Rig implements AutoCloseable {
        final ProxiedFtpServer proxied;
        final TestFtpServer server;
        final FaultProxy control;
        final FaultProxy data;

        Rig(boolean implicitTls) throws IOException {
            TestFtpServer.Builder builder = TestFtpServer.newBuilder().user("alice", "secret")
                    .idleTimeout(Duration.ofSeconds(3));
            proxied = ProxiedFtpServer.start(implicitTls ? builder.implicitFtps() : builder);
            server = proxied.server;
            control = proxied.control;
            data = proxied.data;
            Files.write(server.root().resolve("big.bin"), CONTENT);
        }

        FtpSession connect(Internet internet, boolean tls) throws InternetException {
            ConnectRequest.Builder<FtpSession> request = ConnectRequest.newBuilder(Service.FTP, "localhost")
                    .port(control.port()).user("alice").password("secret");
            return internet.connect(tls ? request.flags(ConnectFlag.PASSIVE, ConnectFlag.SECURE).build()
                    : request.flags(ConnectFlag.PASSIVE).build());
        }

        @Override
        public void close() throws IOException {
            proxied.close();
        }
    }
}
