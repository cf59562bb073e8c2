package io.inetkit.provider.gopher;

import io.inetkit.toolbox.FileSink;
import io.inetkit.toolbox.TransferBuffer;
import io.inetkit.toolbox.WriteWatchdog;
import io.inetkit.toolbox.Logs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * The reply of a {@code get(selector, type, Path)} on its way into the local file, once the error
 * menu check has read its start. A binary document over plain TCP with no proxy comes from the
 * socket's channel through the connection's direct buffer into the file's channel
 * ({@link WriteWatchdog#receive}: one copy in memory, where a stream copy makes two), each read
 * bounded by the read timeout, which a blocking channel read would not honour by itself; the bytes
 * the exchange's stream had read ahead go first. Text, TLS and proxied connections go through a
 * {@link DocumentStream}, whose reads {@code SO_TIMEOUT} bounds, and a heap buffer.
 *
 * <p>Tracked by the session as a child: closing the session closes it, which closes the exchange's
 * socket and so ends a read in progress, on either route.
 */
final class FileDownload implements AutoCloseable {

    private static final Logger LOG = Logs.get(FileDownload.class);

    /** How a download came in, for tests: through a direct buffer, or through a stream. */
    static final String CHANNEL = "channel";
    static final String STREAM = "stream";

    private final Exchange exchange;
    private volatile boolean cancelled;

    FileDownload(Exchange exchange) {
        this.exchange = exchange;
    }

    /** The route the reply takes: {@link #CHANNEL} when the exchange's socket has a channel, else {@link #STREAM}. */
    String route() {
        return exchange.socket().getChannel() != null ? CHANNEL : STREAM;
    }

    /**
     * Receives the rest of a binary reply from the socket's channel to its end into {@code sink}: first
     * what the exchange's stream has read ahead, then through a buffer of {@code buffers}.
     *
     * @return the bytes written
     */
    long fromChannel(FileSink sink, TransferBuffer buffers, WriteWatchdog watchdog,
            Duration readTimeout) throws IOException {
        ByteBuffer ahead = ByteBuffer.wrap(exchange.takeBuffered());
        long written = ahead.remaining();
        while (ahead.hasRemaining()) {
            sink.write(ahead);
        }
        ByteBuffer buffer = buffers.acquire(-1); // a document has no length: the largest
        try {
            long received = watchdog.receive(exchange.socket(), sink, buffer, readTimeout, progress -> { });
            exchange.received(received);
            return written + received;
        } finally {
            buffers.release(buffer);
        }
    }

    /**
     * Copies a document as {@code open} reads it into {@code sink}. A plain socket ignores interrupts,
     * but the file's channel does not: the write after an interrupted read fails with a
     * {@link java.nio.channels.ClosedByInterruptException}, which the exchange reports as a cancel.
     *
     * @return the bytes written
     */
    long fromStream(DocumentStream document, FileSink sink) throws IOException {
        ByteBuffer heap = ByteBuffer.allocate(TransferBuffer.SMALL_SIZE);
        long written = 0;
        int n;
        while ((n = document.read(heap.array(), 0, heap.capacity())) >= 0) {
            heap.limit(n);
            while (heap.hasRemaining()) {
                sink.write(heap);
            }
            heap.clear();
            written += n;
        }
        return written;
    }

    /** Whether the session was closed during the download. */
    boolean cancelled() {
        return cancelled;
    }

    /** Ends the download from the session's close: closes the exchange, which ends its read. */
    @Override
    public void close() {
        cancelled = true;
        LOG.debug("cancelling the download from {}: the session was closed", exchange.where());
        exchange.close();
    }
}
