package io.inetkit.provider.ftp.internal;

import io.inetkit.spi.Sockets;
import io.inetkit.toolbox.WriteWatchdog;
import io.inetkit.toolbox.ZeroCopy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;

/**
 * The body of a binary {@code put(Path)} in passive mode over plain FTP: sends a local file over
 * the {@code STOR} data connection that {@link ProtectedFtpClient#openFileUpload} opened. When the
 * socket has a channel (no proxy on the way) the file goes through a direct buffer
 * ({@link WriteWatchdog#send}: one copy in memory, where a stream copy makes two), or, with
 * {@code Internet.Builder.zeroCopy(true)} ({@link ZeroCopy}), with {@code sendfile}
 * ({@link WriteWatchdog#transfer}: none). Otherwise the bytes go through the socket's (watched)
 * stream, as Commons Net's {@code storeFile} sends them. Either way the control connection gets a
 * {@code NOOP} every keep-alive interval ({@link ControlKeepAlive}).
 */
final class FileUpload {

    /** How an upload went out, for tests: with {@code sendfile}, through a direct buffer, or through a stream. */
    static final String SENDFILE = "sendfile";
    static final String CHANNEL = "channel";
    static final String STREAM = "stream";

    private final WriteWatchdog watchdog;
    private final Duration writeTimeout;
    private final ByteBuffer buffer;
    private final ControlKeepAlive keepAlive;
    private final boolean zeroCopy;

    /** An upload through {@code buffer}, a direct one, when its data socket has a channel. */
    FileUpload(ProtectedFtpClient client, ByteBuffer buffer) {
        this.watchdog = client.watchdog();
        this.writeTimeout = client.writeTimeout();
        this.buffer = buffer;
        this.keepAlive = new ControlKeepAlive(client);
        this.zeroCopy = client.zeroCopy();
    }

    /** The route {@link #send} takes over {@code data}: {@link #SENDFILE}, {@link #CHANNEL} or {@link #STREAM}. */
    static String route(Socket data, boolean zeroCopy) {
        if (data.getChannel() == null) {
            return STREAM;
        }
        return zeroCopy ? SENDFILE : CHANNEL;
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
            switch (route(data, zeroCopy)) {
                case SENDFILE -> sent = watchdog.transfer(file, 0, file.size(), data, writeTimeout,
                        progress -> keepAlive.tick());
                case CHANNEL -> sent = watchdog.send(file, 0, file.size(), data, buffer, writeTimeout,
                        progress -> keepAlive.tick());
                default -> {
                    OutputStream out = data.getOutputStream();
                    sent = copy(file, out);
                    out.close(); // as storeFile: the stream's close may end more than the socket's would
                }
            }
            data.close();
            return sent;
        } catch (IOException | RuntimeException e) {
            Sockets.reset(data);
            throw e;
        }
    }

    private long copy(FileChannel file, OutputStream out) throws IOException {
        ByteBuffer heap = ByteBuffer.allocate(FtpConnection.BUFFER_SIZE);
        long position = 0;
        int n;
        while ((n = file.read(heap, position)) >= 0) {
            if (n > 0) {
                out.write(heap.array(), 0, n);
                position += n;
                heap.clear();
                keepAlive.tick();
            }
        }
        out.flush();
        return position;
    }

    /** The NOOPs sent during the transfer. */
    ControlKeepAlive keepAlive() {
        return keepAlive;
    }
}
