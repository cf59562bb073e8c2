package io.inetkit.spi;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One operation's whole-operation bound ({@link ProviderContext#deadline()}): when it runs out, the
 * {@linkplain #cuts cut} given by the provider runs — typically {@link Sockets#reset} of the
 * operation's sockets — so that the thread blocked on them fails at once, and the provider reports
 * {@link #error} in place of what the cut made it see.
 *
 * <pre>{@code
 * Deadline deadline = Deadline.start(context);
 * deadline.cuts(() -> Sockets.reset(socket));
 * try {
 *     ... connect, send, read the reply; hand the deadline to the stream the call returns ...
 * } catch (IOException e) {
 *     deadline.close();
 *     throw deadline.isExpired() ? deadline.error("reading " + path, e) : mapped(e);
 * }
 * // the stream closes the deadline when it is closed
 * }</pre>
 *
 * <p>All deadlines of an {@code Internet} share one daemon timer thread, which runs only while one
 * is pending. Without a bound, {@link #start} returns a deadline that never runs out and costs
 * nothing. Thread-safe.
 */
public final class Deadline implements AutoCloseable {

    /** The builder option that sets the bound of {@link #start(ProviderContext)}. */
    public static final String OPTION = "Internet.Builder.deadline";

    /** The builder option that sets the bound of {@link #writing(ProviderContext)}. */
    public static final String WRITE_OPTION = "Internet.Builder.writeTimeout";

    private static final Deadline NONE = new Deadline(null, null, (Timer) null);

    private final Duration bound;
    private final String option;
    private final long endNanos;
    private final ScheduledFuture<?> timer;
    private Runnable cut; // guarded by this
    private boolean expired; // guarded by this
    private boolean closed; // guarded by this

    private Deadline(Duration bound, String option, Timer shared) {
        this.bound = bound;
        this.option = option;
        this.endNanos = bound == null ? Long.MAX_VALUE : System.nanoTime() + bound.toNanos();
        this.timer = shared == null ? null : shared.schedule(this::expire, bound);
    }

    private Deadline(Duration bound, String option, ProviderContext context) {
        this(bound, option, timerOf(context));
    }

    /** The shared timer, or none once the {@code Internet} is closing: it cuts every connection itself. */
    private static Timer timerOf(ProviderContext context) {
        try {
            return context.shared(Timer.class, Timer::new);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /** The deadline of an operation starting now, from the {@code Internet}'s {@link ProviderContext#deadline()}. */
    public static Deadline start(ProviderContext context) {
        Optional<Duration> bound = context.deadline();
        return bound.isPresent() ? start(context, bound.get(), OPTION) : NONE;
    }

    /**
     * The deadline of an operation starting now, with a bound of the caller's, such as a request's
     * own; {@code option} names where it was set, for the error's message.
     */
    public static Deadline start(ProviderContext context, Duration bound, String option) {
        Objects.requireNonNull(bound, "bound");
        Objects.requireNonNull(option, "option");
        if (bound.isNegative() || bound.isZero()) {
            throw new IllegalArgumentException("a deadline must be positive, not " + bound);
        }
        return new Deadline(bound, option, context);
    }

    /**
     * A bound on one blocking write, of {@link ProviderContext#writeTimeout()}: for a provider without
     * a watchdog of its own, since a socket write ignores {@code SO_TIMEOUT}. Write in pieces (64 KiB,
     * say), each under a bound of its own, so that a server that keeps taking bytes is never cut:
     *
     * <pre>{@code
     * for (int off = 0; off < bytes.length; off += 65536) {
     *     try (Deadline write = Deadline.writing(context)) {
     *         write.cuts(socket);
     *         try {
     *             out.write(bytes, off, Math.min(65536, bytes.length - off));
     *         } catch (IOException e) {
     *             throw write.isExpired() ? write.error("sending to " + where, e) : e;
     *         }
     *     }
     * }
     * }</pre>
     */
    public static Deadline writing(ProviderContext context) {
        return start(context, context.writeTimeout(), WRITE_OPTION);
    }

    /** A deadline that never runs out. */
    public static Deadline none() {
        return NONE;
    }

    /**
     * What to do when the deadline runs out, in place of what was given before: cut the
     * connection without waiting (a socket {@link Sockets#reset reset}, a future's cancel). It runs
     * on the timer's thread, once, and must not block. Given after the deadline ran out, it runs
     * at once, here.
     */
    public void cuts(Runnable action) {
        Objects.requireNonNull(action, "action");
        boolean now;
        synchronized (this) {
            if (closed) {
                return;
            }
            cut = action;
            now = expired;
        }
        if (now) {
            action.run();
        }
    }

    /** {@link #cuts(Runnable)} with a reset of the socket. */
    public void cuts(Socket socket) {
        Objects.requireNonNull(socket, "socket");
        cuts(() -> Sockets.reset(socket));
    }

    private void expire() {
        Runnable action;
        synchronized (this) {
            if (closed || expired) {
                return;
            }
            expired = true;
            action = cut;
        }
        if (action != null) {
            action.run();
        }
    }

    /** Whether the deadline ran out (and its cut ran) before {@link #close()}. */
    public synchronized boolean isExpired() {
        return expired || (bound != null && !closed && System.nanoTime() - endNanos >= 0);
    }

    /** The time left, or empty when there is no bound; zero once it ran out. */
    public Optional<Duration> remaining() {
        if (bound == null) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.max(0, endNanos - System.nanoTime())));
    }

    /**
     * The smaller of {@code timeout} and the time left: for a wait that has its own timeout, such
     * as an HTTP client's, so that it ends no later than the deadline. Never zero.
     */
    public Duration bound(Duration timeout) {
        return remaining().map(left -> left.compareTo(timeout) < 0 ? left : timeout)
                .map(d -> d.isZero() ? Duration.ofMillis(1) : d).orElse(timeout);
    }

    /**
     * The error to report when {@link #isExpired()}: {@link InternetError#TIMEOUT}, naming the bound
     * and the option that sets it.
     *
     * @param what what the operation was doing, such as {@code "reading /file.txt from ftp.example.org:21"}
     * @param cause what the cut made the provider see, or {@code null}
     */
    public InternetException error(String what, Throwable cause) {
        long millis = bound == null ? 0 : bound.toMillis();
        return new InternetException(InternetError.TIMEOUT, what + (WRITE_OPTION.equals(option)
                ? ": the server took in nothing for " + millis + " ms, the write timeout (" + option + ")"
                : ": the operation ran past its deadline of " + millis + " ms (" + option + ")"), cause);
    }

    /** Throws {@link #error} if the deadline ran out: for the points between blocking calls. */
    public void check(String what) throws InternetException {
        if (isExpired()) {
            throw error(what, null);
        }
    }

    /** Ends the bound: the cut will not run. Harmless to call again. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            cut = null;
        }
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    public String toString() {
        return bound == null ? "Deadline[none]" : "Deadline[" + bound.toMillis() + " ms, " + option
                + (isExpired() ? ", expired" : "") + "]";
    }

    /** The shared timer of an {@code Internet}'s deadlines: one daemon thread, only while one is pending. */
    static final class Timer implements AutoCloseable {
        private final ScheduledThreadPoolExecutor executor;

        Timer() {
            executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "inetkit-deadline");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            executor.setKeepAliveTime(1, TimeUnit.SECONDS);
            executor.allowCoreThreadTimeOut(true);
        }

        ScheduledFuture<?> schedule(Runnable task, Duration delay) {
            try {
                return executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                return null; // closed with its Internet, which cuts every connection itself
            }
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }
}
