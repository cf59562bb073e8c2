package io.inetkit.provider.http;

import io.inetkit.spi.CallEvents;
import java.net.http.HttpRequest.BodyPublisher;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * A request body publisher that notes when the JDK last took bytes of the body, and how many.
 *
 * <p>Why: java.net.http's request timeout runs from the start of the send to the response headers,
 * upload included, so a large upload on a slow link would time out while making progress. With
 * this, a request with a body times out only when nothing moved for the read timeout. The JDK pulls
 * body buffers as it writes them (flow control), so taking a buffer is progress on the wire.
 */
final class ProgressPublisher implements BodyPublisher {

    private final BodyPublisher delegate;
    private final CallEvents events;
    private volatile long lastProgressNanos;
    private volatile long bytes;
    private volatile boolean complete;

    /** @param events told {@code requestBodySent} when the JDK has taken the whole body */
    ProgressPublisher(BodyPublisher delegate, CallEvents events) {
        this.delegate = delegate;
        this.events = events;
    }

    /** When bytes last moved, by {@link System#nanoTime()}; 0 before the first. */
    long lastProgressNanos() {
        return lastProgressNanos;
    }

    /** Whether the JDK has taken the whole body: what follows is a wait for the response, a read. */
    boolean isComplete() {
        return complete;
    }

    /** The bytes of the body taken so far. */
    long bytes() {
        return bytes;
    }

    @Override
    public long contentLength() {
        return delegate.contentLength();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        delegate.subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                lastProgressNanos = System.nanoTime();
                subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(ByteBuffer item) {
                bytes += item.remaining(); // one subscriber thread at a time, as Flow requires
                lastProgressNanos = System.nanoTime();
                subscriber.onNext(item);
            }

            @Override
            public void onError(Throwable throwable) {
                subscriber.onError(throwable);
            }

            @Override
            public void onComplete() {
                lastProgressNanos = System.nanoTime();
                complete = true;
                subscriber.onComplete();
                events.requestBodySent(bytes);
            }
        });
    }
}
