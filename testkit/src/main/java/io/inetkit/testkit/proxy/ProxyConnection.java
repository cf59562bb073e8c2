package io.inetkit.testkit.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection through the proxy: its connection to the target and the two pumps between
 * them. It closes both sockets when both directions are over, when a fault says so, or on error.
 */
final class ProxyConnection {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyConnection.class);

    private final int id;
    private final Socket client;
    private final Fault fault;
    private final Map<Direction, Link> links;
    private final Supplier<InetSocketAddress> target;
    private final Duration connectTimeout;
    private final ProxyStats stats;
    private final BiFunction<String, Runnable, Thread> threads;
    private final Consumer<ProxyConnection> onClosed;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicInteger finishedDirections = new AtomicInteger();
    private volatile Socket server;

    ProxyConnection(int id, Socket client, Fault fault, Map<Direction, Link> links, Supplier<InetSocketAddress> target, Duration connectTimeout,
            ProxyStats stats, BiFunction<String, Runnable, Thread> threads, Consumer<ProxyConnection> onClosed) {
        this.id = id;
        this.client = client;
        this.fault = fault;
        this.links = links;
        this.target = target;
        this.connectTimeout = connectTimeout;
        this.stats = stats;
        this.threads = threads;
        this.onClosed = onClosed;
    }

    /** Starts the connection's first thread; it connects to the target and pumps upstream. */
    void start() {
        threads.apply("c" + id + "-up", this::run).start();
    }

    private void run() {
        try {
            switch (fault.mode()) {
                case RESET_ON_ACCEPT -> closeAll(true);
                case BLACK_HOLE -> swallow();
                case FORWARD -> forward();
            }
        } catch (RuntimeException e) {
            LOG.warn("proxy connection {} failed", id, e);
            closeAll(true);
        }
    }

    private void swallow() {
        try {
            client.getInputStream().transferTo(OutputStream.nullOutputStream());
            closeAll(false);
        } catch (IOException e) {
            failed(Direction.UPSTREAM, e);
        }
    }

    private void forward() {
        Socket upstream = new Socket();
        server = upstream;
        if (closing.get()) {
            closeQuietly(upstream);
            return;
        }
        InetSocketAddress address = target.get();
        try {
            upstream.connect(address, (int) connectTimeout.toMillis());
        } catch (IOException e) {
            LOG.debug("proxy connection {}: cannot reach {}: {}", id, address, e.toString());
            // The client sees what a failed connect looks like from its side: a reset.
            closeAll(true);
            return;
        }
        Pump up;
        Pump down;
        try {
            up = pump(Direction.UPSTREAM, client.getInputStream(), upstream.getOutputStream());
            down = pump(Direction.DOWNSTREAM, upstream.getInputStream(), client.getOutputStream());
        } catch (IOException e) {
            failed(Direction.UPSTREAM, e);
            return;
        }
        threads.apply("c" + id + "-down", down).start();
        up.run();
    }

    private Pump pump(Direction direction, InputStream in, OutputStream out) {
        Link link = links.get(direction);
        InputStream source = link.latency().isZero() ? in
                : new DelayLine(in, link.latency(), this, threads, "c" + id + "-" + direction.name().toLowerCase(Locale.ROOT) + "-line");
        return new Pump(direction, source, out, fault.shape(direction), link.bytesPerSecond(), this, stats);
    }

    /** The source of a direction ended: pass the end on, and close when both directions are over. */
    void sourceEnded(Direction direction) {
        stats.sourceEnded(direction);
        shutdownOutput(direction);
        directionFinished();
    }

    /** Stops the receiving side of a direction from getting more bytes (it reads EOF). */
    void shutdownOutput(Direction direction) {
        Socket destination = direction == Direction.UPSTREAM ? server : client;
        try {
            if (destination != null && !destination.isClosed() && !destination.isOutputShutdown()) {
                destination.shutdownOutput();
            }
        } catch (IOException e) {
            LOG.trace("proxy connection {}: shutdownOutput failed", id, e);
        }
    }

    /** Parks a direction until the connection closes; a stalled direction counts as over. */
    void stall(Direction direction) {
        LOG.debug("proxy connection {}: {} stalled", id, direction);
        directionFinished();
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void failed(Direction direction, IOException e) {
        if (!closing.get()) {
            LOG.debug("proxy connection {}: {} failed: {}", id, direction, e.toString());
            closeAll(true);
        }
    }

    private void directionFinished() {
        if (finishedDirections.incrementAndGet() == 2) {
            closeAll(false);
        }
    }

    /** Waits up to {@code duration}; true if the connection closed meanwhile. */
    boolean awaitClosed(Duration duration) {
        try {
            return closed.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /**
     * Closes both sides, with RST if {@code reset}, else with FIN first so that the peer reads end
     * of stream even if it still sends.
     */
    void closeAll(boolean reset) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        LOG.debug("proxy connection {}: closing with {}", id, reset ? "RST" : "FIN");
        close(client, reset);
        Socket upstream = server;
        if (upstream != null) {
            close(upstream, reset);
        }
        closed.countDown();
        stats.closed();
        onClosed.accept(this);
    }

    private void close(Socket socket, boolean reset) {
        try {
            if (reset) {
                socket.setSoLinger(true, 0);
            } else if (socket.isConnected() && !socket.isClosed() && !socket.isOutputShutdown()) {
                socket.shutdownOutput();
            }
        } catch (IOException e) {
            LOG.trace("proxy connection {}: cannot prepare close", id, e);
        }
        closeQuietly(socket);
    }

    private void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.trace("proxy connection {}: close failed", id, e);
        }
    }
}
