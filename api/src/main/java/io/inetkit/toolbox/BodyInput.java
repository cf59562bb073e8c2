package io.inetkit.toolbox;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.spi.Deadline;
import io.inetkit.spi.StatusPublisher;
import io.inetkit.spi.TransportErrors;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * What every provider's body stream (a download, a response body, a document) does alike, so that
 * it does it the same way: counts what it delivers, reports the end once, fails a read on a closed
 * stream with {@code INVALID_HANDLE} and a read that a close cut short with
 * {@code OPERATION_CANCELLED}, maps every other failure through {@link TransportErrors}, and closes
 * once. A subclass frames its protocol's bytes ({@link #fill}) and frees what it holds
 * ({@link #release}, {@link #abandon}).
 */
public abstract class BodyInput extends InputStream {

    /** The failures of this body, as every provider reports them. */
    protected final TransportErrors errors;
    private final String what;
    private final StatusPublisher status;
    private long received;
    private boolean ended; // -1 was returned
    private boolean failed;
    private volatile boolean closed;
    private volatile Deadline deadline = Deadline.none();

    /**
     * @param what what reading this body is, for messages: {@code "reading the body of GET /"}
     * @param status told {@code RESPONSE_RECEIVED} with the byte count at the end, or null where the
     *     protocol reports its replies otherwise
     */
    protected BodyInput(TransportErrors errors, String what, StatusPublisher status) {
        this.errors = Objects.requireNonNull(errors, "errors");
        this.what = Objects.requireNonNull(what, "what");
        this.status = status;
    }

    /**
     * Reads at most {@code length} bytes, {@code length > 0}, of the body, blocking until one is
     * there; -1 at the body's true end. Failures may be any {@link IOException}:
     * {@link #failure} maps them.
     */
    protected abstract int fill(byte[] buffer, int offset, int length) throws IOException;

    /** Frees what the body holds on {@link #close()}, once; a read blocked in another thread must end. */
    protected abstract void release();

    /** After a failed read: frees the connection, which is no longer in a known state. */
    protected void abandon() {
    }

    /** At the body's end, after {@code RESPONSE_RECEIVED}, once. */
    protected void ended(long bytes) {
    }

    /**
     * Bounds this body by its operation's deadline, whose cut makes a read fail: that read fails
     * with the deadline's error.
     */
    protected final void bounded(Deadline operation) {
        this.deadline = Objects.requireNonNull(operation, "operation");
    }

    /** The operation's deadline, {@link Deadline#none()} unless {@link #bounded} gave one. */
    protected final Deadline deadline() {
        return deadline;
    }

    /**
     * The error of a failed read: the deadline's when it ran out (its cut is what failed the read),
     * a cancel when the body was closed meanwhile, else the mapper's (which returns an
     * {@link InternetException} as it is).
     */
    protected InternetException failure(IOException e) {
        if (deadline.isExpired()) {
            return deadline.error(doing(), e);
        }
        return closed ? errors.cancelled(doing(), e) : errors.of(doing(), e);
    }

    /** What reading this body is, with the bytes read so far. */
    protected final String doing() {
        return what + " after " + received + " bytes";
    }

    /** The bytes delivered so far. */
    protected final long received() {
        return received;
    }

    /** Whether {@link #close()} was called, from any thread. */
    protected final boolean isClosed() {
        return closed;
    }

    /** Whether the body was read to its end. */
    protected final boolean isEnded() {
        return ended;
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (closed) {
            throw errors.closed(what);
        }
        if (length == 0) {
            return 0;
        }
        if (ended) {
            return -1;
        }
        if (failed) {
            throw errors.shaped(InternetError.CONNECTION_ABORTED, what, "a read failed before; the"
                    + " connection is closed", null, null);
        }
        int n;
        try {
            n = fill(buffer, offset, length);
        } catch (IOException e) {
            failed = true;
            InternetException failure = failure(e);
            abandon();
            throw failure;
        }
        if (n < 0) {
            ended = true;
            if (status != null) {
                status.publish(InternetStatus.RESPONSE_RECEIVED, received);
            }
            ended(received);
            return -1;
        }
        received += n;
        return n;
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        release();
    }
}
