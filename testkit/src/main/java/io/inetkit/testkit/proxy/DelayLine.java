package io.inetkit.testkit.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * A stream whose bytes come out {@code latency} after they came in, as over a long line: a thread
 * of its own reads the source and stamps each chunk, so that a delay costs no throughput (a sleep
 * per chunk would halve a fast transfer at each hop). Toxiproxy's latency toxic works the same way.
 */
final class DelayLine extends InputStream {

    /** Chunks in flight; 8 KiB each, so 2 MiB: 40 MB/s at 50 ms. */
    private static final int IN_FLIGHT = 256;

    private record Chunk(long dueNanos, byte[] bytes, IOException failure) {
    }

    private final long latencyNanos;
    private final ProxyConnection connection;
    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(IN_FLIGHT);
    private Chunk current;
    private int position;
    private boolean ended;

    DelayLine(InputStream source, Duration latency, ProxyConnection connection,
            BiFunction<String, Runnable, Thread> threads, String name) {
        this.latencyNanos = latency.toNanos();
        this.connection = connection;
        threads.apply(name, () -> fill(source)).start();
    }

    private void fill(InputStream source) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = source.read(buffer)) != -1) {
                if (!put(new Chunk(System.nanoTime() + latencyNanos, Arrays.copyOf(buffer, n), null))) {
                    return;
                }
            }
            put(new Chunk(System.nanoTime() + latencyNanos, null, null));
        } catch (IOException e) {
            put(new Chunk(System.nanoTime(), null, e));
        }
    }

    /** False when the connection closed while the line was full. */
    private boolean put(Chunk chunk) {
        try {
            while (!queue.offer(chunk, 50, TimeUnit.MILLISECONDS)) {
                if (connection.awaitClosed(Duration.ZERO)) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (ended) {
            return -1;
        }
        if (current == null) {
            current = take();
            position = 0;
            if (current.failure != null) {
                throw current.failure;
            }
            if (current.bytes == null) {
                ended = true;
                return -1;
            }
            long wait = current.dueNanos - System.nanoTime();
            if (wait > 0 && connection.awaitClosed(Duration.ofNanos(wait))) {
                throw new IOException("connection closed while delaying");
            }
        }
        int n = Math.min(length, current.bytes.length - position);
        System.arraycopy(current.bytes, position, into, offset, n);
        position += n;
        if (position == current.bytes.length) {
            current = null;
        }
        return n;
    }

    private Chunk take() throws IOException {
        try {
            while (true) {
                Chunk next = queue.poll(50, TimeUnit.MILLISECONDS);
                if (next != null) {
                    return next;
                }
                if (connection.awaitClosed(Duration.ZERO)) {
                    throw new IOException("connection closed");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while delaying");
        }
    }
}
