package io.inetkit.provider.http;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.RetryPolicy;
import io.inetkit.spi.SessionSupport;
import io.inetkit.toolbox.Logs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The retry stage, just before {@link Exchange}: sends a hop again, under the {@code Internet}'s
 * {@link RetryPolicy}, when its connection was refused, reset or closed before any byte of a
 * response, or when a {@code 503} or {@code 429} asks, with {@code Retry-After}, for a wait within
 * the policy's bound. Only what may be sent twice is: an idempotent method (or any, when the
 * policy says so) with a body that can be replayed. It stands after redirects and authentication,
 * so a retry repeats the one hop, never the redirects before it.
 *
 * <p>The HTTP/1.1 engine's own replacement of a kept-alive connection that the server had closed
 * (a stale pooled connection) happens inside one try and is not counted here.
 */
final class Retries implements Stage {

    private static final Logger LOG = Logs.get(Retries.class);
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");

    private final RetryPolicy policy;
    private final SessionSupport support;

    Retries(RetryPolicy policy, SessionSupport support) {
        this.policy = policy;
        this.support = support;
    }

    @Override
    public ResponseImpl proceed(Outgoing first, Next next) throws InternetException {
        if (policy.maxRetries() == 0) {
            return next.proceed(first);
        }
        boolean resendable = (IDEMPOTENT.contains(first.method()) || policy.retryNonIdempotent())
                && first.body().isReplayable();
        long start = System.nanoTime();
        List<String> failures = new ArrayList<>();
        Outgoing hop = first;
        for (int retry = 1; ; retry++) {
            boolean more = resendable && retry <= policy.maxRetries();
            ResponseImpl response;
            try {
                response = next.proceed(hop);
            } catch (InternetException e) {
                String why = retriable(e, hop.attempt());
                if (why == null || !more) {
                    throw failures.isEmpty() ? e : afterTries(e, failures, why == null ? brief(e) : why);
                }
                failures.add(why);
                Duration wait = policy.delay(retry);
                pause(hop, wait, start, failures, e);
                LOG.debug("{} failed ({}); retry {} of {} after {} ms", hop.what(), why, retry, policy.maxRetries(),
                        wait.toMillis());
                hop = first.retried();
                continue;
            }
            int code = response.statusCode();
            if (more && (code == 503 || code == 429)) {
                Optional<Duration> after = RetryAfter.parse(response.headers().firstValue("Retry-After"));
                if (after.isPresent() && after.get().compareTo(policy.maxRetryAfter()) <= 0
                        && fits(hop, after.get(), start)) {
                    failures.add(response.statusLine());
                    FollowRedirects.drainAndClose(response);
                    pause(hop, after.get(), start, failures, null);
                    LOG.debug("{} -> {}; retry {} of {} after {} ms (Retry-After)", hop.what(), code, retry,
                            policy.maxRetries(), after.get().toMillis());
                    hop = first.retried();
                    continue;
                }
            }
            return response;
        }
    }

    /** Why a failure may be retried, briefly; {@code null} when it may not. */
    private String retriable(InternetException e, Attempt attempt) {
        if (attempt.isAnswered()) {
            return null; // the server began to answer: it may have acted on the request
        }
        return switch (e.error()) {
            case CANNOT_CONNECT -> policy.retryConnectionRefused() ? "cannot connect" : null;
            case CONNECTION_RESET -> "reset before any response";
            case CONNECTION_ABORTED -> "closed before any response";
            default -> null;
        };
    }

    /** Whether a wait fits before the deadline and within the policy's retry time. */
    private boolean fits(Outgoing hop, Duration wait, long start) {
        boolean inDeadline = hop.deadline().remaining().map(left -> wait.compareTo(left) < 0).orElse(true);
        boolean inRetryTime = policy.maxRetryTime()
                .map(max -> Duration.ofNanos(System.nanoTime() - start).plus(wait).compareTo(max) <= 0).orElse(true);
        return inDeadline && inRetryTime;
    }

    /**
     * Waits before a retry. A wait past the deadline is not begun: the call fails with the
     * deadline's {@code TIMEOUT} now; one past the policy's retry time ends the retries with the
     * last failure. Closing the session ends the wait.
     */
    private void pause(Outgoing hop, Duration wait, long start, List<String> failures, InternetException last)
            throws InternetException {
        String tries = failures.size() == 1 ? "1 try" : failures.size() + " tries";
        if (hop.deadline().remaining().map(left -> wait.compareTo(left) >= 0).orElse(false)) {
            throw hop.deadline().error(hop.what() + " (" + tries + ": " + String.join("; ", failures)
                    + "; the next would wait " + wait.toMillis() + " ms)", last);
        }
        if (!fits(hop, wait, start)) {
            String message = hop.what() + ": no retry within " + policy.maxRetryTime().orElseThrow().toMillis()
                    + " ms (RetryPolicy.maxRetryTime) after " + tries + ": " + String.join("; ", failures);
            throw last != null ? new InternetException(last.error(), message, last.serverReply().orElse(null), last)
                    : new InternetException(InternetError.TIMEOUT, message);
        }
        Pause pause = new Pause();
        support.track(pause);
        try {
            if (!pause.sleep(wait)) {
                throw new InternetException(InternetError.OPERATION_CANCELLED, hop.what() + " was cancelled while"
                        + " it waited " + wait.toMillis() + " ms to retry: its session was closed, or the thread"
                        + " interrupted", last);
            }
        } finally {
            support.untrack(pause);
        }
    }

    /** The last failure, with how many tries were made and why each failed. */
    private static InternetException afterTries(InternetException last, List<String> failures, String why) {
        List<String> all = new ArrayList<>(failures);
        all.add(why);
        StringBuilder message = new StringBuilder(last.getMessage()).append(" (").append(all.size())
                .append(" tries:");
        for (int i = 0; i < all.size(); i++) {
            message.append(i == 0 ? " " : "; ").append(i + 1).append(". ").append(all.get(i));
        }
        return new InternetException(last.error(), message.append(')').toString(), last.serverReply().orElse(null),
                last);
    }

    private static String brief(InternetException e) {
        return e.error().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    /** A wait that closing the session ends. */
    private static final class Pause implements AutoCloseable {

        private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);

        /** Whether the whole wait passed: false when it was closed or the thread interrupted. */
        boolean sleep(Duration wait) {
            try {
                return !ended.await(wait.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public void close() {
            ended.countDown();
        }
    }
}
