package io.inetkit.provider.ftp.internal;

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
import org.slf4j.LoggerFactory;

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
 */
final class TlsDataSocket extends java.net.Socket {

    private static final Logger LOG = LoggerFactory.getLogger(TlsDataSocket.class);

    /** How long closing an unread download waits for the tickets that come before its data. */
    static final int TICKET_WAIT_MILLIS = 2_000;

    private final SSLSocket tls;
    private final InputStream input;
    private final OutputStream output;
    private volatile boolean used; // read from, written to, or its tickets taken in already

    TlsDataSocket(SSLSocket tls) throws IOException {
        this.tls = tls;
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
        try {
            collectTicketsOfUnreadDownload();
        } finally {
            tls.close();
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
    }

    @Override
    public void shutdownOutput() throws IOException {
        tls.shutdownOutput();
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

    /** Takes in the tickets the server sent on an upload's connection; see the class comment. */
    private void collectTickets() {
        used = true;
        if (!isTls13() || tls.isClosed()) {
            return;
        }
        try {
            tls.shutdownOutput();
            InputStream in = tls.getInputStream();
            byte[] sink = new byte[512];
            long ignored = 0;
            // An upload's server sends nothing but tickets and close_notify; stop if it sends data.
            for (int n; ignored < (1 << 16) && (n = in.read(sink)) >= 0; ) {
                ignored += n;
            }
        } catch (IOException e) {
            LOG.debug("ending the TLS data connection to {}: {}", tls.getRemoteSocketAddress(), e.toString());
        }
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
            try {
                out.flush();
                collectTickets();
            } finally {
                tls.close();
            }
        }
    }
}
