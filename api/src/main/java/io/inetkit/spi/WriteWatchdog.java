package io.inetkit.spi;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Bounds socket writes, which {@code SO_TIMEOUT} does not: a write that makes no progress for its
 * time-out resets its socket, and the writer fails with a {@link WriteTimeoutException}. Without
 * it, an upload to a server that stopped reading blocks forever.
 *
 * <p>Providers share one per {@code Internet}, so that every protocol of it uses one daemon thread;
 * the thread runs only while a watched stream is open, and ends when the {@code Internet} closes
 * (which closes shared resources):
 *
 * <pre>{@code
 * WriteWatchdog watchdog = context.shared(WriteWatchdog.class, WriteWatchdog::new);
 * try (OutputStream out = watchdog.watch(socket.getOutputStream(), socket, context.readTimeout())) {
 *     body.transferTo(out);
 * } catch (IOException e) {
 *     if (e instanceof WriteWatchdog.WriteTimeoutException) {
 *         // the server took in nothing for the time-out: report InternetError.TIMEOUT
 *     }
 *     throw e;
 * }
 * }</pre>
 *
 * <p>Only the time spent inside a write counts: a writer that is slow to produce its bytes is never
 * cut, nor is one whose peer takes in 16 KiB per time-out. Writers pay two volatile writes per
 * write; the thread sweeps the open streams a few times per time-out, so a stall is noticed
 * between the time-out and a quarter of it (one second at most) later.
 *
 * <p>A local file goes out with {@link #transfer}: {@link FileChannel#transferTo} ({@code sendfile}
 * on Linux) straight from the page cache to a socket made from a {@link SocketChannel}, watched the
 * same way.
 */
public final class WriteWatchdog implements AutoCloseable {

    /**
     * The first slice of a write, and the least: progress is seen per slice, so a large write that
     * keeps moving is not cut, however slowly it moves, while the peer takes in a slice per time-out.
     * Slices grow from this only while the peer takes each in within a sixteenth of the time-out
     * ({@link #nextSlice}).
     */
    static final int MIN_SLICE = 16 * 1024;

    /**
     * The largest slice of a stream write: the JDK's socket writes 128 KiB per system call anyway,
     * so a larger slice saves nothing, while 16 KiB slices cost eight calls where it makes one.
     */
    static final int MAX_SLICE = 128 * 1024;

    /** The largest slice of a {@link #transfer}: one {@code sendfile} call each. */
    static final int MAX_TRANSFER_SLICE = 1024 * 1024;

    private final Set<Watched> open = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor timer;
    private ScheduledFuture<?> sweeper; // guarded by this
    private long sweepMillis; // guarded by this
    private boolean closed; // guarded by this

    /** A watchdog without a thread yet: it starts one with the first watched stream. */
    public WriteWatchdog() {
        timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "inetkit-write-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        // The thread is not kept between transfers.
        timer.setKeepAliveTime(1, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
    }

    /**
     * The stream, watched: when one of its writes makes no progress for {@code timeout}, the socket
     * is reset (closed with no linger) and the write fails with a {@link WriteTimeoutException}.
     * Closing the returned stream closes {@code out} and ends the watch; so does closing the socket.
     * Once this watchdog is closed, {@code out} is returned as it is.
     *
     * @param out the socket's output stream, or a stream that writes to it
     * @param socket the socket to reset on a stall
     * @param timeout how long one write may make no progress; less than a millisecond counts as one
     * @throws IllegalArgumentException if the timeout is zero or negative
     */
    public OutputStream watch(OutputStream out, Socket socket, Duration timeout) {
        Watched watched = new Watched(out, socket, positiveMillis(timeout));
        return register(watched) ? watched : out;
    }

    private static long positiveMillis(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a write timeout must be positive, not " + timeout);
        }
        return Math.max(1, timeout.toMillis());
    }

