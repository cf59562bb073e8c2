package io.inetkit.testkit.proxy;

import static io.inetkit.testkit.proxy.FaultProxyTest.millisSince;
import static io.inetkit.testkit.proxy.FaultProxyTest.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.Wire;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The proxy's line: latency and bandwidth. Timings are asserted as lower bounds (what the line must
 * add), with upper bounds only where they are many times the expected figure, so that a loaded
 * machine cannot fail them.
 */
class FaultProxyLineTest {

    static final byte[] BIG = pattern(2_000_000);
    static final byte[] HUNDRED_K = pattern(100_000);

    @StartStop
    final TinyServer echo = TinyServer.echo();
    @StartStop
    final TinyServer big = TinyServer.sending(BIG);
    @StartStop
    final TinyServer hundredK = TinyServer.sending(HUNDRED_K);
    @StartStop
    final FaultProxy toEcho = FaultProxy.to(echo::address);
    @StartStop
    final FaultProxy toBig = FaultProxy.to(big::address);
    @StartStop
    final FaultProxy toHundredK = FaultProxy.to(hundredK::address);

    @Test
    void latencyIsAddedInEachDirection() throws Exception {
        toEcho.latency(Direction.UPSTREAM, Duration.ofMillis(150)).latency(Direction.DOWNSTREAM, Duration.ofMillis(100));
        byte[] hello = "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (Socket socket = Wire.connect(toEcho.address())) {
            for (int round = 0; round < 2; round++) {
                long start = System.nanoTime();
                socket.getOutputStream().write(hello);
                assertArrayEquals(hello, socket.getInputStream().readNBytes(hello.length));
                long took = millisSince(start);
                assertTrue(took >= 250, "a round trip took " + took + " ms, less than 150 + 100 ms");
            }
        }
    }

    @Test
    void latencyKeepsTheThroughput() throws Exception {
        toBig.latency(Direction.DOWNSTREAM, Duration.ofMillis(200));
        long start = System.nanoTime();
        try (Socket socket = Wire.connect(toBig.address())) {
            assertArrayEquals(BIG, socket.getInputStream().readNBytes(BIG.length));
        }
        long took = millisSince(start);
        assertTrue(took >= 200, "2 MB took " + took + " ms, less than the latency");
        // A sleep per 8 KiB chunk would take 244 × 200 ms, about 49 s.
        assertTrue(took < 15_000, "2 MB took " + took + " ms: the latency was paid per chunk");
    }

    @Test
    void bandwidthHoldsDownstreamToItsRate() throws Exception {
        toHundredK.bandwidth(Direction.DOWNSTREAM, 100_000);
        long start = System.nanoTime();
        try (Socket socket = Wire.connect(toHundredK.address())) {
            assertArrayEquals(HUNDRED_K, socket.getInputStream().readNBytes(HUNDRED_K.length));
        }
        long took = millisSince(start);
        assertTrue(took >= 900, "100,000 bytes at 100,000 B/s took " + took + " ms");
    }

    @Test
    void bandwidthHoldsUpstreamToItsRate() throws Exception {
        toEcho.bandwidth(Direction.UPSTREAM, 50_000);
        byte[] payload = pattern(50_000);
        try (Socket socket = Wire.connect(toEcho.address())) {
            long took = echoMillis(socket, payload);
            assertTrue(took >= 900, "50,000 bytes at 50,000 B/s took " + took + " ms");
        }
    }

    /** Writes the payload from another thread and reads its echo; the milliseconds that took. */
    private static long echoMillis(Socket socket, byte[] payload) throws Exception {
        long start = System.nanoTime();
        Thread writer = new Thread(() -> write(socket, payload));
        writer.start();
        assertArrayEquals(payload, socket.getInputStream().readNBytes(payload.length));
        long took = millisSince(start);
        writer.join(Wire.TIMEOUT_MILLIS);
        return took;
    }

    @Test
    void anIdleLineEarnsNoBurstBeyondItsRate() throws Exception {
        toEcho.bandwidth(Direction.UPSTREAM, 50_000);
        byte[] payload = pattern(50_000);
        try (Socket socket = Wire.connect(toEcho.address())) {
            socket.getOutputStream().write(1);
            socket.getInputStream().read();
            Thread.sleep(1_000);
            long took = echoMillis(socket, payload);
            // A second idle would be worth 50,000 bytes if the line saved it all up.
            assertTrue(took >= 900, "50,000 bytes at 50,000 B/s after an idle second took " + took + " ms");
        }
    }

    @Test
    void bandwidthIsPerConnection() throws Exception {
        toHundredK.bandwidth(Direction.DOWNSTREAM, 100_000);
        Socket first = Wire.connect(toHundredK.address());
        Socket second = Wire.connect(toHundredK.address());
        try (first; second) {
            long start = System.nanoTime();
            byte[][] got = new byte[2][];
            Thread other = new Thread(() -> got[1] = readAll(second, HUNDRED_K.length));
            other.start();
            got[0] = readAll(first, HUNDRED_K.length);
            other.join(Wire.TIMEOUT_MILLIS);
            long took = millisSince(start);
            assertArrayEquals(HUNDRED_K, got[0]);
            assertArrayEquals(HUNDRED_K, got[1]);
            assertTrue(took >= 900, "took " + took + " ms");
            // One limit shared by both would take 2 s or more; each its own, about 1 s.
            assertTrue(took < 1_900, "two connections of 100,000 bytes took " + took + " ms: the limit was shared");
        }
    }

    @Test
    void latencyAndBandwidthCombine() throws Exception {
        toHundredK.latency(Direction.DOWNSTREAM, Duration.ofMillis(300)).bandwidth(Direction.DOWNSTREAM, 200_000);
        long start = System.nanoTime();
        try (Socket socket = Wire.connect(toHundredK.address())) {
            assertArrayEquals(HUNDRED_K, socket.getInputStream().readNBytes(HUNDRED_K.length));
        }
        long took = millisSince(start);
        assertTrue(took >= 700, "100,000 bytes at 200,000 B/s behind 300 ms took " + took + " ms");
    }

    @Test
    void refusesNegativeSettings() {
        assertThrows(IllegalArgumentException.class, () -> toEcho.latency(Direction.UPSTREAM, Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> toEcho.bandwidth(Direction.UPSTREAM, -1));
    }

    @Test
    void aLineLeavesNoThreadBehind() throws Exception {
        toEcho.latency(Direction.DOWNSTREAM, Duration.ofMillis(50));
        try (Socket socket = Wire.connect(toEcho.address())) {
            socket.getOutputStream().write(1);
            socket.getInputStream().read();
        }
        toEcho.close();
        String prefix = "inetkit-proxy-" + toEcho.port() + "-";
        assertTrue(Wire.awaitNoThreadsNamed(prefix, Duration.ofSeconds(5)).isEmpty());
    }

    private static void write(Socket socket, byte[] bytes) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] readAll(Socket socket, int length) {
        try {
            return socket.getInputStream().readNBytes(length);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
