package io.inetkit.provider.ftp.internal;

import io.inetkit.toolbox.Logs;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;

/**
 * A TLS data connection as Commons Net sees it: a {@link java.net.Socket} over an
 * {@link SSLSocket}, which ends an upload so that the next data connection can still resume.
 *
 * <p>Why: under TLS 1.3 a session ticket is good for one resumption, and the server sends fresh
 * ones on every connection after the handshake. The JDK only reads them when the application reads
 * from that connection. A download does; an upload never does, so the data connection after an
 * upload found no ticket and vsftpd refused it ({@code 522 SSL connection failed; session reuse
 * required}). Here, the end of an upload sends {@code close_notify} (TLS 1.3 allows half-closes),
 * then reads until the server closes: the tickets waiting in the socket are taken in on the way.
 * The read is bounded by the data connection's read timeout and its failure is not the upload's:
 * the server's reply on the control connection is what judges the transfer.
 *
 * <p>A download closed before its first read has the same problem; one read takes the tickets in,
 * because the server sends them before any data, and it waits {@link #TICKET_WAIT_MILLIS} at most.
 *
 * <p>An upload's TLS socket is layered without auto-close, so that its {@code close_notify} goes
 * out alone, without a TCP FIN, and the server closes first. An HTTP proxy's {@code CONNECT}
 * tunnel that does not pass half-closes on (tinyproxy) closes both of its sides at a FIN, and the
 * server, with bytes of its own still in flight, got a reset instead of the end of the upload and
 * answered {@code 426}. A server that waits for the FIN all the same gets it after
 * {@link #FIN_AFTER_MILLIS}. Without auto-close the JDK's close waits for the server's
 * {@code close_notify}, so an upload that did not end through its stream (a failure) closes the
 * TCP socket first, and this class closes the TCP socket under an upload's TLS one.
 */
final class TlsDataSocket extends java.net.Socket {

    private static final Logger LOG = Logs.get(TlsDataSocket.class);

    /** How long closing an unread download waits for the tickets that come before its data. */
    static final int TICKET_WAIT_MILLIS = 2_000;

    /** How long the end of an upload waits for the server to close before it sends the FIN too. */
    static final int FIN_AFTER_MILLIS = 2_000;

    private final SSLSocket tls;
    private final java.net.Socket plain;
    private final boolean upload;
    private volatile boolean ended; // an upload's end went through its stream
    private final InputStream input;
    private final OutputStream output;
    private volatile boolean used; // read from, written to, or its tickets taken in already

    /**
     * @param tls over {@code plain}: with auto-close for a download or listing, without for an upload
     * @param plain the TCP socket under it
     * @param upload whether the connection carries an upload
     */
    TlsDataSocket(SSLSocket tls, java.net.Socket plain, boolean upload) throws IOException {
        this.tls = tls;
        this.plain = plain;
        this.upload = upload;
        this.input = new WatchedInput(tls.getInputStream());
        this.output = new EndingOutput(tls.getOutputStream());
    }

    @Override
    public InputStream getInputStream() {
        return input;
    }

    @Override
    public OutputStream getOutputStream() {
        return output;
    }

    @Override
    public void close() throws IOException {
        if (upload) {
            if (!ended) {
                abort(); // a failure: nothing to wait for
            }
            return;
        }
        try {
            collectTicketsOfUnreadDownload();
        } finally {
            tls.close();
        }
    }

    /** Ends an upload's connection at the TCP level first, so that the TLS close does not wait. */
    private void abort() {
        ended = true;
        try {
            plain.close();
        } catch (IOException e) {
            LOG.debug("closing the TLS data connection to {}: {}", plain.getRemoteSocketAddress(), e.toString());
        }
        try {
            tls.close();
        } catch (IOException e) {
            LOG.debug("closing TLS over a closed connection: {}", e.toString());
        }
    }

    @Override
    public boolean isClosed() {
        return tls.isClosed();
    }

    @Override
    public boolean isConnected() {
        return tls.isConnected();
    }

    @Override
    public boolean isBound() {
        return tls.isBound();
    }

    @Override
    public InetAddress getInetAddress() {
        return tls.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return tls.getLocalAddress();
    }

    @Override
    public int getPort() {
        return tls.getPort();
    }

