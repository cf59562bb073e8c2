package io.inetkit.toolbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogsTest {

    @Test
    void serverTextIsLoggedWithItsControlsShownAndUtf8Kept() {
        assertEquals("550-\\x1b]0;pwned\\x07 \\x00\\x7f\\x9b2J café 日本\\r\\n",
                Logs.printable("550-\u001b]0;pwned\u0007 \u0000\u007f\u009b2J café 日本\r\n"));
    }

    @Test
    void longServerTextIsCutWithWhatWasLeftOut() {
        String logged = Logs.printable("x".repeat(10_000));
        assertTrue(logged.startsWith("x".repeat(2000) + "... [8000 more characters]"), logged);
        assertEquals(2000 + "... [8000 more characters]".length(), logged.length());
    }

    @Test
    void aBindingOnThePathIsFoundAsSlf4jFindsIt() {
        // The tests run with Logback: the binding is found, as SLF4J would find it.
        assertTrue(Logs.bound());
        assertTrue(!(Logs.get(LogsTest.class) instanceof org.slf4j.helpers.NOPLogger));
    }
}
