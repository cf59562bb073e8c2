package io.inetkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * Percent-decoding of user info. java.net.URI already refuses malformed escapes, so the decoder's
 * own checks are for URIs built by other means; they are tested here directly.
 */
class UrlRequestsTest {

    private static final URI SOME = URI.create("ftp://host/path");

    @Test
    void decodesUtf8EscapesAndKeepsPlus() throws Exception {
        assertEquals("jöe p@ss+", UrlRequests.decode(SOME, "j%C3%B6e%20p%40ss+"));
    }

    @Test
    void aCutOrBadEscapeIsAnInvalidUrlThatDoesNotShowTheText() {
        for (String bad : new String[] {"secret%", "secret%4", "secret%zz"}) {
            InternetException e = assertThrows(InternetException.class, () -> UrlRequests.decode(SOME, bad));
            assertEquals(InternetError.INVALID_URL, e.error());
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
        }
    }
}
