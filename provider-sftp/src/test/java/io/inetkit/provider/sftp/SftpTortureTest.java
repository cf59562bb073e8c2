package io.inetkit.provider.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.RetryPolicy;
import io.inetkit.Service;
import io.inetkit.sftp.SftpOptions;
import io.inetkit.sftp.SftpSession;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import io.inetkit.testkit.sftp.TestSftpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Torture: downloads and uploads through a {@link FaultProxy} that cuts, resets, half-closes or
 * stalls the connection at a random byte in a random direction, each run from its own seed. Each
 * ends, within a bound, either with the file whole or with a transport error, never with a file
 * under the final name that is not whole, and never with a leaked socket or thread. From seed 16
 * on, a download resumes on new connections (two retries), each meeting the same fault.
 */
class SftpTortureTest {

    static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** A stall ends after a read or write time-out; the rest at once. */
    static final long BOUND_SECONDS = 12;
    static final int SIZE = 1024 * 1024 + 333;
    static final Set<InternetError> EXPECTED = EnumSet.of(InternetError.CONNECTION_RESET,
            InternetError.CONNECTION_ABORTED, InternetError.CANNOT_CONNECT, InternetError.TIMEOUT);

    @TempDir
    Path remote;
    @TempDir
    Path local;

    static IntStream seeds() {
        return IntStream.range(0, 24);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aRandomCutOrStallEndsInAWholeFileOrAnErrorAndLeavesNothingHalfDone(int seed) throws Exception {
        Random random = new Random(seed);
        byte[] data = new byte[SIZE];
        random.nextBytes(data);
        Files.write(remote.resolve("f.bin"), data);
        boolean download = random.nextBoolean();
        Direction direction = random.nextBoolean() ? Direction.DOWNSTREAM : Direction.UPSTREAM;
        // Within the handshake, the login or the file, or past its end.
        long at = random.nextInt(SIZE * 5 / 4);
        Fault fault = switch (random.nextInt(4)) {
            case 0 -> Fault.cutAfter(direction, at);
            case 1 -> Fault.resetAfter(direction, at);
            case 2 -> Fault.halfCloseAfter(direction, at);
            default -> Fault.stallAfter(direction, at);
        };
        RetryPolicy retries = seed < 16 ? RetryPolicy.none()
                : RetryPolicy.newBuilder().maxRetries(2).backoff(Duration.ofMillis(10)).build();
        String run = "seed " + seed + ": " + (download ? "get" : "put") + " with " + fault;
        Leaks leaks = Leaks.snapshot();
        Path upload = Files.write(Files.createDirectories(local.resolve("up")).resolve("f.bin"), data);
        Path target = Files.createDirectories(local.resolve("down")).resolve("f.bin");
        Path knownHosts = local.resolve("known_hosts");
        try (TestSftpServer server = TestSftpServer.newBuilder().root(remote).user("alice", "secret").build()) {
            server.start();
            try (FaultProxy proxy = FaultProxy.to(server.address())) {
                proxy.fault(fault);
                proxy.start();
                Files.writeString(knownHosts, "[" + proxy.host() + "]:" + proxy.port() + " " + server.hostKeyEntry()
                        + "\n");
                long started = System.nanoTime();
                InternetException failure = null;
                try (Internet internet = Internet.newBuilder().connectTimeout(TIMEOUT).readTimeout(TIMEOUT)
                        .writeTimeout(TIMEOUT).retries(retries).build();
                     SftpSession session = internet.connect(ConnectRequest.newBuilder(Service.SFTP, proxy.host())
                             .port(proxy.port()).user("alice").password("secret")
                             .option(SftpOptions.newBuilder().knownHosts(knownHosts).build()).build())) {
                    if (download) {
                        session.get("f.bin", target);
                    } else {
                        session.put(upload, "up.bin");
                    }
                } catch (InternetException e) {
                    failure = e;
                }
                long seconds = (System.nanoTime() - started) / 1_000_000_000L;
                assertTrue(seconds < BOUND_SECONDS, run + " took " + seconds + " s");
                if (failure != null) {
                    assertTrue(EXPECTED.contains(failure.error()), run + ": " + failure);
                }
                if (download) {
                    List<String> left = SftpSessionTest.names(local.resolve("down"));
                    if (failure == null) {
                        assertArrayEquals(data, Files.readAllBytes(target), run);
                    } else {
                        assertEquals(List.of(), left, run + " left a file: " + failure);
                    }
                } else if (failure == null) {
                    assertArrayEquals(data, Files.readAllBytes(remote.resolve("up.bin")), run);
                }
            }
        }
        leaks.assertNoLeak(run);
    }
}
