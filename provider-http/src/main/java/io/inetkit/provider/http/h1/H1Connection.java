package io.inetkit.provider.http.h1;

import io.inetkit.spi.Sockets;
import io.inetkit.toolbox.TransferBuffer;
import io.inetkit.toolbox.WriteWatchdog;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One socket to one origin (or to an HTTP proxy for plain requests), with its buffered streams.
 * The socket's {@code SO_TIMEOUT} bounds every read without a watchdog thread: a slice of the read
 * timeout, so that a reader also sees an interrupt (see {@link H1Input}). Closing it from another thread is how an exchange is cancelled.
 */
final class H1Connection implements AutoCloseable {

    private final Socket socket;
    private final TransferBuffer buffers = new TransferBuffer();
    private final String key;
    private final H1Input in;
    private final InputStream transport; // the TCP socket's own stream, under any TLS
    private final boolean tls;
    private final OutputStream out;
    private final int readTimeoutMillis; // of one slice: see H1Input
    private final WriteWatchdog watchdog; // null unless the socket is a plain one with a channel
    private volatile boolean closed;
    private long idleSince;
    private int exchanges;

    /**
     * @param socket the socket requests and responses go through: plain, or TLS
     * @param transport the TCP socket under it: {@code socket} itself when plain
     * @param watchdog bounds the reads of the socket's channel, for a body read into a direct buffer;
     *     null, or a socket without a channel, when bodies are read as streams only
     */
    H1Connection(Socket socket, Socket transport, String key, int readTimeoutMillis, WriteWatchdog watchdog)
            throws IOException {
        this.socket = socket;
        this.watchdog = socket.getChannel() != null ? watchdog : null;
        this.key = key;
        this.in = new H1Input(socket.getInputStream(), TimeUnit.MILLISECONDS.toNanos(readTimeoutMillis));
        this.transport = transport.getInputStream();
        this.tls = socket != transport;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        this.readTimeoutMillis = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(in.slice()));
        socket.setSoTimeout(this.readTimeoutMillis);
    }

    String key() {
        return key;
    }

    H1Input in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    /** The direct buffer through which file bodies go out on a channel's socket, kept while the connection lives. */
    TransferBuffer buffers() {
        return buffers;
    }

    /** The socket, for the write watchdog to reset. */
    Socket socket() {
        return socket;
    }

    /**
     * Watched reads of the socket's channel, each bounded by the read timeout, for a body read into a
     * direct buffer; null when the socket has no channel (TLS, a proxy tunnel). Close them at the
     * body's end.
     */
    WriteWatchdog.Reads channelReads() {
        if (watchdog == null) {
            return null;
        }
        return watchdog.reads(socket, Duration.ofNanos(in.readTimeoutNanos()));
    }

    /**
     * Whether this side closed the connection ({@link #close()}, as the pool does when its
     * {@code Internet} closes), which a TLS socket's own close after a failure is not.
     */
    boolean closedHere() {
        return closed;
    }

    /** How many exchanges this connection carried before the current one. */
    int exchanges() {
        return exchanges;
    }

    void idle() {
        exchanges++;
        idleSince = System.nanoTime();
    }

    long idleSince() {
        return idleSince;
    }

    boolean isClosed() {
        return closed || socket.isClosed();
    }

    /**
     * Whether the server sent what nobody asked for: bytes after a response's body, already in the
     * buffer or waiting in the TCP socket (under TLS, records not yet decrypted). Such a connection
     * is never lent again, or those bytes would be read as the next request's response. One
     * {@code FIONREAD}, no wait; what arrives after the check and before the next response cannot
     * be told from that response, as for any HTTP/1.1 client. Under TLS, bytes in the TCP socket may
     * be records without data: the session tickets a TLS 1.3 server sends after the handshake, which
     * a connection opened ahead of its first request has not read yet. For those a read through TLS,
     * of up to a millisecond ({@link #isReusable}), tells.
     */
    boolean hasUnreadBytes() {
        if (in.hasBuffered()) {
            return true;
        }
        try {
            if (transport.available() == 0) {
                return false;
            }
        } catch (IOException e) {
            return true; // a broken socket is not lent either
        }
        return !tls || !isReusable();
    }

    /**
     * Whether this idle connection may be lent: open, with nothing unasked come
     * ({@link #hasUnreadBytes}) and, when {@code checkClose}, not closed by the server
     * ({@link #isReusable}, whose one read tells both).
     */
    boolean lendable(boolean checkClose) {
        if (isClosed()) {
            return false;
        }
        return checkClose ? isReusable() : !hasUnreadBytes();
    }

    /**
     * Whether an idle connection still looks usable: the server has not closed it and sent nothing
     * unasked. A zero-wait peek would block, so the check waits one millisecond.
     */
    boolean isReusable() {
        if (closed || socket.isInputShutdown() || in.hasBuffered()) {
            return false;
        }
        try {
            socket.setSoTimeout(1);
            return in.silent();
        } catch (IOException e) {
            return false;
        } finally {
            try {
                socket.setSoTimeout(readTimeoutMillis);
            } catch (IOException ignored) {
                // A broken socket fails its next read anyway.
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Sockets.closeQuietly(socket); // which also wakes a thread in sendfile to it
        buffers.close();
    }
}
