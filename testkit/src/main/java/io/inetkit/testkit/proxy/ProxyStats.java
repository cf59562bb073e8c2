package io.inetkit.testkit.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** The counters of one proxy, shared by its connections. */
final class ProxyStats {

    private final AtomicLong upstream = new AtomicLong();
    private final AtomicLong downstream = new AtomicLong();
    private final Object monitor = new Object();
    private final Queue<Direction> ends = new ConcurrentLinkedQueue<>();
    private int accepted;
    private int active;

    void sourceEnded(Direction direction) {
        ends.add(direction);
    }

    List<Direction> sourceEnds() {
        return List.copyOf(ends);
    }

    void forwarded(Direction direction, int bytes) {
        (direction == Direction.UPSTREAM ? upstream : downstream).addAndGet(bytes);
    }

    long bytes(Direction direction) {
        return (direction == Direction.UPSTREAM ? upstream : downstream).get();
    }

    void opened() {
        synchronized (monitor) {
            accepted++;
            active++;
            monitor.notifyAll();
        }
    }

    void closed() {
        synchronized (monitor) {
            active--;
            monitor.notifyAll();
        }
    }

    int accepted() {
        synchronized (monitor) {
            return accepted;
        }
    }

    int active() {
        synchronized (monitor) {
            return active;
        }
    }

    boolean awaitAccepted(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            while (accepted < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                monitor.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }
}
