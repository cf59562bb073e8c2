package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The image's SLF4J binding: nothing of Logback until a warning, then the command's one-line format. */
class LazyLogbackTest {

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final LazyLogback.Factory factory = (LazyLogback.Factory) new LazyLogback().getLoggerFactory();
    private PrintStream saved;

    @BeforeEach
    void captureStandardError() {
        saved = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStandardError() {
        System.setErr(saved);
    }

    private String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    void eventsBelowWarnStartNothingAndPrintNothing() {
        Logger log = factory.getLogger("io.inetkit.Quiet");
        log.info("routine {}", 1);
        log.debug("detail");
        assertFalse(log.isInfoEnabled());
        assertFalse(factory.started());
        assertEquals("", stderr());
    }

    @Test
    void aWarningStartsLogbackAndIsPrintedOnOneLine() {
        Logger log = factory.getLogger("io.inetkit.provider.gopher.Limits");
        log.warn("ignoring {}={}", "maxMenuItems", "abc");
        assertTrue(factory.started());
        assertEquals("inetkit: WARN Limits: ignoring maxMenuItems=abc" + System.lineSeparator(), stderr());
    }

    @Test
    void anErrorCarriesItsCauseAndLaterInfoStaysBelowTheLevel() {
        Logger log = factory.getLogger("io.inetkit.Loud");
        log.error("closing failed", new IllegalStateException("boom"));
        log.info("not shown");
        assertEquals("inetkit: ERROR Loud: closing failed (java.lang.IllegalStateException: boom)"
                + System.lineSeparator(), stderr());
    }

    @Test
    void theSameNameGivesTheSameLogger() {
        assertTrue(factory.getLogger("a.B") == factory.getLogger("a.B"));
    }
}
