package io.inetkit.testkit.leak;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LeaksTest {

    static final Duration SHORT = Duration.ofMillis(200);

    @Test
    void aSocketLeftOpenIsALeakAndClosingItEndsIt() throws Exception {
        assumeTrue(Leaks.sockets() >= 0, "no /proc/self/fd here");
        // The JDK keeps a socket of its own (not TCP) from its first network use on: open that first.
        new ServerSocket(0, 1, InetAddress.getLoopbackAddress()).close();
        long before = Leaks.sockets();
        Leaks leaks = Leaks.snapshot().patience(SHORT);
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(before + 1, Leaks.sockets());
            AssertionError e = assertThrows(AssertionError.class, () -> leaks.assertNoLeak("open listener"));
            assertTrue(e.getMessage().startsWith("open listener: 1 socket(s) left open"), e.getMessage());
            assertTrue(e.getMessage().contains(socket.getLocalPort() + "->0 st0A"), e.getMessage());
        }
        assertDoesNotThrow(() -> leaks.assertNoLeak("closed listener"));
    }

    @Test
    void aServerSocketExcusedByItsPortNoLongerCountsButTheClientSideStillDoes() throws Exception {
        assumeTrue(Leaks.sockets() >= 0, "no /proc/self/fd here");
        new ServerSocket(0, 1, InetAddress.getLoopbackAddress()).close();
        Leaks leaks = Leaks.snapshot().patience(SHORT);
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int port = listener.getLocalPort();
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
             Socket accepted = listener.accept()) {
            listener.close();
            assertEquals(1, Leaks.excuseLocalPort(port));
            assertEquals(0, Leaks.excuseLocalPort(port), "excused once");
            AssertionError e = assertThrows(AssertionError.class, () -> leaks.assertNoLeak("client open"));
            assertTrue(e.getMessage().startsWith("client open: 1 socket(s) left open"), e.getMessage());
            assertTrue(e.getMessage().contains(port + "->" + client.getLocalPort() + " st01 (excused)"), e.getMessage());
            client.close();
            assertDoesNotThrow(() -> leaks.assertNoLeak("only the excused server side open"));
            assertTrue(accepted.isConnected());
        } finally {
            listener.close();
        }
    }

    @Test
    void aClientSocketExcusedByItsRemotePortNoLongerCounts() throws Exception {
        assumeTrue(Leaks.sockets() >= 0, "no /proc/self/fd here");
        new ServerSocket(0, 1, InetAddress.getLoopbackAddress()).close();
        Leaks leaks = Leaks.snapshot().patience(SHORT);
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int port = listener.getLocalPort();
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            listener.accept().close();
            listener.close();
            assertEquals(1, Leaks.excuseRemotePort(port));
            assertEquals(0, Leaks.excuseRemotePort(port), "excused once");
            assertDoesNotThrow(() -> leaks.assertNoLeak("only the excused client side open"));
            assertTrue(client.isConnected());
        } finally {
            listener.close();
        }
    }

    @Test
    void aThreadLeftRunningIsALeakAndEndingItEndsIt() throws Exception {
        Leaks leaks = Leaks.snapshot().patience(SHORT);
        CountDownLatch stop = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "left-behind");
        thread.start();
        try {
            AssertionError e = assertThrows(AssertionError.class, () -> leaks.assertNoLeak("worker"));
            assertEquals("worker: threads left running: [left-behind]", e.getMessage());
        } finally {
            stop.countDown();
            thread.join();
        }
        assertDoesNotThrow(() -> leaks.assertNoLeak("worker ended"));
    }

    @Test
    void collectingGarbageWaitsForWhatEndsWhenUnreachable() throws Exception {
        // A thread that ends only when a Cleaner sees its owner collected, as JDK 17's HttpClient does.
        java.lang.ref.Cleaner cleaner = java.lang.ref.Cleaner.create(); // its own thread, before the snapshot
        Leaks leaks = Leaks.snapshot().collectingGarbage();
        CountDownLatch stop = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "owned");
        thread.start();
        cleaner.register(new Object(), stop::countDown);
        assertDoesNotThrow(() -> leaks.assertNoLeak("owner unreachable"));
        thread.join();
    }

    @Test
    void aNegativePatienceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Leaks.snapshot().patience(Duration.ofMillis(-1)));
    }
}
