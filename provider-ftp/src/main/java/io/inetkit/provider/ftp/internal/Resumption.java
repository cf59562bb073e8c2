package io.inetkit.provider.ftp.internal;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.RetryPolicy;
import io.inetkit.ftp.TransferType;
import io.inetkit.spi.Deadline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a {@code get} to a file whose data connection dropped mid-file goes on where its file
 * ends ({@code REST} and {@code RETR} again, appended), within the {@code Internet}'s
 * {@link RetryPolicy#maxRetries()}, after its backoff. Only a binary download whose size
 * {@code SIZE} announced resumes, so that the file's end can be checked against it: an ASCII
 * download's bytes change with line ends, so no byte offset of the local file names a place in
 * the remote one. Only while the control connection stays usable: a dropped control connection
 * ends the download, since this session cannot log in again by itself.
 */
final class Resumption {

    private static final long SLICE_MILLIS = 50;

    private final RetryPolicy policy;
    private final FtpConnection connection;
    private final boolean possible;
    private final List<String> failures = new ArrayList<>();

    /**
     * @param expected the size {@code SIZE} announced, or -1
     */
    Resumption(RetryPolicy policy, FtpConnection connection, TransferType type, long expected) {
        this.policy = policy;
        this.connection = connection;
        this.possible = type == TransferType.BINARY && expected >= 0;
    }

    /**
     * After a failed try: waits, and returns how many bytes {@code file} holds, where the next try
     * starts; or throws the failure, with the tries made before it, when it may not resume.
     */
    long next(InternetException failure, Path file, Deadline deadline) throws InternetException {
        String why = resumable(failure);
        if (why == null || failures.size() >= policy.maxRetries()) {
            throw withTries(failure);
        }
        long have;
        try {
            have = Files.size(file);
        } catch (IOException e) {
            throw withTries(failure);
        }
        failures.add(why + " after " + have + " bytes");
        Duration wait = policy.delay(failures.size());
        if (deadline.remaining().map(left -> wait.compareTo(left) >= 0).orElse(false)) {
            throw deadline.error("resuming the download (" + String.join("; ", failures) + ")", failure);
        }
        sleep(wait, failure);
        return have;
    }

    /** How many times the download resumed. */
    int resumes() {
        return failures.size();
    }

    private String resumable(InternetException failure) {
        if (!possible || !connection.isUsable() || connection.isCancelled() || connection.deadlineExpired()) {
            return null;
        }
        if (failure.serverReply().filter(reply -> reply.startsWith("426")).isPresent()) {
            return "the data connection was closed (426)";
        }
        return switch (failure.error()) {
            case CONNECTION_RESET -> "the data connection was reset";
            case CONNECTION_ABORTED -> "the data connection ended early";
            default -> null;
        };
    }

    private InternetException withTries(InternetException last) {
        if (failures.isEmpty()) {
            return last;
        }
        StringBuilder message = new StringBuilder(last.getMessage()).append(" (").append(failures.size() + 1)
                .append(" tries:");
        for (int i = 0; i < failures.size(); i++) {
            message.append(i == 0 ? " " : "; ").append(i + 1).append(". ").append(failures.get(i));
        }
        message.append("; ").append(failures.size() + 1).append(". ")
                .append(last.error().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(')');
        return new InternetException(last.error(), message.toString(), last.serverReply().orElse(null), last);
    }

    /** Sleeps in slices, so that a cancel (the session closed) ends the wait soon. */
    private void sleep(Duration wait, InternetException failure) throws InternetException {
        long end = System.nanoTime() + wait.toNanos();
        try {
            while (System.nanoTime() - end < 0) {
                if (connection.isCancelled()) {
                    throw new InternetException(InternetError.OPERATION_CANCELLED, "the download was cancelled while"
                            + " it waited to resume", failure);
                }
                Thread.sleep(Math.min(SLICE_MILLIS, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternetException(InternetError.OPERATION_CANCELLED, "the download was interrupted while it"
                    + " waited to resume", failure);
        }
    }
}
