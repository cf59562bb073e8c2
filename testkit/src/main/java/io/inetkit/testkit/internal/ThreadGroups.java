package io.inetkit.testkit.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs a library's start-up in a thread group of its own, so that every thread the library
 * makes later can be found and waited for. The JDK's default thread factory puts a new thread
 * in the group of the thread that made the factory, and MINA makes its factories while starting.
 */
public final class ThreadGroups {

    private ThreadGroups() {
    }

    /** Runs {@code task} in a new thread of {@code group} and returns its result. */
    public static <T> T callIn(ThreadGroup group, String threadName, Callable<T> task) throws Exception {
        FutureTask<T> future = new FutureTask<>(task);
        Thread thread = new Thread(group, future, threadName);
        thread.setDaemon(true);
        thread.start();
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /**
     * Waits until no thread of {@code group} is alive, at most {@code timeout}.
     *
     * @return whether the group is empty
     */
    public static boolean awaitEmpty(ThreadGroup group, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Thread[] threads = new Thread[group.activeCount() + 8];
            int count = group.enumerate(threads, true);
            if (count == 0) {
                return true;
            }
            for (Thread thread : Arrays.copyOf(threads, count)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                thread.join(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** The names of the live threads of {@code group}, for a log line. */
    public static String names(ThreadGroup group) {
        Thread[] threads = new Thread[group.activeCount() + 8];
        int count = group.enumerate(threads, true);
        return Arrays.toString(Arrays.stream(threads, 0, count).map(Thread::getName).toArray());
    }
}
