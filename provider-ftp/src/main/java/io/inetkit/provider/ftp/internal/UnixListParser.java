package io.inetkit.provider.ftp.internal;

import java.text.ParseException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import org.apache.commons.net.ftp.parser.UnixFTPEntryParser;

/**
 * Commons Net's parser of Unix {@code LIST} lines, with the two dates of such lines ({@code Dec 7
 * 10:15} for a recent file, {@code Dec 7 2025} for an older one) read by hand. Commons Net makes a
 * {@code SimpleDateFormat} for every recent entry and parses through it; in a mirror of many small
 * files that was the lister's largest cost, and half of the JIT's work. What the hand reading is
 * not sure of (another shape, a date that does not exist, a time a clock change skips or repeats)
 * goes to Commons Net, so the result is always the one Commons Net gives.
 */
final class UnixListParser extends UnixFTPEntryParser {

    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    @Override
    public Calendar parseTimestamp(String text) throws ParseException {
        TimeZone zone = TimeZone.getDefault();
        Calendar read = read(text, zone, ZonedDateTime.now(zone.toZoneId()));
        return read != null ? read : super.parseTimestamp(text);
    }

    /**
     * {@code text} as Commons Net reads it in {@code zone}, or null when unsure: a recent date takes
     * the year that puts it no later than a day after {@code now} (Commons Net's lenient future dates).
     */
    static Calendar read(String text, TimeZone zone, ZonedDateTime now) {
        int length = text.length();
        if (length < 10) {
            return null;
        }
        int month = MONTHS.indexOf(text.substring(0, 3));
        if (month < 0 || month % 3 != 0 || text.charAt(3) != ' ') {
            return null;
        }
        month = month / 3 + 1;
        int at = 4;
        while (at < length && text.charAt(at) == ' ') {
            at++;
        }
        int dayStart = at;
        while (at < length && isDigit(text.charAt(at))) {
            at++;
        }
        if (at - dayStart < 1 || at - dayStart > 2 || at >= length || text.charAt(at) != ' ') {
            return null;
        }
        int day = Integer.parseInt(text, dayStart, at, 10);
        String rest = text.substring(at + 1);
        ZoneId zoneId = zone.toZoneId();
        LocalDateTime local;
        try {
            if (rest.length() == 5 && rest.charAt(2) == ':' && digits(rest, 0, 2) && digits(rest, 3, 5)) {
                int hour = Integer.parseInt(rest, 0, 2, 10);
                int minute = Integer.parseInt(rest, 3, 5, 10);
                if (hour > 23 || minute > 59) {
                    return null;
                }
                ZonedDateTime limit = now.plusDays(1);
                local = LocalDateTime.of(limit.getYear(), month, day, hour, minute);
                if (!valid(local, zoneId)) {
                    return null;
                }
                if (local.atZone(zoneId).isAfter(limit)) {
                    local = local.minusYears(1);
                    if (local.getMonthValue() != month || local.getDayOfMonth() != day || !valid(local, zoneId)) {
                        return null; // a 29 February a year back: Commons Net's calendar arithmetic decides
                    }
                }
            } else if (rest.length() == 4 && digits(rest, 0, 4)) {
                local = LocalDateTime.of(Integer.parseInt(rest), month, day, 0, 0);
                if (!valid(local, zoneId)) {
                    return null;
                }
            } else {
                return null;
            }
        } catch (DateTimeException e) {
            return null; // no such day
        }
        GregorianCalendar calendar = new GregorianCalendar(zone);
        calendar.setTimeInMillis(local.atZone(zoneId).toInstant().toEpochMilli());
        return calendar;
    }

    /** Whether the local time exists once in the zone: not in a gap or an overlap of a clock change. */
    private static boolean valid(LocalDateTime local, ZoneId zone) {
        return zone.getRules().getValidOffsets(local).size() == 1;
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
