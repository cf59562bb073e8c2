package io.inetkit.provider.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;
import org.apache.commons.net.ftp.FTPClientConfig;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.parser.FTPTimestampParserImpl;
import org.apache.commons.net.ftp.parser.UnixFTPEntryParser;
import org.junit.jupiter.api.Test;

/** The hand reading of LIST dates gives what Commons Net gives, or leaves the date to it. */
class UnixListParserTest {

    private static final String[] ZONES = {"UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney"};
    private static final String[] NOWS = {"2026-12-07T06:42:00Z", "2026-12-31T23:30:00Z", "2027-01-01T00:30:00Z",
        "2026-03-29T01:30:00Z", "2026-10-25T00:30:00Z", "2028-02-29T12:00:00Z", "2026-06-15T12:00:00Z"};

    /** Commons Net's reading, as its Unix parser is configured: null where it cannot read the text. */
    private static Instant commonsNet(String text, TimeZone zone, Instant now) {
        FTPTimestampParserImpl parser = new FTPTimestampParserImpl();
        FTPClientConfig config = new FTPClientConfig(FTPClientConfig.SYST_UNIX);
        config.setDefaultDateFormatStr("MMM d yyyy");
        config.setRecentDateFormatStr("MMM d HH:mm");
        config.setServerTimeZoneId(zone.getID());
        parser.configure(config);
        Calendar server = new GregorianCalendar(zone);
        server.setTimeInMillis(now.toEpochMilli());
        try {
            return parser.parseTimestamp(text, server).toInstant();
        } catch (ParseException e) {
            return null;
        }
    }

    private static List<String> texts() {
        List<String> texts = new ArrayList<>();
        String[] months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        String[] days = {"1", "7", "07", "9", "10", "28", "29", "30", "31"};
        String[] ends = {"00:00", "02:30", "09:05", "12:59", "23:59", "1999", "2024", "2026", "2027"};
        for (String month : months) {
            for (String day : days) {
                for (String end : ends) {
                    texts.add(month + " " + day + " " + end);
                }
            }
        }
        texts.add("Dec  7 10:15"); // a day padded as ls pads it
        texts.add("Mar 29  2026");
        return texts;
    }

    @Test
    void everyDateReadByHandIsTheOneCommonsNetReads() {
        int byHand = 0;
        int total = 0;
        for (String id : ZONES) {
            TimeZone zone = TimeZone.getTimeZone(id);
            for (String at : NOWS) {
                Instant now = Instant.parse(at);
                for (String text : texts()) {
                    total++;
                    Calendar read = UnixListParser.read(text, zone, ZonedDateTime.ofInstant(now, zone.toZoneId()));
                    if (read != null) {
                        byHand++;
                        assertEquals(commonsNet(text, zone, now), read.toInstant(), text + " in " + id + " at " + at);
                    }
                }
            }
        }
        // Not a test of the fallback alone: nearly every date is read by hand.
        assertTrue(byHand > total * 8 / 10, byHand + " of " + total + " read by hand");
    }

    @Test
    void whatItIsUnsureOfIsLeftToCommonsNet() {
        TimeZone zone = TimeZone.getTimeZone("Europe/Berlin");
        ZonedDateTime now = ZonedDateTime.parse("2026-12-07T07:42:00+01:00[Europe/Berlin]");
        for (String text : new String[] {"DEC 7 10:15", "Dec 7 9:05", "Dec 7 24:00", "Dec 7 10:60", "Feb 30 10:15",
            "Feb 29 2026", "Mar 29 02:30", "Oct 25 02:30", "December 7 10:15", "Dec 7 10:15:30", "Dec 100 2026",
            "7 Dec 10:15", "Dec 7", ""}) {
            assertNull(UnixListParser.read(text, zone, now), text);
        }
        // A recent 29 February that falls back a year, where Commons Net's calendar moves the day.
        assertNull(UnixListParser.read("Feb 29 10:15", zone,
                ZonedDateTime.parse("2028-02-27T12:00:00+01:00[Europe/Berlin]")));
    }

