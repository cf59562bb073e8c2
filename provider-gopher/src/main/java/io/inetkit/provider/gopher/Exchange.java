package io.inetkit.provider.gopher;

import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.spi.Deadline;
import io.inetkit.spi.StatusPublisher;
import io.inetkit.spi.TransportErrors;
import io.inetkit.toolbox.Logs;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import org.slf4j.Logger;

/**
 * One request and its reply on a connection of its own, as Gopher has it: the server closes when it
 * is done. It counts the reply's bytes for the status events, turns socket failures into
 * {@link InternetException}s ({@link TransportErrors}), and closes its socket exactly once, however
 * the exchange ends.
 */
final class Exchange implements Closeable {

    private static final Logger LOG = Logs.get(Exchange.class);

    private final Socket socket;
    private final Buffered in;
    private final StatusPublisher status;
    private final TransportErrors errors;
    private final Deadline deadline;
    private final Runnable onClose;
    private long received;
    private boolean reported;
    private boolean closed;

    /** @param deadline the operation's, which the exchange closes with itself */
    Exchange(Socket socket, StatusPublisher status, TransportErrors errors, Deadline deadline, Runnable onClose)
            throws IOException {
        this.socket = socket;
        this.status = status;
        this.errors = errors;
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
        return errors.where();
    }

    /** The transport failures of the exchange, as every provider reports them. */
    /** The operation's deadline, for the streams that read the reply. */
    Deadline deadline() {
        return deadline;
    }

    TransportErrors errors() {
        return errors;
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
            return deadline.error(doing + " from " + errors.where(), e);
        }
        return errors.of(doing, e);
    }

    /**
     * The error for a failure before the reply began, the exchange closed but not its deadline:
     * the operation may try again under it.
     */
    InternetException abandon(IOException e, String doing) {
        boolean expired = deadline.isExpired();
        closeSocket();
        if (expired) {
            return deadline.error(doing + " from " + errors.where(), e);
        }
        return errors.of(doing, e);
    }

    @Override
    public void close() {
        deadline.close();
        closeSocket();
    }

    private void closeSocket() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        status.publish(InternetStatus.CLOSING_CONNECTION);
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing the connection to {} failed", errors.where(), e);
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