    /** Adds to the swept streams; false once closed (the Internet is closing, and its sockets with it). */
    private boolean register(Watched watched) {
        long period = Math.max(25, Math.min(1_000, watched.timeoutMillis / 4));
        synchronized (this) {
            if (closed) {
                return false;
            }
            open.add(watched);
            if (sweeper == null || period < sweepMillis) {
                if (sweeper != null) {
                    sweeper.cancel(false);
                }
                sweepMillis = period;
                sweeper = timer.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
            }
        }
        return true;
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Watched watched : open) {
            if (watched.socket.isClosed()) {
                forget(watched); // closed without closing its stream
            } else {
                watched.expireIfStalled(now);
            }
        }
    }

    private synchronized void forget(Watched watched) {
        if (open.remove(watched) && open.isEmpty() && sweeper != null) {
            sweeper.cancel(false);
            sweeper = null;
        }
    }

    /**
     * Sends {@code count} bytes of {@code file} from {@code position} to the socket with
     * {@link FileChannel#transferTo}, which the kernel does without copying them through the heap,
     * watched as a stream's writes are: when a slice of it makes no progress for {@code timeout},
     * the socket is reset and this fails with a {@link WriteTimeoutException}.
     *
     * <p>Closing the socket (or resetting it with {@link Sockets#reset}) from another thread ends
     * a transfer in progress. An interrupt ends it too, with an {@link InterruptedIOException}; it
     * closes {@code file}, not the socket.
     *
     * @param file the file, open for reading; its position is not used or changed
     * @param position where in the file to start
     * @param count how many bytes to send
     * @param socket a connected socket whose {@link Socket#getChannel()} is a blocking {@link SocketChannel}
     * @param timeout how long one slice may make no progress
     * @param progress told the bytes sent so far, after each slice
     * @return the bytes sent: {@code count}, or fewer when the file ended first
     * @throws IllegalArgumentException if the socket has no channel, or the timeout is not positive
     */
    public long transfer(FileChannel file, long position, long count, Socket socket, Duration timeout,
            LongConsumer progress) throws IOException {
        SocketChannel channel = socket.getChannel();
        if (channel == null) {
            throw new IllegalArgumentException("the socket has no channel: " + socket);
        }
        Watched watched = new Watched(OutputStream.nullOutputStream(), socket, positiveMillis(timeout));
        register(watched);
        long sent = 0;
        try {
            int slice = MIN_SLICE;
            while (sent < count) {
                int n = (int) Math.min(slice, count - sent);
                long started = watched.begin();
                long moved;
                try {
                    moved = file.transferTo(position + sent, n, channel);
                } catch (ClosedByInterruptException e) {
                    InterruptedIOException interrupted = new InterruptedIOException("the transfer was interrupted");
                    interrupted.initCause(e);
                    throw watched.failure(interrupted);
                } catch (IOException e) {
                    throw watched.failure(e);
                } finally {
                    watched.writingSince = 0;
                }
                if (moved <= 0) {
                    break; // the file ended early: the caller knows what was promised
                }
                sent += moved;
                slice = nextSlice(slice, moved == n, System.nanoTime() - started, watched.timeoutNanos,
                        MAX_TRANSFER_SLICE);
                progress.accept(sent);
            }
        } finally {
            forget(watched);
        }
        return sent;
    }

    /**
     * The next slice: twice the last while the peer takes slices in within a sixteenth of the time-out,
     * half while it needs more than an eighth. A peer that keeps up is written to in few calls; one
     * that slows down is soon given small slices again, which it can take in well within the time-out.
     */
    static int nextSlice(int slice, boolean whole, long tookNanos, long timeoutNanos, int max) {
        if (whole && tookNanos < timeoutNanos / 16) {
            return Math.min(max, slice * 2);
        }
        if (tookNanos > timeoutNanos / 8) {
            return Math.max(MIN_SLICE, slice / 2);
        }
        return slice;
    }

    /** Stops watching and ends the thread; streams watched so far write on unwatched. */
    @Override
    public synchronized void close() {
        closed = true;
        open.clear();
        sweeper = null;
        timer.shutdownNow();
    }

    /** A write that made no progress for its time-out; its socket has been reset. */
    public static final class WriteTimeoutException extends SocketTimeoutException {
        private static final long serialVersionUID = 1L;

        private final long timeoutMillis;

        WriteTimeoutException(long timeoutMillis, IOException cause) {
            super("the peer took in nothing for " + timeoutMillis + " ms");
            this.timeoutMillis = timeoutMillis;
            initCause(cause);
        }

        /** The time-out that ran out. */
        public Duration timeout() {
            return Duration.ofMillis(timeoutMillis);
        }
    }

    private final class Watched extends OutputStream {
        private final OutputStream out;
        private final Socket socket;
        private final long timeoutMillis;
        private final long timeoutNanos;
        private volatile long writingSince; // 0 between writes
        private volatile boolean expired;
        private int slice = MIN_SLICE; // of the writing thread only

        Watched(OutputStream out, Socket socket, long timeoutMillis) {
            this.out = out;
            this.socket = socket;
            this.timeoutMillis = timeoutMillis;
            this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        }

        @Override
        public void write(int b) throws IOException {
            begin();
            try {
                out.write(b);
            } catch (IOException e) {
                throw failure(e);
            } finally {
                writingSince = 0;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            do {
                int n = Math.min(len, slice);
                long started = begin();
                try {
                    out.write(b, off, n);
                } catch (IOException e) {
                    throw failure(e);
                } finally {
                    writingSince = 0;
                }
                slice = nextSlice(slice, n == slice, System.nanoTime() - started, timeoutNanos, MAX_SLICE);
                off += n;
                len -= n;
            } while (len > 0);
        }

        @Override
        public void flush() throws IOException {
            begin();
            try {
                out.flush();
            } catch (IOException e) {
                throw failure(e);
            } finally {
                writingSince = 0;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } finally {
                forget(this);
            }
        }

        private long begin() {
            long now = System.nanoTime();
            writingSince = now == 0 ? 1 : now;
            return now;
        }

        private IOException failure(IOException e) {
            return expired ? new WriteTimeoutException(timeoutMillis, e) : e;
        }

        void expireIfStalled(long now) {
            long since = writingSince;
            if (since != 0 && now - since > timeoutNanos && !expired) {
                expired = true;
                forget(this);
                Sockets.reset(socket);
            }
        }
    }
}
