package io.inetkit.provider.ftp.internal;

import io.inetkit.toolbox.FileSink;
import io.inetkit.spi.Sockets;
import io.inetkit.toolbox.WriteWatchdog;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;

/**
 * The body of a binary {@code get(remote, Path)} in passive mode over plain FTP: receives the
 * {@code RETR} data connection that {@link ProtectedFtpClient#openFileDownload} opened into a local
 * file. When the socket has a channel (no proxy on the way) the bytes go from it through a direct
 * buffer into the file's channel ({@link WriteWatchdog#receive}: one copy in memory, where a stream
 * copy makes two), with each read bounded by the read timeout, which a blocking channel read would
 * not honour by itself. Otherwise they go through the socket's stream, whose reads
 * {@code SO_TIMEOUT} bounds. The control connection gets a {@code NOOP} every keep-alive interval,
 * as from Commons Net's {@code retrieveFile} ({@link ControlKeepAlive}).
 */
final class FileDownload {

    /** How a download came in, for tests: through a direct buffer, or through a stream. */
    static final String CHANNEL = "channel";
    static final String STREAM = "stream";

    private final WriteWatchdog watchdog;
    private final Duration readTimeout;
    private final ByteBuffer buffer;
    private final ControlKeepAlive keepAlive;
    private FileSink sink;

    /** A download through {@code buffer}, a direct one, when its data socket has a channel. */
    FileDownload(ProtectedFtpClient client, ByteBuffer buffer) {
        this.watchdog = client.watchdog();
        this.readTimeout = client.getDataTimeout();
        this.buffer = buffer;
        this.keepAlive = new ControlKeepAlive(client);
    }

    /** The route {@link #receive} takes from {@code data}: {@link #CHANNEL} or {@link #STREAM}. */
    static String route(Socket data) {
        return data.getChannel() != null ? CHANNEL : STREAM;
    }

    /**
     * Receives the whole file, to the data connection's end, into {@code file} from its position,
     * and closes the data socket; on a failure the socket is reset. A failure to write the file
     * is remembered: {@link #localFailure()}. Bytes past the {@code announced} size never reach the
     * file: the download fails there with an {@link AnnouncedSize.OversizedException}.
     *
     * @return the bytes received
     */
    long receive(Socket data, FileChannel file, AnnouncedSize announced) throws IOException {
        sink = new FileSink(file);
        WritableByteChannel target = announced.bound(sink);
        try {
            long received;
            if (data.getChannel() != null) {
                received = watchdog.receive(data, target, buffer, readTimeout, progress -> keepAlive.tick());
            } else {
                received = copy(data.getInputStream(), target);
            }
            data.close();
            return received;
        } catch (IOException | RuntimeException e) {
            Sockets.reset(data);
            throw e;
        }
    }

    private long copy(InputStream in, WritableByteChannel sink) throws IOException {
        ByteBuffer heap = ByteBuffer.allocate(FtpConnection.BUFFER_SIZE);
        long received = 0;
        int n;
        while ((n = in.read(heap.array())) >= 0) {
            heap.limit(n);
            while (heap.hasRemaining()) {
                sink.write(heap);
            }
            heap.clear();
            received += n;
            keepAlive.tick();
        }
        return received;
    }

    /** The local file's failure that ended the download, or null: then the data connection's was it. */
    IOException localFailure() {
        return sink == null ? null : sink.failure().orElse(null);
    }

    /** The NOOPs sent during the transfer. */
    ControlKeepAlive keepAlive() {
        return keepAlive;
    }
}
