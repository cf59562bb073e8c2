package io.inetkit.testkit.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Predicate;

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
     * Waits until no thread of {@code group} is alive but those {@code shared} accepts, at most
     * {@code timeout}.
     *
     * @return whether only shared threads are left
     */
    public static boolean awaitEmpty(ThreadGroup group, Predicate<Thread> shared, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Thread[] threads = new Thread[group.activeCount() + 8];
            int count = group.enumerate(threads, true);
            Thread[] own = Arrays.stream(threads, 0, count).filter(shared.negate()).toArray(Thread[]::new);
            if (own.length == 0) {
                return true;
            }
            for (Thread thread : own) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                thread.join(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** The live threads of {@code group} and its subgroups. */
    public static Thread[] threads(ThreadGroup group) {
        Thread[] threads = new Thread[group.activeCount() + 8];
        int count = group.enumerate(threads, true);
        return Arrays.copyOf(threads, count);
    }

    /** The names of the live threads of {@code group}, for a log line. */
    public static String names(ThreadGroup group) {
        return Arrays.toString(Arrays.stream(threads(group)).map(Thread::getName).toArray());
    }

    /** Where the live threads of {@code group} are, for a diagnostic log line. */
    public static String stacks(ThreadGroup group) {
        StringBuilder text = new StringBuilder();
        for (Thread thread : threads(group)) {
            text.append(thread.getName()).append(" (").append(thread.getState()).append(')');
            for (StackTraceElement frame : thread.getStackTrace()) {
                text.append("\n\tat ").append(frame);
            }
            text.append('\n');
        }
        return text.toString();
    }
}
