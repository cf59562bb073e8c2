package io.inetkit.provider.ftp.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bounds writes to data connections, which {@code SO_TIMEOUT} does not: a write that makes no
 * progress for the time-out resets its socket, and the writer fails with a
 * {@link WriteTimeoutException}. Without it, an upload to a server that stopped reading blocks
 * forever. One per {@code Internet} (through {@code ProviderContext.shared}); its one daemon thread
 * runs only while a watched stream is open, and ends when the {@code Internet} closes.
 *
 * <p>Writers pay two volatile writes per call; the thread sweeps the open streams a few times per
 * time-out, so a stall is noticed between the time-out and a quarter of it later (one second at most).
 */
final class WriteWatchdog implements AutoCloseable {

    private final Set<Watched> open = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor timer;
    private ScheduledFuture<?> sweeper; // guarded by this
    private long sweepMillis; // guarded by this
    private boolean closed; // guarded by this

    WriteWatchdog() {
        timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "inetkit-ftp-write-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        // The thread is not kept between transfers.
        timer.setKeepAliveTime(1, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
    }

    /** The socket's output stream, watched; the socket is reset when a write stalls for {@code timeoutMillis}. */
    OutputStream watch(OutputStream out, Socket socket, int timeoutMillis) {
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

    @Override
    public synchronized void close() {
        closed = true;
        open.clear();
        timer.shutdownNow();
    }

    /** A write that made no progress for the time-out. */
    static final class WriteTimeoutException extends SocketTimeoutException {
        private static final long serialVersionUID = 1L;

        WriteTimeoutException(int timeoutMillis, IOException cause) {
            super("the server took in nothing for " + timeoutMillis + " ms");
            initCause(cause);
        }
    }

    private final class Watched extends OutputStream {
        private final OutputStream out;
        private final Socket socket;
        private final int timeoutMillis;
        private final long timeoutNanos;
        private volatile long writingSince; // 0 between writes
        private volatile boolean expired;

        Watched(OutputStream out, Socket socket, int timeoutMillis) {
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
            begin();
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw failure(e);
            } finally {
                writingSince = 0;
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
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
                try {
                    // A reset: a FIN would queue behind the bytes the server does not read.
                    socket.setSoLinger(true, 0);
                } catch (IOException ignored) {
                    // Closed already; close() below is then harmless.
                }
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // The writer reports the time-out.
                }
            }
        }
    }
}
