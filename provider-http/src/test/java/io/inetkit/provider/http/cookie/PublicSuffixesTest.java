package io.inetkit.provider.http.cookie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublicSuffixesTest {

    @Test
    void theShippedListIsPublicSuffixOrgsAndRecent() {
        PublicSuffixes list = PublicSuffixes.shipped();
        // publicsuffix.org's list has some 10,000 rules; a truncated or empty resource would have far fewer.
        assertTrue(list.size() > 8000, "rules: " + list.size());
        // Its VERSION line, such as 2026-10-06_16-13-12_UTC: not older than the day this code was written.
        assertTrue(list.version().compareTo("2026-10-06") >= 0, list.version());
    }

    @ParameterizedTest
    @ValueSource(strings = {"com", "org", "co.uk", "github.io", "blogspot.com", "uk", "xn--p1ai", "localhost",
        "anything-unlisted", "foo.ck"})
    void publicSuffixes(String domain) {
        assertTrue(PublicSuffixes.shipped().isPublicSuffix(domain), domain);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "example.co.uk", "user.github.io", "www.ck", "a.b.example.org",
        "127.0.0.1"})
    void registrableDomainsAndBelow(String domain) {
        assertFalse(PublicSuffixes.shipped().isPublicSuffix(domain), domain);
    }

    @Test
    void readsRulesWildcardsExceptionsAndUnicodeAsPublicSuffixOrgWritesThem() throws Exception {
        String text = "// VERSION: 2030-01-01_00-00-00_UTC\n// comment\n\nexample\n*.wild.example\n"
                + "!not.wild.example\nрф\nspaced rule ignored after the space\n";
        PublicSuffixes list = PublicSuffixes.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals("2030-01-01_00-00-00_UTC", list.version());
        assertTrue(list.isPublicSuffix("example"));
        assertTrue(list.isPublicSuffix("any.wild.example"));
        assertFalse(list.isPublicSuffix("not.wild.example"));
        assertFalse(list.isPublicSuffix("deeper.any.wild.example"));
        assertTrue(list.isPublicSuffix("xn--p1ai"));
        assertTrue(list.isPublicSuffix("spaced"));
    }
}
