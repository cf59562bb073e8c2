package io.inetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link RetryPolicy}: its defaults, its checks, and the bounds of its backoff with jitter. */
class RetryPolicyTest {

    @Test
    void defaultsAreThoseItsTableGives() {
        RetryPolicy policy = RetryPolicy.defaults();
        assertEquals(2, policy.maxRetries());
        assertEquals(Duration.ofMillis(250), policy.backoff());
        assertEquals(Duration.ofSeconds(30), policy.maxBackoff());
        assertEquals(Duration.ofSeconds(10), policy.maxRetryAfter());
        assertTrue(policy.maxRetryTime().isEmpty());
        assertTrue(policy.retryConnectionRefused());
        assertEquals(false, policy.retryNonIdempotent());
        assertEquals(0, RetryPolicy.none().maxRetries());
        assertEquals(policy, Internet.newBuilder().build().retries());
    }

    @Test
    void valuesOutOfRangeAreRefusedAtOnce() {
        RetryPolicy.Builder builder = RetryPolicy.newBuilder();
        assertThrows(IllegalArgumentException.class, () -> builder.maxRetries(-1));
        assertThrows(IllegalArgumentException.class, () -> builder.maxRetries(RetryPolicy.MAX_RETRIES + 1));
        assertThrows(IllegalArgumentException.class, () -> builder.backoff(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> builder.maxBackoff(Duration.ofDays(2)));
        assertThrows(IllegalArgumentException.class, () -> builder.maxRetryAfter(Duration.ofDays(365)));
        assertThrows(IllegalArgumentException.class, () -> builder.maxRetryTime(Duration.ZERO));
        assertThrows(NullPointerException.class, () -> builder.backoff(null));
        assertThrows(NullPointerException.class, () -> Internet.newBuilder().retries(null));
    }

    @Test
    void eachRetryWaitsTwiceTheOneBeforeUpToTheBoundWithUpToHalfAgainOfJitter() {
        RetryPolicy policy = RetryPolicy.newBuilder().backoff(Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(350))
                .build();
        long[] base = {100, 200, 350, 350, 350};
        for (int round = 0; round < 200; round++) {
            for (int retry = 1; retry <= base.length; retry++) {
                long nanos = policy.delay(retry).toNanos();
                long min = Duration.ofMillis(base[retry - 1]).toNanos();
                assertTrue(nanos >= min && nanos <= min + min / 2, "retry " + retry + ": " + nanos + " ns");
            }
        }
        assertEquals(Duration.ZERO, RetryPolicy.newBuilder().backoff(Duration.ZERO).build().delay(3));
        assertThrows(IllegalArgumentException.class, () -> policy.delay(0));
    }

    @Test
    void aVeryLateRetryDoesNotOverflow() {
        RetryPolicy policy = RetryPolicy.newBuilder().backoff(Duration.ofDays(1)).maxBackoff(Duration.ofDays(1)).build();
        assertTrue(policy.delay(100).compareTo(Duration.ofDays(1)) >= 0);
    }

    @Test
    void toBuilderKeepsEverySetting() {
        RetryPolicy policy = RetryPolicy.newBuilder().maxRetries(7).backoff(Duration.ofSeconds(1))
                .maxBackoff(Duration.ofSeconds(9)).maxRetryAfter(Duration.ZERO).maxRetryTime(Duration.ofMinutes(1))
                .retryConnectionRefused(false).retryNonIdempotent(true).build();
        assertEquals(policy, policy.toBuilder().build());
        assertEquals(policy.hashCode(), policy.toBuilder().build().hashCode());
    }
}
