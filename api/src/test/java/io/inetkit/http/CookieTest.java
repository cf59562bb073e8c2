package io.inetkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CookieTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    static Cookie cookie(String name, String value, String domain, String path) {
        return new Cookie(name, value, domain, path, Optional.empty(), false, false, true, Cookie.SameSite.DEFAULT, NOW);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a;b", "a\nb", "a\rb", "a\u0000b", "a\u007fb", "a=b"})
    void aNameThatCouldBreakTheFieldIsRefused(String name) {
        assertThrows(IllegalArgumentException.class, () -> cookie(name, "v", "h.example", "/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a;b", "a\r\nSet-Cookie: x=y", "a\u0001"})
    void aValueThatCouldBreakTheFieldIsRefused(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cookie("n", value, "h.example", "/"));
        assertFalse(e.getMessage().contains(value), "the message never holds the value");
    }

    @Test
    void aDomainAndAPathMustBeThere() {
        assertThrows(IllegalArgumentException.class, () -> cookie("n", "v", "", "/"));
        assertThrows(IllegalArgumentException.class, () -> cookie("n", "v", "h example", "/"));
        assertThrows(IllegalArgumentException.class, () -> cookie("n", "v", "h.example", "docs"));
    }

    @Test
    void theDomainIsLowerCase() {
        assertEquals("h.example", cookie("n", "v", "H.Example", "/").domain());
    }

    @Test
    void toStringNamesTheCookieAndHidesItsValue() {
        Cookie c = new Cookie("SID", "s3cr3t", "example.com", "/app", Optional.of(NOW), true, true, false,
                Cookie.SameSite.LAX, NOW);
        assertEquals("Cookie[SID @ .example.com/app, secure, expires 2026-12-01T12:00:00Z]", c.toString());
    }

    @Test
    void pairIsWhatTheCookieFieldHolds() {
        assertEquals("n=v", cookie("n", "v", "h.example", "/").pair());
        assertEquals("lonely", cookie("", "lonely", "h.example", "/").pair());
    }

    @Test
    void expiry() {
        Cookie session = cookie("n", "v", "h.example", "/");
        assertFalse(session.isPersistent());
        assertFalse(session.isExpired(Instant.MAX));
        Cookie persistent = new Cookie("n", "v", "h", "/", Optional.of(NOW), false, false, true,
                Cookie.SameSite.DEFAULT, NOW);
        assertTrue(persistent.isPersistent());
        assertFalse(persistent.isExpired(NOW.minusSeconds(1)));
        assertTrue(persistent.isExpired(NOW));
    }

    @Test
    void noneKeepsNothing() {
        CookieJar none = CookieJar.none();
        none.save(URI.create("http://h.example/"), List.of("a=1"));
        none.add(cookie("b", "2", "h.example", "/"));
        assertEquals(List.of(), none.load(URI.create("http://h.example/")));
        assertEquals(List.of(), none.all());
    }

    @Test
    void theBridgeSavesIntoAndLoadsFromTheJdksManager() {
        CookieManager manager = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        CookieJar jar = CookieJar.from(manager);
        URI site = URI.create("http://h.example/docs/page");
        jar.save(site, List.of("a=1; Path=/", "b=2; Path=/docs"));
        assertEquals(List.of("b=2", "a=1"), jar.load(site).stream().map(Cookie::pair).toList());
        jar.add(cookie("c", "3", "h.example", "/"));
        assertEquals(List.of("a", "b", "c"), jar.all().stream().map(Cookie::name).sorted().toList());
    }

    @Test
    void aHandlerThatIsNotAManagerCannotListOrTake() {
        CookieJar jar = CookieJar.from(new CookieHandler() {
            @Override
            public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
                return Map.of("Cookie", List.of("x=1; y=2"));
            }

            @Override
            public void put(URI uri, Map<String, List<String>> headers) {
            }
        });
        assertEquals(List.of("x=1", "y=2"), jar.load(URI.create("http://h.example/")).stream().map(Cookie::pair).toList());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, jar::all);
        assertTrue(e.getMessage().contains("is not a java.net.CookieManager"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> jar.add(cookie("n", "v", "h.example", "/")));
    }
}
