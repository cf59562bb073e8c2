package io.inetkit.spi;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
 */
public final class WriteWatchdog implements AutoCloseable {

    /**
     * The most one write hands on at a time: progress is seen per slice, so a large write that
     * keeps moving is not cut, however slowly it moves, while the peer takes in a slice per time-out.
     */
    private static final int SLICE = 16 * 1024;

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
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a write timeout must be positive, not " + timeout);
        }
        long timeoutMillis = Math.max(1, timeout.toMillis());
        Watched watched = new Watched(out, socket, timeoutMillis);
        long period = Math.max(25, Math.min(1_000, timeoutMillis / 4));
        synchronized (this) {
            if (closed) {
                return out; // the Internet is closing, and its sockets with it
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
        return watched;
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
                int n = Math.min(len, SLICE);
                begin();
                try {
                    out.write(b, off, n);
                } catch (IOException e) {
                    throw failure(e);
                } finally {
                    writingSince = 0;
                }
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

        private void begin() {
            long now = System.nanoTime();
            writingSince = now == 0 ? 1 : now;
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
