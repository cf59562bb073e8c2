package io.inetkit.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

    Progress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** A progress line when standard error is a terminal; silent otherwise. */
    static Progress onTerminal(PrintWriter err) {
        return new Progress(err, Tty.present());
    }

    /** Copies a stream to the end, counting what passes. */
    static long copy(InputStream in, OutputStream out, Progress progress) throws IOException {
        // 1 MiB: the providers read a request this large straight from the socket, in a few big
        // reads; 64 KiB cost a 512 MiB download from nginx twice the system time.
        byte[] buffer = new byte[1 << 20];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            total += n;
            progress.add(n);
        }
        return total;
    }

    /** A stream that counts what is read from it, for a reader that is not ours (an HTTP body). */
    InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    add(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    add(n);
                }
                return n;
            }
        };
    }

    /** Whether the line is shown: only then is it worth watching a download. */
    boolean enabled() {
        return enabled;
    }

    synchronized void add(int count) {
        at(bytes + count);
    }

    /** The bytes so far, for a download that is counted from outside ({@link PartProgress}). */
    synchronized void at(long total) {
        bytes = total;
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

    synchronized void done() {
        if (shown) {
            err.println();
            err.flush();
        }
    }
}
