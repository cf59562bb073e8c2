package io.inetkit.testkit.proxy;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Holds one direction of one connection to a rate, as a token bucket: each write of {@code n} bytes
 * spends {@code n / rate} of line time, counted against the clock from the line's first write, so a
 * wait that ends late is made up by shorter ones after it and the connection gets its rate on a
 * loaded machine too. The bucket holds at most {@link #BURST} of line time, so an idle line earns
 * no more than that for a later burst.
 */
final class Throttle {

    /**
     * The most line time a late wake-up or an idle line may leave unspent: long enough for a
     * scheduler's delays on busy cores, short enough that a burst after idling stays small.
     */
    static final Duration BURST = Duration.ofMillis(20);

    private final long bytesPerSecond;
    private final LongSupplier clock;
    private long dueNanos;
    private boolean started;

    Throttle(long bytesPerSecond) {
        this(bytesPerSecond, System::nanoTime);
    }

    Throttle(long bytesPerSecond, LongSupplier clock) {
        this.bytesPerSecond = bytesPerSecond;
        this.clock = clock;
    }

    boolean active() {
        return bytesPerSecond > 0;
    }

    /** The most bytes to write at once: a twentieth of a second's worth, so that the rate is smooth. */
    int step() {
        return (int) Math.max(1, Math.min(8192, bytesPerSecond / 20));
    }

    /** How long to wait after writing {@code n} bytes, so that they took their time on the line. */
    Duration after(int n) {
        long now = clock.getAsLong();
        long earliest = now - BURST.toNanos();
        if (!started) {
            started = true;
            dueNanos = now;
        } else if (dueNanos - earliest < 0) {
            dueNanos = earliest;
        }
        dueNanos += n * 1_000_000_000L / bytesPerSecond;
        return dueNanos - now > 0 ? Duration.ofNanos(dueNanos - now) : Duration.ZERO;
    }
}
