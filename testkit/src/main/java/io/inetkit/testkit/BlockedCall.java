package io.inetkit.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A call that a test expects to block, run on a thread of its own, so that the test can interrupt
 * that thread, or close what the call blocks on, and then see how the call ended.
 *
 * <pre>{@code
 * BlockedCall get = BlockedCall.start("get", () -> session.get("big.bin", target));
 * awaitTheStall();
 * get.interrupt();
 * InternetException e = get.failure(InternetException.class, Duration.ofSeconds(10));
 * assertEquals(InternetError.OPERATION_CANCELLED, e.error());
 * }</pre>
 */
public final class BlockedCall {

    /** How long {@link #failure} waits for the thread to end once the call has ended. */
    private static final Duration THREAD_END = Duration.ofSeconds(5);

    /** The call: anything that may throw. */
    @FunctionalInterface
    public interface Call {
        void run() throws Exception;
    }

    private final String name;
    private final Thread thread;
    private final CompletableFuture<Throwable> end = new CompletableFuture<>();

    private BlockedCall(String name, Call call) {
        this.name = name;
        this.thread = new Thread(() -> {
            try {
                call.run();
                end.complete(null);
            } catch (Throwable t) {
                end.complete(t);
            }
        }, "blocked-call-" + name);
        thread.setDaemon(true); // a call that never ends fails its test, not the test run
    }

    /** Starts {@code call} on a new thread named after {@code name}. */
    public static BlockedCall start(String name, Call call) {
        BlockedCall blocked = new BlockedCall(name, call);
        blocked.thread.start();
        return blocked;
    }

    /** Whether the call has not ended yet: a test checks that it blocks before it acts on it. */
    public boolean running() {
        return !end.isDone();
    }

    /** Interrupts the call's thread. */
    public void interrupt() {
        thread.interrupt();
    }

    /**
     * The exception the call ended with, once it has ended, within {@code within}. Fails the test if
     * the call returned, threw something other than a {@code type}, or still runs, and if its thread
     * does not end right after.
     */
    public <T extends Throwable> T failure(Class<T> type, Duration within) throws InterruptedException {
        Throwable thrown;
        try {
            thrown = end.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the " + name + " still runs after " + within.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new AssertionError(e); // never: the thread completes with what it caught
        }
        if (thrown == null) {
            throw new AssertionError("the " + name + " completed instead of failing");
        }
        thread.join(THREAD_END.toMillis());
        assertFalse(thread.isAlive(), "the thread of the " + name + " did not end");
        return assertInstanceOf(type, thrown, () -> "the " + name + " failed with " + thrown);
    }
}
