package io.inetkit.provider.http;

import io.inetkit.provider.http.cache.HttpDate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@code Retry-After} field (RFC 9110, section 10.2.3): a number of seconds, or an HTTP-date in
 * any of its three forms.
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
        long date = HttpDate.parse(value, clock.millis());
        if (date == HttpDate.INVALID) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Math.max(0, date - clock.millis())));
    }
}
