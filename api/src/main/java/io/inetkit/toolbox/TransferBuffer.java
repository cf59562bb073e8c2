package io.inetkit.toolbox;

import io.inetkit.toolbox.Logs;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.slf4j.Logger;

/**
 * A connection's direct buffer for copying local files to and from a socket's channel
 * ({@link WriteWatchdog#send}, {@link WriteWatchdog#receive}), kept for the connection's life and
 * grown as transfers need: the size of the file rounded up to a power of two, at least
 * {@link #MIN_SIZE} and at most {@link #MAX_SIZE} ({@link #size}). A 4 KiB file costs no
 * megabyte, and 200 of them one allocation.
 *
 * <pre>{@code
 * ByteBuffer buffer = buffers.acquire(expectedSize);   // -1: unknown
 * try {
 *     watchdog.receive(socket, sink, buffer, context.readTimeout(), progress -> { });
 * } finally {
 *     buffers.release(buffer);
 * }
 * ...
 * buffers.close();   // with the connection
 * }</pre>
 *
 * <p>Direct memory is limited ({@code -XX:MaxDirectMemorySize}, by default the heap's maximum) and
 * shared by the whole JVM, so the buffers that connections of every provider hold are counted: past
 * {@link #BUDGET}, a connection gets {@link #SMALL_SIZE} bytes at most (64 sessions under
 * {@code -Xmx64m} would otherwise fill direct memory with their 1 MiB buffers, and the next
 * allocation, the JDK's own included, would fail). When direct memory is full all the same, a
 * transfer makes do with a smaller buffer ({@link #allocate}).
 *
 * <p>Transfers of one connection that run at the same time (Gopher's, each on a socket of its own)
 * each get a buffer: the connection keeps one, the largest, when they give theirs back.
 */
public final class TransferBuffer implements AutoCloseable {

    private static final Logger LOG = Logs.get(TransferBuffer.class);

    /** The largest buffer: 1 MiB. */
    public static final int MAX_SIZE = 1 << 20;

    /** The least buffer: what a small file gets. */
    public static final int MIN_SIZE = 16 * 1024;

    /**
     * The buffer of a connection past {@link #BUDGET}, and the most a transfer copies through the
     * heap when direct memory is full (each call of which the JDK copies through a temporary direct
     * buffer of its size).
     */
    public static final int SMALL_SIZE = 64 * 1024;

    /**
     * How many bytes of direct buffers connections may hold before further ones get small buffers: a
     * quarter of the heap's maximum, the whole of which is the JDK's default limit for direct memory
     * (16 MiB, sixteen 1 MiB buffers, with {@code -Xmx64m}; 1 GiB with a 4 GiB heap), so that the
     * rest stays for the JDK's own temporary buffers and the application's.
     */
    public static final long BUDGET = Math.max(4L * MAX_SIZE, Runtime.getRuntime().maxMemory() / 4);

    /** Bytes of the direct buffers that connections hold or use, in this JVM. */
    private static final AtomicLong HELD = new AtomicLong();

    private final AtomicReference<ByteBuffer> idle = new AtomicReference<>();
    private volatile boolean closed;

    /** A connection's buffer, not allocated until the first transfer. */
    public TransferBuffer() {
    }

    /**
     * A cleared buffer for a transfer of {@code size} bytes (-1: unknown), best a direct one: the
     * connection's, grown if it is too small; another if a transfer of the connection holds it. Give
     * it back with {@link #release}.
     */
    public ByteBuffer acquire(long size) {
        ByteBuffer current = idle.getAndSet(null);
        int held = current == null ? 0 : current.capacity();
        int wanted = budgeted(size(size), held, HELD.get(), BUDGET);
        ByteBuffer buffer = allocate(current, wanted, ByteBuffer::allocateDirect);
        if (buffer != current && buffer.isDirect()) {
            HELD.addAndGet(buffer.capacity() - held); // the smaller one, if any, goes to the collector
        }
        return buffer.clear();
    }

    /**
     * Gives back a buffer of {@link #acquire}: the connection keeps it for the next transfer (the
     * larger, if another came back first), or lets it go once {@link #close closed}.
     */
    public void release(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            return; // a fallback on the heap: not counted, not kept
        }
        ByteBuffer dropped = buffer;
        if (!closed) {
            ByteBuffer kept = idle.get();
            if (kept == null ? idle.compareAndSet(null, buffer)
                    : kept.capacity() < buffer.capacity() && idle.compareAndSet(kept, buffer)) {
                dropped = kept;
            }
        }
        if (dropped != null) {
            HELD.addAndGet(-dropped.capacity());
        }
        if (closed) {
            close(); // closed meanwhile: close() may have run before the buffer was kept
        }
    }

    /** Lets go of the kept buffer, which the garbage collector frees; buffers in use go when given back. */
    @Override
    public void close() {
        closed = true;
        ByteBuffer kept = idle.getAndSet(null);
        if (kept != null) {
            HELD.addAndGet(-kept.capacity());
        }
    }

    /** The capacity of the buffer kept now, or 0; for tests. */
    int keptCapacity() {
        ByteBuffer kept = idle.get();
        return kept == null ? 0 : kept.capacity();
    }

    /** Bytes of direct buffers held or used by the connections of this JVM. */
    public static long held() {
        return HELD.get();
    }

    /** The buffer size for a file of {@code size} bytes (-1: unknown): see the class comment. */
    public static int size(long size) {
        return size < 0 || size >= MAX_SIZE ? MAX_SIZE
                : Math.max(MIN_SIZE, Integer.highestOneBit((int) Math.max(1, size - 1)) << 1);
    }

    /**
     * The size to allocate for a connection that wants {@code wanted} bytes and holds {@code held},
     * when all connections hold {@code heldByAll}: {@code wanted}, unless growing to it would pass
     * {@code budget}; then {@link #SMALL_SIZE}, or what the connection holds if that is more.
     */
    static int budgeted(int wanted, int held, long heldByAll, long budget) {
        if (wanted > SMALL_SIZE && wanted > held && heldByAll - held + wanted > budget) {
            return Math.max(SMALL_SIZE, held);
        }
        return wanted;
    }

    /**
     * The buffer for a transfer that wants {@code wanted} bytes, given the connection's direct buffer
     * {@code current} (or null): {@code current} if it is large enough, else a new direct one. An
     * allocation can fail with an {@link OutOfMemoryError} when direct memory is full; the transfer
     * then makes do with {@code current}, or else with a heap buffer of at most {@link #SMALL_SIZE}
     * bytes, through which the channels copy as a stream would.
     */
    static ByteBuffer allocate(ByteBuffer current, int wanted, IntFunction<ByteBuffer> allocateDirect) {
        if (current != null && current.capacity() >= wanted) {
            return current;
        }
        try {
            return allocateDirect.apply(wanted);
        } catch (OutOfMemoryError e) { // "Cannot reserve ... bytes of direct buffer memory"
            LOG.debug("no direct memory for a {} byte transfer buffer: {}", wanted, e.getMessage());
            return current != null ? current : ByteBuffer.allocate(Math.min(wanted, SMALL_SIZE));
        }
    }
}
