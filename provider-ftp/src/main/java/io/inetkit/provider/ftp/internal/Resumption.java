package io.inetkit.provider.ftp.internal;

import io.inetkit.InternetException;
import io.inetkit.RetryPolicy;
import io.inetkit.ftp.TransferType;
import io.inetkit.spi.SessionSupport;
import io.inetkit.toolbox.RetryBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a download that failed mid-way goes on where its file ends ({@code REST} and
 * {@code RETR} again, appended), within the {@code Internet}'s {@link RetryPolicy#maxRetries()},
 * after its backoff, under the operation's deadline. Two failures resume: the data connection
 * dropped (a reset, a short file, a {@code 426}) while the control connection stayed usable; or
 * the control connection dropped, and a new login ({@link FtpConnection#logInAgain}) puts back the
 * session's working directory and transfer type first. The tries of that login count in the same
 * budget.
 *
 * <p>Only a binary download whose size {@code SIZE} announced resumes mid-file, so that the file's
 * end can be checked against it: an ASCII download's bytes change with line ends, so no byte
 * offset of the local file names a place in the remote one. Any download starts again when no
 * byte of it arrived.
 */
final class Resumption {

    private final RetryBudget budget;
    private final FtpConnection connection;
    private final SessionSupport support;
    private final String what;
    private final long start;
    private boolean possible;
    private boolean loggedInAgain;

    /**
     * @param what what the operation does, for messages
     * @param start where the download starts in the remote file: 0, or the length of a file resumed
     */
    Resumption(FtpConnection connection, SessionSupport support, String what, long start) {
        this.budget = new RetryBudget(connection.retries());
        this.connection = connection;
        this.support = support;
        this.what = what;
        this.start = start;
    }

    /** The download's type and the size {@code SIZE} announced (-1 for none): whether it may resume mid-file. */
    void expect(TransferType type, long expected) {
        possible = type == TransferType.BINARY && expected >= 0;
    }

    /** Before the first try: logs in again if the control connection dropped before the operation began. */
    void ensureLoggedIn() throws InternetException {
        if (connection.needsNewLogin()) {
            connection.logInAgain(budget, support);
        }
    }

    /**
     * After a failed try: waits, logs in again if the control connection dropped, and returns
     * where the next try starts, the length of {@code file}; or throws the failure, with the tries
     * made before it, when the download may not go on.
     *
     * @param file the file written to, or null when none was made yet
     */
    long next(InternetException failure, Path file) throws InternetException {
        long have;
        try {
            have = file == null ? start : Files.size(file);
        } catch (IOException e) {
            throw budget.afterTries(failure, null);
        }
        boolean control = connection.needsNewLogin();
        String why = resumable(failure, control, possible || have == start);
        if (why == null || !budget.hasRetryLeft()) {
            throw budget.afterTries(failure, null);
        }
        budget.failed(why + " after " + have + " bytes");
        budget.pause(what, budget.backoff(), connection.deadline(), support, failure);
        if (control) {
            connection.logInAgain(budget, support);
            loggedInAgain = true;
        }
        return have;
    }

    /** Whether the last {@link #next} logged in again; asking forgets it. */
    boolean takeLoggedInAgain() {
        boolean again = loggedInAgain;
        loggedInAgain = false;
        return again;
    }

    /** How many times the download resumed. */
    int resumes() {
        return budget.retries();
    }

    private String resumable(InternetException failure, boolean control, boolean goesOn) {
        if (!goesOn || connection.isCancelled() || connection.deadlineExpired()) {
            return null;
        }
        if (control) {
            if (!connection.mayLogInAgain()) {
                return null;
            }
            return switch (failure.error()) {
                case FTP_DROPPED, CONNECTION_ABORTED -> "the control connection dropped";
                case CONNECTION_RESET -> "the control connection was reset";
                default -> null;
            };
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
}
