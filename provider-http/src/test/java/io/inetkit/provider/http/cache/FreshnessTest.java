package io.inetkit.provider.http.cache;

import static io.inetkit.provider.http.cache.Freshness.Use.FETCH;
import static io.inetkit.provider.http.cache.Freshness.Use.FRESH;
import static io.inetkit.provider.http.cache.Freshness.Use.REVALIDATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9111's rules for a private cache, case by case. */
class FreshnessTest {

    private static final long T = Instant.parse("2026-12-07T12:00:00Z").toEpochMilli();

    private static String date(long millis) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC));
    }

    /** A response received at T, sent at T, with the server's Date at T and these headers. */
    private static StoredResponse at(int status, String... headers) {
        List<String> all = new ArrayList<>(List.of("Date", date(T)));
        all.addAll(Arrays.asList(headers));
        return new StoredResponse("http://h/x", "GET", List.of(), status, "", all, T, T);
    }

    private static long seconds(long s) {
        return T + s * 1000;
    }

    @Test
    void maxAgeIsFreshUntilItPassesThenRevalidatesWithAValidatorOrFetches() {
        StoredResponse withEtag = at(200, "Cache-Control", "max-age=60", "ETag", "\"v1\"");
        assertEquals(FRESH, Freshness.use(withEtag, CacheControl.NONE, seconds(59)));
        assertEquals(REVALIDATE, Freshness.use(withEtag, CacheControl.NONE, seconds(61)));
        StoredResponse bare = at(200, "Cache-Control", "max-age=60");
        assertEquals(FETCH, Freshness.use(bare, CacheControl.NONE, seconds(61)));
    }

    @Test
    void maxAgeWinsOverExpiresAndExpiresCountsFromDate() {
        assertEquals(60_000, Freshness.lifetimeMillis(at(200, "Cache-Control", "max-age=60",
                "Expires", date(seconds(3600)))));
        assertEquals(3_600_000, Freshness.lifetimeMillis(at(200, "Expires", date(seconds(3600)))));
        assertEquals(0, Freshness.lifetimeMillis(at(200, "Expires", "0")), "an invalid date is in the past");
        assertEquals(0, Freshness.lifetimeMillis(at(200, "Expires", date(seconds(-10)))));
    }

    @Test
    void aLastModifiedResponseIsFreshForATenthOfItsAgeUpToAWeek() {
        assertEquals(Duration.ofDays(1).toMillis(), Freshness.lifetimeMillis(at(200,
                "Last-Modified", date(T - Duration.ofDays(10).toMillis()))));
        assertEquals(Freshness.MAX_HEURISTIC.toMillis(), Freshness.lifetimeMillis(at(200,
                "Last-Modified", date(T - Duration.ofDays(1000).toMillis()))));
        assertEquals(0, Freshness.lifetimeMillis(at(302,
                "Last-Modified", date(T - Duration.ofDays(10).toMillis()))), "302 is not heuristically cacheable");
    }

    @Test
    void ageCountsTheAgeFieldTheDelayAndTheTimeSinceItCame() {
        // Requested at T-2s, received at T, the server's Date at T-10s, Age 30: RFC 9111 4.2.3.
        StoredResponse response = new StoredResponse("http://h/x", "GET", List.of(), 200, "",
                List.of("Date", date(T - 10_000), "Age", "30"), T - 2_000, T);
        // apparent 10 s; corrected age 30 + 2; initial max(10, 32) = 32; resident 5 s.
        assertEquals(37_000, Freshness.ageMillis(response, seconds(5)));
        StoredResponse badAge = new StoredResponse("http://h/x", "GET", List.of(), 200, "",
                List.of("Date", date(T), "Age", "-5"), T, T);
        assertEquals(0, Freshness.ageMillis(badAge, T));
    }

    @Test
    void noCacheEitherWayAlwaysRevalidates() {
        StoredResponse fresh = at(200, "Cache-Control", "max-age=600", "ETag", "\"v\"");
        assertEquals(REVALIDATE, Freshness.use(fresh, CacheControl.parse("no-cache"), T));
        assertEquals(REVALIDATE, Freshness.use(fresh, CacheControl.parse("max-age=0"), seconds(1)));
        StoredResponse noCache = at(200, "Cache-Control", "no-cache, max-age=600", "ETag", "\"v\"");
        assertEquals(REVALIDATE, Freshness.use(noCache, CacheControl.NONE, T));
    }

    @Test
    void maxStaleServesAStaleResponseButNeverPastMustRevalidate() {
        StoredResponse stale = at(200, "Cache-Control", "max-age=10", "ETag", "\"v\"");
        assertEquals(FRESH, Freshness.use(stale, CacheControl.parse("max-stale=60"), seconds(40)));
        assertEquals(REVALIDATE, Freshness.use(stale, CacheControl.parse("max-stale=20"), seconds(40)));
        assertEquals(FRESH, Freshness.use(stale, CacheControl.parse("max-stale"), seconds(100_000)));
        StoredResponse strict = at(200, "Cache-Control", "max-age=10, must-revalidate", "ETag", "\"v\"");
        assertEquals(REVALIDATE, Freshness.use(strict, CacheControl.parse("max-stale"), seconds(40)));
    }

    @Test
    void minFreshAsksForThatMuchLifeLeft() {
        StoredResponse response = at(200, "Cache-Control", "max-age=100", "ETag", "\"v\"");
        assertEquals(FRESH, Freshness.use(response, CacheControl.parse("min-fresh=30"), seconds(60)));
        assertEquals(REVALIDATE, Freshness.use(response, CacheControl.parse("min-fresh=50"), seconds(60)));
    }

    @Test
    void staleIfErrorStandsInForAFailureWithinItsWindow() {
        StoredResponse response = at(200, "Cache-Control", "max-age=10, stale-if-error=60");
        assertTrue(Freshness.servableOnError(response, seconds(50)));
        assertFalse(Freshness.servableOnError(response, seconds(80)));
        assertFalse(Freshness.servableOnError(at(200, "Cache-Control", "max-age=10"), seconds(11)));
        assertFalse(Freshness.servableOnError(at(200, "Cache-Control", "max-age=10, stale-if-error=60, must-revalidate"),
                seconds(20)));
    }

    @Test
    void anImmutableResponseIsKeptThroughAReloadWhileFreshButNotAForcedOne() {
        StoredResponse immutable = at(200, "Cache-Control", "max-age=60, immutable", "ETag", "\"v1\"");
        CacheControl reload = CacheControl.parse("max-age=0");
        assertEquals(FRESH, Freshness.use(immutable, reload, seconds(30)));
        assertTrue(Freshness.immutable(immutable, seconds(30)));
        assertEquals(REVALIDATE, Freshness.use(immutable, CacheControl.parse("no-cache"), seconds(30)));
        assertEquals(REVALIDATE, Freshness.use(immutable, reload, seconds(61)), "stale, immutable is nothing");
        assertFalse(Freshness.immutable(immutable, seconds(61)));
        StoredResponse plain = at(200, "Cache-Control", "max-age=60", "ETag", "\"v1\"");
        assertEquals(REVALIDATE, Freshness.use(plain, reload, seconds(30)));
        assertFalse(Freshness.immutable(plain, seconds(30)));
    }

    @Test
    void staleWhileRevalidateServesAStaleResponseWithinItsWindowUnlessAnythingAsksToRevalidateFirst() {
        StoredResponse swr = at(200, "Cache-Control", "max-age=60, stale-while-revalidate=30", "ETag", "\"v1\"");
        assertFalse(Freshness.servableWhileRevalidating(swr, CacheControl.NONE, seconds(59)), "fresh: a hit");
        assertTrue(Freshness.servableWhileRevalidating(swr, CacheControl.NONE, seconds(61)));
        assertTrue(Freshness.servableWhileRevalidating(swr, CacheControl.NONE, seconds(90)));
        assertFalse(Freshness.servableWhileRevalidating(swr, CacheControl.NONE, seconds(91)), "past the window");
        assertFalse(Freshness.servableWhileRevalidating(swr, CacheControl.parse("no-cache"), seconds(61)));
        assertFalse(Freshness.servableWhileRevalidating(swr, CacheControl.parse("max-age=0"), seconds(61)));
        assertFalse(Freshness.servableWhileRevalidating(at(200, "Cache-Control",
                "max-age=60, stale-while-revalidate=30, must-revalidate"), CacheControl.NONE, seconds(61)));
        assertFalse(Freshness.servableWhileRevalidating(at(200, "Cache-Control", "max-age=60"),
                CacheControl.NONE, seconds(61)));
    }

    @Test
    void whatMayBeStored() {
        assertTrue(Freshness.storable("GET", 200, List.of(), CacheControl.NONE), "200 is cacheable by default");
        assertTrue(Freshness.storable("GET", 404, List.of(), CacheControl.NONE));
        assertTrue(Freshness.storable("GET", 302, List.of("Cache-Control", "max-age=5"), CacheControl.NONE));
        assertFalse(Freshness.storable("GET", 302, List.of(), CacheControl.NONE), "no lifetime for a 302");
        assertFalse(Freshness.storable("POST", 200, List.of("Cache-Control", "max-age=5"), CacheControl.NONE));
        assertFalse(Freshness.storable("GET", 206, List.of("Cache-Control", "max-age=5"), CacheControl.NONE));
        assertFalse(Freshness.storable("GET", 200, List.of("Cache-Control", "no-store"), CacheControl.NONE));
        assertFalse(Freshness.storable("GET", 200, List.of(), CacheControl.parse("no-store")));
        assertFalse(Freshness.storable("GET", 200, List.of("Vary", "Accept, *"), CacheControl.NONE));
        assertTrue(Freshness.storable("GET", 200, List.of("Cache-Control", "private"), CacheControl.NONE),
                "a private cache keeps private responses");
    }

    @Test
    void varyNamesAreLowerCaseOnceEachAndStarMatchesNothing() {
        assertEquals(List.of("accept-encoding", "user-agent"), Freshness.varyNames(at(200,
                "Vary", "Accept-Encoding, User-Agent", "Vary", "accept-encoding")));
        assertNull(Freshness.varyNames(at(200, "Vary", "*")));
    }

    @Test
    void aConditionalRequestCarriesBothValidators() {
        StoredResponse response = at(200, "ETag", "\"v1\"", "Last-Modified", date(T - 1000));
        assertEquals(List.of("If-None-Match", "\"v1\"", "If-Modified-Since", date(T - 1000)),
                Freshness.conditions(response));
    }

    @Test
    void a304UpdatesTheStoredFieldsButNotTheBodysOwn() {
        StoredResponse stored = at(200, "Content-Type", "text/plain", "Content-Length", "4",
                "Cache-Control", "max-age=10", "ETag", "\"v1\"", "X-Kept", "yes");
        StoredResponse merged = Freshness.merge(stored, List.of("Date", date(seconds(100)),
                "Cache-Control", "max-age=600", "ETag", "\"v1\"", "Content-Length", "0",
                "Content-Type", "text/html", "Connection", "close"), seconds(99), seconds(100));
        assertEquals("max-age=600", merged.header("cache-control"));
        assertEquals("4", merged.header("content-length"));
        assertEquals("text/plain", merged.header("content-type"));
        assertEquals("yes", merged.header("x-kept"));
        assertNull(merged.header("connection"));
        assertEquals(date(seconds(100)), merged.header("date"));
        assertEquals(FRESH, Freshness.use(merged, CacheControl.NONE, seconds(200)));
    }

    @Test
    void connectionFieldsAreNotStored() {
        assertEquals(List.of("ETag", "\"x\""), Freshness.storedHeaders(List.of("Connection", "keep-alive",
                "Keep-Alive", "timeout=5", "Transfer-Encoding", "chunked", "ETag", "\"x\"")));
    }

    @Test
    void cacheControlIsReadTheSafeWay() {
        CacheControl control = CacheControl.parse("Max-Age=60, max-age=30, no-cache=\"Set-Cookie, X\", "
                + "stale-if-error=\"5\", immutable");
        assertEquals(30, control.maxAge(), "the smaller of two");
        assertTrue(control.noCache());
        assertEquals(5, control.staleIfError());
        assertTrue(control.immutable());
        assertEquals(0, CacheControl.parse("max-age=abc").maxAge(), "a bad number is stale");
        assertEquals(1L << 31, CacheControl.parse("max-age=99999999999999999999").maxAge());
        assertEquals(Long.MAX_VALUE, CacheControl.parse("max-stale").maxStale());
        assertEquals(CacheControl.NONE, CacheControl.parse("private, public, no-transform, foo=bar"));
    }

    @Test
    void httpDatesInAllThreeForms() {
        long expected = Instant.parse("1994-11-06T08:49:37Z").toEpochMilli();
        assertEquals(expected, HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT", T));
        assertEquals(expected, HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT", T));
        assertEquals(expected, HttpDate.parse("Sun Nov  6 08:49:37 1994", T));
        assertEquals(HttpDate.INVALID, HttpDate.parse("yesterday", T));
        assertEquals(HttpDate.INVALID, HttpDate.parse("x".repeat(1000), T));
    }
}
