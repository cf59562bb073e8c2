package io.inetkit.testkit.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The throttle's budget against a clock the test moves, so that no figure depends on the machine. */
class ThrottleTest {

    private long now = 1_000_000_000L;
    private final Throttle throttle = new Throttle(1_000_000, () -> now);

    @Test
    void theFirstWriteWaitsItsWholeTime() {
        assertEquals(Duration.ofMillis(1), throttle.after(1000));
    }

    @Test
    void aLateWakeUpShortensTheNextWait() {
        Duration wait = throttle.after(1000);
        now += wait.toNanos() + 400_000; // woke 0.4 ms late
        assertEquals(Duration.ofNanos(600_000), throttle.after(1000));
    }

    @Test
    void wakeUpsLateByMoreThanAWriteAskForNoWait() {
        throttle.after(1000);
        now += 3_000_000;
        assertEquals(Duration.ZERO, throttle.after(1000));
        assertEquals(Duration.ZERO, throttle.after(1000));
        assertEquals(Duration.ofMillis(1), throttle.after(1000));
    }

    @Test
    void anIdleLineEarnsNoMoreThanTheBurst() {
        throttle.after(1000);
        now += Duration.ofSeconds(10).toNanos();
        long burstBytes = Throttle.BURST.toMillis() * 1000; // at 1,000,000 B/s
        assertEquals(Duration.ZERO, throttle.after((int) burstBytes));
        // The credit spent, what follows waits its whole time: ten idle seconds bought 20 ms only.
        assertEquals(Duration.ofMillis(1), throttle.after(1000));
    }

    @Test
    void overALongRunTheRateIsTheConfiguredOne() {
        // Every wake-up 30% late: the budget makes it up, so 1,000 writes of 1,000 bytes take 1 s.
        long start = now;
        for (int i = 0; i < 1000; i++) {
            now += throttle.after(1000).toNanos() * 13 / 10;
        }
        long took = now - start;
        assertEquals(1.0, took / 1e9, 0.01);
    }
}
