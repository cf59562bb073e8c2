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
    void theParserGivesCommonsNetsEntries() {
        UnixFTPEntryParser plain = new UnixFTPEntryParser();
        UnixListParser fast = new UnixListParser();
        for (String line : new String[] {
            "-rw-r--r--    1 0        0            4096 Dec 07 06:42 f1",
            "-rw-r--r--    1 0        0            4096 Jan  1  2020 old file",
            "drwxr-xr-x    2 0        0            4096 Mar 29 02:30 d0",
            "lrwxrwxrwx    1 0        0               4 Feb 29  2024 link -> f1",
            "-rw-r--r--    1 0        0            4096 DEC 07 06:42 shouted"}) {
            FTPFile expected = plain.parseFTPEntry(line);
            FTPFile actual = fast.parseFTPEntry(line);
            assertNotNull(actual, line);
            assertEquals(expected.getName(), actual.getName(), line);
            assertEquals(expected.getSize(), actual.getSize(), line);
            assertEquals(expected.getType(), actual.getType(), line);
            assertEquals(expected.getTimestamp() == null ? null : expected.getTimestamp().toInstant(),
                    actual.getTimestamp() == null ? null : actual.getTimestamp().toInstant(), line);
        }
    }
}