    @Override
    public int getLocalPort() {
        return tls.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return tls.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return tls.getLocalSocketAddress();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        tls.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return tls.getSoTimeout();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        tls.setReceiveBufferSize(size);
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        tls.setSendBufferSize(size);
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        tls.setTcpNoDelay(on);
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        tls.setKeepAlive(on);
    }

    @Override
    public void shutdownInput() throws IOException {
        tls.shutdownInput();
        if (upload) {
            plain.shutdownInput(); // no auto-close: the TLS socket leaves the TCP one alone
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        tls.shutdownOutput();
        if (upload) {
            plain.shutdownOutput(); // a caller's shutdownOutput means the FIN, as on a socket with auto-close
        }
    }

    @Override
    public String toString() {
        return "TlsDataSocket[" + tls + "]";
    }

    private boolean isTls13() {
        return "TLSv1.3".equals(tls.getSession().getProtocol());
    }

    /** One bounded read, for a connection nothing was read from or written to; see the class comment. */
    private void collectTicketsOfUnreadDownload() {
        if (used || tls.isClosed() || !isTls13()) {
            return;
        }
        used = true;
        try {
            tls.setSoTimeout(Math.min(Math.max(tls.getSoTimeout(), 1), TICKET_WAIT_MILLIS));
            tls.getInputStream().read(new byte[1]);
        } catch (IOException e) {
            LOG.debug("closing the unread TLS data connection to {}: {}", tls.getRemoteSocketAddress(), e.toString());
        }
    }

    /**
     * Ends an upload as the class comment says, taking in the server's tickets on the way.
     *
     * @return whether the connection reached its end, so that closing the TLS socket waits for nothing
     */
    private boolean endUpload() {
        used = true;
        if (tls.isClosed()) {
            return true;
        }
        try {
            int readTimeout = tls.getSoTimeout();
            int finAfter = readTimeout == 0 ? FIN_AFTER_MILLIS : Math.min(readTimeout, FIN_AFTER_MILLIS);
            if (!isTls13()) {
                // TLS 1.2 has no half-close: close_notify, then the JDK waits for the server's.
                tls.setSoTimeout(finAfter);
                tls.close();
                return true;
            }
            tls.shutdownOutput(); // close_notify alone: see the class comment
            InputStream in = tls.getInputStream();
            tls.setSoTimeout(finAfter);
            try {
                return drainUntilClosed(in);
            } catch (java.net.SocketTimeoutException e) {
                plain.shutdownOutput(); // for a server that waits for the FIN
                tls.setSoTimeout(readTimeout);
                return drainUntilClosed(in);
            }
        } catch (IOException e) {
            LOG.debug("ending the TLS data connection to {}: {}", tls.getRemoteSocketAddress(), e.toString());
            return false;
        }
    }

    /**
     * Reads until the server closes: an upload's server sends nothing but tickets and close_notify.
     *
     * @return true at the end of the stream; false if the server sent data instead (64 KiB of it)
     */
    private static boolean drainUntilClosed(InputStream in) throws IOException {
        byte[] sink = new byte[512];
        long ignored = 0;
        for (int n; ignored < (1 << 16); ignored += n) {
            n = in.read(sink);
            if (n < 0) {
                return true;
            }
        }
        return false;
    }

    /** Notes that the download was read from; closing it closes the socket, as the JDK's does. */
    private final class WatchedInput extends FilterInputStream {
        WatchedInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            used = true;
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            used = true;
            return in.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            TlsDataSocket.this.close();
        }
    }

    /** Flushes, then ends the upload as the class comment says, then closes. */
    private final class EndingOutput extends FilterOutputStream {
        private boolean closed;

        EndingOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            used = true;
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (!upload) {
                try {
                    out.flush();
                } finally {
                    tls.close();
                }
                return;
            }
            if (ended) {
                return;
            }
            boolean atEnd = false;
            try {
                out.flush();
                atEnd = endUpload();
            } finally {
                if (atEnd) {
                    ended = true;
                    try {
                        tls.close(); // after the server's close_notify, or the wait for it: returns at once
                    } finally {
                        plain.close();
                    }
                } else {
                    abort(); // a failure, or a server that did not close: nothing to wait for
                }
            }
        }
    }
}
