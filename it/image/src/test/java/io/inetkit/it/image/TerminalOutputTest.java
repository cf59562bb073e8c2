package io.inetkit.it.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A body is the document and is written as it came, as curl writes it; but a binary one (a NUL in
 * a block) is refused on a terminal unless {@code -o -} asks for it, as curl refuses it.
 */
class TerminalOutputTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final byte[] BINARY = {'P', 'K', 3, 4, 0, 0, 0, 0, (byte) 0xff, 'z'};

    private RawServer http;

    @BeforeEach
    void serve() {
        http = RawServer.start(c -> {
            String request = c.readHead();
            byte[] body = request.contains("/text") ? "plain \u001b[1mtext\u001b[0m\n".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8) : BINARY;
            c.send("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n");
            c.send(body);
        });
    }

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void aBinaryBodyIsRefusedOnATerminal() {
        ImageRun.Finished get = ImageRun.of("get", "http://" + http.authority() + "/a.zip").onTerminal().run(TIMEOUT);
        assertEquals(1, get.status(), get.describe());
        assertTrue(get.stdoutText().contains("inetkit: ERROR_INTERNET_INVALID_OPERATION (12016): binary output can"
                + " mess up your terminal; use -o - to write it to the terminal anyway, or -o FILE to save it"),
                get.describe());
        assertFalse(get.stdoutText().contains("PK"), "nothing of the body: " + get.describe());
    }

    @Test
    void dashOWritesItToTheTerminalAnyway() {
        ImageRun.Finished get = ImageRun.of("get", "http://" + http.authority() + "/a.zip", "-o", "-").onTerminal()
                .run(TIMEOUT);
        assertEquals(0, get.status(), get.describe());
        assertTrue(get.stdoutText().startsWith("PK"), get.describe());
    }

    @Test
    void aTextBodyGoesToTheTerminalAsItCame() {
        ImageRun.Finished get = ImageRun.of("get", "http://" + http.authority() + "/text").onTerminal().run(TIMEOUT);
        assertEquals(0, get.status(), get.describe());
        assertTrue(get.stdoutText().contains("plain \u001b[1mtext\u001b[0m"), "the document, raw: " + get.describe());
    }

    @Test
    void aBinaryBodyGoesToAPipeUnchecked() {
        ImageRun.Finished get = ImageRun.of("get", "http://" + http.authority() + "/a.zip").run(TIMEOUT);
        assertEquals(0, get.status(), get.describe());
        assertArrayEquals(BINARY, get.stdout());
    }
}
