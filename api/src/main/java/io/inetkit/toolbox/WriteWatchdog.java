package io.inetkit.toolbox;

import io.inetkit.spi.Sockets;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Bounds socket writes, and the reads of a socket's channel, which {@code SO_TIMEOUT} does not: a
 * write that makes no progress for its time-out resets its socket, and the writer fails with a
 * {@link WriteTimeoutException}. Without it, an upload to a server that stopped reading blocks
 * forever.
 *
 * <p>Providers share one per {@code Internet}, so that every protocol of it uses one daemon thread;
 * the thread runs only while a watched stream is open (and a sweep or two after), and ends when the
 * {@code Internet} closes (which closes shared resources):
 *
 * <pre>{@code
 * WriteWatchdog watchdog = context.shared(WriteWatchdog.class, WriteWatchdog::new);
 * try (OutputStream out = watchdog.watch(socket.getOutputStream(), socket, context.readTimeout())) {
 *     body.transferTo(out);
 * } catch (IOException e) {
 *     if (e instanceof WriteWatchdog.WriteTimeoutException) {
 *         // the server took in nothing for the time-out: report InternetError.TIMEOUT
 *     }
 *     throw e;
 * }
 * }</pre>
 *
 * <p>Only the time spent inside a write counts: a writer that is slow to produce its bytes is never
 * cut, nor is one whose peer takes in 16 KiB per time-out. Writers pay two volatile writes per
 * write; the thread sweeps the open streams a few times per time-out, so a stall is noticed
 * between the time-out and a quarter of it (one second at most) later.
 *
 * <p>A local file goes out with {@link #transfer}: {@link FileChannel#transferTo} ({@code sendfile}
 * on Linux) straight from the page cache to a socket made from a {@link SocketChannel}, watched the
 * same way; or with {@link #send}, through a direct {@link ByteBuffer}, which copies each byte once
 * in memory where a stream copies it twice (into a {@code byte[]}, then into the JDK's temporary
 * direct buffer). {@link #receive} is the way back, from a socket's channel through a direct buffer
 * into a file: a blocking channel read ignores {@code SO_TIMEOUT}, so there the reads are watched
 * as writes are, and a read that gets nothing for the time-out resets the socket and fails with a
 * {@link ReadTimeoutException}.
 */
public final class WriteWatchdog implements AutoCloseable {

    /**
     * The first slice of a write, and the least: progress is seen per slice, so a large write that
     * keeps moving is not cut, however slowly it moves, while the peer takes in a slice per time-out.
     * Slices grow from this only while the peer takes each in within a sixteenth of the time-out
     * ({@link #nextSlice}).
     */
    static final int MIN_SLICE = 16 * 1024;

    /**
     * The largest slice of a stream write: the JDK's socket writes 128 KiB per system call anyway,
     * so a larger slice saves nothing, while 16 KiB slices cost eight calls where it makes one.
     */
    static final int MAX_SLICE = 128 * 1024;

    /** The largest slice of a {@link #transfer}: one {@code sendfile} call each. */
    static final int MAX_TRANSFER_SLICE = 1024 * 1024;

    private final Set<Watched> open = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor timer;
    private ScheduledFuture<?> sweeper; // guarded by this
    private long sweepMillis; // guarded by this
    private boolean closed; // guarded by this

    /** A watchdog without a thread yet: it starts one with the first watched stream. */
    public WriteWatchdog() {
        timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "inetkit-write-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        // The thread is not kept between transfers.
        timer.setKeepAliveTime(1, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
    }

    /**
     * The stream, watched: when one of its writes makes no progress for {@code timeout}, the socket
     * is reset (closed with no linger) and the write fails with a {@link WriteTimeoutException}.
     * Closing the returned stream closes {@code out} and ends the watch; so does closing the socket.
     * Once this watchdog is closed, {@code out} is returned as it is.
     *
     * @param out the socket's output stream, or a stream that writes to it
     * @param socket the socket to reset on a stall
     * @param timeout how long one write may make no progress; less than a millisecond counts as one
     * @throws IllegalArgumentException if the timeout is zero or negative
     */
    public OutputStream watch(OutputStream out, Socket socket, Duration timeout) {
        Watched watched = new Watched(out, socket, positiveMillis(timeout), false);
        return register(watched) ? watched : out;
    }

    /**
     * Writes {@code bytes} to {@code out} and flushes, watched as {@link #watch} watches, and leaves
     * the stream and the socket open: for a request whose answer comes on the same connection. A
     * request that fits the socket's buffer never waits; a longer one waits for the peer to read it.
     *
     * @param out the socket's output stream, or a stream that writes to it
     * @param socket the socket to reset on a stall
     * @param timeout how long one write may make no progress
     * @throws WriteTimeoutException when a write made no progress for {@code timeout}
     */
    public void write(OutputStream out, Socket socket, byte[] bytes, Duration timeout) throws IOException {
        Watched watched = new Watched(out, socket, positiveMillis(timeout), false);
        if (!register(watched)) {
            out.write(bytes);
            out.flush();
            return;
        }
        try {
            watched.write(bytes, 0, bytes.length);
            watched.flush();
        } finally {
            forget(watched);
        }
    }

    private static long positiveMillis(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a write timeout must be positive, not " + timeout);
        }
        return Math.max(1, timeout.toMillis());
    }

    /** Adds to the swept streams; false once closed (the Internet is closing, and its sockets with it). */
    private boolean register(Watched watched) {
        long period = Math.max(25, Math.min(1_000, watched.timeoutMillis / 4));
        synchronized (this) {
            if (closed) {
                return false;
            }
            open.add(watched);
            if (sweeper == null || period < sweepMillis) {
                if (sweeper != null) {
                    sweeper.cancel(false);
                }
                sweepMillis = period;
                sweeper = timer.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
            }
        }
        return true;
    }

    private void sweep() {
        if (open.isEmpty()) {
            stopSweepingIfIdle();
            return;
        }
        long now = System.nanoTime();
        for (Watched watched : open) {
            if (watched.socket.isClosed()) {
                forget(watched); // closed without closing its stream
            } else {
                watched.expireIfStalled(now);
            }
        }
    }

    /**
     * Ends a watch. The sweeper stays until a sweep finds nothing open: a mirror of many small files
     * opens and closes a stream per file on several threads, and cancelling and scheduling the
     * sweeper for each, under this lock, made them queue on it.
     */
    private void forget(Watched watched) {
        open.remove(watched);
    }

    /** Cancels the sweeper when nothing is open; register adds under the same lock, so none is left unswept. */
    private synchronized void stopSweepingIfIdle() {
        if (open.isEmpty() && sweeper != null) {
            sweeper.cancel(false);
            sweeper = null;
        }
    }

    /**
     * Sends {@code count} bytes of {@code file} from {@code position} to the socket with
     * {@link FileChannel#transferTo}, which the kernel does without copying them through the heap,
     * watched as a stream's writes are: when a slice of it makes no progress for {@code timeout},
     * the socket is reset and this fails with a {@link WriteTimeoutException}.
     *
     * <p>Closing the socket (or resetting it with {@link Sockets#reset}) from another thread ends
     * a transfer in progress. An interrupt ends it too, with an {@link InterruptedIOException}; it
     * closes {@code file}, not the socket.
     *
     * @param file the file, open for reading; its position is not used or changed
     * @param position where in the file to start
     * @param count how many bytes to send
     * @param socket a connected socket whose {@link Socket#getChannel()} is a blocking {@link SocketChannel}
     * @param timeout how long one slice may make no progress
     * @param progress told the bytes sent so far, after each slice
     * @return the bytes sent: {@code count}, or fewer when the file ended first
     * @throws IllegalArgumentException if the socket has no channel, or the timeout is not positive
     */
    public long transfer(FileChannel file, long position, long count, Socket socket, Duration timeout,
            LongConsumer progress) throws IOException {
        SocketChannel channel = channelOf(socket);
        Watched watched = new Watched(OutputStream.nullOutputStream(), socket, positiveMillis(timeout), false);
        register(watched);
        try {
            return writeSliced(watched, count, 0, (done, n) -> file.transferTo(position + done, n, channel),
                    progress);
        } finally {
            forget(watched);
        }
    }

    /**
     * Sends {@code count} bytes of {@code file} from {@code position} to the socket through
     * {@code buffer}: {@link FileChannel#read} fills it, {@link SocketChannel#write} empties it, so
     * each byte is copied once in memory (a stream copy makes two). The writes are watched as
     * {@link #transfer}'s are, in the same slices: when one makes no progress for {@code timeout},
     * the socket is reset and this fails with a {@link WriteTimeoutException}.
     *
     * <p>A direct buffer is the point: with a heap buffer the JDK copies through a temporary direct
     * one anyway. Bytes go out in pieces of at most the buffer's capacity. Closing the socket from
     * another thread, or an interrupt, ends a send as it ends a {@link #transfer}. A failure to read
     * the file is thrown as it is, without touching the socket.
     *
     * @param file the file, open for reading; its position is not used or changed
     * @param position where in the file to start
     * @param count how many bytes to send
     * @param socket a connected socket whose {@link Socket#getChannel()} is a blocking {@link SocketChannel}
     * @param buffer the buffer to copy through, best a direct one; its content, position and limit are not kept
     * @param timeout how long one slice may make no progress
     * @param progress told the bytes sent so far, after each slice
     * @return the bytes sent: {@code count}, or fewer when the file ended first
     * @throws IllegalArgumentException if the socket has no channel, or the timeout is not positive
     */
    public long send(FileChannel file, long position, long count, Socket socket, ByteBuffer buffer, Duration timeout,
            LongConsumer progress) throws IOException {
        SocketChannel channel = channelOf(socket);
        Watched watched = new Watched(OutputStream.nullOutputStream(), socket, positiveMillis(timeout), false);
        register(watched);
        long sent = 0;
        try {
            while (sent < count) {
                buffer.clear();
                buffer.limit((int) Math.min(buffer.capacity(), count - sent));
                int read;
                try {
                    read = file.read(buffer, position + sent);
                } catch (ClosedByInterruptException e) {
                    throw interrupted(e);
                }
                if (read <= 0) {
                    break; // the file ended early: the caller knows what was promised
                }
                buffer.flip();
                long moved = writeSliced(watched, read, sent, (done, n) -> {
                    buffer.limit((int) done + n); // the position is at done: a blocking write takes all n
                    return channel.write(buffer);
                }, progress);
                sent += moved;
                if (moved < read) {
                    break;
                }
            }
        } finally {
            forget(watched);
        }
        return sent;
    }

    /**
     * Receives from the socket until its end of stream, through {@code buffer} into {@code sink}:
     * {@link SocketChannel#read} fills it, {@code sink} (a {@link FileChannel}, say) empties it, so
     * each byte is copied once in memory. A blocking channel read ignores {@code SO_TIMEOUT}, so the
     * reads are watched: when one gets nothing for {@code timeout}, the socket is reset and this
     * fails with a {@link ReadTimeoutException}.
     *
     * <p>Closing the socket from another thread, or an interrupt, ends a receive as it ends a
     * {@link #transfer}. A failure of {@code sink} is thrown as it is, without touching the socket:
     * a caller that must tell the two apart wraps its sink.
     *
     * @param socket a connected socket whose {@link Socket#getChannel()} is a blocking {@link SocketChannel}
     * @param sink where the bytes go, written from its current position
     * @param buffer the buffer to copy through, best a direct one; its content, position and limit are not kept
     * @param timeout how long one read may get nothing
     * @param progress told the bytes received so far, after each read that got some
     * @return the bytes received
     * @throws IllegalArgumentException if the socket has no channel, or the timeout is not positive
     */
    public long receive(Socket socket, WritableByteChannel sink, ByteBuffer buffer, Duration timeout,
            LongConsumer progress) throws IOException {
        long received = 0;
        try (Reads reads = reads(socket, timeout)) {
            while (true) {
                buffer.clear();
                int read = reads.read(buffer);
                if (read < 0) {
                    return received;
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    sink.write(buffer);
                }
                received += read;
                progress.accept(received);
            }
        }
    }

    /**
     * A watch over the reads of a socket's channel, for a body read a buffer at a time (where
     * {@link #receive} reads to the end of the stream): each {@link Reads#read} that gets nothing for
     * {@code timeout} resets the socket and fails with a {@link ReadTimeoutException}. Time between
     * reads does not count. Close it when the body is done; a watch whose socket closed is dropped
     * by the next sweep anyway.
     *
     * @param socket a connected socket whose {@link Socket#getChannel()} is a blocking {@link SocketChannel}
     * @param timeout how long one read may get nothing
     * @throws IllegalArgumentException if the socket has no channel, or the timeout is not positive
     */
    public Reads reads(Socket socket, Duration timeout) {
        SocketChannel channel = channelOf(socket);
        Watched watched = new Watched(OutputStream.nullOutputStream(), socket, positiveMillis(timeout), true);
        register(watched);
        return new Reads(channel, watched);
    }

    /** The watched reads of one socket's channel ({@link #reads}); one thread reads at a time. */
    public final class Reads implements AutoCloseable {
        private final SocketChannel channel;
        private final Watched watched;

        private Reads(SocketChannel channel, Watched watched) {
            this.channel = channel;
            this.watched = watched;
        }

        /**
         * Reads into {@code buffer} from its position, as {@link SocketChannel#read} does: at least
         * one byte, or -1 at the end of the stream.
         *
         * @throws ReadTimeoutException when nothing came for the time-out; the socket is reset
         * @throws InterruptedIOException when interrupted; the channel, and so the socket, is closed
         */
        public int read(ByteBuffer buffer) throws IOException {
            int read;
            watched.begin();
            try {
                read = channel.read(buffer);
            } catch (ClosedByInterruptException e) {
                throw watched.failure(interrupted(e));
            } catch (IOException e) {
                throw watched.failure(e);
            } finally {
                watched.busySince = 0;
            }
            if (watched.expired) {
                // The reset raced the read: the peer saw our FIN and ended its side before our close.
                throw watched.failure(new AsynchronousCloseException());
            }
            return read;
        }

        /** Ends the watch; the socket stays open. */
        @Override
        public void close() {
            forget(watched);
        }
    }

    private static SocketChannel channelOf(Socket socket) {
        SocketChannel channel = socket.getChannel();
        if (channel == null) {
            throw new IllegalArgumentException("the socket has no channel: " + socket);
        }
        return channel;
    }

    private static InterruptedIOException interrupted(ClosedByInterruptException e) {
        InterruptedIOException interrupted = new InterruptedIOException("the transfer was interrupted");
        interrupted.initCause(e);
        return interrupted;
    }

    /** One watched write of a sliced loop: moves {@code n} bytes, {@code done} having gone before. */
    private interface SliceWrite {
        long write(long done, int n) throws IOException;
    }

    /**
     * The slice loop of {@link #transfer} and {@link #send}: writes {@code count} bytes in slices of
     * {@code watched}'s size, each watched, the size adapted after each ({@link #nextSlice}).
     *
     * @return the bytes written: {@code count}, or fewer when a write moved nothing
     */
    private long writeSliced(Watched watched, long count, long before, SliceWrite write, LongConsumer progress)
            throws IOException {
        long sent = 0;
        while (sent < count) {
            int n = (int) Math.min(watched.slice, count - sent);
            long started = watched.begin();
            long moved;
            try {
                moved = write.write(sent, n);
            } catch (ClosedByInterruptException e) {
                throw watched.failure(interrupted(e));
            } catch (IOException e) {
                throw watched.failure(e);
            } finally {
                watched.busySince = 0;
            }
            if (moved <= 0) {
                break;
            }
            sent += moved;
            watched.slice = nextSlice(watched.slice, moved == n, System.nanoTime() - started, watched.timeoutNanos,
                    MAX_TRANSFER_SLICE);
            progress.accept(before + sent);
        }
        return sent;
    }

    /**
     * The next slice: twice the last while the peer takes slices in within a sixteenth of the time-out,
     * half while it needs more than an eighth. A peer that keeps up is written to in few calls; one
     * that slows down is soon given small slices again, which it can take in well within the time-out.
     */
    static int nextSlice(int slice, boolean whole, long tookNanos, long timeoutNanos, int max) {
        if (whole && tookNanos < timeoutNanos / 16) {
            return Math.min(max, slice * 2);
        }
        if (tookNanos > timeoutNanos / 8) {
            return Math.max(MIN_SLICE, slice / 2);
        }
        return slice;
    }

    /** Stops watching and ends the thread; streams watched so far write on unwatched. */
    @Override
    public synchronized void close() {
        closed = true;
        open.clear();
        sweeper = null;
        timer.shutdownNow();
    }

    /** A write that made no progress for its time-out; its socket has been reset. */
    public static final class WriteTimeoutException extends SocketTimeoutException {
        private static final long serialVersionUID = 1L;

        private final long timeoutMillis;

        WriteTimeoutException(long timeoutMillis, IOException cause) {
            super("the peer took in nothing for " + timeoutMillis + " ms");
            this.timeoutMillis = timeoutMillis;
            initCause(cause);
        }

        /** The time-out that ran out. */
        public Duration timeout() {
            return Duration.ofMillis(timeoutMillis);
        }
    }

    /** A channel read that got nothing for its time-out ({@link #receive}, {@link Reads#read}); its socket has been reset. */
    public static final class ReadTimeoutException extends SocketTimeoutException {
        private static final long serialVersionUID = 1L;

        private final long timeoutMillis;

        ReadTimeoutException(long timeoutMillis, IOException cause) {
            super("the peer sent nothing for " + timeoutMillis + " ms");
            this.timeoutMillis = timeoutMillis;
            initCause(cause);
        }

        /** The time-out that ran out. */
        public Duration timeout() {
            return Duration.ofMillis(timeoutMillis);
        }
    }

    private final class Watched extends OutputStream {
        private final OutputStream out;
        private final Socket socket;
        private final long timeoutMillis;
        private final long timeoutNanos;
        private final boolean reads; // a receive's reads rather than writes
        private volatile long busySince; // 0 between writes (or reads)
        private volatile boolean expired;
        private int slice = MIN_SLICE; // of the writing thread only

        Watched(OutputStream out, Socket socket, long timeoutMillis, boolean reads) {
            this.out = out;
            this.reads = reads;
            this.socket = socket;
            this.timeoutMillis = timeoutMillis;
            this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        }

        @Override
        public void write(int b) throws IOException {
            begin();
            try {
                out.write(b);
            } catch (IOException e) {
                throw failure(e);
            } finally {
                busySince = 0;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            do {
                int n = Math.min(len, slice);
                long started = begin();
                try {
                    out.write(b, off, n);
                } catch (IOException e) {
                    throw failure(e);
                } finally {
                    busySince = 0;
                }
                slice = nextSlice(slice, n == slice, System.nanoTime() - started, timeoutNanos, MAX_SLICE);
                off += n;
                len -= n;
            } while (len > 0);
        }

        @Override
        public void flush() throws IOException {
            begin();
            try {
                out.flush();
            } catch (IOException e) {
                throw failure(e);
            } finally {
                busySince = 0;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } finally {
                forget(this);
            }
        }

        private long begin() {
            long now = System.nanoTime();
            busySince = now == 0 ? 1 : now;
            return now;
        }

        private IOException failure(IOException e) {
            if (!expired) {
                return e;
            }
            // The sweeper may be between the shutdown that woke this writer (or reader) and the close
            // (Sockets.closeQuietly): finish the reset here, so that the socket is closed when the
            // caller sees the time-out, as the exceptions promise. A second reset is harmless.
            Sockets.reset(socket);
            return reads ? new ReadTimeoutException(timeoutMillis, e) : new WriteTimeoutException(timeoutMillis, e);
        }

        void expireIfStalled(long now) {
            long since = busySince;
            if (since != 0 && now - since > timeoutNanos && !expired) {
                expired = true;
                forget(this);
                Sockets.reset(socket);
            }
        }
    }
}
