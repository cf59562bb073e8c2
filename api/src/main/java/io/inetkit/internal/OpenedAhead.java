package io.inetkit.internal;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Connections of a {@link RangeSource} opened while the first learns what the file is, so that
 * their logins (or connects) overlap its own: by the time the segments are planned, the others can ask for
 * bytes at once. Each is taken by one segment; what no segment takes is closed, also a connection
 * that finishes opening after the download has ended.
 */
final class OpenedAhead implements AutoCloseable {

    /** The opening threads are waited for this long at most: each opening is bounded by its time-outs. */
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final List<CompletableFuture<RangeSource.Connection>> opening = new ArrayList<>();
    private final ExecutorService threads;
    /** Whether each connection was taken, or released; guarded by this. */
    private final boolean[] taken;

    /** Starts {@code count} openings of {@code source}; none when the source's connections cost no round trip. */
    OpenedAhead(RangeSource source, int count) {
        int n = source.opensAhead() ? Math.max(0, count) : 0;
        taken = new boolean[n];
        threads = n == 0 ? null : Executors.newFixedThreadPool(n, DaemonThreads.factory("inetkit-segment-open"));
        for (int i = 0; i < n; i++) {
            opening.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return source.connect();
                } catch (InternetException e) {
                    throw new CompletionException(e);
                }
            }, threads));
        }
    }

    /**
     * The {@code i}th connection, once open, or null when there is none to take (fewer were opened, or
     * it was released); its opening's failure is thrown here, as if the taker had opened it.
     */
    RangeSource.Connection take(int i) throws InternetException {
        synchronized (this) {
            if (i >= taken.length || taken[i]) {
                return null;
            }
            taken[i] = true;
        }
        try {
            return opening.get(i).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            opening.get(i).thenAccept(RangeSource.Connection::close);
            throw new InternetException(InternetError.OPERATION_CANCELLED, "opening a connection was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InternetException cause) {
                throw cause;
            }
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new InternetException(InternetError.INTERNAL_ERROR, "opening a connection failed: "
                    + e.getCause(), e.getCause());
        }
    }

    /**
     * Closes the connections from the {@code from}th on that no segment has taken, at once or as soon
     * as they open, and keeps them from being taken; does not wait.
     */
    void release(int from) {
        List<CompletableFuture<RangeSource.Connection>> left = new ArrayList<>();
        synchronized (this) {
            for (int i = Math.max(0, from); i < taken.length; i++) {
                if (!taken[i]) {
                    taken[i] = true;
                    left.add(opening.get(i));
                }
            }
        }
        for (CompletableFuture<RangeSource.Connection> connection : left) {
            connection.thenAccept(RangeSource.Connection::close);
        }
    }

    /** Releases what is left and waits for the openings still under way, so that no thread outlives the download. */
    @Override
    public void close() {
        release(0);
        if (threads == null) {
            return;
        }
        threads.shutdown();
        try {
            threads.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
