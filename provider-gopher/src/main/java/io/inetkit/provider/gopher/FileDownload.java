package io.inetkit.provider.gopher;

import io.inetkit.toolbox.FileReceiver;
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
 * menu check has read its start, by the route {@link FileReceiver} takes: a binary document over
 * plain TCP with no proxy from the socket's channel through the connection's direct buffer, the
 * bytes the exchange's stream had read ahead first; text, TLS and proxied connections through a
 * {@link DocumentStream}, whose reads {@code SO_TIMEOUT} bounds.
 *
 * <p>Tracked by the session as a child: closing the session closes it, which closes the exchange's
 * socket and so ends a read in progress, on either route.
 */
final class FileDownload implements AutoCloseable {

    private static final Logger LOG = Logs.get(FileDownload.class);

    /** How a download came in, for tests: through a direct buffer, or through a stream. */
    static final String CHANNEL = FileReceiver.CHANNEL;
    static final String STREAM = FileReceiver.STREAM;

    private final Exchange exchange;
    private volatile boolean cancelled;

    FileDownload(Exchange exchange) {
        this.exchange = exchange;
    }

    /** The route the reply takes: {@link #CHANNEL} when the exchange's socket has a channel, else {@link #STREAM}. */
    String route() {
        return FileReceiver.route(exchange.socket());
    }

    /**
     * Receives the rest of a binary reply from the socket's channel to its end into {@code sink}: first
     * what the exchange's stream has read ahead, then through a buffer of {@code buffers}.
     */
    void fromChannel(FileSink sink, TransferBuffer buffers, WriteWatchdog watchdog, Duration readTimeout)
            throws IOException {
        ByteBuffer buffer = buffers.acquire(-1); // a document has no length: the largest
        try {
            exchange.received(new FileReceiver(watchdog, readTimeout, () -> { })
                    .fromChannel(exchange.socket(), exchange.takeBuffered(), sink, buffer));
        } finally {
            buffers.release(buffer);
        }
    }

    /**
     * Copies a document as {@code open} reads it into {@code sink}. A plain socket ignores interrupts,
     * but the file's channel does not: the write after an interrupted read fails with a
     * {@link java.nio.channels.ClosedByInterruptException}, which the exchange reports as a cancel.
     */
    void fromStream(DocumentStream document, FileSink sink) throws IOException {
        FileReceiver.fromStream(document, sink, TransferBuffer.SMALL_SIZE, () -> { });
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
