package io.inetkit.provider.http.cookie;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/**
 * RFC 6265bis's cookie date parser: the lenient algorithm browsers share, which takes the first
 * time, day, month and year tokens in any order and ignores the rest ({@code Wed, 09 Jun 2021
 * 10:18:14 GMT}, {@code Wednesday, 09-Jun-21 10:18:14 GMT}, {@code Wed Jun 9 10:18:14 2021}).
 */
public final class CookieDate {

    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

    private CookieDate() {
    }

    /** The instant, or empty for a date the algorithm rejects. */
    public static Optional<Instant> parse(String text) {
        int hour = -1;
        int minute = -1;
        int second = -1;
        int day = -1;
        int month = -1;
        int year = -1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && isDelimiter(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isDelimiter(text.charAt(i))) {
                i++;
            }
            if (start == i) {
                continue;
            }
            String token = text.substring(start, i);
            int[] time;
            if (hour < 0 && (time = time(token)) != null) {
                hour = time[0];
                minute = time[1];
                second = time[2];
            } else if (day < 0 && digits(token, 1, 2) >= 0) {
                day = digits(token, 1, 2);
            } else if (month < 0 && month(token) > 0) {
                month = month(token);
            } else if (year < 0 && digits(token, 2, 4) >= 0) {
                year = digits(token, 2, 4);
            }
        }
        if (year >= 70 && year <= 99) {
            year += 1900;
        } else if (year >= 0 && year <= 69) {
            year += 2000;
        }
        if (hour < 0 || day < 1 || day > 31 || month < 0 || year < 1601 || hour > 23 || minute > 59
                || second > 59) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            return Optional.empty(); // such as 30 February
        }
    }

    private static boolean isDelimiter(char c) {
        return c == 0x09 || c >= 0x20 && c <= 0x2f || c >= 0x3b && c <= 0x40 || c >= 0x5b && c <= 0x60
                || c >= 0x7b && c <= 0x7e;
    }

    /** {@code 1*2DIGIT ":" 1*2DIGIT ":" 1*2DIGIT ( non-digit *OCTET )}, or null. */
    private static int[] time(String token) {
        int[] fields = new int[3];
        int i = 0;
        for (int f = 0; f < 3; f++) {
            int start = i;
            int value = 0;
            while (i < token.length() && i - start < 2 && isDigit(token.charAt(i))) {
                value = value * 10 + token.charAt(i++) - '0';
            }
            if (i == start) {
                return null;
            }
            fields[f] = value;
            if (f < 2) {
                if (i >= token.length() || token.charAt(i) != ':') {
                    return null;
                }
                i++;
            }
        }
        return i == token.length() || !isDigit(token.charAt(i)) ? fields : null;
    }

    /** {@code min*maxDIGIT ( non-digit *OCTET )} as a number, or -1. */
    private static int digits(String token, int min, int max) {
        int i = 0;
        int value = 0;
        while (i < token.length() && i < max && isDigit(token.charAt(i))) {
            value = value * 10 + token.charAt(i++) - '0';
        }
        if (i < min || i < token.length() && isDigit(token.charAt(i))) {
            return -1;
        }
        return value;
    }

    private static int month(String token) {
        if (token.length() < 3) {
            return -1;
        }
        int at = MONTHS.indexOf(token.substring(0, 3).toLowerCase(Locale.ROOT));
        return at >= 0 && at % 3 == 0 ? at / 3 + 1 : -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
