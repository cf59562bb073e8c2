package io.inetkit.provider.sftp;

import com.jcraft.jsch.ChannelSftp;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.sftp.SftpEntry;
import io.inetkit.spi.Deadline;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A listing of any length, streamed: JSch hands entries to a callback as each batch of
 * {@code SSH_FXP_NAME} arrives, so the read runs on a thread of its own that passes them through a
 * small queue; the reader's pace holds the server back. Closing the stream stops the read (the
 * callback answers {@code BREAK}) and waits for the thread's end.
 */
final class Listing implements AutoCloseable {

    private static final int QUEUE = 256;
    private static final Object END = new Object();

    private final SftpConnection connection;
    private final String path;
    private final Consumer<AutoCloseable> onClose;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Deadline deadline;
    private volatile boolean closed;
    private Thread reader;

    Listing(SftpConnection connection, String path, Consumer<AutoCloseable> onClose) {
        this.connection = connection;
        this.path = path;
        this.onClose = onClose;
        this.deadline = Deadline.start(connection.context());
        deadline.cuts(() -> connection.transport().cut());
    }

    void start() {
        reader = new Thread(this::read, "inetkit-sftp-list " + connection.where());
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        Object last = END;
        try {
            connection.channel().ls(SftpSessionImpl.literal(path), entry -> {
                if (SftpSessionImpl.isDot(entry.getFilename())) {
                    return ChannelSftp.LsEntrySelector.CONTINUE;
                }
                return offer(SftpSessionImpl.entry(entry.getFilename(), entry.getAttrs()))
                        ? ChannelSftp.LsEntrySelector.CONTINUE : ChannelSftp.LsEntrySelector.BREAK;
            });
        } catch (Exception e) {
            last = Failures.of(connection, deadline, "listing " + path, e);
        }
        offer(last);
    }

    /** Waits for room; false once the stream is closed. */
    private boolean offer(Object item) {
        try {
            while (!closed) {
                if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    Stream<SftpEntry> stream() {
        Iterator<SftpEntry> entries = new Iterator<>() {
            private Object next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = take();
                }
                return next != END;
            }

            @Override
            public SftpEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                SftpEntry entry = (SftpEntry) next;
                next = null;
                return entry;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(entries,
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(this::close);
    }

    private Object take() {
        if (closed) {
            throw new UncheckedIOException(new InternetException(InternetError.INVALID_HANDLE,
                    "the listing of " + path + " is closed"));
        }
        try {
            // The reader's own waits are bounded by the read time-out and the deadline, which cut the connection.
            Object item = queue.take();
            if (item instanceof InternetException failure) {
                queue.offer(END);
                throw new UncheckedIOException(failure);
            }
            if (item == END) {
                queue.offer(END);
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InternetException(InternetError.OPERATION_CANCELLED,
                    "the listing of " + path + " was interrupted"));
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (reader != null) {
                // The callback sees the close within its next poll, or the reader's call ends on its own bounds.
                reader.join(connection.context().readTimeout().toMillis() * 2 + 1000);
                if (reader.isAlive()) {
                    connection.transport().cut();
                    reader.join(1000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deadline.close();
            onClose.accept(this);
        }
    }
}
