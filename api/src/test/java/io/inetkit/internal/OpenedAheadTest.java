package io.inetkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link OpenedAhead}: what is opened is taken once, what is not taken is closed, also when it
 * opens late, and no opening thread outlives it. The source here opens nothing on a network: the
 * class only hands connections over, whatever they are.
 */
class OpenedAheadTest {

    /** Connections that say whether they were closed; the {@code failing}th opening fails. */
    private static final class Source implements RangeSource {
        final List<Conn> opened = new CopyOnWriteArrayList<>();
        final AtomicInteger openings = new AtomicInteger();
        final boolean ahead;
        final int failing;
        final CountDownLatch hold;

        Source(boolean ahead, int failing, CountDownLatch hold) {
            this.ahead = ahead;
            this.failing = failing;
            this.hold = hold;
        }

        @Override
        public boolean opensAhead() {
            return ahead;
        }

        @Override
        public Connection connect() throws InternetException {
            int n = openings.incrementAndGet();
            try {
                hold.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (n == failing) {
                throw new InternetException(InternetError.LOGIN_FAILURE, "refused");
            }
            Conn conn = new Conn();
            opened.add(conn);
            return conn;
        }

        @Override
        public String describe() {
            return "test";
        }
    }

    private static final class Conn implements RangeSource.Connection {
        volatile boolean closed;

        @Override
        public RangeSource.Body open(long from, long length, RangeSource.Body expected) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void eachConnectionIsTakenOnceAndTheRestAreClosed() throws Exception {
        Source source = new Source(true, 0, new CountDownLatch(0));
        RangeSource.Connection taken;
        try (OpenedAhead ahead = new OpenedAhead(source, 3)) {
            taken = ahead.take(1);
            assertNotNull(taken);
            assertNull(ahead.take(1), "taken once");
            assertNull(ahead.take(3), "only three were opened");
        }
        assertEquals(3, source.opened.size());
        assertEquals(1, source.opened.stream().filter(c -> !c.closed).count());
        assertTrue(source.opened.contains((Conn) taken) && !((Conn) taken).closed, "the taker closes its own");
        assertNoOpeningThread();
    }

    @Test
    void aConnectionReleasedWhileStillOpeningIsClosedWhenItOpens() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        Source source = new Source(true, 0, hold);
        try (OpenedAhead ahead = new OpenedAhead(source, 2)) {
            ahead.release(1);
            assertNull(ahead.take(1), "released");
            hold.countDown();
            assertNotNull(ahead.take(0));
        }
        assertEquals(2, source.opened.size());
        assertEquals(1, source.opened.stream().filter(c -> c.closed).count());
        assertNoOpeningThread();
    }

    @Test
    void anOpeningsFailureIsThrownToItsTaker() throws Exception {
        Source source = new Source(true, 1, new CountDownLatch(0));
        try (OpenedAhead ahead = new OpenedAhead(source, 1)) {
            InternetException e = assertThrows(InternetException.class, () -> ahead.take(0));
            assertEquals(InternetError.LOGIN_FAILURE, e.error());
            assertSame(null, ahead.take(0));
        }
        assertNoOpeningThread();
    }

    @Test
    void aSourceWhoseConnectionsCostNoRoundTripIsNotOpenedAhead() throws Exception {
        Source source = new Source(false, 0, new CountDownLatch(0));
        try (OpenedAhead ahead = new OpenedAhead(source, 7)) {
            assertNull(ahead.take(0));
        }
        assertEquals(0, source.openings.get());
    }

    /** The pool has ended when close returns; its last thread may take a moment more to exit. */
    private static void assertNoOpeningThread() throws InterruptedException {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("inetkit-segment-open")) {
                thread.join(2_000);
                assertTrue(!thread.isAlive(), "an opening thread outlived the download: " + thread);
            }
        }
    }
}
