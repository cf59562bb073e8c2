package io.inetkit.testkit.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/** Waiting for a server's own threads when it closes, within one deadline for all of them. */
public final class Threads {

    private Threads() {
    }

    /**
     * Joins every thread, all within {@code timeout}, and logs the ones still running: a close
     * must end its threads, but must never hang a test run on one that does not end.
     */
    public static void joinAll(Collection<Thread> threads, Duration timeout, Logger log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : List.copyOf(threads)) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive()) {
                log.warn("thread {} still running after close", thread.getName());
            }
        }
    }
}
