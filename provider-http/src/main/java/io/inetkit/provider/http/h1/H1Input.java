package io.inetkit.provider.http.h1;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import io.inetkit.toolbox.WriteWatchdog;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The buffered read side of one connection: lines for the response head and chunk sizes, bytes for
 * bodies. A read that asks for at least a buffer's worth while the buffer is empty goes straight
 * from the socket into the caller's array, not through this buffer (the JDK's socket still reads
 * into a direct buffer of its own and copies from there); a body read into a direct buffer goes
 * from the socket's channel straight into it ({@link #read(ByteBuffer, int, WriteWatchdog.Reads)}).
 */
public final class H1Input {

    /** Why 64 KiB: a read of this size empties a typical socket receive buffer in a few calls. */
    static final int BUFFER = 64 * 1024;
    /** How often a blocked read looks for an interrupt. */
    static final long SLICE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);

    private final InputStream socket;
    private final long readTimeoutNanos;
    private final byte[] buffer = new byte[BUFFER];
    private int position;
    private int limit;
    private int lineBytes;
    private long deadline; // 0: none; see deadline(long)
    private long received;

    /**
     * @param socket the socket's stream, whose {@code SO_TIMEOUT} is a slice of the read timeout
     * @param readTimeoutNanos how long a read may wait in all
     */
    H1Input(InputStream socket, long readTimeoutNanos) {
        this.socket = socket;
        this.readTimeoutNanos = readTimeoutNanos;
    }

    /** Whether bytes wait in the buffer: a response the server sent unasked, on an idle connection. */
    boolean hasBuffered() {
        return position < limit;
    }

    /**
     * One line without its CRLF (a bare LF ends a line too, RFC 9112 section 2.2), decoded as
     * ISO-8859-1. A line that lies whole in the buffer, as nearly every one does, becomes its
     * String in one copy. {@link #lineBytes()} then says how many bytes it took, its end included.
     *
     * @param maxLineBytes the longest line allowed, its end not counted: {@code Limits.maxLineBytes}
     * @param what the line, for a failure's message: "a status line", "a header line"
     * @param where the server, for a failure's message; both are joined only when one is thrown,
     *     not for every line
     * @return {@code null} at the end of the stream before any byte of the line
     * @throws InternetException {@code HTTP_INVALID_SERVER_RESPONSE} for a longer line, naming the limit
     */
    String readLine(int maxLineBytes, String what, String where) throws IOException {
        StringBuilder line = null;
        int taken = 0;
        while (true) {
            if (position == limit && fill() < 0) {
                if (line == null) {
                    lineBytes = 0;
                    return null;
                }
                throw new EOFException("the connection ended inside " + what + " from " + where);
            }
            int start = position;
            int end = start;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            int length = (line == null ? 0 : line.length()) + end - start;
            // A CR last (before the LF, or before bytes still to come) may be the line's end, not its content.
            boolean lastIsCr = end > start ? buffer[end - 1] == '\r'
                    : line != null && line.length() > 0 && line.charAt(line.length() - 1) == '\r';
            if (length - (lastIsCr ? 1 : 0) > maxLineBytes) {
                throw Limits.exceeded(InternetError.HTTP_INVALID_SERVER_RESPONSE, where, what + " longer than "
                        + maxLineBytes + " bytes", "maxLineBytes");
            }
            taken += end - start;
            if (end < limit && line == null) {
                position = end + 1;
                lineBytes = taken + 1;
                int stop = end > start && buffer[end - 1] == '\r' ? end - 1 : end;
                return new String(buffer, start, stop - start, StandardCharsets.ISO_8859_1);
            }
            String part = new String(buffer, start, end - start, StandardCharsets.ISO_8859_1);
            line = line == null ? new StringBuilder(part) : line.append(part);
            if (end < limit) {
                position = end + 1;
                lineBytes = taken + 1;
                int n = line.length();
                if (n > 0 && line.charAt(n - 1) == '\r') {
                    line.setLength(n - 1);
                }
                return line.toString();
            }
            position = limit;
        }
    }

    /** The bytes the last {@link #readLine} took from the stream, its CRLF or LF included. */
    int lineBytes() {
        return lineBytes;
    }

    /**
     * Sets a time by which every read must be done, whatever arrives meanwhile, or none with 0: a
     * response head must come whole within the read timeout, so that a server that trickles it a
     * line at a time, each inside the read timeout, still runs out.
     *
     * @param nanoTime a {@link System#nanoTime()} value, or 0
     */
    void deadline(long nanoTime) {
        this.deadline = nanoTime;
    }

    /**
     * Whether an idle connection is silent: neither a byte nor the end of the stream arrives within
     * the socket's current {@code SO_TIMEOUT}. One wait, not the read timeout's slices.
     */
    boolean silent() throws IOException {
        try {
            socket.read(new byte[1], 0, 1);
            return false; // -1: closed by the server; a byte: something nobody asked for
        } catch (SocketTimeoutException e) {
            return true;
        }
    }

    /** Up to {@code length} bytes; -1 at the end of the stream. */
    int read(byte[] target, int offset, int length) throws IOException {
        if (position < limit) {
            int n = Math.min(length, limit - position);
            System.arraycopy(buffer, position, target, offset, n);
            position += n;
            return n;
        }
        if (length >= BUFFER) {
            return receive(target, offset, length);
        }
        if (fill() < 0) {
            return -1;
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    /**
     * Up to {@code most} bytes into {@code target}: those in the buffer, else from the socket's
     * channel through {@code reads}, which bound the wait by the read timeout; -1 at the end of the
     * stream.
     */
    int read(ByteBuffer target, int most, WriteWatchdog.Reads reads) throws IOException {
        if (position < limit) {
            int n = Math.min(most, limit - position);
            target.put(buffer, position, n);
            position += n;
            return n;
        }
        int end = target.limit();
        target.limit(target.position() + most);
        int n;
        try {
            n = reads.read(target);
        } finally {
            target.limit(end);
        }
        if (n > 0) {
            received += n;
        }
        return n;
    }

    /** Skips up to {@code length} bytes; -1 at the end of the stream. */
    long skip(long length) throws IOException {
        if (position == limit && fill() < 0) {
            return -1;
        }
        int n = (int) Math.min(length, limit - position);
        position += n;
        return n;
    }

    /**
     * A socket read that waits up to the read timeout in slices of {@code SO_TIMEOUT}, because a
     * blocked socket read does not see {@link Thread#interrupt()}: between slices it does.
     *
     * @throws InterruptedIOException (not a {@link SocketTimeoutException}) when interrupted; the
     *     interrupt stays set
     */
    private int receive(byte[] target, int offset, int length) throws IOException {
        long readDeadline = 0;
        while (true) {
            if (deadline != 0 && System.nanoTime() - deadline >= 0) {
                throw new SocketTimeoutException("the deadline passed");
            }
            try {
                int n = socket.read(target, offset, length);
                if (n > 0) {
                    received += n;
                }
                return n;
            } catch (java.nio.channels.ClosedByInterruptException e) {
                // A channel's socket (made for a sendfile upload) sees the interrupt at once, and closes.
                InterruptedIOException interrupted = new InterruptedIOException("the read was interrupted");
                interrupted.initCause(e);
                throw interrupted;
            } catch (SocketTimeoutException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("the read was interrupted");
                }
                long now = System.nanoTime();
                if (readDeadline == 0) {
                    readDeadline = now + readTimeoutNanos - slice();
                }
                if (now - readDeadline >= 0) {
                    throw e;
                }
            }
        }
    }

    /** The bytes read from the socket so far, over all the responses on this connection. */
    long received() {
        return received;
    }

    /** How long one read may wait in all: the read timeout of the {@code Internet}. */
    long readTimeoutNanos() {
        return readTimeoutNanos;
    }

    /** The {@code SO_TIMEOUT} of each wait. */
    long slice() {
        return Math.min(readTimeoutNanos, SLICE_NANOS);
    }

    private int fill() throws IOException {
        int n = receive(buffer, 0, buffer.length);
        position = 0;
        limit = Math.max(n, 0);
        return n;
    }
}
