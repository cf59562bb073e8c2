package io.inetkit.gopher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 4266 URLs, read and written. */
class GopherUrlTest {

    @Test
    void anEmptyPathIsTheRootMenu() throws Exception {
        GopherUrl url = GopherUrl.parse("gopher://gopher.example.org");
        assertEquals(new GopherUrl(false, "gopher.example.org", 70, '1', "", Optional.empty(), Optional.empty()), url);
        assertEquals(url, GopherUrl.parse("gopher://gopher.example.org/"));
    }

    @Test
    void readsTypeSelectorSearchAndGopherPlusString() throws Exception {
        GopherUrl url = GopherUrl.parse("gopher://example.org:7070/7/search%20here%09m%C3%B6le%20hills%09+");
        assertEquals(7070, url.port());
        assertEquals('7', url.type());
        assertEquals("/search here", url.selector());
        assertEquals(Optional.of("möle hills"), url.search());
        assertEquals(Optional.of("+"), url.gopherPlus());
    }

    @Test
    void aSelectorMayStartWithItsOwnTypeCharacter() throws Exception {
        GopherUrl url = GopherUrl.parse("gopher://h/00/file.txt");
        assertEquals('0', url.type());
        assertEquals("0/file.txt", url.selector());
    }

    @Test
    void gophersIsSecureAndIpv6IsBracketed() throws Exception {
        GopherUrl url = GopherUrl.parse("GOPHERS://[::1]:7443/1/docs");
        assertTrue(url.secure());
        assertEquals("::1", url.host());
        assertEquals("gophers://[::1]:7443/1/docs", url.toString());
    }

    @Test
    void writesWhatItReads() throws Exception {
        for (String text : new String[] {"gopher://h/0/a%20b.txt", "gopher://h:71/7/s%09q%20r",
                "gopher://h/1/x%09%09%2B", "gopher://h/9/%C3%A9t%C3%A9.bin"}) {
            assertEquals(text, GopherUrl.parse(text).toString());
        }
    }

    @Test
    void madeFromAMenuItem() throws Exception {
        GopherItem item = new GopherItem('0', "About", "/about me.txt", "example.org", 70, false);
        assertEquals("gopher://example.org/0/about%20me.txt", GopherUrl.of(item, false).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gopher:/h/1", "gopher://", "gopher://:70/1", "gopher://h:x/1", "gopher://h:70000/1",
            "gopher://user@h/1", "gopher://h/1/a%0D%0Ab", "gopher://h/1/a%0", "gopher://h/1/a%zz", "gopher://h/1/a b",
            "gopher://h/1/%FF", "gopher://[::1/1", "gopher://h/0/x%09q%0Ab"})
    void refusesBrokenUrls(String text) {
        InternetException e = assertThrows(InternetException.class, () -> GopherUrl.parse(text));
        assertEquals(InternetError.INVALID_URL, e.error(), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void refusesOtherSchemes() {
        assertEquals(InternetError.UNRECOGNIZED_SCHEME,
                assertThrows(InternetException.class, () -> GopherUrl.parse("http://h/1")).error());
    }
}
