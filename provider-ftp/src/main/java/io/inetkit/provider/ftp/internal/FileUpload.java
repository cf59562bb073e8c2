package io.inetkit.provider.ftp.internal;

import io.inetkit.spi.WriteWatchdog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;

/**
 * The body of a binary {@code put(Path)} in passive mode with {@code -Dinetkit.zeroCopy=true}
 * ({@link io.inetkit.spi.ZeroCopy}): sends a local file over the {@code STOR} data connection
 * that {@link ProtectedFtpClient#openFileUpload} opened. When the socket has a channel the kernel
 * sends the file ({@code sendfile}, through {@link WriteWatchdog#transfer}), with no copy through
 * the heap; otherwise the bytes go through the socket's (watched) stream, as Commons Net's
 * {@code storeFile} sends them. Either way the control connection gets a {@code NOOP} every
 * keep-alive interval, as {@code storeFile} sends them, so that NAT boxes keep it open.
 */
final class FileUpload {

    /** How an upload went out, for tests: with {@code sendfile}, or through a stream. */
    static final String SENDFILE = "sendfile";
    static final String STREAM = "stream";

    private final ProtectedFtpClient client;
    private final WriteWatchdog watchdog;
    private final Duration writeTimeout;
    private final long keepAliveNanos;
    private long lastNoop = System.nanoTime();
    private int unanswered; // NOOPs whose replies were not read in time: read after the transfer's

    FileUpload(ProtectedFtpClient client) {
        this.client = client;
        this.watchdog = client.watchdog();
        this.writeTimeout = client.writeTimeout();
        Duration keepAlive = client.getControlKeepAliveTimeoutDuration();
        this.keepAliveNanos = keepAlive.isZero() || keepAlive.isNegative() ? Long.MAX_VALUE : keepAlive.toNanos();
    }

    /**
     * Sends the whole file and closes the data socket, which ends the file for the server; on a
     * failure the socket is reset, so that the server does not take a part for the whole.
     *
     * @return the bytes sent
     */
    long send(FileChannel file, Socket data) throws IOException {
        try {
            long sent;
            if (data.getChannel() != null) {
                sent = watchdog.transfer(file, 0, file.size(), data, writeTimeout, progress -> keepAlive());
            } else {
                OutputStream out = data.getOutputStream();
                sent = copy(file, out);
                out.close(); // as storeFile: the stream's close may end more than the socket's would
            }
            data.close();
            return sent;
        } catch (IOException | RuntimeException e) {
            io.inetkit.spi.Sockets.reset(data);
            throw e;
        }
    }

    private long copy(FileChannel file, OutputStream out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(FtpConnection.BUFFER_SIZE);
        long position = 0;
        int n;
        while ((n = file.read(buffer, position)) >= 0) {
            if (n > 0) {
                out.write(buffer.array(), 0, n);
                position += n;
                buffer.clear();
                keepAlive();
            }
        }
        out.flush();
        return position;
    }

    /** A NOOP when the keep-alive interval has passed, its reply awaited briefly, as Commons Net's storeFile does. */
    private void keepAlive() {
        long now = System.nanoTime();
        if (now - lastNoop < keepAliveNanos) {
            return;
        }
        lastNoop = now;
        try {
            int timeout = client.getSoTimeout();
            client.setSoTimeout((int) Math.max(1, client.getControlKeepAliveReplyTimeoutDuration().toMillis()));
            try {
                client.sendNoOp();
            } finally {
                client.setSoTimeout(timeout);
            }
        } catch (SocketTimeoutException e) {
            unanswered++; // many servers answer only after the transfer
        } catch (IOException e) {
            // As Commons Net: a failed NOOP is the control connection's matter, seen at the transfer's reply.
        }
    }

    /** Whether NOOPs wait for their replies. */
    boolean hasLateReplies() {
        return unanswered > 0;
    }

    /** Reads the replies to NOOPs that were not answered in time; after the transfer's own reply. */
    void readLateReplies() throws IOException {
        for (; unanswered > 0; unanswered--) {
            client.getReply();
        }
    }
}
