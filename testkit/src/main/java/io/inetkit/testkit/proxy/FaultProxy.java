package io.inetkit.testkit.proxy;

import io.inetkit.testkit.TestServer;
import io.inetkit.testkit.internal.Threads;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on a loopback port that forwards to a target and injects network faults: refused
 * connections, black holes, resets, delays, dripping, cuts, half-closes, stalls and rewritten lines;
 * and, under any fault, a far or slow line: {@linkplain #latency latency} and a
 * {@linkplain #bandwidth bandwidth} per connection.
 *
 * <pre>{@code
 * class RetryTest {
 *     @StartStop final TestGopherServer gopher = TestGopherServer.serving(dir);
 *     @StartStop final FaultProxy proxy = FaultProxy.to(gopher::address);
 *
 *     @Test void retriesAfterReset() throws Exception {
 *         proxy.enqueue(Fault.resetAfter(Direction.DOWNSTREAM, 10)); // first connection only
 *         // point the client at proxy.host(), proxy.port()
 *         assertTrue(proxy.awaitConnections(2, Duration.ofSeconds(5)));
 *     }
 * }
 * }</pre>
 *
 * <p>Each accepted connection takes the next {@linkplain #enqueue(Fault...) enqueued} fault, or
 * else the {@linkplain #fault(Fault) standing} one ({@link Fault#none()} at first), and keeps it
 * for its life: changing the fault affects new connections only. The target is asked for when a
 * connection arrives, so the proxy can be made before the target starts. If the target cannot be
 * reached, the client's connection is reset.
 *
 * <p>Every connection runs on two daemon threads named {@code inetkit-proxy-<port>-c<n>-up} and
 * {@code -down}; {@link #close()} closes every socket and waits (bounded) for every thread.
 */
public final class FaultProxy implements TestServer {

    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final Supplier<InetSocketAddress> target;
    private final ProxyStats stats = new ProxyStats();
    private final Queue<Fault> planned = new ConcurrentLinkedQueue<>();
    private final Set<ProxyConnection> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();
    private final Object lifecycle = new Object();
    private volatile Fault standing = Fault.none();
    private final Map<Direction, Link> links = new EnumMap<>(Map.of(Direction.UPSTREAM, Link.PERFECT,
            Direction.DOWNSTREAM, Link.PERFECT));
    private volatile Duration connectTimeout = Duration.ofSeconds(5);
    private volatile ServerSocket listener;
    private Thread acceptor;
    private InetSocketAddress address;
    private volatile boolean closed;
    private volatile int port;

    private FaultProxy(Supplier<InetSocketAddress> target) {
        this.target = target;
    }

    /** A proxy to a fixed address. */
    public static FaultProxy to(InetSocketAddress target) {
        Objects.requireNonNull(target, "target");
        return new FaultProxy(() -> target);
    }

    /**
     * A proxy to whatever address {@code target} gives when a connection arrives, for example
     * {@code server::address} of a server that starts later.
     */
    public static FaultProxy to(Supplier<InetSocketAddress> target) {
        return new FaultProxy(Objects.requireNonNull(target, "target"));
    }

    /** How long to wait for the target to accept a connection; 5 s unless set. */
    public FaultProxy connectTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.connectTimeout = timeout;
        return this;
    }

    /** The fault for every new connection that has no enqueued fault; replaces the previous one. */
    public FaultProxy fault(Fault fault) {
        this.standing = Objects.requireNonNull(fault, "fault");
        return this;
    }

    /**
     * Adds {@code latency} to every byte in {@code direction}, for new connections, as Toxiproxy's
     * latency toxic: each chunk is forwarded that long after it arrived, so a transfer keeps its
     * throughput and a request and its answer take twice the latency more when both directions have
     * it. Any {@link Fault} applies after the line, to the delayed bytes. Zero takes it away.
     *
     * <pre>{@code
     * FaultProxy.to(server::address).latency(Direction.UPSTREAM, Duration.ofMillis(25))
     *         .latency(Direction.DOWNSTREAM, Duration.ofMillis(25)); // 50 ms round trip
     * }</pre>
     */
    public FaultProxy latency(Direction direction, Duration latency) {
        Objects.requireNonNull(direction, "direction");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        synchronized (links) {
            links.put(direction, links.get(direction).withLatency(latency));
        }
        return this;
    }

    /**
     * Holds each new connection to {@code bytesPerSecond} in {@code direction}, as Toxiproxy's
     * bandwidth toxic: a limit per connection, so that N connections together may carry N times
     * as much. Zero takes the limit away.
     */
    public FaultProxy bandwidth(Direction direction, long bytesPerSecond) {
        Objects.requireNonNull(direction, "direction");
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytesPerSecond must not be negative: " + bytesPerSecond);
        }
        synchronized (links) {
            links.put(direction, links.get(direction).withBandwidth(bytesPerSecond));
        }
        return this;
    }

    /** Faults for the next connections, one each, in order, before the standing fault applies again. */
    public FaultProxy enqueue(Fault... faults) {
        for (Fault fault : faults) {
            planned.add(Objects.requireNonNull(fault, "fault"));
        }
        return this;
    }

    @Override
    public void start() throws IOException {
        synchronized (lifecycle) {
            if (address != null || closed) {
                throw new IllegalStateException("the proxy was started before");
            }
            ServerSocket socket = listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            address = new InetSocketAddress(socket.getInetAddress(), socket.getLocalPort());
            LOG.debug("fault proxy on {}", address);
        }
    }

    /**
     * Closes the listening socket, so that new connections are refused by the system (the client's
     * connect fails with {@link java.net.ConnectException}); open connections go on.
     *
     * @throws IllegalStateException if the proxy is not running
     */
    public void refuseConnections() throws IOException {
        synchronized (lifecycle) {
            requireRunning();
            ServerSocket socket = listener;
            if (socket != null) {
                listener = null;
                socket.close();
                awaitAcceptorEnd();
            }
        }
    }

    /**
     * The JDK releases a listening socket only once the thread blocked in accept has returned, so
     * until then the system could still complete handshakes that the caller expects refused.
     */
    private void awaitAcceptorEnd() throws IOException {
        try {
            acceptor.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while closing the listener");
        }
        if (acceptor.isAlive()) {
            throw new IOException("the listener did not close within " + STOP_WAIT);
        }
    }

    /**
     * Listens again on the same port after {@link #refuseConnections()}.
     *
     * @throws IOException if the port was taken meanwhile
     * @throws IllegalStateException if the proxy is not running
     */
    public void acceptConnections() throws IOException {
        synchronized (lifecycle) {
            requireRunning();
            if (listener == null) {
                listen(address);
            }
        }
    }

    private void requireRunning() {
        if (address == null || closed) {
            throw new IllegalStateException("the proxy is not running");
        }
    }

    private ServerSocket listen(InetSocketAddress bind) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(bind, 50);
        listener = socket;
        port = socket.getLocalPort();
        acceptor = newThread("accept", () -> acceptLoop(socket));
        acceptor.start();
        return socket;
    }

    private void acceptLoop(ServerSocket socket) {
        try {
            while (!closed) {
                Socket client = socket.accept();
                Fault fault = planned.poll();
                Map<Direction, Link> line;
                synchronized (links) {
                    line = Map.copyOf(links);
                }
                ProxyConnection connection = new ProxyConnection(ids.incrementAndGet(), client,
                        fault != null ? fault : standing, line, target, connectTimeout, stats, this::newThread,
                        connections::remove);
                connections.add(connection);
                stats.opened();
                if (closed) {
                    connection.closeAll(true);
                } else {
                    connection.start();
                }
            }
        } catch (IOException e) {
            if (!closed && !socket.isClosed()) {
                LOG.warn("fault proxy on {} stopped accepting", socket.getLocalSocketAddress(), e);
            }
        }
    }

    private Thread newThread(String name, Runnable task) {
        Thread thread = new Thread(() -> {
            try {
                task.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        }, "inetkit-proxy-" + port + "-" + name);
        thread.setDaemon(true);
        threads.add(thread);
        return thread;
    }

    @Override
    public InetSocketAddress address() {
        synchronized (lifecycle) {
            if (address == null) {
                throw new IllegalStateException("the proxy has not been started");
            }
            return address;
        }
    }

    /**
     * Ends every open connection now, both sides, with RST if {@code reset} or else FIN, while the
     * proxy goes on accepting new ones: a connection dropped mid-way (a NAT box's timeout, a server
     * restarting) that the client may make again.
     *
     * @return how many connections were ended
     */
    public int cutOpenConnections(boolean reset) {
        List<ProxyConnection> open = List.copyOf(connections);
        for (ProxyConnection connection : open) {
            connection.closeAll(reset);
        }
        return open.size();
    }

    /** How many connections the proxy has accepted, whatever their fault. */
    public int connectionCount() {
        return stats.accepted();
    }

    /** How many accepted connections are not closed yet. */
    public int activeConnections() {
        return stats.active();
    }

    /**
     * Bytes forwarded from clients to the target, each counted as its write to the target starts:
     * once the target has answered them, they are in the count.
     */
    public long bytesUpstream() {
        return stats.bytes(Direction.UPSTREAM);
    }

    /** Bytes forwarded from the target to clients, counted as upstream's are. */
    public long bytesDownstream() {
        return stats.bytes(Direction.DOWNSTREAM);
    }

    /**
     * Every end of stream the proxy has read and passed on as a half-close, in order, over all its
     * connections: {@code UPSTREAM} when a client ended its output (its FIN), {@code DOWNSTREAM}
     * when the target did. Shows which side of a connection closed first.
     */
    public List<Direction> sourceEnds() {
        return stats.sourceEnds();
    }

    /**
     * Waits until the proxy has forwarded at least {@code bytes} bytes in {@code direction}, polling;
     * false on timeout. A test of a stall waits so for the transfer to reach the stall.
     */
    public boolean awaitBytes(Direction direction, long bytes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (stats.bytes(direction) < bytes) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Waits until the proxy has accepted at least {@code count} connections; false on timeout. */
    public boolean awaitConnections(int count, Duration timeout) throws InterruptedException {
        return stats.awaitAccepted(count, timeout);
    }

    @Override
    public void close() throws IOException {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            ServerSocket socket = listener;
            listener = null;
            if (socket != null) {
                socket.close();
            }
        }
        for (ProxyConnection connection : List.copyOf(connections)) {
            connection.closeAll(true);
        }
        Threads.joinAll(threads, STOP_WAIT, LOG);
    }

    @Override
    public String toString() {
        return "FaultProxy[" + (address == null ? "not started" : address) + "]";
    }
}
