package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link RetryAfter}: seconds, HTTP-dates, and what a server may send instead. */
class RetryAfterTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-12-06T22:00:00Z"), ZoneOffset.UTC);

    @Test
    void secondsAndDates() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse("120", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("0", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(7)), RetryAfter.parse("007", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.parse("Sun, 06 Dec 2026 22:01:30 GMT", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.parse("Sunday, 06-Dec-26 22:01:30 GMT", NOW),
                "RFC 850's obsolete form");
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.parse("Sun Dec  6 22:01:30 2026", NOW),
                "asctime's");
    }

    @Test
    void aDateInThePastAsksForNoWait() {
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Sun, 06 Dec 2026 21:00:00 GMT", NOW));
    }

    @Test
    void aHugeNumberIsLongerThanAnyBoundWithoutOverflow() {
        Duration longest = Duration.ofDays(2);
        assertEquals(Optional.of(longest), RetryAfter.parse("31536000", NOW));
        assertEquals(Optional.of(longest), RetryAfter.parse("99999999999999999999999999", NOW));
    }

    @Test
    void anythingElseIsIgnored() {
        for (String value : new String[] {"", "-1", "1.5", "soon", "+3", "Sun, 06 Dec 2026", "0x10"}) {
            assertEquals(Optional.empty(), RetryAfter.parse(value, NOW), value);
        }
        assertEquals(Optional.empty(), RetryAfter.parse(Optional.empty()));
        assertEquals(Optional.of(Duration.ofSeconds(3)), RetryAfter.parse(Optional.of(" 3 ")));
    }
}
