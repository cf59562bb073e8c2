package io.inetkit.provider.http;

/**
 * One try of a request on the wire, which the engine marks when a byte of a response arrived
 * before the try failed: {@link Retries} sends a request again only after a failure without one,
 * since a server that began to answer may have acted on the request. The HTTP/1.1 engine marks it
 * from the bytes its connection read; {@code java.net.http} does not say whether part of a head
 * arrived, so for HTTP/2 every failure before the head counts as unanswered.
 */
final class Attempt {

    private volatile boolean answered;

    /** Marks that the server began to answer. */
    void answered() {
        answered = true;
    }

    /** Whether the server began to answer. */
    boolean isAnswered() {
        return answered;
    }
}
