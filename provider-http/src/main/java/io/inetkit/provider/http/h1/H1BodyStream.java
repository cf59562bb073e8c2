package io.inetkit.provider.http.h1;

import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Limits;
import io.inetkit.spi.CallEvents;
import io.inetkit.spi.Deadline;
import io.inetkit.spi.StatusPublisher;
import io.inetkit.spi.TransportErrors;
import io.inetkit.toolbox.BodyInput;
import io.inetkit.toolbox.WriteWatchdog;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A response body read straight from its connection, framed by length, by chunks or by the close
 * of the connection. Reads wait at most the read timeout (the socket's {@code SO_TIMEOUT}); a body
 * that ends before its length or its last chunk fails with {@code CONNECTION_ABORTED} rather than
 * ending early. At the end of a body the connection goes back to the pool; closing the body
 * before its end closes the connection, which is also how another thread cancels a blocked read.
 *
 * <p>A body framed by length or by the close, read into a buffer ({@link #read(ByteBuffer)}) on a
 * plain connection whose socket has a channel, comes from that channel straight into the buffer,
 * each read watched by the {@code Internet}'s {@link WriteWatchdog} for the read timeout (a channel
 * read does not see {@code SO_TIMEOUT}): into a direct buffer, bound for a file, no byte is copied in
 * memory. Chunks, TLS and proxy tunnels go through the stream reads.
 */
public final class H1BodyStream extends BodyInput {

    private final H1Connection connection;
    private final H1Pool pool;
    private final H1Head head;
    private final String where;
    private final StatusPublisher status;
    private final CallEvents events;
    private final Limits limits;
    private volatile Runnable onClose = () -> { };

    private long remaining; // of the body (LENGTH) or of the current chunk (CHUNKED)
    private boolean lastChunk;
    private boolean done; // the body's last byte was read; the connection is released
    private volatile WriteWatchdog.Reads reads; // of the socket's channel, from the first buffer read that can
    private boolean streamOnly; // no channel reads: chunked, or a socket without a channel

    /**
     * @param what the request, {@code "GET http://host/"}, for messages
     * @param limits the {@code Internet}'s: chunk size lines and trailers are bounded as header lines
     */
    H1BodyStream(H1Connection connection, H1Pool pool, H1Head head, TransportErrors errors, String what,
            StatusPublisher status, CallEvents events, Limits limits) {
        super(errors, "reading the body of " + what, status);
        this.connection = connection;
        this.pool = pool;
        this.head = head;
        this.where = errors.where();
        this.status = status;
        this.events = events;
        this.limits = limits;
        this.remaining = head.framing() == H1Head.Framing.LENGTH ? head.length() : 0;
        if (head.framing() == H1Head.Framing.NONE) {
            finish();
        }
    }

    /**
     * Bounds the reads by the call's deadline, which cuts the connection until the body ends: a read
     * it cut fails with the deadline's error.
     */
    H1BodyStream within(Deadline callDeadline) {
        bounded(callDeadline);
        if (done) {
            callDeadline.cuts(() -> { });
        }
        return this;
    }

    /** What to run once on close, such as untracking the response from its session. */
    public void onClose(Runnable action) {
        this.onClose = action;
    }

    @Override
    protected int fill(byte[] buffer, int offset, int length) throws IOException {
        return done ? -1 : next(buffer, offset, length);
    }

    @Override
    protected int fill(ByteBuffer target) throws IOException {
        if (done) {
            return -1;
        }
        if (!readsChannel()) {
            return super.fill(target);
        }
        H1Input in = connection.in();
        if (head.framing() == H1Head.Framing.LENGTH) {
            return ofLength(in.read(target, (int) Math.min(target.remaining(), remaining), reads));
        }
        return toClose(in.read(target, target.remaining(), reads));
    }

    /** Counts a read of a body framed by its length: its end releases the connection, an early end fails. */
    private int ofLength(int n) throws IOException {
        if (n < 0) {
            throw shortBody();
        }
        remaining -= n;
        if (remaining == 0) {
            finish();
        }
        return n;
    }

    /** A read of a body framed by the close: the end of the stream is its end. */
    private int toClose(int n) {
        if (n < 0) {
            finish();
        }
        return n;
    }

    /** Whether buffer reads come from the socket's channel: starts their watch at the first. */
    private boolean readsChannel() {
        if (reads == null && !streamOnly) {
            reads = head.framing() == H1Head.Framing.CHUNKED ? null : connection.channelReads();
            streamOnly = reads == null;
        }
        return reads != null;
    }

    /** Ends the watch of channel reads, if any: before the connection goes back to the pool. */
    private void endReads() {
        WriteWatchdog.Reads watch = reads;
        if (watch != null) {
            watch.close();
        }
    }

    @Override
    protected void ended(long bytes) {
        events.responseBodyEnd(bytes);
    }

    /** A failed read: the connection is closed, and a connection closed under the read (the pool's close) is a cancel. */
    @Override
    protected InternetException failure(IOException e) {
        if (deadline().isExpired()) {
            return deadline().error(doing(), e); // its cut closed the connection: no cancel
        }
        boolean closedUnderUs = isClosed() || connection.closedHere() && !(e instanceof InternetException);
        return closedUnderUs ? errors.cancelled(doing(), e) : errors.of(doing(), e);
    }

    @Override
    protected void abandon() {
        endReads();
        boolean closed = isClosed();
        if (!closed) {
            status.publish(InternetStatus.CLOSING_CONNECTION);
        }
        pool.discard(connection);
        if (!closed) {
            status.publish(InternetStatus.CONNECTION_CLOSED);
        }
    }

    private int next(byte[] buffer, int offset, int length) throws IOException {
        H1Input in = connection.in();
        switch (head.framing()) {
            case LENGTH:
                return ofLength(in.read(buffer, offset, (int) Math.min(length, remaining)));
            case CHUNKED: {
                if (remaining == 0) {
                    startChunk(in);
                    if (lastChunk) {
                        return -1;
                    }
                }
                int n = in.read(buffer, offset, (int) Math.min(length, remaining));
                if (n < 0) {
                    throw shortBody();
                }
                remaining -= n;
                if (remaining == 0) {
                    endChunk(in);
                }
                return n;
            }
            case CLOSE:
                return toClose(in.read(buffer, offset, length));
            default:
                return -1;
        }
    }

    private void startChunk(H1Input in) throws IOException {
        String line = in.readLine(limits.maxLineBytes(), "a chunk size line", where);
        if (line == null) {
            throw shortBody();
        }
        int semicolon = line.indexOf(';'); // chunk extensions are ignored
        String size = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
        if (size.isEmpty() || size.length() > 15 || !size.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw H1ResponseParser.invalid(where, "sent the chunk size \"" + H1ResponseParser.shown(line)
                    + "\", which is not a hexadecimal number");
        }
        remaining = Long.parseLong(size, 16);
        if (remaining == 0) {
            // The trailers are read and dropped: HttpResponse has no place for them.
            H1Section trailers = new H1Section(limits, where, true);
            while (true) {
                String trailer = trailers.line(in, "a trailer line");
                if (trailer == null) {
                    throw shortBody();
                }
                if (trailer.isEmpty()) {
                    break;
                }
                trailers.field();
            }
            lastChunk = true;
            finish();
        }
    }

    private void endChunk(H1Input in) throws IOException {
        String crlf = in.readLine(limits.maxLineBytes(), "a line after a chunk", where);
        if (crlf == null) {
            throw shortBody();
        }
        if (!crlf.isEmpty()) {
            throw H1ResponseParser.invalid(where, "sent a chunk longer than its size");
        }
    }

    /**
     * The body is complete: the connection goes back to the pool, or closes if it cannot be reused,
     * which includes a server that sent more than the body (bytes beyond its Content-Length or
     * after its last chunk): they are not this response's, and no other request's either.
     */
    private void finish() {
        if (done) {
            return;
        }
        done = true;
        endReads();
        deadline().cuts(() -> { }); // before the pool may lend the connection to another call
        if (head.keepAlive() && head.framing() != H1Head.Framing.CLOSE && !isClosed() && !connection.hasUnreadBytes()) {
            pool.release(connection);
        } else {
            pool.discard(connection);
        }
    }

    private InternetException shortBody() {
        String expected = head.framing() == H1Head.Framing.LENGTH ? "before the " + head.length()
                + " bytes its Content-Length announced" : "before its last chunk";
        return errors.endedEarly(doing(), expected);
    }

    @Override
    public int available() throws IOException {
        return 0;
    }

    /** Gives the body up: the connection closes unless the body was read to its end. */
    @Override
    protected void release() {
        endReads();
        if (!done) {
            status.publish(InternetStatus.CLOSING_CONNECTION);
            pool.discard(connection);
            status.publish(InternetStatus.CONNECTION_CLOSED);
        }
        onClose.run();
    }
}
