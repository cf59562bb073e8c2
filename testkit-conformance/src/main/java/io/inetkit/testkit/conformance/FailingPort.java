package io.inetkit.testkit.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * A loopback port that fails the way networks fail, made with plain sockets, whatever the protocol:
 * one that refuses connections, one that accepts and resets, one that accepts and never answers,
 * and one that never completes the TCP handshake.
 */
final class FailingPort implements AutoCloseable {

    /** How long the resetting port waits for the client to stop sending before it resets. */
    private static final int QUIET_MILLIS = 150;
    /** The longest the resetting port waits for that, for a client that never stops. */
    private static final long RESET_AFTER_MILLIS = 1_000;
    private static final int MAX_FILLERS = 32;

    private final InetSocketAddress address;
    private final List<AutoCloseable> held = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean closed;

    private FailingPort(InetSocketAddress address) {
        this.address = address;
    }

    /**
     * A port where nothing listens, held so that nothing else can take it: a socket bound to it that
     * does not listen. The system answers a connect with RST, which Java reports as
     * {@link java.net.ConnectException} ("Connection refused").
     */
    static FailingPort refusing() throws IOException {
        Socket holder = new Socket();
        holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        FailingPort port = new FailingPort((InetSocketAddress) holder.getLocalSocketAddress());
        port.held.add(holder);
        return port;
    }

    /**
     * A port that accepts every connection, takes what the client sends until it pauses (or for a
     * second at most), then resets it (RST, by closing with no linger): the client's next read, or
     * write, fails with "Connection reset". A client that speaks first has sent its request and waits
     * for the reply; one that waits for a greeting gets the reset instead.
     */
    static FailingPort resetting() throws IOException {
        return accepting("reset", socket -> {
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(QUIET_MILLIS);
            byte[] buffer = new byte[8192];
            long end = System.nanoTime() + RESET_AFTER_MILLIS * 1_000_000;
            try {
                while (System.nanoTime() - end < 0 && in.read(buffer) >= 0) {
                    // Taking the request.
                }
            } catch (SocketTimeoutException quiet) {
                // The client waits for a reply.
            }
            socket.setSoLinger(true, 0);
            socket.close();
        });
    }

    /**
     * A port that accepts every connection and reads what the client sends, but never sends a byte
     * nor closes: the client waits until its read timeout.
     */
    static FailingPort silent() throws IOException {
        return accepting("silent", socket -> {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (in.read(buffer) >= 0) {
                // Swallowed.
            }
        });
    }

    /**
     * A port whose TCP handshake never completes: a listening socket whose accept queue is full and
     * never taken from, so that the system drops new connection requests (SYN) and the client's connect
     * waits until its connect timeout. Linux and the BSDs behave so; where the system refuses or
     * completes connections past the queue instead, the test is skipped.
     */
    static FailingPort unanswered() throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        FailingPort port = new FailingPort(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()));
        port.held.add(listener);
        for (int i = 0; i < MAX_FILLERS; i++) {
            Socket filler = new Socket();
            port.held.add(filler);
            try {
                filler.connect(port.address, 250);
            } catch (SocketTimeoutException e) {
                return port; // the queue is full: connects from now on are dropped
            } catch (IOException e) {
                port.close();
                Assumptions.abort("this system refuses connections past a full accept queue (" + e
                        + "), so the kit cannot make a port that never answers a connect");
            }
        }
        port.close();
        Assumptions.abort("this system completed " + MAX_FILLERS + " connections to a listening socket with a backlog"
                + " of 1 that never accepts, so the kit cannot make a port that never answers a connect");
        throw new AssertionError("unreachable");
    }

    private interface Handler {
        void handle(Socket socket) throws IOException;
    }

    private static FailingPort accepting(String name, Handler handler) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        FailingPort port = new FailingPort(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()));
        port.held.add(listener);
        Thread acceptor = new Thread(() -> {
            while (!port.closed) {
                Socket socket;
                try {
                    socket = listener.accept();
                } catch (IOException e) {
                    return; // closed
                }
                port.accepted.incrementAndGet();
                port.held.add(socket);
                Thread worker = new Thread(() -> {
                    try {
                        handler.handle(socket);
                    } catch (IOException e) {
                        // The client went away, or the port was closed.
                    }
                }, "inetkit-conformance-" + name + "-" + listener.getLocalPort() + "-conn");
                worker.setDaemon(true);
                worker.start();
            }
        }, "inetkit-conformance-" + name + "-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        return port;
    }

    /** The loopback address and port. */
    InetSocketAddress address() {
        return address;
    }

    /** How many connections it accepted. */
    int accepted() {
        return accepted.get();
    }

    @Override
    public void close() {
        closed = true;
        for (AutoCloseable resource : held) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // Closing everything regardless.
            }
        }
    }

    @Override
    public String toString() {
        return "FailingPort[" + address + "]";
    }
}
