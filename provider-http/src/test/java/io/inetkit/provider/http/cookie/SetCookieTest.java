package io.inetkit.provider.http.cookie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.http.Cookie.SameSite;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SetCookieTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    static SetCookie parse(String field) {
        return SetCookie.parse(field, 4096, NOW).orElseThrow();
    }

    @Test
    void nameValueAndEveryAttribute() {
        SetCookie c = parse(" SID = 31d4d96e407aad42 ; Path=/docs; Domain=.Example.COM; Secure; HttpOnly;"
                + " SameSite=Lax; Expires=Wed, 09 Jun 2027 10:18:14 GMT; Unknown=1");
        assertEquals("SID", c.name());
        assertEquals("31d4d96e407aad42", c.value());
        assertEquals("/docs", c.path());
        assertEquals("example.com", c.domain());
        assertTrue(c.secure());
        assertTrue(c.httpOnly());
        assertEquals(SameSite.LAX, c.sameSite());
        assertEquals(Optional.of(Instant.parse("2027-06-09T10:18:14Z")), c.expires());
    }

    @Test
    void attributeNamesAreCaseInsensitiveAndTheLastWins() {
        SetCookie c = parse("a=b; path=/one; PATH=/two; sAmEsItE=STRICT; samesite=bogus; DOMAIN=x.org");
        assertEquals("/two", c.path());
        assertEquals(SameSite.DEFAULT, c.sameSite());
        assertEquals("x.org", c.domain());
    }

    @Test
    void maxAgeWinsOverExpiresWhereverEachStands() {
        assertEquals(Optional.of(NOW.plusSeconds(60)), parse("a=b; Max-Age=60; Expires=Wed, 09 Jun 2027 10:18:14 GMT").expires());
        assertEquals(Optional.of(NOW.plusSeconds(60)), parse("a=b; Expires=Wed, 09 Jun 2027 10:18:14 GMT; Max-Age=60").expires());
        // An invalid Max-Age is ignored, so Expires counts.
        assertEquals(Optional.of(Instant.parse("2027-06-09T10:18:14Z")),
                parse("a=b; Max-Age=6x0; Expires=Wed, 09 Jun 2027 10:18:14 GMT").expires());
    }

    @Test
    void zeroOrNegativeMaxAgeExpiresAtOnce() {
        assertEquals(Optional.of(Instant.MIN), parse("a=b; Max-Age=0").expires());
        assertEquals(Optional.of(Instant.MIN), parse("a=b; Max-Age=-5").expires());
    }

    @Test
    void expiryIsCappedAt400Days() {
        Instant cap = NOW.plus(Duration.ofDays(400));
        assertEquals(Optional.of(cap), parse("a=b; Max-Age=999999999999999999999999").expires());
        assertEquals(Optional.of(cap), parse("a=b; Expires=Fri, 31 Dec 9999 23:59:59 GMT").expires());
    }

    @Test
    void aSessionCookieHasNoExpiryAndABadDateIsIgnored() {
        assertEquals(Optional.empty(), parse("a=b").expires());
        assertEquals(Optional.empty(), parse("a=b; Expires=never").expires());
    }

    @Test
    void aPathThatDoesNotStartWithSlashMeansTheDefaultPath() {
        assertNull(parse("a=b; Path=docs").path());
        assertNull(parse("a=b; Path=").path());
    }

    @Test
    void aFieldWithoutEqualsIsANamelessCookie() {
        SetCookie c = parse("justavalue; Path=/");
        assertEquals("", c.name());
        assertEquals("justavalue", c.value());
    }

    @Test
    void anEmptyDomainIsIgnored() {
        assertNull(parse("a=b; Domain=").domain());
    }

    @Test
    void anAttributeValueOver1024BytesIsIgnored() {
        assertNull(parse("a=b; Path=/" + "p".repeat(1024)).path());
        assertEquals("/" + "p".repeat(1022), parse("a=b; Path=/" + "p".repeat(1022)).path());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "=", " ; Path=/", "a=b\u0000c", "a=b\nSet-Cookie: c=d", "a\u007f=b"})
    void ignored(String field) {
        assertFalse(SetCookie.parse(field, 4096, NOW).isPresent(), field);
    }

    @Test
    void aNameAndValueOverTheLimitIsIgnored() {
        assertTrue(SetCookie.parse("n=" + "v".repeat(4095), 4096, NOW).isPresent());
        assertFalse(SetCookie.parse("n=" + "v".repeat(4096), 4096, NOW).isPresent());
        assertTrue(SetCookie.parse("n=" + "v".repeat(11), 12, NOW).isPresent());
        assertFalse(SetCookie.parse("n=" + "v".repeat(12), 12, NOW).isPresent());
    }

    @Test
    void aTabIsWhiteSpaceNotAControlCharacter() {
        assertEquals("b", parse("a=\tb\t; Secure").value());
    }

    @Test
    void neverShowsTheValue() {
        assertFalse(parse("SID=secret-value").toString().contains("secret"));
    }
}
