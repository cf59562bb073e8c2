package io.inetkit.provider.gopher;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.spi.Deadline;
import io.inetkit.spi.StatusPublisher;
import io.inetkit.spi.TlsSupport;
import io.inetkit.toolbox.Logs;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;

/**
 * One request and its reply on a connection of its own, as Gopher has it: the server closes when it
 * is done. It counts the reply's bytes for the status events, turns socket failures into
 * {@link InternetException}s that say where and why, and closes its socket exactly once, however
 * the exchange ends.
 */
final class Exchange implements Closeable {

    private static final Logger LOG = Logs.get(Exchange.class);

    private final Socket socket;
    private final Buffered in;
    private final StatusPublisher status;
    private final String where;
    private final long readTimeoutMillis;
    private final Deadline deadline;
    private final Runnable onClose;
    private long received;
    private boolean reported;
    private boolean closed;

    /** @param deadline the operation's, which the exchange closes with itself */
    Exchange(Socket socket, StatusPublisher status, String where, long readTimeoutMillis, Deadline deadline,
            Runnable onClose) throws IOException {
        this.socket = socket;
        this.status = status;
        this.where = where;
        this.readTimeoutMillis = readTimeoutMillis;
        this.deadline = deadline;
        this.onClose = onClose;
        this.in = new Buffered(new Counting(socket.getInputStream()));
    }

    /**
     * The socket, for a reply read from its channel once {@link #takeBuffered()} has taken what the
     * stream read ahead.
     */
    Socket socket() {
        return socket;
    }

    /**
     * The bytes that {@link #in()} has read from the socket and not delivered yet (at most its 8 KiB),
     * delivered now: what a reader taking the socket's channel over must write first.
     */
    byte[] takeBuffered() throws IOException {
        return in.readNBytes(in.buffered());
    }

    /** Counts bytes read from the socket's channel, past the stream, for the reply's status event. */
    void received(long bytes) {
        received += bytes;
    }

    /** The reply, buffered; supports {@code mark}. Failures come as raw {@link IOException}s: see {@link #failure}. */
    InputStream in() {
        return in;
    }

    /** Where the exchange goes, {@code host:port}, for messages. */
    String where() {
        return where;
    }

    /** Reports the reply as received, once, with its byte count. */
    void replyReceived() {
        if (!reported) {
            reported = true;
            status.publish(InternetStatus.RESPONSE_RECEIVED, received);
        }
    }

    /**
     * The exception to throw for a failure while reading the reply: itself if it already is one,
     * else the WinINet error that says what happened. The exchange is closed.
     */
    InternetException failure(IOException e, String doing) {
        boolean expired = deadline.isExpired(); // before the close, which ends the deadline
        close();
        if (expired) {
            // The deadline's cut reset the socket: that is the story, not the reset.
            return deadline.error(doing + " from " + where, e);
        }
        if (e instanceof InternetException internet) {
            return internet;
        }
        if (e instanceof ClosedByInterruptException
                || e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
            // A channel, a socket's or the local file's, is closed by an interrupt; a plain socket ignores it.
            return new InternetException(InternetError.OPERATION_CANCELLED, "the thread was interrupted while "
                    + doing + "; the connection to " + where + " is closed", e);
        }
        if (e instanceof SocketTimeoutException) {
            return new InternetException(InternetError.TIMEOUT, where + " sent nothing for " + readTimeoutMillis
                    + " ms while " + doing + ": the read timeout (Internet.Builder.readTimeout) bounds each wait", e);
        }
        if (e instanceof SSLException) {
            return TlsSupport.failure(e, where);
        }
        String message = String.valueOf(e.getMessage());
        if (e instanceof SocketException && message.toLowerCase(java.util.Locale.ROOT).contains("reset")) {
            return new InternetException(InternetError.CONNECTION_RESET, where + " reset the connection while "
                    + doing, e);
        }
        return new InternetException(InternetError.CONNECTION_ABORTED, "the connection to " + where
                + " failed while " + doing + ": " + message, e);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        deadline.close();
        status.publish(InternetStatus.CLOSING_CONNECTION);
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing the connection to {} failed", where, e);
        }
        status.publish(InternetStatus.CONNECTION_CLOSED);
        onClose.run();
    }

    /** The reply's buffer, which tells how much it holds. */
    private static final class Buffered extends BufferedInputStream {
        Buffered(InputStream in) {
            super(in, 8192);
        }

        /** The bytes read ahead and not delivered yet; after a {@code reset}, those from the mark on. */
        synchronized int buffered() {
            return Math.max(0, count - pos);
        }
    }

    /** Counts what the socket delivers, below the buffer, so the count is what went over the wire. */
    private final class Counting extends FilterInputStream {
        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                received++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                received += n;
            }
            return n;
        }
    }
}
