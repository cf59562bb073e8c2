package io.inetkit.provider.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A connect that runs out of time fails with {@code TIMEOUT} within its time-outs, and says which
 * step ran out: the TCP connection, the greeting, or the reply to a login command. They are
 * different faults: a server that is unreachable or whose accept queue is full, one that accepted
 * and never spoke, and one that stopped answering.
 */
class FtpConnectTimeoutTest {

    private static final Duration QUICK = Duration.ofSeconds(1);

    @StartStop final TestFtpServer ftp = TestFtpServer.newBuilder().user("alice", "secret").build();

    @Test
    void aServerThatNeverGreetsTimesOutNamingTheGreeting() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(ftp::address)) {
            proxy.fault(Fault.blackHole());
            proxy.start();
            InternetException e = connectFails(proxy.host(), proxy.port());
            assertEquals("connecting to the FTP server: the server accepted the connection but sent no greeting"
                    + " within the read time-out of 1000 ms (" + proxy.host() + ":" + proxy.port() + ")", e.getMessage());
        }
    }

    @Test
    void theGreetingIsBoundedByTheReadTimeoutNotTheConnectTimeout() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(ftp::address);
             Internet slowConnect = Internet.newBuilder().connectTimeout(Duration.ofSeconds(30)).readTimeout(QUICK)
                     .build()) {
            proxy.fault(Fault.blackHole());
            proxy.start();
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, () -> slowConnect.connect(
                    ConnectRequest.newBuilder(Service.FTP, proxy.host()).port(proxy.port()).build()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(InternetError.TIMEOUT, e.error(), e::toString);
            assertTrue(took.compareTo(QUICK.plusSeconds(2)) < 0, () -> "took " + took + ": " + e);
        }
    }

    @Test
    void aServerThatStopsAnsweringAfterTheGreetingTimesOutNamingTheCommand() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(ftp::address)) {
            proxy.fault(Fault.stallAfter(Direction.UPSTREAM, 0)); // USER never reaches the server
            proxy.start();
            InternetException e = connectFails(proxy.host(), proxy.port());
            assertEquals("connecting to the FTP server: no reply to USER within the read time-out of 1000 ms ("
                    + proxy.host() + ":" + proxy.port() + ")", e.getMessage());
        }
    }

    @Test
    void aServerWhoseAcceptQueueIsFullTimesOutInTheTcpConnect() throws Exception {
        try (FullListener full = new FullListener()) {
            InternetException e = connectFails("127.0.0.1", full.port());
            assertEquals("connecting to the FTP server: no TCP connection within the connect time-out of 1000 ms"
                    + " (127.0.0.1:" + full.port() + ")", e.getMessage());
        }
    }

    private static InternetException connectFails(String host, int port) throws Exception {
        try (Internet quick = Internet.newBuilder().connectTimeout(QUICK).readTimeout(QUICK).build()) {
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, () -> quick.connect(
                    ConnectRequest.newBuilder(Service.FTP, host).port(port).build()));
            assertEquals(InternetError.TIMEOUT, e.error(), e::toString);
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(20)) < 0);
            return e;
        }
    }

    /**
     * A listener that accepts nothing, with its accept queue filled: Linux then drops a new
     * connection's SYN, and the client's connect waits out its time-out, as against a host that does
     * not answer at all.
     */
    private static final class FullListener implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final List<Socket> fillers = new ArrayList<>();

        FullListener() throws IOException {
            for (int i = 0; i < 16; i++) {
                Socket filler = new Socket();
                fillers.add(filler);
                try {
                    filler.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), 500);
                } catch (SocketTimeoutException full) {
                    return;
                }
            }
            throw new IllegalStateException("the accept queue of a listener with a backlog of 1 never filled");
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            for (Socket filler : fillers) {
                filler.close();
            }
            listener.close();
        }
    }
}
