package io.inetkit.testkit.proxy;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.Wire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultProxyTest {

    static final byte[] THOUSAND = pattern(1000);

    @StartStop
    final TinyServer echo = TinyServer.echo();
    @StartStop
    final TinyServer sender = TinyServer.sending(THOUSAND);
    @StartStop
    final FaultProxy toEcho = FaultProxy.to(echo::address);
    @StartStop
    final FaultProxy toSender = FaultProxy.to(sender::address);

    static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Reads until end of stream; the exception if the stream ended with one. */
    static ByteArrayOutputStream readUntilEnd(InputStream in, IOException[] failure) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            failure[0] = e;
        }
        return out;
    }

    @Test
    void forwardsBothWaysUntouchedAndCounts() throws Exception {
        byte[] payload = pattern(200_000);
        try (Socket socket = Wire.connect(toEcho.address())) {
            Thread writer = new Thread(() -> {
                try {
                    socket.getOutputStream().write(payload);
                    socket.shutdownOutput();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.start();
            assertArrayEquals(payload, socket.getInputStream().readAllBytes());
            writer.join(Wire.TIMEOUT_MILLIS);
        }
        assertEquals("eof", echo.nextEvent());
        assertEquals(1, toEcho.connectionCount());
        assertEquals(payload.length, toEcho.bytesUpstream());
        assertEquals(payload.length, toEcho.bytesDownstream());
        assertTrue(awaitActive(toEcho, 0), "connection still active");
        // The client's half-close came first; the echo server closed after it had read it.
        assertEquals(List.of(Direction.UPSTREAM, Direction.DOWNSTREAM), toEcho.sourceEnds());
    }

    static boolean awaitActive(FaultProxy proxy, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (proxy.activeConnections() != count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return proxy.activeConnections() == count;
    }

    @Test
    void awaitBytesWaitsForWhatWasForwardedAndGivesUpAtItsTimeout() throws Exception {
        try (Socket socket = Wire.connect(toSender.address())) {
            assertTrue(toSender.awaitBytes(Direction.DOWNSTREAM, THOUSAND.length, Duration.ofSeconds(10)));
            assertArrayEquals(THOUSAND, socket.getInputStream().readNBytes(THOUSAND.length));
            long start = System.nanoTime();
            assertFalse(toSender.awaitBytes(Direction.DOWNSTREAM, THOUSAND.length + 1, Duration.ofMillis(200)));
            assertFalse(toSender.awaitBytes(Direction.UPSTREAM, 1, Duration.ofMillis(200)));
            assertTrue(millisSince(start) >= 400, "gave up before its timeouts");
        }
    }

    @Test
    void targetIsAskedForWhenAConnectionArrives() throws Exception {
        TinyServer late = TinyServer.sending("late".getBytes(UTF_8));
        try (FaultProxy proxy = FaultProxy.to(late::address); late) {
            proxy.start();
            late.start();
            try (Socket socket = Wire.connect(proxy.address())) {
                assertEquals("late", new String(socket.getInputStream().readNBytes(4), UTF_8));
            }
        }
    }

    @Test
    void refusedPortFailsToConnectUntilAcceptedAgain() throws Exception {
        InetSocketAddress address = toSender.address();
        toSender.refuseConnections();

        assertThrows(ConnectException.class, () -> Wire.connect(address).close());
        assertEquals(address, toSender.address());

        toSender.acceptConnections();
        try (Socket socket = Wire.connect(address)) {
            assertArrayEquals(THOUSAND, socket.getInputStream().readNBytes(THOUSAND.length));
        }
    }

    @Test
    void cutOpenConnectionsEndsTheOpenOnesAndKeepsAccepting() throws Exception {
        try (Socket first = Wire.connect(toEcho.address()); Socket second = Wire.connect(toEcho.address())) {
            first.getOutputStream().write(1);
            assertEquals(1, first.getInputStream().read());
            second.getOutputStream().write(2);
            assertEquals(2, second.getInputStream().read());
            assertEquals(2, toEcho.cutOpenConnections(false));
            assertEquals(-1, first.getInputStream().read(), "a FIN");
            assertEquals(-1, second.getInputStream().read());
        }
        try (Socket third = Wire.connect(toEcho.address())) {
            third.getOutputStream().write(3);
            assertEquals(3, third.getInputStream().read(), "a new connection goes through");
            assertEquals(1, toEcho.cutOpenConnections(true));
            assertThrows(SocketException.class, () -> third.getInputStream().read(), "an RST");
        }
        assertEquals(0, toEcho.cutOpenConnections(false));
    }

    /**
     * The reset can beat the end of the client's connect call or come at its first read; either way
     * the client sees "Connection reset".
     */
    static void assertReset(InetSocketAddress address) {
        SocketException e = assertThrows(SocketException.class, () -> {
            try (Socket socket = Wire.connect(address)) {
                socket.getInputStream().read();
            }
        });
        assertTrue(e.getMessage().contains("reset"), e.getMessage());
    }

    @Test
    void resetOnAcceptResetsBeforeReachingTheTarget() throws Exception {
        toSender.fault(Fault.resetOnAccept());
        assertReset(toSender.address());
        assertEquals(0, sender.connectionCount());
        assertEquals(1, toSender.connectionCount());
    }

    @Test
    void blackHoleAcceptsReadsAndNeverAnswers() throws Exception {
        toSender.fault(Fault.blackHole());
        try (Socket socket = Wire.connect(toSender.address())) {
            socket.getOutputStream().write("anyone there?\r\n".getBytes(UTF_8));
            socket.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read());
            assertEquals(0, sender.connectionCount());
            assertEquals(1, toSender.activeConnections());

            toSender.close();
            socket.setSoTimeout(Wire.TIMEOUT_MILLIS);
            assertThrows(SocketException.class, () -> socket.getInputStream().read());
        }
        assertEquals(0, toSender.bytesUpstream());
    }

    @Test
    void delayHoldsTheFirstDownstreamByte() throws Exception {
        toSender.fault(Fault.delay(Direction.DOWNSTREAM, Duration.ofMillis(400)));
        long start = System.nanoTime();
        try (Socket socket = Wire.connect(toSender.address())) {
            assertTrue(socket.getInputStream().read() >= 0);
            long elapsed = millisSince(start);
            assertTrue(elapsed >= 400 && elapsed < 4000, elapsed + " ms");
            assertArrayEquals(java.util.Arrays.copyOfRange(THOUSAND, 1, 1000),
                    socket.getInputStream().readNBytes(999));
        }
    }

    @Test
    void delayHoldsTheFirstUpstreamByte() throws Exception {
        toEcho.fault(Fault.delay(Direction.UPSTREAM, Duration.ofMillis(400)));
        try (Socket socket = Wire.connect(toEcho.address())) {
            long start = System.nanoTime();
            socket.getOutputStream().write('a');
            assertEquals('a', socket.getInputStream().read());
            long elapsed = millisSince(start);
            assertTrue(elapsed >= 400 && elapsed < 4000, elapsed + " ms");
            // Only the first byte waits.
            start = System.nanoTime();
            socket.getOutputStream().write('b');
            assertEquals('b', socket.getInputStream().read());
            assertTrue(millisSince(start) < 400, millisSince(start) + " ms");
        }
    }

    @Test
    void delayEachChunkHoldsEveryRoundTrip() throws Exception {
        for (Direction direction : Direction.values()) {
            toEcho.fault(Fault.delayEachChunk(direction, Duration.ofMillis(200)));
            try (Socket socket = Wire.connect(toEcho.address())) {
                for (int i = 0; i < 3; i++) {
                    long start = System.nanoTime();
                    socket.getOutputStream().write('0' + i);
                    assertEquals('0' + i, socket.getInputStream().read());
                    long elapsed = millisSince(start);
                    assertTrue(elapsed >= 200 && elapsed < 4000, direction + " round trip " + i + ": " + elapsed + " ms");
                }
            }
        }
    }

    @Test
    void dripForwardsSmallPiecesSpacedInTime() throws Exception {
        toSender.fault(Fault.drip(Direction.DOWNSTREAM, 100, Duration.ofMillis(50)));
        long start = System.nanoTime();
        try (Socket socket = Wire.connect(toSender.address())) {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[THOUSAND.length];
            int total = 0;
            int reads = 0;
            while (total < buffer.length) {
                int n = in.read(buffer, total, buffer.length - total);
                assertTrue(n > 0, "early end after " + total);
                total += n;
                reads++;
            }
            long elapsed = millisSince(start);
            assertArrayEquals(THOUSAND, buffer);
            // Ten pieces, nine pauses between them.
            assertTrue(elapsed >= 9 * 50 && elapsed < 5000, elapsed + " ms");
            assertTrue(reads >= 2, reads + " reads");
        }
    }

    @Test
    void cutAfterDownstreamBytesEndsWithCleanEof() throws Exception {
        toSender.fault(Fault.cutAfter(Direction.DOWNSTREAM, 100));
        try (Socket socket = Wire.connect(toSender.address())) {
            byte[] got = socket.getInputStream().readAllBytes();
            assertArrayEquals(java.util.Arrays.copyOf(THOUSAND, 100), got);
        }
        assertEquals("got:", sender.nextEvent());
        assertEquals("eof", sender.nextEvent());
        assertEquals(100, toSender.bytesDownstream());
    }

    @Test
    void cutAfterUpstreamBytesGivesTheServerExactlyThoseBytes() throws Exception {
        toSender.fault(Fault.cutAfter(Direction.UPSTREAM, 5));
        try (Socket socket = Wire.connect(toSender.address())) {
            socket.getOutputStream().write("hello world".getBytes(UTF_8));
            assertEquals("got:hello", sender.nextEvent());
            assertEquals("eof", sender.nextEvent());
            IOException[] failure = new IOException[1];
            readUntilEnd(socket.getInputStream(), failure);
            assertEquals(null, failure[0]);
        }
        assertEquals(5, toSender.bytesUpstream());
    }

    @Test
    void resetAfterDownstreamBytesEndsWithConnectionReset() throws Exception {
        toSender.fault(Fault.resetAfter(Direction.DOWNSTREAM, 100));
        try (Socket socket = Wire.connect(toSender.address())) {
            IOException[] failure = new IOException[1];
            ByteArrayOutputStream got = readUntilEnd(socket.getInputStream(), failure);
            assertTrue(failure[0] instanceof SocketException, String.valueOf(failure[0]));
            assertTrue(failure[0].getMessage().contains("reset"), failure[0].getMessage());
            // A reset may discard bytes the client had not read yet, never add any.
            assertTrue(got.size() <= 100, got.size() + " bytes");
        }
        assertEquals(100, toSender.bytesDownstream());
        assertTrue(sender.nextEvent().startsWith("error:"), "the server side is reset too");
    }

    @Test
    void resetAfterUpstreamBytesResetsBothSides() throws Exception {
        toSender.fault(Fault.resetAfter(Direction.UPSTREAM, 5));
        try (Socket socket = Wire.connect(toSender.address())) {
            socket.getInputStream().readNBytes(THOUSAND.length);
            socket.getOutputStream().write("hello world".getBytes(UTF_8));
            assertTrue(sender.nextEvent().startsWith("error:"), "the server side is reset");
            IOException[] failure = new IOException[1];
            readUntilEnd(socket.getInputStream(), failure);
            assertTrue(failure[0] instanceof SocketException, String.valueOf(failure[0]));
        }
        assertEquals(5, toSender.bytesUpstream());
    }

    @Test
    void halfCloseDownstreamGivesEofButKeepsTheUpstreamOpen() throws Exception {
        toSender.fault(Fault.halfCloseAfter(Direction.DOWNSTREAM, 100));
        try (Socket socket = Wire.connect(toSender.address())) {
            assertArrayEquals(java.util.Arrays.copyOf(THOUSAND, 100), socket.getInputStream().readAllBytes());
            socket.getOutputStream().write("still here".getBytes(UTF_8));
            socket.shutdownOutput();
            assertEquals("got:still here", sender.nextEvent());
            assertEquals("eof", sender.nextEvent());
        }
    }

    @Test
    void halfCloseUpstreamGivesTheServerEofButKeepsTheDownstreamOpen() throws Exception {
        TinyServer replier = TinyServer.of((socket, server) -> {
            server.event(new String(socket.getInputStream().readAllBytes(), UTF_8));
            socket.getOutputStream().write("reply after eof".getBytes(UTF_8));
        });
        try (FaultProxy proxy = FaultProxy.to(replier::address); replier) {
            replier.start();
            proxy.start();
            proxy.fault(Fault.halfCloseAfter(Direction.UPSTREAM, 5));
            try (Socket socket = Wire.connect(proxy.address())) {
                socket.getOutputStream().write("hello world".getBytes(UTF_8));
                assertEquals("hello", replier.nextEvent());
                assertEquals("reply after eof", new String(socket.getInputStream().readAllBytes(), UTF_8));
            }
        }
    }

    @Test
    void stallDownstreamKeepsTheConnectionOpenWithoutBytes() throws Exception {
        toSender.fault(Fault.stallAfter(Direction.DOWNSTREAM, 100));
        try (Socket socket = Wire.connect(toSender.address())) {
            InputStream in = socket.getInputStream();
            assertArrayEquals(java.util.Arrays.copyOf(THOUSAND, 100), in.readNBytes(100));
            socket.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, in::read);
            assertEquals(1, toSender.activeConnections());
            // The other direction still flows.
            socket.getOutputStream().write("up".getBytes(UTF_8));
            socket.shutdownOutput();
            assertEquals("got:up", sender.nextEvent());
        }
        assertEquals(100, toSender.bytesDownstream());
    }

    @Test
    void stallUpstreamStarvesTheServerWhileDownstreamFlows() throws Exception {
        TinyServer patient = TinyServer.of((socket, server) -> {
            socket.getOutputStream().write("ready\n".getBytes(UTF_8));
            socket.setSoTimeout(300);
            byte[] buffer = new byte[100];
            int total = 0;
            try {
                int n;
                while ((n = socket.getInputStream().read(buffer, total, buffer.length - total)) > 0) {
                    total += n;
                }
                server.event("eof after " + total);
            } catch (SocketTimeoutException e) {
                server.event("timeout after " + new String(buffer, 0, total, UTF_8));
                socket.getOutputStream().write("still talking\n".getBytes(UTF_8));
            }
        });
        try (FaultProxy proxy = FaultProxy.to(patient::address); patient) {
            patient.start();
            proxy.start();
            proxy.fault(Fault.stallAfter(Direction.UPSTREAM, 5));
            try (Socket socket = Wire.connect(proxy.address())) {
                socket.getOutputStream().write("hello world".getBytes(UTF_8));
                assertEquals("timeout after hello", patient.nextEvent());
                assertEquals("ready\nstill talking\n", new String(socket.getInputStream().readNBytes(20), UTF_8));
            }
        }
    }

    @Test
    void rewriteChangesOnlyTheMatchingLinesAndKeepsTerminators() throws Exception {
        byte[] script = "220 hello\r\n227 Entering Passive Mode (127,0,0,1,1,2)\r\nunix line\nno end"
                .getBytes(ISO_8859_1);
        TinyServer ftpish = TinyServer.sending(script);
        try (FaultProxy proxy = FaultProxy.to(ftpish::address); ftpish) {
            ftpish.start();
            proxy.start();
            proxy.fault(Fault.rewriteLines(Direction.DOWNSTREAM, line -> line.startsWith("227 ")
                    ? "227 Entering Passive Mode (127,0,0,1,4,1)" : line));
            try (Socket socket = Wire.connect(proxy.address())) {
                socket.shutdownOutput();
                assertEquals("220 hello\r\n227 Entering Passive Mode (127,0,0,1,4,1)\r\nunix line\nno end",
                        new String(socket.getInputStream().readAllBytes(), ISO_8859_1));
            }
        }
    }

    @Test
    void rewriteUpstreamChangesWhatTheServerReceives() throws Exception {
        toSender.fault(Fault.rewriteLines(Direction.UPSTREAM, line -> line.replace("bob", "alice")));
        try (Socket socket = Wire.connect(toSender.address())) {
            socket.getOutputStream().write("USER bob\r\nPASS \u00e9t\u00e9\r\n".getBytes(ISO_8859_1));
            socket.shutdownOutput();
            assertEquals("got:USER alice\r\nPASS \u00e9t\u00e9\r\n", sender.nextEvent());
        }
    }

    @Test
    void enqueuedFaultsApplyToTheNextConnectionsThenTheStandingOne() throws Exception {
        toSender.fault(Fault.cutAfter(Direction.DOWNSTREAM, 10));
        toSender.enqueue(Fault.resetOnAccept(), Fault.none());

        assertReset(toSender.address());
        try (Socket second = Wire.connect(toSender.address())) {
            assertArrayEquals(THOUSAND, second.getInputStream().readNBytes(1000));
        }
        try (Socket third = Wire.connect(toSender.address())) {
            assertEquals(10, third.getInputStream().readAllBytes().length);
        }
    }

    @Test
    void changingTheFaultLeavesOpenConnectionsAlone() throws Exception {
        try (Socket open = Wire.connect(toEcho.address())) {
            open.getOutputStream().write('x');
            assertEquals('x', open.getInputStream().read());

            toEcho.fault(Fault.cutAfter(Direction.DOWNSTREAM, 0));
            open.getOutputStream().write('y');
            assertEquals('y', open.getInputStream().read());

            try (Socket later = Wire.connect(toEcho.address())) {
                assertEquals(-1, later.getInputStream().read());
            }
        }
    }

    @Test
    void unreachableTargetResetsTheClient() throws Exception {
        InetSocketAddress closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = new InetSocketAddress(probe.getInetAddress(), probe.getLocalPort());
        }
        try (FaultProxy proxy = FaultProxy.to(closedPort)) {
            proxy.start();
            assertReset(proxy.address());
        }
    }

    @Test
    void awaitConnectionsWaitsForTheCountOrTimesOut() throws Exception {
        assertFalse(toSender.awaitConnections(1, Duration.ofMillis(50)));
        Thread client = new Thread(() -> {
            try (Socket socket = Wire.connect(toSender.address())) {
                socket.getInputStream().readNBytes(10);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        client.start();
        assertTrue(toSender.awaitConnections(1, Duration.ofSeconds(5)));
        client.join(Wire.TIMEOUT_MILLIS);
    }

    @Test
    void closeEndsEveryConnectionAndThread() throws Exception {
        FaultProxy proxy = FaultProxy.to(echo::address);
        proxy.start();
        String prefix = "inetkit-proxy-" + proxy.port() + "-";
        proxy.enqueue(Fault.blackHole(), Fault.stallAfter(Direction.DOWNSTREAM, 1),
                Fault.delay(Direction.UPSTREAM, Duration.ofMinutes(5)), Fault.none());
        Socket[] clients = new Socket[4];
        try {
            for (int i = 0; i < clients.length; i++) {
                clients[i] = Wire.connect(proxy.address());
                clients[i].getOutputStream().write("ab".getBytes(UTF_8));
            }
            assertEquals('a', clients[1].getInputStream().read());
            assertEquals('a', clients[3].getInputStream().read());
            assertEquals(4, proxy.activeConnections());
            assertFalse(Wire.threadsNamed(prefix).isEmpty());

            long start = System.nanoTime();
            proxy.close();
            proxy.close();
            assertTrue(millisSince(start) < 5000, "close took " + millisSince(start) + " ms");

            assertEquals(Set.of(), Wire.awaitNoThreadsNamed(prefix, Duration.ofSeconds(5)));
            assertEquals(0, proxy.activeConnections());
            for (Socket client : clients) {
                IOException[] failure = new IOException[1];
                readUntilEnd(client.getInputStream(), failure);
                assertTrue(failure[0] == null || failure[0] instanceof SocketException, String.valueOf(failure[0]));
            }
        } finally {
            for (Socket client : clients) {
                if (client != null) {
                    client.close();
                }
            }
        }
        assertThrows(ConnectException.class, () -> Wire.connect(proxy.address()).close());
        assertThrows(IllegalStateException.class, proxy::start);
        assertThrows(IllegalStateException.class, proxy::refuseConnections);
    }

    @Test
    void faultsCombineAndArgumentsAreChecked() throws Exception {
        toSender.fault(Fault.delay(Direction.DOWNSTREAM, Duration.ofMillis(100))
                .and(Fault.cutAfter(Direction.DOWNSTREAM, 20))
                .and(Fault.cutAfter(Direction.DOWNSTREAM, 30)));
        try (Socket socket = Wire.connect(toSender.address())) {
            assertEquals(30, socket.getInputStream().readAllBytes().length);
        }
        assertThrows(IllegalArgumentException.class, () -> Fault.cutAfter(Direction.UPSTREAM, -1));
        assertThrows(IllegalArgumentException.class, () -> Fault.drip(Direction.UPSTREAM, 0, Duration.ofMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> Fault.delay(Direction.UPSTREAM, Duration.ZERO));
        assertThrows(NullPointerException.class, () -> Fault.rewriteLines(Direction.UPSTREAM, null));
        assertThrows(IllegalStateException.class, () -> FaultProxy.to(echo::address).address());
    }
}
