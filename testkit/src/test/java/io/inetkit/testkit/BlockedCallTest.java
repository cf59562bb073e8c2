package io.inetkit.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class BlockedCallTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @Test
    void anInterruptedCallEndsWithItsException() throws Exception {
        BlockedCall call = BlockedCall.start("sleep", () -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                throw new InterruptedIOException("interrupted");
            }
        });
        call.interrupt();
        assertEquals("interrupted", call.failure(IOException.class, WITHIN).getMessage());
    }

    @Test
    void aCallThatReturnsFailsTheTest() {
        BlockedCall call = BlockedCall.start("no-op", () -> { });
        AssertionError e = assertThrows(AssertionError.class, () -> call.failure(IOException.class, WITHIN));
        assertTrue(e.getMessage().contains("completed instead of failing"), e.getMessage());
    }

    @Test
    void aCallStillRunningFailsTheTest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BlockedCall call = BlockedCall.start("wait", release::await);
        AssertionError e = assertThrows(AssertionError.class,
                () -> call.failure(IOException.class, Duration.ofMillis(100)));
        assertTrue(e.getMessage().contains("still runs after 100 ms"), e.getMessage());
        assertTrue(call.running());
        release.countDown();
        AssertionError ended = assertThrows(AssertionError.class, () -> call.failure(Throwable.class, WITHIN));
        assertTrue(ended.getMessage().contains("completed instead of failing"), ended.getMessage());
    }

    @Test
    void anEndedCallIsNotRunning() throws Exception {
        BlockedCall call = BlockedCall.start("throw", () -> {
            throw new IOException("at once");
        });
        call.failure(IOException.class, WITHIN);
        assertFalse(call.running());
    }

    @Test
    void anExceptionOfAnotherTypeFailsTheTest() {
        IllegalStateException thrown = new IllegalStateException("other");
        BlockedCall call = BlockedCall.start("throw", () -> {
            throw thrown;
        });
        AssertionError e = assertThrows(AssertionError.class, () -> call.failure(IOException.class, WITHIN));
        assertTrue(e.getMessage().contains("failed with java.lang.IllegalStateException: other"), e.getMessage());
    }

    @Test
    void theExceptionIsTheOneThrown() throws Exception {
        IOException thrown = new IOException("this one");
        BlockedCall call = BlockedCall.start("throw", () -> {
            throw thrown;
        });
        assertSame(thrown, call.failure(IOException.class, WITHIN));
    }
}
