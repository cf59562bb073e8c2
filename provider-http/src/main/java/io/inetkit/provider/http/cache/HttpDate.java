package io.inetkit.provider.http.cache;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** RFC 9110's HTTP-date in its three forms, which a recipient must all accept (section 5.6.7). */
public final class HttpDate {

    /** What {@link #parse} returns for a value that is not a date: a cache treats it as in the past. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final DateTimeFormatter RFC_850 =
            DateTimeFormatter.ofPattern("dd-MMM-yy HH:mm:ss 'GMT'", Locale.ROOT);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

    private HttpDate() {
    }

    /** Epoch milliseconds of {@code value}, or {@link #INVALID}. */
    public static long parse(String value, long nowMillis) {
        if (value == null || value.length() > 64) {
            return INVALID;
        }
        String date = value.trim();
        try {
            return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            // one of the obsolete forms, below
        }
        try {
            // The weekday is left out: checked against a two-digit year's century, it would fail.
            int comma = date.indexOf(", ");
            LocalDateTime parsed = LocalDateTime.parse(comma < 0 ? date : date.substring(comma + 2), RFC_850);
            // Two-digit years: more than 50 years ahead means the past century (RFC 9110).
            int nowYear = LocalDateTime.ofEpochSecond(nowMillis / 1000, 0, ZoneOffset.UTC).getYear();
            if (parsed.getYear() > nowYear + 50) {
                parsed = parsed.minusYears(100);
            }
            return parsed.toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            // asctime, below
        }
        try {
            return LocalDateTime.parse(date, ASCTIME).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            return INVALID;
        }
    }
}
