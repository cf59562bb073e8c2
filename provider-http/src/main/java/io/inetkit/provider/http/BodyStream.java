package io.inetkit.provider.http;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.spi.StatusPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A response body as java.net.http streams it, made safe to read: a read that waits longer than
 * the read timeout fails with {@code TIMEOUT}, a body shorter than its {@code Content-Length}
 * fails instead of ending early, and errors carry WinINet codes.
 *
 * <p>Why a watchdog: the JDK's request timeout stops counting once the headers arrive
 * (JDK-8208693), and its body stream waits on a queue with no time limit, so a stalled server would
 * block the reader forever. A task on the {@code Internet}'s one watchdog thread looks at the time
 * the current read started, a few times per read timeout, and closes the JDK stream when it is too
 * old; the close cancels the exchange (and its connection) and wakes the reader. Reads only write
 * two volatile fields, so a fast download pays nothing else.
 */
final class BodyStream extends InputStream {

    private final InputStream delegate;
    private final String where;
    private final long expectedLength;
    private final Duration readTimeout;
    private final StatusPublisher status;
    private final Runnable onClose;
    private final ScheduledFuture<?> watch;

    private volatile long readStartedNanos; // 0 when no read is waiting
    private volatile boolean timedOut;
    private volatile boolean closed;
    private boolean ended;
    private long received;

    /**
     * @param expectedLength the {@code Content-Length} to check at the end, or -1
     */
    BodyStream(InputStream delegate, String where, long expectedLength, Duration readTimeout,
            ScheduledExecutorService watchdog, StatusPublisher status, Runnable onClose) {
        this.delegate = delegate;
        this.where = where;
        this.expectedLength = expectedLength;
        this.readTimeout = readTimeout;
        this.status = status;
        this.onClose = onClose;
        long period = Math.max(10, Math.min(500, readTimeout.toMillis() / 10));
        ScheduledFuture<?> scheduled;
        try {
            scheduled = watchdog.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            scheduled = null; // the Internet is closing; its close ends this stream too
        }
        this.watch = scheduled;
    }

    private void check() {
        long started = readStartedNanos;
        if (started != 0 && System.nanoTime() - started > readTimeout.toNanos()) {
            timedOut = true;
            closeDelegate();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (ended) {
            return -1;
        }
        ensureOpen();
        int n;
        readStartedNanos = System.nanoTime();
        try {
            n = delegate.read(buffer, offset, length);
        } catch (IOException e) {
            throw failure(e);
        } finally {
            readStartedNanos = 0;
        }
        if (n < 0) {
            ended = true;
            stopWatching();
            if (timedOut || closed) {
                throw failure(null);
            }
            if (expectedLength >= 0 && received < expectedLength) {
                throw new InternetException(InternetError.CONNECTION_ABORTED, "the body from " + where
                        + " ended after " + received + " of the " + expectedLength + " bytes its Content-Length"
                        + " announced; the connection was closed early");
            }
            status.publish(InternetStatus.RESPONSE_RECEIVED, received);
            return -1;
        }
        received += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return ended || closed ? 0 : delegate.available();
    }

    private void ensureOpen() throws InternetException {
        if (timedOut) {
            throw failure(null);
        }
        if (closed) {
            throw new InternetException(InternetError.INVALID_HANDLE, "the response body from " + where + " is closed");
        }
    }

    private InternetException failure(IOException cause) {
        if (timedOut) {
            return new InternetException(InternetError.TIMEOUT, where + " sent nothing for " + readTimeout.toMillis()
                    + " ms after " + received + " bytes of the body; the read timeout of the Internet ran out", cause);
        }
        if (closed) {
            return new InternetException(InternetError.OPERATION_CANCELLED, "the response body from " + where
                    + " was closed while being read", cause);
        }
        InternetException mapped = Errors.ofStream(cause, where);
        return new InternetException(mapped.error(), "reading the body from " + where + " after " + received
                + " bytes: " + mapped.getMessage(), cause);
    }

    private void stopWatching() {
        if (watch != null) {
            watch.cancel(false);
        }
    }

    private void closeDelegate() {
        try {
            delegate.close();
        } catch (IOException ignored) {
            // Closing to give the connection up; nothing to report.
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopWatching();
        closeDelegate();
        onClose.run();
    }
}
