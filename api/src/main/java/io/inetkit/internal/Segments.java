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
 * <p>The first request asks for the whole file from byte 0 and doubles as the probe: an answer that
 * ignores the range, or gives no size, is read whole on that one connection. Otherwise the first
 * segment is read from it and the others each on a connection of their own. A segment cut by a
 * reset, an early close or a drop is asked again from where it stopped, on a new connection, under
 * the {@link RetryPolicy}, counted per segment. Any other failure, a file that changed, or a later
 * answer that ignores the range ends every connection and the transfer, and removes the
 * {@code .part} file.
 */
public final class Segments {

    /** Pool threads: a segment's failure closes the others' connections, so the wait is short. */
    private static final long STOP_WAIT_SECONDS = 10;
    private static final int BUFFER = 64 * 1024;

    private final RangeSource source;
    private final int connections;
    private final long minSegmentSize;
    private final RetryPolicy policy;
    private final AtomicLong received;
    private final Set<RangeSource.Connection> open = ConcurrentHashMap.newKeySet();
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
        ExecutorService pool = Executors.newFixedThreadPool(plan.size(), DaemonThreads.factory("inetkit-segment"));
        ExecutorCompletionService<Void> done = new ExecutorCompletionService<>(pool);
        open.add(first);
        for (Segment segment : plan) {
            boolean isFirst = segment.index == 0;
            done.submit(() -> {
                fetch(segment, isFirst ? first : null, isFirst ? probe : null, file0, file, path);
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
        for (Segment segment : plan) {
            if (segment.done != segment.length) {
                throw new InternetException(InternetError.INTERNAL_ERROR, segment + " has " + segment.done
                        + " bytes of " + segment.length);
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
            long free = Files.getFileStore(path).getUsableSpace();
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

    /** Reads one segment, asking again from where a cut left it, within the retry budget. */
    private void fetch(Segment segment, RangeSource.Connection connection, RangeSource.Body body,
            RangeSource.Body file0, FileChannel file, Path path) throws InternetException {
        RetryBudget budget = new RetryBudget(policy);
        String what = segment + " of " + source.describe();
        boolean probe = body != null; // the first answer runs to the file's end: the next segment's bytes follow
        boolean checkingEnd = false; // bytes past the range: the segment's are not what was asked, a retry no cure
        try {
            while (segment.done < segment.length) {
                try {
                    if (aborted) {
                        throw cancelled(what);
                    }
                    if (body == null) {
                        if (connection == null) {
                            connection = source.connect();
                            open.add(connection);
                            if (aborted) {
                                throw cancelled(what);
                            }
                        }
                        body = connection.open(segment.start + segment.done, segment.length - segment.done, file0);
                        check(body, file0, what);
                    }
                    long n = copy(body.stream(), file, path, segment.start + segment.done,
                            segment.length - segment.done);
                    segment.done += n;
                    if (segment.done == segment.length && !probe) {
                        checkingEnd = true;
                        endsHere(body, what);
                        checkingEnd = false;
                    }
                    probe = false;
                    body.close();
                    body = null;
                    if (segment.done < segment.length) {
                        throw new InternetException(InternetError.CONNECTION_ABORTED, what + " ended after "
                                + segment.done + " of " + segment.length + " bytes");
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
                    if (connection != null) {
                        open.remove(connection);
                        connection.close();
                        connection = null;
                    }
                    budget.pause(what, budget.backoff(), Deadline.none(), null, e);
                }
            }
        } finally {
            if (body != null) {
                body.close();
            }
            if (connection != null) {
                open.remove(connection);
                connection.close();
            }
        }
    }

    /**
     * Checks that an answer ends with its range: FTP's data say nothing of where they start, and a
     * server that ignores {@code REST} sends from byte 0, so more bytes than the range are the sign.
     */
    private static void endsHere(RangeSource.Body body, String what) throws InternetException {
        int more;
        try {
            more = body.stream().read();
        } catch (InternetException e) {
            throw e;
        } catch (IOException e) {
            throw new InternetException(InternetError.CONNECTION_ABORTED, what + ": " + e.getMessage(), e);
        }
        if (more >= 0) {
            throw new InternetException(InternetError.CONNECTION_ABORTED, what + ": the server sent more than it"
                    + " announced, more than the range asked for; it may not start where asked");
        }
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

    /** Copies up to {@code limit} bytes to the file from {@code position}; the count copied. */
    private long copy(InputStream in, FileChannel file, Path path, long position, long limit)
            throws InternetException {
        byte[] buffer = new byte[BUFFER];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        long count = 0;
        while (count < limit) {
            int n;
            try {
                n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - count));
            } catch (InternetException e) {
                throw e;
            } catch (IOException e) {
                throw new InternetException(InternetError.CONNECTION_ABORTED, "reading " + source.describe()
                        + " failed: " + e.getMessage(), e);
            }
            if (n < 0) {
                break;
            }
            wrapped.clear().limit(n);
            try {
                while (wrapped.hasRemaining()) {
                    file.write(wrapped, position + count + wrapped.position());
                }
            } catch (IOException e) {
                throw InternetException.localFile("cannot write", path, e);
            }
            count += n;
            received.addAndGet(n);
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

    /** Bytes {@code start} to {@code start + length - 1}, {@code done} of them written. */
    private static final class Segment {

        final int index;
        final long start;
        final long length;
        volatile long done;

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
