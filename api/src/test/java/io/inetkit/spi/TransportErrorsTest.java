package io.inetkit.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.net.ConnectException;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The one message shape of a transport failure, and the server named once in it. */
class TransportErrorsTest {

    private final TransportErrors errors = new TransportErrors("example.org:443", Duration.ofSeconds(1),
            Duration.ofSeconds(2));

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void aSocketFailureEndsWithTheServer() {
        InternetException e = errors.of("connecting", new ConnectException("Connection refused"));
        assertEquals(InternetError.CANNOT_CONNECT, e.error());
        assertTrue(e.getMessage().startsWith("connecting: cannot connect: Connection refused"), e.getMessage());
        assertTrue(e.getMessage().endsWith(" (example.org:443)"), e.getMessage());
    }

    @Test
    void aTlsFailureNamesTheServerOnceInItsOwnWords() {
        InternetException e = errors.of("sending the request", new SSLHandshakeException(
                "PKIX path building failed: unable to find valid certification path to requested target"));
        assertEquals(InternetError.INVALID_CA, e.error());
        assertTrue(e.getMessage().startsWith("sending the request: the certificate of example.org:443 is not signed"),
                e.getMessage());
        assertEquals(1, count(e.getMessage(), "example.org:443"), e.getMessage());
    }
}
