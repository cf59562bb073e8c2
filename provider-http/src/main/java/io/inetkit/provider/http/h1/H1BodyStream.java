package io.inetkit.provider.http.h1;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Limits;
import io.inetkit.spi.CallEvents;
import io.inetkit.spi.Deadline;
import io.inetkit.spi.StatusPublisher;
import io.inetkit.spi.TlsSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * A response body read straight from its connection, framed by length, by chunks or by the close
 * of the connection. Reads wait at most the read timeout (the socket's {@code SO_TIMEOUT}); a body
 * that ends before its length or its last chunk fails with {@code CONNECTION_ABORTED} rather than
 * ending early. At the end of a body the connection goes back to the pool; closing the body
 * before its end closes the connection, which is also how another thread cancels a blocked read.
 */
public final class H1BodyStream extends InputStream {

    private final H1Connection connection;
    private final H1Pool pool;
    private final H1Head head;
    private final String where;
    private final StatusPublisher status;
    private final CallEvents events;
    private final int readTimeoutMillis;
    private final Limits limits;
    private volatile Runnable onClose = () -> { };
    private Deadline deadline = Deadline.none();

    private long remaining; // of the body (LENGTH) or of the current chunk (CHUNKED)
    private boolean lastChunk;
    private long received;
    private boolean done; // the body's last byte was read; the connection is released
    private boolean ended; // -1 was returned
    private boolean failed;
    private volatile boolean closed;

    /** @param limits the {@code Internet}'s: chunk size lines and trailers are bounded as header lines */
    H1BodyStream(H1Connection connection, H1Pool pool, H1Head head, String where, StatusPublisher status,
            CallEvents events, int readTimeoutMillis, Limits limits) {
        this.connection = connection;
        this.pool = pool;
        this.head = head;
        this.where = where;
        this.status = status;
        this.events = events;
        this.readTimeoutMillis = readTimeoutMillis;
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
    H1BodyStream bounded(Deadline callDeadline) {
        this.deadline = callDeadline;
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
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (ended) {
            return -1;
        }
        if (closed) {
            throw cancelled(null);
        }
        if (failed) {
            throw new InternetException(InternetError.CONNECTION_ABORTED, "the body from " + where
                    + " failed before; its connection is closed");
        }
        try {
            int n = done ? -1 : next(buffer, offset, length);
            if (n < 0) {
                ended = true;
                status.publish(InternetStatus.RESPONSE_RECEIVED, received);
                events.responseBodyEnd(received);
                return -1;
            }
            received += n;
            return n;
        } catch (IOException e) {
            failed = true;
            if (!closed) {
                status.publish(InternetStatus.CLOSING_CONNECTION);
            }
            boolean closedUnderUs = closed || connection.isClosed() && !(e instanceof InternetException);
            pool.discard(connection);
            if (!closed) {
                status.publish(InternetStatus.CONNECTION_CLOSED);
            }
            if (deadline.isExpired()) {
                throw deadline.error("reading the body from " + where + " after " + received + " bytes", e);
            }
            if (closedUnderUs) {
                throw cancelled(e);
            }
            if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
                throw new InternetException(InternetError.OPERATION_CANCELLED, "reading the body from " + where
                        + " was interrupted after " + received + " bytes; its connection is closed", e);
            }
            throw failure(e);
        }
    }

    private int next(byte[] buffer, int offset, int length) throws IOException {
        H1Input in = connection.in();
        switch (head.framing()) {
            case LENGTH: {
                int n = in.read(buffer, offset, (int) Math.min(length, remaining));
                if (n < 0) {
                    throw shortBody();
                }
                remaining -= n;
                if (remaining == 0) {
                    finish();
                }
                return n;
            }
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
            case CLOSE: {
                int n = in.read(buffer, offset, length);
                if (n < 0) {
                    finish();
                }
                return n;
            }
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
        deadline.cuts(() -> { }); // before the pool may lend the connection to another call
        if (head.keepAlive() && head.framing() != H1Head.Framing.CLOSE && !closed && !connection.hasUnreadBytes()) {
            pool.release(connection);
        } else {
            pool.discard(connection);
        }
    }

    private InternetException shortBody() {
        String expected = head.framing() == H1Head.Framing.LENGTH ? " of the " + head.length()
                + " bytes its Content-Length announced" : " before its last chunk";
        return new InternetException(InternetError.CONNECTION_ABORTED, "the body from " + where + " ended after "
                + received + expected + "; the connection was closed early");
    }

    private InternetException cancelled(Throwable cause) {
        return new InternetException(InternetError.OPERATION_CANCELLED, "the response body from " + where
                + " was closed after " + received + " bytes, by the application or with its session or Internet",
                cause);
    }

    private InternetException failure(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return new InternetException(InternetError.TIMEOUT, where + " sent nothing for " + readTimeoutMillis
                    + " ms after " + received + " bytes of the body; the read timeout (Internet.Builder.readTimeout)"
                    + " ran out", e);
        }
        if (e instanceof InternetException) {
            return (InternetException) e;
        }
        if (e instanceof SSLException) {
            return TlsSupport.failure(e, where);
        }
        String text = String.valueOf(e.getMessage());
        InternetError error = text.toLowerCase(Locale.ROOT).contains("reset") ? InternetError.CONNECTION_RESET
                : InternetError.CONNECTION_ABORTED;
        return new InternetException(error, "reading the body from " + where + " after " + received + " bytes: "
                + text, e);
    }

    @Override
    public int available() throws IOException {
        return 0;
    }

    /** Gives the body up: the connection closes unless the body was read to its end. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!done) {
            status.publish(InternetStatus.CLOSING_CONNECTION);
            pool.discard(connection);
            status.publish(InternetStatus.CONNECTION_CLOSED);
        }
        onClose.run();
    }
}
