package io.inetkit.provider.http;

import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.spi.CallEvents;
import io.inetkit.spi.Deadline;
import io.inetkit.spi.StatusPublisher;
import io.inetkit.spi.TransportErrors;
import io.inetkit.toolbox.BodyInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A response body as an {@link InputStream}, fed by java.net.http as a {@link BodySubscriber}:
 * reads that wait longer than the read timeout fail with {@code TIMEOUT}, a body shorter than its
 * {@code Content-Length} fails instead of ending early, and errors carry WinINet codes.
 *
 * <p>Why not {@code BodyHandlers.ofInputStream()}: its stream waits on a queue with no time limit,
 * and the JDK's request timeout stops counting once the headers arrive (JDK-8208693), so a stalled
 * server would block a reader forever; here the reader waits at most the read timeout, then
 * cancels the exchange (which closes its connection). And it asks for one buffer at a time, so the
 * JDK's reading thread and the caller take turns every 16 KiB; here up to {@link #QUEUE_LIMIT}
 * bytes (and {@link #ITEM_LIMIT} items) are asked for ahead, which lets both run at once and keeps
 * memory bounded.
 */
final class BodyStream extends BodyInput implements BodySubscriber<InputStream> {

    /** At most this many bytes wait in the queue or are asked for: the memory bound of one body. */
    static final long QUEUE_LIMIT = 4L * 1024 * 1024;

    /**
     * At most this many items wait or are asked for: {@link #QUEUE_LIMIT} worth of the JDK's read
     * buffers ({@code jdk.httpclient.bufsize}, 16 KiB by default). A byte count alone is not enough:
     * the JDK hands out slices of its read buffers, and a small slice keeps its whole buffer alive, so
     * many small items could pin many large buffers.
     */
    static final int ITEM_LIMIT = (int) Math.max(4, Math.min(256,
            QUEUE_LIMIT / Math.max(1024, Integer.getInteger("jdk.httpclient.bufsize", 16 * 1024))));

    private static final Object END = new Object();
    private static final Object CLOSED = new Object();

    private final long expectedLength;
    private final Duration readTimeout;
    private final StatusPublisher status;
    private final CallEvents events;
    private final boolean closesConnection;

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong queuedItems = new AtomicLong();
    private final Object demandLock = new Object();
    private int outstanding; // guarded by demandLock: items asked for and not yet received
    private long itemEstimate = 16 * 1024; // guarded by demandLock: the largest item seen

    private volatile Flow.Subscription subscription;
    private volatile Runnable onClose = () -> { };
    private final AtomicBoolean given = new AtomicBoolean(); // the exchange was given up

    // The reader's state: one reading thread at a time, as for any InputStream.
    private Iterator<ByteBuffer> items;
    private ByteBuffer current;

    /**
     * @param what the request, {@code "GET https://host/"}, for messages
     * @param expectedLength the {@code Content-Length} to check at the end, or -1
     * @param events told {@code responseBodyEnd} at the body's end
     * @param closesConnection whether giving the body up closes its connection (HTTP/1.1)
     */
    BodyStream(TransportErrors errors, String what, long expectedLength, Duration readTimeout,
            StatusPublisher status, CallEvents events, boolean closesConnection) {
        super(errors, "reading the body of " + what, status);
        this.events = events;
        this.closesConnection = closesConnection;
        this.expectedLength = expectedLength;
        this.readTimeout = readTimeout;
        this.status = status;
    }

    /**
     * Bounds the body by the call's deadline: a read waits no longer than it leaves, and when it runs
     * out the body is given up (which cancels the exchange) even with no reader waiting.
     */
    BodyStream within(Deadline callDeadline) {
        bounded(callDeadline);
        callDeadline.cuts(this::close);
        return this;
    }

    /** What to run once on close, such as untracking the response from its session. */
    void onClose(Runnable action) {
        this.onClose = action;
    }

    // --- the JDK's side -------------------------------------------------------------------------

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedStage(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (given.get()) {
            s.cancel();
        } else {
            requestMore();
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        long bytes = 0;
        for (ByteBuffer buffer : item) {
            bytes += buffer.remaining();
        }
        synchronized (demandLock) {
            outstanding--;
            itemEstimate = Math.max(itemEstimate, bytes);
        }
        queuedBytes.addAndGet(bytes);
        queuedItems.incrementAndGet();
        queue.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        queue.add(throwable);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    private void requestMore() {
        Flow.Subscription s = subscription;
        if (s == null || given.get()) {
            return;
        }
        long n;
        synchronized (demandLock) {
            long room = QUEUE_LIMIT - queuedBytes.get() - outstanding * itemEstimate;
            long items = ITEM_LIMIT - queuedItems.get() - outstanding;
            n = Math.max(outstanding == 0 ? 1 : 0, Math.min(items, room / itemEstimate));
            outstanding += (int) n;
        }
        if (n > 0) {
            s.request(n); // outside the lock: the JDK may call onNext from here
        }
    }

    // --- the reader's side ----------------------------------------------------------------------

    @Override
    @SuppressWarnings("unchecked")
    protected int fill(byte[] buffer, int offset, int length) throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (isClosed()) {
                throw new IOException("closed"); // mapped as the cancel it is
            }
            if (items != null && items.hasNext()) {
                current = items.next();
                continue;
            }
            Object next = take();
            if (next == END) {
                return end();
            }
            if (next == CLOSED || isClosed()) {
                // Closed by another thread: the JDK's "subscription cancelled" may have come first.
                throw new IOException("closed");
            }
            if (next instanceof Throwable) {
                Throwable t = (Throwable) next;
                throw t instanceof IOException ? (IOException) t : new IOException(t);
            }
            List<ByteBuffer> list = (List<ByteBuffer>) next;
            long bytes = 0;
            for (ByteBuffer b : list) {
                bytes += b.remaining();
            }
            queuedBytes.addAndGet(-bytes);
            queuedItems.decrementAndGet();
            requestMore();
            items = list.iterator();
        }
        int n = Math.min(length, current.remaining());
        current.get(buffer, offset, n);
        return n;
    }

    /** The next item, waiting at most the read time-out: the JDK's own wait has none once the head arrived. */
    private Object take() throws IOException {
        Object next;
        try {
            next = queue.poll(deadline().bound(readTimeout).toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted");
            interrupted.initCause(e);
            throw interrupted;
        }
        if (next == null) {
            throw new SocketTimeoutException("no body bytes within the read time-out");
        }
        return next;
    }

    private int end() throws InternetException {
        deadline().cuts(() -> { }); // nothing left to cut
        if (expectedLength >= 0 && received() < expectedLength) {
            throw errors.endedEarly(doing(), "before the " + expectedLength + " bytes its Content-Length announced");
        }
        return -1;
    }

    @Override
    protected void ended(long bytes) {
        given.set(true); // nothing left to give up
        events.responseBodyEnd(bytes);
    }

    @Override
    public int available() {
        ByteBuffer now = current;
        return now == null || isClosed() ? 0 : now.remaining();
    }

    /** After a failed read: the exchange is given up. */
    @Override
    protected void abandon() {
        giveUp(false);
    }

    /** Gives the body up: cancels the exchange unless it ended, wakes a waiting reader. */
    @Override
    protected void release() {
        giveUp(true);
        onClose.run();
    }

    private void giveUp(boolean wake) {
        if (given.compareAndSet(false, true)) {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
                if (closesConnection) {
                    // Giving up an HTTP/1.1 body before its end closes the connection (HTTP/2 resets the stream).
                    status.publish(InternetStatus.CLOSING_CONNECTION);
                    status.publish(InternetStatus.CONNECTION_CLOSED);
                }
            }
        }
        if (wake) {
            queue.clear();
            queue.add(CLOSED);
        }
    }
}
