package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command's output, exit statuses and error line, run in-process. */
class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /** A command whose work a stop ended without a failure it saw reports the stop, not success. */
    @Test
    void aCommandThatEndsAfterAStopExitsWithTheStopsStatus() {
        Stop stop = Stop.inProcess();
        stop.stop(new Stop.Reason(InternetError.TIMEOUT, "the operation took longer than --max-time 1 s", 28));
        assertEquals(28, Main.run(new String[] {"services"}, new PrintWriter(out, true), new PrintWriter(err, true),
                stop));
        assertEquals("inetkit: ERROR_INTERNET_TIMEOUT (12002): the operation took longer than --max-time 1 s"
                + System.lineSeparator(), err.toString());
    }

    @Test
    void servicesPrintsAHeaderAndExitsZero() {
        assertEquals(0, run("services"));
        assertTrue(out.toString().startsWith("ID   SERVICE  PORT   SCHEMES          MODULE"), out.toString());
    }

    @Test
    void versionNamesTheCommandAndTheRuntime() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString().startsWith("inetkit "), out.toString());
        assertTrue(out.toString().contains("Java " + Runtime.version()), out.toString());
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithStatusTwo() {
        assertEquals(2, run("fetch"));
        assertTrue(err.toString().contains("Unmatched argument"), err.toString());
    }

    @Test
    void helpListsEveryCommand() {
        assertEquals(0, run("--help"));
        for (String command : new String[] {"services", "get", "ls", "put", "mirror", "demo"}) {
            assertTrue(out.toString().contains("  " + command + " "), out.toString());
        }
    }

    @Test
    void aCommandsOwnUsageErrorIsStatusTwo() {
        assertEquals(2, run("put", "only-one-argument"));
        assertTrue(err.toString().contains("Missing required parameter: 'URL'"), err.toString());
    }

    @Test
    void noCommandIsAUsageError() {
        assertEquals(2, run());
        assertTrue(err.toString().contains("Missing command"), err.toString());
    }

    @Test
    void errorLineNamesTheWinInetErrorAndCode() {
        assertEquals("inetkit: ERROR_INTERNET_NAME_NOT_RESOLVED (12007): cannot resolve nowhere.invalid",
                ErrorLine.format(new InternetException(InternetError.NAME_NOT_RESOLVED,
                        "cannot resolve nowhere.invalid")));
    }

    @Test
    void errorLineStaysOnOneLine() {
        assertEquals("inetkit: ERROR_INTERNET_INTERNAL_ERROR (12004): two lines",
                ErrorLine.format(new IllegalStateException("two\r\nlines")));
    }
}
