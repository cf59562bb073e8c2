package io.inetkit.provider.sftp;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.RetryPolicy;
import io.inetkit.spi.Deadline;
import io.inetkit.spi.SessionSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The tries of a download that goes on, on a new connection, where a dropped one stopped: as many
 * as the {@code Internet}'s {@link RetryPolicy#maxRetries()}, each after the policy's backoff,
 * within its {@link RetryPolicy#maxRetryTime()} and the operation's deadline; a close of the
 * session ends the wait.
 */
final class Resumes {

    private final RetryPolicy policy;
    private final long start = System.nanoTime();
    private final List<String> failures = new ArrayList<>();

    Resumes(RetryPolicy policy) {
        this.policy = policy;
    }

    boolean hasLeft() {
        return failures.size() < policy.maxRetries();
    }

    /** Counts a failure and waits the backoff before the next try, or throws when there is no time for one. */
    void failed(String why, String what, Deadline deadline, SessionSupport support, InternetException last)
            throws InternetException {
        failures.add(why);
        Duration wait = policy.delay(failures.size());
        if (deadline.remaining().map(left -> wait.compareTo(left) >= 0).orElse(false)) {
            throw deadline.error(what + " (" + tries() + "; the next would wait " + wait.toMillis() + " ms)", last);
        }
        if (policy.maxRetryTime().map(max -> Duration.ofNanos(System.nanoTime() - start).plus(wait)
                .compareTo(max) > 0).orElse(false)) {
            throw new InternetException(last.error(), what + ": no retry within RetryPolicy.maxRetryTime after "
                    + tries(), last);
        }
        CountDownLatch ended = new CountDownLatch(1);
        AutoCloseable pause = ended::countDown;
        support.track(pause);
        try {
            if (ended.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new InternetException(InternetError.OPERATION_CANCELLED, what + " was cancelled while it"
                        + " waited to resume: its session was closed", last);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternetException(InternetError.OPERATION_CANCELLED, what + " was interrupted while it"
                    + " waited to resume", last);
        } finally {
            support.untrack(pause);
        }
    }

    /** The last failure, with the ones before it when there were. */
    InternetException after(InternetException last) {
        if (failures.isEmpty()) {
            return last;
        }
        return new InternetException(last.error(), last.getMessage() + " (after " + tries() + ")",
                last.serverReply().orElse(null), last);
    }

    private String tries() {
        return failures.size() + (failures.size() == 1 ? " resume: " : " resumes: ") + String.join("; ", failures);
    }
}
