package io.inetkit.provider.http;

/**
 * One try of a request on the wire, which the engine marks when a byte of a response arrived
 * before the try failed: {@link Retries} sends a request again only after a failure without one,
 * since a server that began to answer may have acted on the request.
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
