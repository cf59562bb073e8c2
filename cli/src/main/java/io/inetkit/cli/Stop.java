package io.inetkit.cli;

import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Ends a running command early and cleanly: when {@code --max-time} runs out ({@link Deadline}) or
 * the process is asked to stop ({@link Signals}). Stopping closes the command's {@link Internet},
 * which cancels its transfers and closes its connections; the command then fails, its temporary
 * file is removed as on any failure, and {@link ErrorLine} reports the stop instead of the
 * failure it caused, with the stop's exit status.
 *
 * <p>What closing cannot end, a name lookup or a connect the provider has not yet made
 * cancellable, must not keep the process: when the process may {@linkplain #forProcess halt}, a
 * stop that the command has not reported within {@link #GRACE_MILLIS} removes the temporary file,
 * prints the error line itself and halts with the status.
 */
final class Stop {

    /** Why a command stopped: the error it reports and the exit status. */
    record Reason(InternetError error, String message, int status) {

        /** The error line, as any failure's. */
        String line() {
            return ErrorLine.line(error, message);
        }
    }

    /**
     * How long a stopped command has to end by itself before the process halts. Short, since the
     * halt itself takes some 300 ms more: HotSpot's exit waits that long for threads blocked in
     * native code, such as the read the command could not end (measured on JDK 17).
     */
    static final long GRACE_MILLIS = 200;

    private final boolean mayHalt;
    private volatile PrintWriter err;
    private volatile Reason reason;
    private volatile Internet internet;
    private volatile Path download;
    private volatile Set<Path> partFilesBefore = Set.of();
    private volatile Deadline deadline;
    /** Set once the command's outcome is reported, by the command or by the halt: only one reports it. */
    private boolean reported;

    private Stop(boolean mayHalt) {
        this.mayHalt = mayHalt;
    }

    /** For a command run inside another program (tests, the demo's steps): never halts the JVM. */
    static Stop inProcess() {
        return new Stop(false);
    }

    /** For the command that is the process: a stop that the command does not end in time halts it. */
    static Stop forProcess() {
        return new Stop(true);
    }

    /** Where the halt path prints the error line. */
    void errorsTo(PrintWriter err) {
        this.err = err;
    }

    /** Starts the clock of {@code --max-time}; none for zero. */
    void deadline(long nanos, String maxTime) {
        if (nanos > 0 && deadline == null) {
            deadline = Deadline.start(this, nanos, new Reason(InternetError.TIMEOUT,
                    "the operation took longer than --max-time " + maxTime + " s", 28));
        }
    }

    /** The Internet to close on a stop; closed at once if the command was stopped already. */
    void watch(Internet watched) {
        internet = watched;
        if (reason != null) {
            watched.close();
        }
    }

    /**
     * The file a download goes to, whose {@code .part} files made from now on the halt path removes,
     * whoever made them (the library or the command); null once the download ended.
     */
    void downloadTo(Path target) {
        partFilesBefore = target == null ? Set.of() : PartProgress.partFiles(target);
        download = target;
    }

    /** Why it was stopped, or null. */
    Reason reason() {
        return reason;
    }

    /** Throws the stop's error if the command was stopped: a step must not complete after it. */
    void check() throws InternetException {
        Reason stopped = reason;
        if (stopped != null) {
            throw new InternetException(stopped.error(), stopped.message());
        }
    }

    /**
     * Stops the command for this reason, unless it was stopped already; a second stop while the
     * first is under way halts at once, as a second Ctrl-C should.
     */
    void stop(Reason why) {
        synchronized (this) {
            if (reason != null) {
                if (mayHalt) {
                    haltIfUnreported(why);
                }
                return;
            }
            reason = why;
        }
        if (mayHalt) {
            // A class, not a lambda: the first lambda of a path costs its bootstrap, tens of
            // milliseconds the archive does not hold, since the training run never stops.
            Thread halt = new Thread(new Halt(why), "inetkit-stop");
            halt.setDaemon(true);
            halt.start();
        }
        Internet running = internet;
        if (running != null) {
            running.close();
        }
    }

    /**
     * Claims the report of the command's outcome: true for the first caller, the command or the
     * halt path; the other prints nothing.
     */
    synchronized boolean claimReport() {
        if (reported) {
            return false;
        }
        reported = true;
        Deadline clock = deadline;
        if (clock != null) {
            clock.cancel();
        }
        return true;
    }

    private void haltIfUnreported(Reason why) {
        if (!claimReport()) {
            return;
        }
        Path target = download;
        if (target != null) {
            Set<Path> before = partFilesBefore;
            for (Path part : PartProgress.partFiles(target)) {
                if (!before.contains(part)) {
                    try {
                        Files.deleteIfExists(part);
                    } catch (IOException e) {
                        // The process ends anyway; the error line below is what the user needs.
                    }
                }
            }
        }
        PrintWriter to = err;
        if (to != null) {
            to.println(why.line());
            to.flush();
        }
        System.out.flush();
        Runtime.getRuntime().halt(why.status());
    }

    /** Halts the process for a stop the command has not reported within {@link #GRACE_MILLIS}. */
    private final class Halt implements Runnable {

        private final Reason why;

        Halt(Reason why) {
            this.why = why;
        }

        @Override
        public void run() {
            try {
                Thread.sleep(GRACE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            haltIfUnreported(why);
        }
    }
}
