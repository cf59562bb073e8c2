package io.inetkit.toolbox;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;

/**
 * The bytes of a download to a local file ({@code get(..., Path)}), from its socket into the file,
 * by one of two routes. When the socket has a channel (plain TCP, no proxy) they go from it through
 * a direct buffer into the file's channel ({@link WriteWatchdog#receive}: one copy in memory, where
 * a stream copy makes two), each read bounded by the read time-out, which a blocking channel read
 * would not honour by itself. Otherwise (TLS, a proxy, a text the protocol decodes) they come from
 * a stream, whose reads {@code SO_TIMEOUT} bounds, through a heap buffer. After each read a tick
 * lets the protocol do what it must meanwhile, such as FTP's keep-alive {@code NOOP}s.
 */
public final class FileReceiver {

    /** The route through a direct buffer from the socket's channel. */
    public static final String CHANNEL = "channel";
    /** The route through a heap buffer from a stream. */
    public static final String STREAM = "stream";

    private final WriteWatchdog watchdog;
    private final Duration readTimeout;
    private final Runnable tick;

    /** A receiver for the channel route; {@code tick} runs after every read. */
    public FileReceiver(WriteWatchdog watchdog, Duration readTimeout, Runnable tick) {
        this.watchdog = watchdog;
        this.readTimeout = readTimeout;
        this.tick = tick;
    }

    /** The route a download from {@code socket} takes: {@link #CHANNEL} when it has a channel, else {@link #STREAM}. */
    public static String route(Socket socket) {
        return socket.getChannel() != null ? CHANNEL : STREAM;
    }

    /**
     * Writes {@code ahead}, the bytes a stream on the socket had read ahead, then the rest from the
     * socket's channel to its end through {@code buffer}, a direct one, into {@code sink}.
     *
     * @return the bytes received from the channel, {@code ahead} not counted
     */
    public long fromChannel(Socket socket, byte[] ahead, WritableByteChannel sink, ByteBuffer buffer)
            throws IOException {
        ByteBuffer first = ByteBuffer.wrap(ahead);
        while (first.hasRemaining()) {
            sink.write(first);
        }
        return watchdog.receive(socket, sink, buffer, readTimeout, progress -> tick.run());
    }

    /**
     * Copies {@code in} to its end into {@code sink} through a heap buffer of {@code bufferSize},
     * running {@code tick} after every read.
     *
     * @return the bytes copied
     */
    public static long fromStream(InputStream in, WritableByteChannel sink, int bufferSize, Runnable tick)
            throws IOException {
        ByteBuffer heap = ByteBuffer.allocate(bufferSize);
        long copied = 0;
        int n;
        while ((n = in.read(heap.array(), 0, heap.capacity())) >= 0) {
            heap.limit(n);
            while (heap.hasRemaining()) {
                sink.write(heap);
            }
            heap.clear();
            copied += n;
            tick.run();
        }
        return copied;
    }
}
