package io.inetkit.cli;

import java.util.concurrent.locks.LockSupport;

/**
 * The clock of {@code --max-time}: a daemon thread that stops the command when the whole operation
 * has run that long, unless it is cancelled first. A thread of its own rather than the read
 * time-out's, which restarts at every byte: a body that trickles a byte a second never trips it.
 */
final class Deadline implements Runnable {

    private final Stop stop;
    private final long end;
    private final Stop.Reason reason;
    private final Thread thread;
    private volatile boolean cancelled;

    private Deadline(Stop stop, long nanos, Stop.Reason reason) {
        this.stop = stop;
        this.end = System.nanoTime() + nanos;
        this.reason = reason;
        this.thread = new Thread(this, "inetkit-max-time");
        thread.setDaemon(true);
    }

    /** Starts the clock: {@code stop} is stopped for {@code reason} in {@code nanos}. */
    static Deadline start(Stop stop, long nanos, Stop.Reason reason) {
        Deadline deadline = new Deadline(stop, nanos, reason);
        deadline.thread.start();
        return deadline;
    }

    /** The command ended in time: the clock stops without stopping it. */
    void cancel() {
        cancelled = true;
        LockSupport.unpark(thread);
    }

    @Override
    public void run() {
        long left;
        while (!cancelled && (left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
        if (!cancelled) {
            stop.stop(reason);
        }
    }
}
