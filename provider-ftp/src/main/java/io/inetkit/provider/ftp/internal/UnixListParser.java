package io.inetkit.provider.ftp.internal;

import java.text.ParseException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.parser.UnixFTPEntryParser;

/**
 * Commons Net's parser of Unix {@code LIST} lines, with the common line read by hand: ten mode
 * characters, then the link count, owner, group, size, an English month, day and {@code HH:mm} or
 * year, and a name, separated by spaces only and with no white space in the name. Commons Net runs a
 * regular expression with optional, lazily matched owner and group over every line, and makes a
 * {@code SimpleDateFormat} for every recent date; in a mirror of many small files that was the
 * lister's largest cost and most of the JIT's work. For such a line the expression can match only
 * one way, so the hand reading gives the groups it would. Every other line (names with spaces,
 * symbolic links, devices, other date shapes, any other white space) and every date the hand
 * reading is unsure of (a day that does not exist, a time a clock change skips or repeats) goes to
 * Commons Net, so the result is always the entry Commons Net gives.
 */
final class UnixListParser extends UnixFTPEntryParser {

    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    @Override
    public FTPFile parseFTPEntry(String entry) {
        FTPFile file = quick(entry);
        return file != null ? file : super.parseFTPEntry(entry);
    }

    /** The entry of a common line, read by hand, or null for Commons Net to read. */
    FTPFile quick(String line) {
        int length = line.length();
        if (length < 11 || line.charAt(10) != ' ' || !plainSpaces(line)) {
            return null;
        }
        char kind = line.charAt(0);
        if (kind != '-' && kind != 'd' || !modes(line)) {
            return null;
        }
        int[] at = new int[2 * 7]; // start and end of the seven tokens between the mode and the name
        int pos = 10;
        for (int token = 0; token < 7; token++) {
            while (pos < length && line.charAt(pos) == ' ') {
                pos++;
            }
            int start = pos;
            while (pos < length && line.charAt(pos) != ' ') {
                pos++;
            }
            if (pos == start || pos == length) {
                return null;
            }
            at[2 * token] = start;
            at[2 * token + 1] = pos;
        }
        // Exactly one space before the name, as the expression takes; a name must hold no space.
        int nameStart = pos + 1;
        if (nameStart >= length || line.indexOf(' ', nameStart) >= 0) {
            return null;
        }
        if (!number(line, at[0], at[1], 9) || !number(line, at[6], at[7], 18)
                || at[9] - at[8] != 3 || MONTHS.indexOf(line.substring(at[8], at[9])) % 3 != 0
                || !number(line, at[10], at[11], 2) || !timeOrYear(line, at[12], at[13])) {
            return null;
        }
        FTPFile file = new FTPFile();
        file.setRawListing(line);
        try {
            file.setTimestamp(parseTimestamp(line.substring(at[8], at[11]) + " " + line.substring(at[12], at[13])));
        } catch (ParseException e) {
            // as Commons Net: an entry without a date
        }
        file.setType(kind == 'd' ? FTPFile.DIRECTORY_TYPE : FTPFile.FILE_TYPE);
        for (int access = 0; access < 3; access++) {
            int c = 1 + 3 * access;
            file.setPermission(access, FTPFile.READ_PERMISSION, line.charAt(c) != '-');
            file.setPermission(access, FTPFile.WRITE_PERMISSION, line.charAt(c + 1) != '-');
            char execute = line.charAt(c + 2);
            file.setPermission(access, FTPFile.EXECUTE_PERMISSION, execute != '-' && !Character.isUpperCase(execute));
        }
        file.setHardLinkCount(Integer.parseInt(line, at[0], at[1], 10));
        file.setUser(line.substring(at[2], at[3]));
        file.setGroup(line.substring(at[4], at[5]));
        file.setSize(Long.parseLong(line, at[6], at[7], 10));
        file.setName(line.substring(nameStart));
        return file;
    }

    /** No white space but the space, and no line terminator, which the expression's {@code .} stops at. */
    private static boolean plainSpaces(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < ' ' || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
    }

    /** The nine mode characters the expression takes: {@code [r-][w-][xsStTL-]} three times. */
    private static boolean modes(String line) {
        for (int c = 1; c < 10; c += 3) {
            if ("r-".indexOf(line.charAt(c)) < 0 || "w-".indexOf(line.charAt(c + 1)) < 0
                    || "xsStTL-".indexOf(line.charAt(c + 2)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean timeOrYear(String line, int from, int to) {
        return to - from == 5 && line.charAt(from + 2) == ':' && digits(line, from, from + 2)
                && digits(line, from + 3, to) || to - from == 4 && digits(line, from, to);
    }

    private static boolean number(String line, int from, int to, int most) {
        if (to - from < 1 || to - from > most) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isDigit(line.charAt(i))) {
                return false;
            }
        }
        return true;
    }

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
