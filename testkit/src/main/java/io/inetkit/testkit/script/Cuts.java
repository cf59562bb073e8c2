package io.inetkit.testkit.script;

import java.time.Duration;

/** The connections a client closed while a scripted server still sent on them: counted, and waited for. */
final class Cuts {

    private int count; // guarded by this

    synchronized void add() {
        count++;
        notifyAll();
    }

    /** Whether there was a cut, or is one within {@code timeout}. */
    synchronized boolean await(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (count == 0) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
