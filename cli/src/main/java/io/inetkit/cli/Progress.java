package io.inetkit.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.util.function.LongSupplier;

/**
 * A progress line on standard error for transfers longer than a second, only when a person is
 * watching (a terminal) and {@code --no-progress-meter} was not given; scripts that read standard
 * error see nothing. Redrawn at most five times a second ({@link ProgressLine} has its text): a bar
 * when the size is known ({@link #expect}), a counter when it is not.
 */
final class Progress {

    private static final long QUIET_NANOS = 1_000_000_000L;
    private static final long EVERY_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final LongSupplier clock;
    private final long start;
    private long bytes;
    private long total = -1;
    private long lastShown;
    private boolean shown;

    Progress(PrintWriter err, boolean enabled) {
        this(err, enabled, System::nanoTime);
    }

    /** @param clock the time in nanoseconds, {@code System::nanoTime} but in tests */
    Progress(PrintWriter err, boolean enabled, LongSupplier clock) {
        this.err = err;
        this.enabled = enabled;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    /** A progress line when standard error is a terminal and {@code meter} is true; silent otherwise. */
    static Progress onTerminal(PrintWriter err, boolean meter) {
        return new Progress(err, meter && Tty.present());
    }

    /** The size the transfer will have, when it is known: the line then shows a bar and the time left. */
    synchronized Progress expect(long size) {
        total = size;
        return this;
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

    /**
     * Copies a body that reads into buffers to the end, through a direct buffer into the file,
     * written a full buffer at a time, counting what passes.
     */
    static long copy(ReadableByteChannel in, FileChannel out, Progress progress) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        long total = 0;
        boolean ended = false;
        while (!ended) {
            buffer.clear();
            while (buffer.hasRemaining()) {
                int n = in.read(buffer);
                if (n < 0) {
                    ended = true;
                    break;
                }
                total += n;
                progress.add(n);
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
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

    /** The bytes counted so far. */
    synchronized long bytes() {
        return bytes;
    }

    /** Whether the line is shown: only then is it worth watching a download. */
    boolean enabled() {
        return enabled;
    }

    synchronized void add(int count) {
        at(bytes + count);
    }

    /** The bytes so far, for a download that is counted from outside ({@link PartProgress}). */
    synchronized void at(long sofar) {
        bytes = sofar;
        if (!enabled) {
            return;
        }
        long now = clock.getAsLong();
        if (now - start >= QUIET_NANOS && now - lastShown >= EVERY_NANOS) {
            lastShown = now;
            // Padded to the full width: a shorter line must cover the longer one it redraws.
            String line = ProgressLine.of(bytes, total, now - start);
            err.print("\r" + line + " ".repeat(ProgressLine.WIDTH - line.length()));
            shown = true;
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
