package io.inetkit.testkit.proxy;

import java.time.Duration;

/**
 * What the line between client and target is like in one direction, for every connection of a
 * {@link FaultProxy}: a fixed latency added to each byte, and a rate no connection exceeds. It
 * applies under any {@link Fault}, which shapes the bytes as they leave the line.
 */
record Link(Duration latency, long bytesPerSecond) {

    static final Link PERFECT = new Link(Duration.ZERO, 0);

    Link withLatency(Duration added) {
        return new Link(added, bytesPerSecond);
    }

    Link withBandwidth(long rate) {
        return new Link(latency, rate);
    }
}
