package io.inetkit.toolbox;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.RetryPolicy;
import io.inetkit.spi.Deadline;
import io.inetkit.spi.SessionSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The retries of one operation under a {@link RetryPolicy}, the same in every provider: which
 * failures of a connection may be tried again, how many tries are left, the wait before the next
 * (the policy's backoff with jitter, or a wait the server asked for) within the operation's
 * deadline and the policy's retry time, and the last error listing each try. What a protocol may
 * send again, and when, stays with its provider; this class only counts and waits.
 *
 * <p>One instance per operation, used by the thread that runs it.
 */
public final class RetryBudget {

    private final RetryPolicy policy;
    private final long start = System.nanoTime();
    private final List<String> failures = new ArrayList<>();

    /** The retries of an operation starting now. */
    public RetryBudget(RetryPolicy policy) {
        this.policy = policy;
    }

    /** The policy. */
    public RetryPolicy policy() {
        return policy;
    }

    /**
     * Why a connection's failure before the server answered may be tried again, briefly; null when
     * it may not: a refused connection (only when {@link RetryPolicy#retryConnectionRefused()}), a
     * reset, an early close. Never a time-out, a TLS failure, a refusal by the server.
     */
    public static String connectionFailure(InternetException e, RetryPolicy policy) {
        return switch (e.error()) {
            case CANNOT_CONNECT -> policy.retryConnectionRefused() ? "cannot connect" : null;
            case CONNECTION_RESET -> "reset before any response";
            case CONNECTION_ABORTED -> "closed before any response";
            default -> null;
        };
    }

    /** Whether another try is left. */
    public boolean hasRetryLeft() {
        return failures.size() < policy.maxRetries();
    }

    /** How many retries were made (or are about to be): the failures recorded. */
    public int retries() {
        return failures.size();
    }

    /** Records why a try failed; the next retry's number is {@link #retries()}. */
    public void failed(String why) {
        failures.add(why);
    }

    /** The policy's wait before the retry about to be made. */
    public Duration backoff() {
        return policy.delay(Math.max(1, failures.size()));
    }

    /** Whether a wait fits before the deadline and within the policy's retry time. */
    public boolean fits(Duration wait, Deadline deadline) {
        return inDeadline(wait, deadline) && inRetryTime(wait);
    }

    private static boolean inDeadline(Duration wait, Deadline deadline) {
        return deadline.remaining().map(left -> wait.compareTo(left) < 0).orElse(true);
    }

    private boolean inRetryTime(Duration wait) {
        return policy.maxRetryTime()
                .map(max -> Duration.ofNanos(System.nanoTime() - start).plus(wait).compareTo(max) <= 0).orElse(true);
    }

    /**
     * Waits before a retry, after {@link #failed}. A wait past the deadline is not begun: the
     * operation fails with the deadline's {@code TIMEOUT} now; one past the policy's retry time ends
     * the retries with the last failure. Closing the session ({@code support}) or interrupting the
     * thread ends the wait with {@code OPERATION_CANCELLED}.
     *
     * @param what what the operation does, for the error's message
     * @param last the failure that led to the retry, or null for a refusal that asked for it
     */
    public void pause(String what, Duration wait, Deadline deadline, SessionSupport support, InternetException last)
            throws InternetException {
        String tries = failures.size() == 1 ? "1 try" : failures.size() + " tries";
        if (!inDeadline(wait, deadline)) {
            throw deadline.error(what + " (" + tries + ": " + String.join("; ", failures)
                    + "; the next would wait " + wait.toMillis() + " ms)", last);
        }
        if (!inRetryTime(wait)) {
            String message = what + ": no retry within " + policy.maxRetryTime().orElseThrow().toMillis()
                    + " ms (RetryPolicy.maxRetryTime) after " + tries + ": " + String.join("; ", failures);
            throw last != null ? new InternetException(last.error(), message, last.serverReply().orElse(null), last)
                    : new InternetException(InternetError.TIMEOUT, message);
        }
        Pause pause = new Pause();
        if (support != null) {
            support.track(pause);
        }
        try {
            if (!pause.sleep(wait)) {
                throw new InternetException(InternetError.OPERATION_CANCELLED, what + " was cancelled while"
                        + " it waited " + wait.toMillis() + " ms to retry: its session was closed, or the thread"
                        + " interrupted", last);
            }
        } finally {
            if (support != null) {
                support.untrack(pause);
            }
        }
    }

    /**
     * The last failure, with how many tries were made and why each failed; the failure itself
     * when it was the first try's.
     *
     * @param why why the last try failed, or null for its error's name
     */
    public InternetException afterTries(InternetException last, String why) {
        if (failures.isEmpty()) {
            return last;
        }
        List<String> all = new ArrayList<>(failures);
        all.add(why != null ? why : brief(last));
        StringBuilder message = new StringBuilder(last.getMessage()).append(" (").append(all.size())
                .append(" tries:");
        for (int i = 0; i < all.size(); i++) {
            message.append(i == 0 ? " " : "; ").append(i + 1).append(". ").append(all.get(i));
        }
        return new InternetException(last.error(), message.append(')').toString(), last.serverReply().orElse(null),
                last);
    }

    /** An error's name as a few words: {@code connection reset}. */
    public static String brief(InternetException e) {
        return e.error().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** A wait that closing the session ends. */
    private static final class Pause implements AutoCloseable {

        private final CountDownLatch ended = new CountDownLatch(1);

        /** Whether the whole wait passed: false when it was closed or the thread interrupted. */
        boolean sleep(Duration wait) {
            try {
                return !ended.await(wait.toNanos(), TimeUnit.NANOSECONDS);
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
