package io.inetkit.provider.http.cookie;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CookieDateTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "Wed, 09 Jun 2021 10:18:14 GMT",   // RFC 1123, what servers send
        "Wednesday, 09-Jun-21 10:18:14 GMT", // RFC 850, two-digit year
        "Wed Jun  9 10:18:14 2021",         // asctime
        "09 Jun 2021 10:18:14",             // no weekday, no zone
        "Wed, 09-June-2021 10:18:14 GMT",   // a long month name: its first three letters count
        "2021 Jun 09 10:18:14",             // any order
        "Wed, 09 Jun 2021 10:18:14 +0200",  // the zone is ignored: cookies' dates are in UTC
    })
    void readsTheFormsServersSend(String date) {
        assertEquals(Optional.of(Instant.parse("2021-06-09T10:18:14Z")), CookieDate.parse(date));
    }

    @ParameterizedTest
    @CsvSource({
        "'Thu, 01 Jan 70 00:00:00 GMT', 1970-01-01T00:00:00Z",
        "'Sat, 31 Dec 69 23:59:59 GMT', 2069-12-31T23:59:59Z",
        "'Mon, 01 Jan 1601 00:00:00 GMT', 1601-01-01T00:00:00Z",
        "'Fri, 9 Jun 2023 1:2:3 GMT', 2023-06-09T01:02:03Z",
    })
    void twoDigitYearsAndShortFields(String date, String expected) {
        assertEquals(Optional.of(Instant.parse(expected)), CookieDate.parse(date));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "tomorrow",
        "Wed, 09 Jun 2021 GMT",           // no time
        "Wed, 09 2021 10:18:14 GMT",      // no month
        "Wed, Jun 2021 10:18:14 GMT",     // no day: 2021 is a year, not a day
        "Wed, 32 Jun 2021 10:18:14 GMT",  // day out of range
        "Wed, 09 Jun 2021 24:00:00 GMT",  // hour out of range
        "Wed, 09 Jun 2021 10:60:00 GMT",  // minute out of range
        "Wed, 09 Jun 2021 10:18:60 GMT",  // second out of range
        "Wed, 09 Jun 1600 10:18:14 GMT",  // before 1601
        "Fri, 30 Feb 2024 10:18:14 GMT",  // no such day
        "Wed, 09 Jun 12345 10:18:14 GMT", // a year of five digits is no year
        "Wed, 09 Jun 2021 10:18:149 GMT", // a third digit in the seconds is no time
    })
    void rejectsWhatTheAlgorithmRejects(String date) {
        assertEquals(Optional.empty(), CookieDate.parse(date));
    }
}
