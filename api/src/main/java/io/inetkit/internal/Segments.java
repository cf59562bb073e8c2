package io.inetkit.internal;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.RetryPolicy;
import io.inetkit.spi.Deadline;
import io.inetkit.spi.PartFile;
import io.inetkit.toolbox.RetryBudget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One file over several connections of a {@link RangeSource}, into one pre-allocated {@code .part}
 * file beside the target, moved onto the target only when every segment has its length and every
 * answer described the same file (size and validator) as the first.
 *
 * <p>Where a connection costs round trips before its first request ({@link RangeSource#opensAhead}: a
 * login, a connect and TLS handshake), the others open while the first does, and those the plan has
 * no segment for are closed. Where the protocol
 * tells the file's size before its bytes ({@link RangeSource.Connection#stat}), every connection
 * starts on its segment as soon as the first has it. Otherwise the first request
 * asks for the whole file from byte 0 and doubles as the probe: an answer that ignores the range, or
 * gives no size, is read whole on that one connection; else the first segment is read from it and
 * the others each on a connection of their own. A connection done with its segment takes the second
 * half of what another has not read yet, where that is worth a new opening, so that the transfer does
 * not end with its slowest connection. A segment cut by a
 * reset, an early close or a drop is asked again from where it stopped, on a new connection, under
 * the {@link RetryPolicy}, counted per segment. Any other failure, a file that changed, or a later
 * answer that ignores the range ends every connection and the transfer, and removes the
 * {@code .part} file.
 */
public final class Segments {

    /** Pool threads: a segment's failure closes the others' connections, so the wait is short. */
    private static final long STOP_WAIT_SECONDS = 10;
    /** Per connection: a write every 256 KiB; the socket reads of 64 KiB and more skip the engine's buffer. */
    private static final int BUFFER = 256 * 1024;
    /** A segment's unread part is split only when at least this many smallest segments long. */
    private static final int STEAL_MIN_SEGMENTS = 8;

    private final RangeSource source;
    private final int connections;
    private final long minSegmentSize;
    private final RetryPolicy policy;
    private final AtomicLong received;
    private final Set<RangeSource.Connection> open = ConcurrentHashMap.newKeySet();
    /** Every segment, those of the plan and the halves taken from them; guarded by this. */
    private final List<Segment> segments = new ArrayList<>();
    private volatile boolean aborted;

    /**
     * @param connections at most this many connections, one a segment
     * @param received counts the bytes written, for progress
     */
    public Segments(RangeSource source, int connections, long minSegmentSize, RetryPolicy policy,
            AtomicLong received) {
        this.source = source;
        this.connections = connections;
        this.minSegmentSize = minSegmentSize;
        this.policy = policy;
        this.received = received;
    }

    /** What a download did: its bytes, the connections it used, whether by ranges. */
    public record Outcome(long bytes, int connections, boolean ranged) {
    }

    /** Downloads the file to {@code target}, replacing it when complete. */
    public Outcome download(Path target) throws InternetException {
        try (PartFile part = PartFile.beside(target)) {
            Outcome outcome;
            try (FileChannel file = FileChannel.open(part.path(), StandardOpenOption.WRITE)) {
                outcome = fill(file, part.path());
                if (file.size() != outcome.bytes()) {
                    throw new InternetException(InternetError.INTERNAL_ERROR, part.path() + " holds " + file.size()
                            + " bytes, not the " + outcome.bytes() + " of " + source.describe());
                }
            } catch (InternetException e) {
                throw e;
            } catch (IOException e) {
                throw InternetException.localFile("cannot write", part.path(), e);
            }
            part.commit();
            return outcome;
        }
    }

    private Outcome fill(FileChannel file, Path path) throws InternetException {
        try (OpenedAhead ahead = new OpenedAhead(source, connections - 1)) {
            return fill(file, path, ahead);
        }
    }

    private Outcome fill(FileChannel file, Path path, OpenedAhead ahead) throws InternetException {
        RangeSource.Connection first = source.connect();
        RangeSource.Body known;
        RangeSource.Body head = null;
        try {
            known = first.stat();
            if (known == null || !splits(known)) {
                head = first.open(0, -1, null);
                known = head;
            }
        } catch (InternetException | RuntimeException e) {
            first.close();
            throw e;
        }
        if (head != null && (head.whole() || !splits(head))) {
            ahead.release(0);
            return whole(first, head, file, path);
        }
        long size = known.size();
        try {
            reserve(file, path, size);
        } catch (InternetException | RuntimeException e) {
            if (head != null) {
                head.close();
            }
            first.close();
            throw e;
        }
        // Where the file was known before its bytes were asked, the first connection opens its
        // segment as every other does, all at once; else its answer to the probe is the first segment.
        RangeSource.Body probe = head;
        RangeSource.Body file0 = known;
        List<Segment> plan = plan(size);
        ahead.release(plan.size() - 1);
        synchronized (this) {
            segments.addAll(plan);
        }
        ExecutorService pool = Executors.newFixedThreadPool(plan.size(), DaemonThreads.factory("inetkit-segment"));
        ExecutorCompletionService<Void> done = new ExecutorCompletionService<>(pool);
        open.add(first);
        for (Segment segment : plan) {
            boolean isFirst = segment.index == 0;
            done.submit(() -> {
                work(segment, isFirst ? new Line(first, null, -1) : new Line(null, ahead, segment.index - 1),
                        isFirst ? probe : null, file0, file, path);
                return null;
            });
        }
        InternetException failure = null;
        try {
            for (int i = 0; i < plan.size(); i++) {
                try {
                    done.take().get();
                } catch (ExecutionException e) {
                    InternetException cause = e.getCause() instanceof InternetException internet ? internet
                            : new InternetException(InternetError.INTERNAL_ERROR, "segment of " + source.describe()
                                    + " failed: " + e.getCause(), e.getCause());
                    if (failure == null) {
                        failure = cause;
                        abort();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new InternetException(InternetError.OPERATION_CANCELLED, "the download of "
                    + source.describe() + " was interrupted");
            abort();
        } finally {
            stop(pool);
        }
        if (failure != null) {
            throw failure;
        }
        synchronized (this) {
            for (Segment segment : segments) {
                if (segment.done != segment.length) {
                    throw new InternetException(InternetError.INTERNAL_ERROR, segment + " has " + segment.done
                            + " bytes of " + segment.length);
                }
            }
        }
        return new Outcome(size, plan.size(), true);
    }

    /** Whether the file is worth splitting: its size known and at least two segments' worth. */
    private boolean splits(RangeSource.Body file) {
        return file.size() >= 0 && connections > 1 && file.size() >= 2 * minSegmentSize;
    }

    /** The answer that ignored the range, or a file too small to split, read on its one connection. */
    private Outcome whole(RangeSource.Connection connection, RangeSource.Body body, FileChannel file, Path path)
            throws InternetException {
        try {
            long n = copy(body.stream(), file, path, 0, Long.MAX_VALUE);
            if (body.size() >= 0 && n != body.size()) {
                throw new InternetException(InternetError.CONNECTION_ABORTED, "the download of " + source.describe()
                        + " ended after " + n + " of " + body.size() + " bytes");
            }
            return new Outcome(n, 1, false);
        } finally {
            body.close();
            connection.close();
        }
    }

    /** Sets the file's length, once there is room for it: the server announced it, the disk decides. */
    private static void reserve(FileChannel file, Path path, long size) throws InternetException {
        try {
            long free = usableSpace(path);
            if (free < size) {
                throw new InternetException(InternetError.DISK_FULL, path.getParent() + " has " + free
                        + " bytes free, not the " + size + " the download needs");
            }
            file.write(ByteBuffer.allocate(1), size - 1);
        } catch (InternetException e) {
            throw e;
        } catch (IOException e) {
            throw InternetException.localFile("cannot write", path, e);
        }
    }

    /**
     * The bytes free where {@code path} is. On the default file system from {@code java.io.File}, one
     * {@code statvfs}: {@link Files#getFileStore} first reads the mount table, some 5 ms while every
     * other connection waits for its range. {@code File} says 0 for a full disk and for a path it
     * cannot ask about alike: a 0 is asked again of the file store, which tells the two apart.
     */
    private static long usableSpace(Path path) throws IOException {
        long free = path.getFileSystem() == FileSystems.getDefault() ? path.toFile().getUsableSpace() : 0;
        return free > 0 ? free : Files.getFileStore(path).getUsableSpace();
    }

    private List<Segment> plan(long size) {
        int count = (int) Math.max(1, Math.min(connections, size / minSegmentSize));
        List<Segment> plan = new ArrayList<>(count);
        long each = size / count;
        for (int i = 0; i < count; i++) {
            long start = i * each;
            plan.add(new Segment(i, start, i == count - 1 ? size - start : each));
        }
        return plan;
    }

    /**
     * Reads a segment, then, on the same connection, the second half of the segment with the most
     * left, while one is worth its opening: the download does not end with its slowest connection.
     */
    private void work(Segment segment, Line line, RangeSource.Body probe, RangeSource.Body file0, FileChannel file,
            Path path) throws InternetException {
        try {
            RangeSource.Body body = probe;
            for (Segment next = segment; next != null; next = steal(line)) {
                fetch(next, line, body, file0, file, path);
                body = null;
            }
        } finally {
            line.close();
        }
    }

    /** Reads one segment, asking again from where a cut left it, within the retry budget. */
    private void fetch(Segment segment, Line line, RangeSource.Body body, RangeSource.Body file0, FileChannel file,
            Path path) throws InternetException {
        RetryBudget budget = new RetryBudget(policy);
        String what = segment + " of " + source.describe();
        boolean probe = body != null; // the first answer runs to the file's end: the next segment's bytes follow
        boolean checkingEnd = false; // bytes past the range: the segment's are not what was asked, a retry no cure
        long askedEnd = end(segment);
        try {
            while (left(segment) > 0) {
                try {
                    if (aborted) {
                        throw cancelled(what);
                    }
                    if (body == null) {
                        if (line.connection == null) {
                            line.connection = line.open();
                            open.add(line.connection);
                            if (aborted) {
                                throw cancelled(what);
                            }
                        }
                        askedEnd = end(segment);
                        long asking = System.nanoTime();
                        body = line.connection.open(segment.start + segment.done, askedEnd - segment.start
                                - segment.done, file0);
                        line.openNanos = System.nanoTime() - asking;
                        check(body, file0, what);
                    }
                    long copying = System.nanoTime();
                    reading(segment, copying);
                    long n = copy(body.stream(), segment, file, path);
                    line.measured(n, System.nanoTime() - copying);
                    // A segment another connection took the end of stops short of what it asked for.
                    boolean shortened = end(segment) != askedEnd;
                    if (left(segment) == 0 && !probe && !shortened) {
                        checkingEnd = true;
                        endsHere(body, file0, what);
                        checkingEnd = false;
                    }
                    probe = false;
                    body.close();
                    body = null;
                    if (left(segment) > 0) {
                        throw new InternetException(InternetError.CONNECTION_ABORTED, what + " ended after "
                                + segment.done + " of " + (segment.done + left(segment)) + " bytes");
                    }
                } catch (InternetException e) {
                    if (aborted) {
                        throw cancelled(what);
                    }
                    String why = checkingEnd ? null : retryable(e);
                    if (why == null || !budget.hasRetryLeft()) {
                        throw budget.afterTries(e, why);
                    }
                    budget.failed(why);
                    if (body != null) {
                        body.close();
                        body = null;
                    }
                    line.drop();
                    budget.pause(what, budget.backoff(), Deadline.none(), null, e);
                }
            }
        } finally {
            if (body != null) {
                body.close();
            }
        }
    }

    /**
     * The second half of what the segment with the most left has not begun to read, as a new
     * segment, its owner's end moved to where it starts; null when no half is worth a new opening:
     * at least {@link #STEAL_MIN_SEGMENTS} smallest segments, and 4 times what the segment's reader
     * reads in the time {@code line}'s last opening took.
     */
    private synchronized Segment steal(Line line) {
        if (aborted) {
            return null;
        }
        Segment victim = null;
        long most = 0;
        for (Segment segment : segments) {
            long unread = segment.length - segment.claimed;
            if (unread > most) {
                most = unread;
                victim = segment;
            }
        }
        if (victim == null
                || most < Math.max(STEAL_MIN_SEGMENTS * minSegmentSize, 4 * readWhileOpening(victim, line))) {
            return null;
        }
        long half = most / 2;
        long from = victim.start + victim.length - half;
        victim.length -= half;
        Segment taken = new Segment(segments.size(), from, half);
        segments.add(taken);
        return taken;
    }

    /**
     * What the segment's reader reads while {@code line} opens: at the reader's own rate once it is
     * reading, since a slow reader is what a steal is for; else at {@code line}'s. The rate counts a
     * buffer more than was written, which may have arrived unwritten: rather too high than too low.
     * Under the lock.
     */
    private long readWhileOpening(Segment victim, Line line) {
        long elapsed = System.nanoTime() - victim.readingSince;
        if (victim.readingSince == 0 || elapsed <= 0) {
            return line.bytesDuringOpening();
        }
        return (long) ((double) (victim.done - victim.doneSince + BUFFER) / elapsed * line.openNanos);
    }

    /** Notes that the segment's reader starts on an answer now, for its rate. */
    private synchronized void reading(Segment segment, long now) {
        segment.readingSince = now;
        segment.doneSince = segment.done;
    }

    /** Bytes the segment still has to read, to its current end. */
    private synchronized long left(Segment segment) {
        return segment.length - segment.done;
    }

    /** Where the segment ends now: its owner may have given its last part to another connection. */
    private synchronized long end(Segment segment) {
        return segment.start + segment.length;
    }

    /** How many bytes the segment's reader may read now, claimed so that no steal takes them. */
    private synchronized int claim(Segment segment, int most) {
        int n = (int) Math.min(most, segment.length - segment.done);
        segment.claimed = segment.done + n;
        return n;
    }

    private synchronized void advance(Segment segment, int n) {
        segment.done += n;
        segment.claimed = segment.done;
    }

    /**
     * Checks that an answer ends with its range. More bytes mean, where the answers start where asked
     * (HTTP, SFTP), a file that grew while the last segment read it; where they do not (FTP), a
     * server that ignored {@code REST} and sent from byte 0.
     */
    private void endsHere(RangeSource.Body body, RangeSource.Body first, String what) throws InternetException {
        int more;
        try {
            more = body.stream().read();
        } catch (InternetException e) {
            throw e;
        } catch (IOException e) {
            throw new InternetException(InternetError.CONNECTION_ABORTED, what + ": " + e.getMessage(), e);
        }
        if (more < 0) {
            return;
        }
        if (source.startsWhereAsked()) {
            throw new InternetException(InternetError.FORCE_RETRY, source.describe() + " grew during the download: "
                    + what + " read past the " + first.size() + " bytes the first answer announced; nothing was kept,"
                    + " download it again");
        }
        throw new InternetException(InternetError.CONNECTION_ABORTED, what + ": the server sent more than it"
                + " announced, more than the range asked for; it may not start where asked");
    }

    /** Whether a failure may be asked again: a range is idempotent, so any cut may, on a new connection. */
    private String retryable(InternetException e) {
        String why = RetryBudget.connectionFailure(e, policy);
        if (why != null) {
            return why;
        }
        return switch (e.error()) {
            case CONNECTION_ABORTED, CONNECTION_RESET, FTP_DROPPED -> RetryBudget.brief(e);
            default -> null;
        };
    }

    /** A later answer must describe the first's file, by range. */
    private void check(RangeSource.Body body, RangeSource.Body first, String what) throws InternetException {
        if (!body.sameFile(first)) {
            throw new InternetException(InternetError.FORCE_RETRY, source.describe() + " changed during the"
                    + " download: " + what + " found " + describe(body) + " where the first answer had "
                    + describe(first) + "; nothing was kept, download it again");
        }
        if (body.whole()) {
            throw new InternetException(InternetError.HTTP_DOWNLEVEL_SERVER, "the server sent the whole of "
                    + source.describe() + " for " + what + " after it had sent a range; nothing was kept");
        }
    }

    private static String describe(RangeSource.Body body) {
        return body.size() + " bytes" + (body.validator() == null ? "" : ", " + printable(body.validator()));
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(80).forEach(c -> out.append(c < 0x20 || c == 0x7f ? '?' : (char) c));
        return out.toString();
    }

    private InternetException cancelled(String what) {
        return new InternetException(InternetError.OPERATION_CANCELLED, what + " was stopped: another segment"
                + " failed");
    }

    /**
     * Copies the segment's bytes to the file, to its end as it moves; the count copied. Each write
     * waits for a full buffer (or the segment's end): a throttled or far connection hands over a few
     * KiB a read, and a write for each read was as many system calls again.
     */
    private long copy(InputStream in, Segment segment, FileChannel file, Path path) throws InternetException {
        ByteBuffer buffer = buffer(in);
        long count = 0;
        int most;
        while ((most = claim(segment, buffer.capacity())) > 0) {
            Filled filled = fill(in, buffer, most);
            if (filled.bytes > 0) {
                write(file, path, buffer, segment.start + segment.done);
                advance(segment, filled.bytes);
                count += filled.bytes;
                received.addAndGet(filled.bytes);
            }
            if (filled.failure != null) {
                throw filled.failure; // what arrived before it is kept: a retry asks from after it
            }
            if (filled.ended) {
                break;
            }
        }
        return count;
    }

    /**
     * The buffer a body is read through: a direct one for a body that reads into buffers (a
     * {@link ReadableByteChannel}), which its socket's channel fills and the file's empties without
     * a copy in memory; else a heap one, whose array a stream fills.
     */
    private static ByteBuffer buffer(InputStream in) {
        return in instanceof ReadableByteChannel ? ByteBuffer.allocateDirect(BUFFER) : ByteBuffer.allocate(BUFFER);
    }

    /** What {@link #fill} read: its bytes, and whether the stream ended or failed after them. */
    private record Filled(int bytes, boolean ended, InternetException failure) {
    }

    /** Reads until {@code most} bytes are in the buffer, from its start, the stream ends or a read fails. */
    private Filled fill(InputStream in, ByteBuffer buffer, int most) {
        buffer.clear().limit(most);
        while (buffer.hasRemaining()) {
            int r;
            try {
                r = read(in, buffer);
            } catch (InternetException e) {
                return new Filled(buffer.position(), false, e);
            }
            if (r < 0) {
                return new Filled(buffer.position(), true, null);
            }
        }
        return new Filled(buffer.position(), false, null);
    }

    private int read(InputStream in, ByteBuffer buffer) throws InternetException {
        try {
            if (in instanceof ReadableByteChannel channel) {
                return channel.read(buffer);
            }
            int n = in.read(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            if (n > 0) {
                buffer.position(buffer.position() + n);
            }
            return n;
        } catch (InternetException e) {
            throw e;
        } catch (IOException e) {
            throw new InternetException(InternetError.CONNECTION_ABORTED, "reading " + source.describe()
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** Writes what {@link #fill} put in the buffer at {@code position} of the file. */
    private static void write(FileChannel file, Path path, ByteBuffer buffer, long position) throws InternetException {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                file.write(buffer, position + buffer.position());
            }
        } catch (IOException e) {
            throw InternetException.localFile("cannot write", path, e);
        }
    }

    /** Copies up to {@code limit} bytes to the file from {@code position}; the count copied. */
    private long copy(InputStream in, FileChannel file, Path path, long position, long limit)
            throws InternetException {
        ByteBuffer buffer = buffer(in);
        long count = 0;
        while (count < limit) {
            Filled filled = fill(in, buffer, (int) Math.min(buffer.capacity(), limit - count));
            if (filled.bytes > 0) {
                write(file, path, buffer, position + count);
                count += filled.bytes;
                received.addAndGet(filled.bytes);
            }
            if (filled.failure != null) {
                throw filled.failure;
            }
            if (filled.ended) {
                break;
            }
        }
        return count;
    }

    /** Ends every connection, so that blocked reads fail now. */
    private void abort() {
        aborted = true;
        for (RangeSource.Connection connection : open) {
            connection.close();
        }
    }

    private static void stop(ExecutorService pool) {
        pool.shutdownNow();
        try {
            pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A connection as a worker holds it from segment to segment: its last opening's time and rate
     * say whether taking another's half is worth a new opening.
     */
    private final class Line {

        RangeSource.Connection connection;
        long openNanos;
        double bytesPerNano;
        /** Where the first connection opened ahead waits, if any: taken once, a retry opens a new one. */
        private OpenedAhead ahead;
        private final int slot;

        Line(RangeSource.Connection connection, OpenedAhead ahead, int slot) {
            this.connection = connection;
            this.ahead = ahead;
            this.slot = slot;
        }

        /** The connection opened ahead for this line, the first time; a new one after it. */
        RangeSource.Connection open() throws InternetException {
            OpenedAhead early = ahead;
            ahead = null;
            RangeSource.Connection opened = early == null ? null : early.take(slot);
            return opened != null ? opened : source.connect();
        }

        void measured(long bytes, long nanos) {
            if (bytes > BUFFER && nanos > 0) {
                bytesPerNano = (double) bytes / nanos;
            }
        }

        /** What the connection would have read in the time its last opening took. */
        long bytesDuringOpening() {
            return (long) (bytesPerNano * openNanos);
        }

        /** Closes the connection after a failure: the next try opens a new one. */
        void drop() {
            close();
            connection = null;
        }

        void close() {
            if (connection != null) {
                open.remove(connection);
                connection.close();
            }
        }
    }

    /** Bytes {@code start} to {@code start + length - 1}, {@code done} of them written. */
    private static final class Segment {

        final int index;
        final long start;
        /** Lowered when another connection takes the end; guarded by the {@link Segments}. */
        long length;
        /** Written by the segment's one reader; guarded by the {@link Segments} for the others. */
        long done;
        /** {@code done} and what its reader is reading now, which no other connection may take. */
        long claimed;
        /** When its reader started on its current answer, and {@code done} then: its rate. */
        long readingSince;
        long doneSince;

        Segment(int index, long start, long length) {
            this.index = index;
            this.start = start;
            this.length = length;
        }

        @Override
        public String toString() {
            return "segment " + (index + 1) + " (bytes " + start + "-" + (start + length - 1) + ")";
        }
    }
}
