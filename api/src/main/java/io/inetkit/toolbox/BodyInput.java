package io.inetkit.toolbox;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.spi.Deadline;
import io.inetkit.spi.StatusPublisher;
import io.inetkit.spi.TransportErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Objects;

/**
 * What every provider's body stream (a download, a response body, a document) does alike, so that
 * it does it the same way: counts what it delivers, reports the end once, fails a read on a closed
 * stream with {@code INVALID_HANDLE} and a read that a close cut short with
 * {@code OPERATION_CANCELLED}, maps every other failure through {@link TransportErrors}, and closes
 * once. A subclass frames its protocol's bytes ({@link #fill}) and frees what it holds
 * ({@link #release}, {@link #abandon}).
 *
 * <p>It is a {@link ReadableByteChannel} too, for a reader that writes what it reads to a file: a
 * body that can read its socket's channel into a direct buffer ({@link #fill(ByteBuffer)}) spares
 * the two copies in memory of a stream read (the JDK's socket reads into a direct buffer of its own
 * and copies from there; a file write of a heap buffer copies into one again).
 */
public abstract class BodyInput extends InputStream implements ReadableByteChannel {

    /** The largest heap read behind a {@link #read(ByteBuffer)} of a body that reads arrays only. */
    private static final int BOUNCE = 64 * 1024;

    /** The failures of this body, as every provider reports them. */
    protected final TransportErrors errors;
    private final String what;
    private final StatusPublisher status;
    private long received;
    private boolean ended; // -1 was returned
    private boolean failed;
    private volatile boolean closed;
    private volatile Deadline deadline = Deadline.none();
    private byte[] bounce; // of fill(ByteBuffer) on a direct buffer, made at its first use

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

    /**
     * Reads at most {@code target.remaining() > 0} bytes into {@code target} from its position,
     * blocking until one is there, as {@link #fill(byte[], int, int)} does; -1 at the body's true
     * end. By default through that method, into the buffer's array or, for a direct buffer, through
     * a heap array: a body that reads its socket's channel overrides this.
     */
    protected int fill(ByteBuffer target) throws IOException {
        if (target.hasArray()) {
            int n = fill(target.array(), target.arrayOffset() + target.position(), target.remaining());
            if (n > 0) {
                target.position(target.position() + n);
            }
            return n;
        }
        if (bounce == null) {
            bounce = new byte[BOUNCE];
        }
        int n = fill(bounce, 0, Math.min(bounce.length, target.remaining()));
        if (n > 0) {
            target.put(bounce, 0, n);
        }
        return n;
    }

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
        return read(null, buffer, offset, length);
    }

    /**
     * Reads into {@code target} from its position, as {@link #read(byte[], int, int)} does: at least
     * one byte while it has room, or -1 at the body's end. Fails as a stream read fails, with an
     * {@link InternetException}.
     */
    @Override
    public final int read(ByteBuffer target) throws IOException {
        return read(target, null, 0, target.remaining());
    }

    /** A read into {@code target}, or else into {@code buffer}: the bookkeeping of both. */
    private int read(ByteBuffer target, byte[] buffer, int offset, int length) throws IOException {
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
            n = target != null ? fill(target) : fill(buffer, offset, length);
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

    /** Whether the body is still open: not yet {@link #close closed}. */
    @Override
    public final boolean isOpen() {
        return !closed;
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
