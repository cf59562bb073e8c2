package io.inetkit.provider.sftp;

import io.inetkit.InternetException;
import io.inetkit.spi.Deadline;
import io.inetkit.spi.ProviderContext;
import java.time.Duration;

/**
 * The write time-out of an upload: JSch's writes wait, without bound, for the window a server that
 * stopped reading never opens. While a piece is on its way, the connection is cut when for the write
 * time-out ({@link ProviderContext#writeTimeout()}) no piece started and the connection did not move
 * (no write to the socket returned, no answer came): the server took in nothing. A server that takes
 * in a slow trickle is never cut, nor is an upload whose last pieces wait for the server's answers.
 *
 * <p>One timer runs per time-out, not per piece: when it fires after progress, it is set again for
 * what is left of the time-out since that progress. A timer per 32 KiB piece, set and cancelled on
 * the shared timer thread, took a twentieth of an upload's CPU.
 */
final class WriteWatch implements AutoCloseable {

    private final ProviderContext context;
    private final Transport transport;
    private final Duration timeout;
    private long pieceStarted; // guarded by this
    private boolean busy; // guarded by this: a piece is on its way
    private boolean ended; // guarded by this
    private Deadline timer; // guarded by this: the pending one, or null
    private Deadline first; // guarded by this: its bound is the whole time-out, for the error
    private volatile Deadline expired;

    WriteWatch(ProviderContext context, Transport transport) {
        this.context = context;
        this.transport = transport;
        this.timeout = context.writeTimeout();
    }

    /** A piece starts: it must be taken in, and the next one start, within the time-out. */
    synchronized void next() {
        pieceStarted = System.nanoTime();
        busy = true;
        if (timer == null && !ended) {
            arm(timeout);
        }
    }

    /** No piece is on its way until the next {@link #next()}: waiting for the caller's bytes is not a stall. */
    synchronized void idle() {
        busy = false;
    }

    private void arm(Duration bound) {
        Deadline deadline = Deadline.start(context, bound, Deadline.WRITE_OPTION);
        if (first == null) {
            first = deadline;
        }
        timer = deadline;
        deadline.cuts(() -> fired(deadline));
    }

    /** On the timer's thread: cut if nothing moved for the time-out while a piece was on its way. */
    private void fired(Deadline deadline) {
        synchronized (this) {
            if (timer != deadline) {
                return;
            }
            timer = null;
            if (!busy || ended) {
                return;
            }
            long now = System.nanoTime();
            long left = timeout.toNanos() - Math.min(now - pieceStarted, now - transport.lastMoved());
            if (left > 0) {
                arm(Duration.ofNanos(left));
                return;
            }
            expired = first;
        }
        transport.cut();
    }

    /** The write time-out's error, if it cut the connection; else null. */
    InternetException error(String what, Throwable cause) {
        Deadline cut = expired;
        return cut == null ? null : cut.error(what, cause);
    }

    /** Ends the watch: no cut after this. */
    @Override
    public void close() {
        Deadline pending;
        synchronized (this) {
            ended = true;
            busy = false;
            pending = timer;
            timer = null;
        }
        if (pending != null) {
            pending.close();
        }
    }
}
