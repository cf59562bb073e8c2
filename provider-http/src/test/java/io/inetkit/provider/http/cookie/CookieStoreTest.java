package io.inetkit.provider.http.cookie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.Limits;
import io.inetkit.http.Cookie;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CookieStoreTest {

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final TestClock clock = new TestClock();
    CookieStore store = new CookieStore(Limits.defaults(), clock, PublicSuffixes.shipped());

    void set(String uri, String... fields) {
        store.save(URI.create(uri), List.of(fields));
    }

    String header(String uri) {
        return store.load(URI.create(uri)).stream().map(Cookie::pair).collect(Collectors.joining("; "));
    }

    @Test
    void aCookieWithoutDomainIsHostOnly() {
        set("http://www.example.com/", "a=1");
        assertEquals("a=1", header("http://www.example.com/"));
        assertEquals("", header("http://sub.www.example.com/"));
        assertEquals("", header("http://example.com/"));
        Cookie a = store.all().get(0);
        assertTrue(a.hostOnly());
        assertEquals("www.example.com", a.domain());
    }

    @Test
    void aDomainCookieGoesToTheDomainAndItsSubdomains() {
        set("http://www.example.com/", "a=1; Domain=example.com");
        assertEquals("a=1", header("http://example.com/"));
        assertEquals("a=1", header("http://deep.www.example.com/"));
        assertEquals("", header("http://notexample.com/"));
        assertFalse(store.all().get(0).hostOnly());
    }

    @Test
    void aDomainThatDoesNotCoverTheHostIsIgnored() {
        set("http://www.example.com/", "a=1; Domain=other.com", "b=2; Domain=sub.www.example.com");
        assertEquals(List.of(), store.all());
    }

    @Test
    void aPublicSuffixAsDomainIsIgnored() {
        set("http://www.example.com/", "a=1; Domain=com");
        set("http://www.example.co.uk/", "b=2; Domain=co.uk");
        set("http://me.github.io/", "c=3; Domain=github.io");
        assertEquals(List.of(), store.all());
    }

    @Test
    void aPublicSuffixHostMaySetAHostOnlyCookieForItself() {
        set("http://localhost/", "a=1; Domain=localhost");
        Cookie a = store.all().get(0);
        assertTrue(a.hostOnly());
        assertEquals("a=1", header("http://localhost/"));
    }

    @Test
    void anIpAddressMatchesItselfOnly() {
        set("http://127.0.0.1/", "a=1; Domain=0.0.1", "b=2");
        assertEquals("b=2", header("http://127.0.0.1/"));
        assertEquals("", header("http://localhost/"));
    }

    @Test
    void theDefaultPathIsTheDirectoryOfTheRequest() {
        set("http://h.example/docs/guide/page.html", "a=1");
        assertEquals("/docs/guide", store.all().get(0).path());
        assertEquals("a=1", header("http://h.example/docs/guide"));
        assertEquals("a=1", header("http://h.example/docs/guide/other"));
        assertEquals("", header("http://h.example/docs/guidebook"));
        assertEquals("", header("http://h.example/docs"));
        set("http://h.example/top", "b=2");
        assertEquals("/", store.all().get(1).path());
    }

    @Test
    void pathMatchOnSegmentBoundaries() {
        set("http://h.example/", "a=1; Path=/app", "b=2; Path=/app/");
        assertEquals("a=1", header("http://h.example/app"));
        assertEquals("b=2; a=1", header("http://h.example/app/x"));
        assertEquals("", header("http://h.example/apple"));
    }

    @Test
    void longerPathsFirstThenOlderFirst() {
        set("http://h.example/", "old=1; Path=/");
        clock.now = clock.now.plusSeconds(1);
        set("http://h.example/", "deep=2; Path=/a/b", "mid=3; Path=/a", "new=4; Path=/");
        assertEquals("deep=2; mid=3; old=1; new=4", header("http://h.example/a/b/c"));
    }

    @Test
    void aReplacedCookieKeepsItsPlaceInTheOrder() {
        set("http://h.example/", "first=1");
        clock.now = clock.now.plusSeconds(1);
        set("http://h.example/", "second=2");
        clock.now = clock.now.plusSeconds(1);
        set("http://h.example/", "first=changed");
        assertEquals("first=changed; second=2", header("http://h.example/"));
    }

    @Test
    void secureCookiesGoOverHttpsOnlyAndAreNotSetFromHttp() {
        set("https://h.example/", "s=1; Secure");
        assertEquals("s=1", header("https://h.example/"));
        assertEquals("", header("http://h.example/"));
        set("http://h.example/", "t=1; Secure");
        assertEquals(1, store.all().size());
    }

    @Test
    void plainHttpCannotReplaceASecureCookie() {
        set("https://h.example/", "s=secure; Secure");
        set("http://h.example/", "s=plain");
        assertEquals("s=secure", header("https://h.example/"));
    }

    @Test
    void prefixes() {
        set("https://h.example/", "__Secure-a=1", "__Secure-b=2; Secure", "__secure-c=3",
                "__Host-d=4; Secure; Path=/", "__Host-e=5; Secure", "__Host-f=6; Secure; Path=/; Domain=h.example",
                "__Host-g=7; Path=/", "=__Host-h");
        assertEquals(List.of("__Secure-b", "__Host-d"), store.all().stream().map(Cookie::name).toList());
    }

    @Test
    void sameSiteNoneNeedsSecureAndOtherwiseIsStoredOnly() {
        set("https://h.example/", "a=1; SameSite=None", "b=2; SameSite=None; Secure", "c=3; SameSite=Strict");
        assertEquals("b=2; c=3", header("https://h.example/"));
        assertEquals(Cookie.SameSite.STRICT, store.all().get(1).sameSite());
    }

    @Test
    void httpOnlyIsStoredAndSent() {
        set("http://h.example/", "a=1; HttpOnly");
        assertTrue(store.all().get(0).httpOnly());
        assertEquals("a=1", header("http://h.example/"));
    }

    @Test
    void expiryRemovesACookie() {
        set("http://h.example/", "a=1; Max-Age=10", "b=2");
        assertEquals("a=1; b=2", header("http://h.example/"));
        clock.now = clock.now.plusSeconds(10);
        assertEquals("b=2", header("http://h.example/"));
        assertEquals(1, store.all().size());
    }

    @Test
    void maxAgeZeroOrAPastExpiresDeletes() {
        set("http://h.example/", "a=1", "b=2", "c=3");
        set("http://h.example/", "a=; Max-Age=0", "b=; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
        assertEquals("c=3", header("http://h.example/"));
    }

    @Test
    void onlyTheSameNameDomainAndPathIsReplaced() {
        set("http://www.example.com/", "a=host", "a=domain; Domain=example.com", "a=path; Path=/p");
        assertEquals(3, store.all().size());
        assertEquals("a=path; a=host; a=domain", header("http://www.example.com/p"));
    }

    @Test
    void boundsTheCookiesOfADomainDroppingTheLeastRecentlyUsed() {
        store = new CookieStore(Limits.newBuilder().maxCookiesPerDomain(3).build(), clock, PublicSuffixes.shipped());
        set("http://a.example/", "one=1", "two=2", "three=3");
        header("http://a.example/"); // all used; then one again, later
        store.load(URI.create("http://a.example/"));
        set("http://b.example/", "other=1");
        set("http://a.example/", "four=4");
        assertEquals(4, store.all().size());
        assertEquals(3, store.all().stream().filter(c -> c.domain().equals("a.example")).count());
    }

    @Test
    void boundsTheWholeStore() {
        store = new CookieStore(Limits.newBuilder().maxCookies(10).build(), clock, PublicSuffixes.shipped());
        for (int i = 0; i < 25; i++) {
            set("http://h" + i + ".example/", "c=" + i);
        }
        List<Cookie> all = store.all();
        assertEquals(10, all.size());
        // The least recently used went first: the last ten remain.
        assertEquals(IntStream.range(15, 25).mapToObj(i -> "h" + i + ".example").toList(),
                all.stream().map(Cookie::domain).toList());
    }

    @Test
    void boundsTheSetCookieFieldsOfOneResponse() {
        store = new CookieStore(Limits.newBuilder().maxSetCookies(2).build(), clock, PublicSuffixes.shipped());
        set("http://h.example/", "a=1", "b=2", "c=3");
        assertEquals("a=1; b=2", header("http://h.example/"));
    }

    @Test
    void boundsTheSizeOfOneCookie() {
        store = new CookieStore(Limits.newBuilder().maxCookieBytes(8).build(), clock, PublicSuffixes.shipped());
        set("http://h.example/", "a=1234567", "b=12345678");
        assertEquals("a=1234567", header("http://h.example/"));
    }

    @Test
    void addTakesACookieAsItIsAndAnExpiredOneDeletes() {
        store.add(new Cookie("f", "v", "example.com", "/", Optional.of(clock.now.plus(Duration.ofDays(1))), false,
                true, false, Cookie.SameSite.DEFAULT, clock.now));
        assertEquals("f=v", header("http://www.example.com/"));
        store.add(new Cookie("f", "", "example.com", "/", Optional.of(clock.now.minusSeconds(1)), false, true,
                false, Cookie.SameSite.DEFAULT, clock.now));
        assertEquals(List.of(), store.all());
    }

    @Test
    void aNamelessCookieIsSentAsItsValue() {
        set("http://h.example/", "lonely");
        assertEquals("lonely", header("http://h.example/"));
    }

    @Test
    void internationalDomainsInAscii() {
        set("http://www.xn--bcher-kva.example/", "a=1; Domain=BÜCHER.example");
        assertEquals("a=1", header("http://xn--bcher-kva.example/"));
    }

    @Test
    void toStringShowsNoValue() {
        set("http://h.example/", "SID=topsecret");
        assertFalse(store.all().get(0).toString().contains("topsecret"));
        assertFalse(store.toString().contains("topsecret"));
    }
}
