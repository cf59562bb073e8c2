package io.inetkit;

import java.util.Optional;

/**
 * How an asynchronous operation ended, the info of {@link InternetStatus#REQUEST_COMPLETE}: WinINet's
 * {@code INTERNET_ASYNC_RESULT} as a value, with the result itself rather than a handle and the
 * exception rather than an error number.
 *
 * <pre>{@code
 * StatusListener done = event -> event.info(AsyncResult.class).ifPresent(outcome -> outcome.failure()
 *         .ifPresentOrElse(e -> log.warn("failed", e), () -> log.info("done: {}", outcome.value().orElse(""))));
 * }</pre>
 */
public final class AsyncResult {

    private final Object value;
    private final Throwable failure;

    private AsyncResult(Object value, Throwable failure) {
        this.value = value;
        this.failure = failure;
    }

    /** A success with its result, which may be {@code null} (an operation that returns nothing). */
    public static AsyncResult of(Object value) {
        return new AsyncResult(value, null);
    }

    /** A failure with what the operation threw. */
    public static AsyncResult failed(Throwable failure) {
        return new AsyncResult(null, java.util.Objects.requireNonNull(failure, "failure"));
    }

    /** The result of a success; empty for a failure, or for a success without one. */
    public Optional<Object> value() {
        return Optional.ofNullable(value);
    }

    /** What the operation failed with, if it failed: an {@link InternetException} as a rule. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Whether the operation succeeded. */
    public boolean isSuccess() {
        return failure == null;
    }

    @Override
    public String toString() {
        return failure == null ? "success " + value : "failure " + failure;
    }
}