    @Test
    void everyLineGivesTheEntryCommonsNetGives() {
        UnixFTPEntryParser plain = new UnixFTPEntryParser();
        UnixListParser fast = new UnixListParser();
        Random random = new Random(7);
        String[] kinds = {"-", "d", "l", "b", "c", "p", "s", "f", "e", "x"};
        String[] modes = {"rw-r--r--", "rwxr-xr-x", "rwsr-Sr-T", "rw-r-Lr-t", "rwxrwxrwx", "---------", "rw-r--r--+",
            "rwqr--r--", "rw-r--r-"};
        String[] counts = {"1", "2", "12345", "1234567890", "x"};
        String[] owners = {"0", "ftp", "user.name", "4096", "Dec", "a b", "été"};
        String[] sizes = {"0", "4096", "9223372036854775807", "99999999999999999999", "1, 2", "12k"};
        String[] months = {"Jan", "Feb", "Dec", "DEC", "Foo", "Mär", "12"};
        String[] days = {"1", "07", "29", "31", "32", "100", "Dec"};
        String[] ends = {"10:15", "00:00", "9:05", "24:00", "23:60", "2020", "1999", "20201", "10:15:30"};
        String[] names = {"f1", "12345", "Dec", "07", "10:15", "x -> y", "a b", " lead", "trail ", "été", "\uD83D\uDE00",
            "tab\tname", "cr\rname", "nel\u0085name", "", "-", "->"};
        String[] gaps = {" ", "  ", "    ", "\t"};
        int total = 0;
        int quick = 0;
        for (int i = 0; i < 40_000; i++) {
            boolean common = i % 2 == 0; // half the lines in the shapes the hand reading takes
            String line = common
                    ? pick(random, "-", "d") + pick(random, "rw-r--r--", "rwxr-xr-x", "rwsr-Sr-T") + pick(random, " ", "    ")
                        + pick(random, "1", "2", "12345") + " " + pick(random, "0", "ftp", "user.name", "4096", "Dec", "été")
                        + pick(random, " ", "        ") + pick(random, "0", "ftp", "07")
                        + pick(random, " ", "            ") + pick(random, "0", "4096", "999999999999999999")
                        + pick(random, " ", "  ") + pick(random, "Jan", "Feb", "Dec") + pick(random, " ", "  ")
                        + pick(random, "1", "07", "29", "31") + pick(random, " ", "  ")
                        + pick(random, "10:15", "00:00", "02:30", "24:00", "2020", "1999") + " "
                        + pick(random, "f1", "12345", "Dec", "07", "10:15", "été", "\uD83D\uDE00", "-", "->")
                    : pick(random, kinds) + pick(random, modes) + pick(random, gaps) + pick(random, counts)
                        + pick(random, gaps) + pick(random, owners) + pick(random, gaps) + pick(random, owners)
                        + pick(random, gaps) + pick(random, sizes) + pick(random, gaps) + pick(random, months)
                        + pick(random, gaps) + pick(random, days) + pick(random, gaps) + pick(random, ends)
                        + pick(random, gaps) + pick(random, names);
            total++;
            if (fast.quick(line) != null) {
                quick++;
            }
            assertSame(plain.parseFTPEntry(line), fast.parseFTPEntry(line), line);
        }
        // Not a test of the fallback alone: the common half is read by hand.
        assertTrue(quick >= total / 2, quick + " of " + total + " read by hand");
    }

    @Test
    void aServersCommonLinesAreReadByHand() {
        UnixListParser fast = new UnixListParser();
        for (String line : new String[] {
            "-rw-r--r--    1 0        0            4096 Dec 07 06:42 f1",
            "-rw-r--r--    1 ftp      ftp      1073741824 Jan  1  2020 big.iso",
            "drwxr-xr-x    2 0        0            4096 Mar 29 02:30 d0"}) {
            FTPFile entry = fast.quick(line);
            assertNotNull(entry, line);
            assertSame(new UnixFTPEntryParser().parseFTPEntry(line), entry, line);
        }
        FTPFile big = fast.quick("-rw-r--r--    1 ftp      ftp      1073741824 Jan  1  2020 big.iso");
        assertEquals("big.iso", big.getName());
        assertEquals(1073741824L, big.getSize());
    }

    private static String pick(Random random, String... from) {
        return from[random.nextInt(from.length)];
    }

    /** Every field Commons Net sets on an entry. */
    private static void assertSame(FTPFile expected, FTPFile actual, String line) {
        if (expected == null || actual == null) {
            assertEquals(expected, actual, line);
            return;
        }
        assertEquals(expected.getRawListing(), actual.getRawListing(), line);
        assertEquals(expected.getType(), actual.getType(), line);
        assertEquals(expected.getName(), actual.getName(), line);
        assertEquals(expected.getLink(), actual.getLink(), line);
        assertEquals(expected.getSize(), actual.getSize(), line);
        assertEquals(expected.getHardLinkCount(), actual.getHardLinkCount(), line);
        assertEquals(expected.getUser(), actual.getUser(), line);
        assertEquals(expected.getGroup(), actual.getGroup(), line);
        for (int access = 0; access < 3; access++) {
            for (int permission = 0; permission < 3; permission++) {
                assertEquals(expected.hasPermission(access, permission), actual.hasPermission(access, permission), line);
            }
        }
        Calendar expectedTime = expected.getTimestamp();
        Calendar actualTime = actual.getTimestamp();
        assertEquals(expectedTime == null, actualTime == null, line);
        if (expectedTime != null) {
            assertEquals(expectedTime.toInstant(), actualTime.toInstant(), line);
            assertEquals(expectedTime.getTimeZone().getID(), actualTime.getTimeZone().getID(), line);
        }
    }
}
