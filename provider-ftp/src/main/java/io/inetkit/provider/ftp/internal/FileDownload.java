package io.inetkit.provider.ftp.internal;

import io.inetkit.spi.Sockets;
import io.inetkit.toolbox.FileReceiver;
import io.inetkit.toolbox.FileSink;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The body of a binary {@code get(remote, Path)} in passive mode over plain FTP: receives the
 * {@code RETR} data connection that {@link ProtectedFtpClient#openFileDownload} opened into a local
 * file, by the route {@link FileReceiver} takes for the socket, the direct buffer from its channel or
 * its stream. The control connection gets a {@code NOOP} every keep-alive interval, as from Commons
 * Net's {@code retrieveFile} ({@link ControlKeepAlive}).
 */
final class FileDownload {

    /** How a download came in, for tests: through a direct buffer, or through a stream. */
    static final String CHANNEL = FileReceiver.CHANNEL;
    static final String STREAM = FileReceiver.STREAM;

    private static final byte[] NOTHING_AHEAD = new byte[0];

    private final FileReceiver receiver;
    private final ByteBuffer buffer;
    private final ControlKeepAlive keepAlive;
    private FileSink sink;

    /** A download through {@code buffer}, a direct one, when its data socket has a channel. */
    FileDownload(ProtectedFtpClient client, ByteBuffer buffer) {
        this.keepAlive = new ControlKeepAlive(client);
        // The read timeout of data connections bounds each channel read.
        this.receiver = new FileReceiver(client.watchdog(), client.getDataTimeout(), keepAlive::tick);
        this.buffer = buffer;
    }

    /** The route {@link #receive} takes from {@code data}: {@link #CHANNEL} or {@link #STREAM}. */
    static String route(Socket data) {
        return FileReceiver.route(data);
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
            long received = route(data).equals(CHANNEL) ? receiver.fromChannel(data, NOTHING_AHEAD, target, buffer)
                    : FileReceiver.fromStream(data.getInputStream(), target, FtpConnection.BUFFER_SIZE, keepAlive::tick);
            data.close();
            return received;
        } catch (IOException | RuntimeException e) {
            Sockets.reset(data);
            throw e;
        }
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
