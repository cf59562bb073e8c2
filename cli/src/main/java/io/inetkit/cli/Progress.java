package io.inetkit.cli;

import java.io.PrintWriter;

/**
 * A progress line on standard error for transfers longer than a second, only when a person is
 * watching (a terminal); scripts that read standard error see nothing.
 */
final class Progress {

    private static final long QUIET_NANOS = 1_000_000_000L;
    private static final long EVERY_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long bytes;
    private long lastShown;
    private boolean shown;

    private Progress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** A progress line when standard error is a terminal; silent otherwise. */
    static Progress onTerminal(PrintWriter err) {
        return new Progress(err, System.console() != null);
    }

    void add(int count) {
        bytes += count;
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - start >= QUIET_NANOS && now - lastShown >= EVERY_NANOS) {
            lastShown = now;
            shown = true;
            double seconds = (now - start) / 1e9;
            err.printf("\r%,.1f MB  %,.1f MB/s  %.0f s ", bytes / 1e6, bytes / 1e6 / seconds, seconds);
            err.flush();
        }
    }

    void done() {
        if (shown) {
            err.println();
            err.flush();
        }
    }
}
