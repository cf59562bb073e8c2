package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line's text, and when it is drawn. */
class ProgressLineTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aKnownSizeShowsABarThePercentageTheRateAndTheTimeLeft() {
        assertEquals(" 25% [######                  ] 25.0 MB of 100 MB  5.00 MB/s  0:15 left",
                ProgressLine.of(25_000_000, 100_000_000, 5 * SECOND));
        assertEquals("100% [########################] 1.00 kB of 1.00 kB  500 B/s  0:00 left",
                ProgressLine.of(1000, 1000, 2 * SECOND));
    }

    @Test
    void anUnknownSizeShowsTheBytesTheRateAndTheTimeSpent() {
        assertEquals("3.00 GB  30.0 MB/s  1:40", ProgressLine.of(3_000_000_000L, -1, 100 * SECOND));
        // More than announced: no bar past 100%, the counter instead.
        assertEquals("2.00 kB  1.00 kB/s  0:02", ProgressLine.of(2000, 1000, 2 * SECOND));
    }

    @Test
    void longTimesAndLargeSizesStayWithinTheLine() {
        String line = ProgressLine.of(1, 999_000_000_000_000L, 3 * 3600 * SECOND);
        assertTrue(line.length() <= ProgressLine.WIDTH, line);
        assertTrue(line.contains("99:59:59 left"), line);
        assertEquals("1:01:01", ProgressLine.clock(3661));
        assertEquals("999 B", ProgressLine.size(999));
    }

    @Test
    void theLineIsDrawnAfterASecondAtMostFiveTimesASecondAndEndedOnce() {
        StringWriter shown = new StringWriter();
        AtomicLong now = new AtomicLong();
        Progress progress = new Progress(new PrintWriter(shown), true, now::get).expect(10_000);
        progress.add(1000);
        assertEquals("", shown.toString(), "nothing in the first second");
        now.set(SECOND);
        progress.add(1000);
        assertTrue(shown.toString().startsWith("\r 20% [#### "), shown.toString());
        assertEquals(ProgressLine.WIDTH + 1, shown.toString().length(), "padded to the width: " + shown);
        now.addAndGet(SECOND / 10);
        progress.add(1000);
        assertFalse(shown.toString().contains(" 30%"), "not redrawn within 200 ms: " + shown);
        now.addAndGet(SECOND / 10);
        progress.add(1000);
        assertTrue(shown.toString().contains(" 40%"), shown.toString());
        progress.done();
        assertTrue(shown.toString().endsWith("\n"), shown.toString());
    }

    @Test
    void aMeterThatIsOffDrawsNothing() {
        StringWriter shown = new StringWriter();
        AtomicLong now = new AtomicLong();
        Progress progress = new Progress(new PrintWriter(shown), false, now::get).expect(100);
        now.set(10 * SECOND);
        progress.add(50);
        progress.done();
        assertEquals("", shown.toString());
    }
}
