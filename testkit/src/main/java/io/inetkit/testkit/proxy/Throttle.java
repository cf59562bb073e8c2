package io.inetkit.testkit.proxy;

import java.time.Duration;

/**
 * Holds one direction of one connection to a rate, as Toxiproxy's bandwidth toxic: each write of
 * {@code n} bytes is followed by a wait of {@code n / rate} from the previous one's end, and an idle line earns no credit
 * for a later burst.
 */
final class Throttle {

    private final long bytesPerSecond;
    private long dueNanos;

    Throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
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
        long now = System.nanoTime();
        if (dueNanos - now < 0) {
            dueNanos = now;
        }
        dueNanos += n * 1_000_000_000L / bytesPerSecond;
        return Duration.ofNanos(dueNanos - now);
    }
}
