package io.inetkit.provider.http;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A {@code Retry-After} field (RFC 9110, section 10.2.3): a number of seconds, or an HTTP-date.
 * A date in the past asks for no wait; anything else that is not one of the two is ignored, as if
 * the field were absent.
 */
final class RetryAfter {

    /** More seconds than any bound a policy takes (a day): a longer wish is refused, not waited for. */
    private static final long LONGEST = Duration.ofDays(2).toSeconds();

    private RetryAfter() {
    }

    static Optional<Duration> parse(Optional<String> field) {
        return field.flatMap(value -> parse(value.trim(), Clock.systemUTC()));
    }

    static Optional<Duration> parse(String value, Clock clock) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // A year's worth of digits, or more than a long holds, is simply "too long".
            String digits = value.replaceFirst("^0+(?=.)", "");
            long seconds = digits.length() > 12 ? LONGEST : Math.min(Long.parseLong(digits), LONGEST);
            return Optional.of(Duration.ofSeconds(seconds));
        }
        try {
            ZonedDateTime date = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), date.toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
