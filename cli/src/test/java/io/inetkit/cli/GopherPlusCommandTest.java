package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.gopher.TestGopherServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inetkit info} and {@code get --view} against testkit's Gopher+ server. */
class GopherPlusCommandTest {

    @TempDir
    static Path served;

    @TempDir
    Path local;

    @StartStop final TestGopherServer gopher = TestGopherServer.newBuilder().root(served).build();
    @StartStop final TestGopherServer scripted = TestGopherServer.create();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void files() throws Exception {
        Files.writeString(served.resolve("about.txt"), "About us\n");
    }

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String url(TestGopherServer server, String item) {
        return "gopher://127.0.0.1:" + server.port() + "/" + item;
    }

    @Test
    void infoPrintsTheAttributesInGopherPlusLayout() {
        gopher.abstractOf("/about.txt", "Who we are");
        assertEquals(0, run("info", url(gopher, "0/about.txt")), err.toString());
        String[] lines = out.toString().split("\\R");
        assertTrue(lines[0].startsWith("+INFO: 0about.txt\t/about.txt\t"), out.toString());
        assertTrue(out.toString().contains("\n+VIEWS:\n text/plain"), out.toString());
        assertTrue(out.toString().contains("\n+ABSTRACT:\n Who we are"), out.toString());
    }

    @Test
    void infoPrintsAServersControlCharactersAsData() {
        scripted.raw("/x", "+-1\r\n+INFO: 0x\t/x\th\t70\t+\r\n+ABSTRACT:\r\n \u001b]0;pwned\u0007\r\n.\r\n"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(0, run("info", url(scripted, "0/x")), err.toString());
        assertTrue(out.toString().contains(" \\x1b]0;pwned\\x07"), out.toString());
        assertTrue(out.toString().chars().noneMatch(c -> c == 0x1b || c == 0x07), out.toString());
    }

    @Test
    void getWithAViewFetchesThatView() throws Exception {
        Path file = local.resolve("about.txt");
        assertEquals(0, run("get", "--view", "text/plain", url(gopher, "0/about.txt"), "-o", file.toString()),
                err.toString());
        assertEquals("About us\r\n", Files.readString(file));
        assertTrue(gopher.takeRequest(java.time.Duration.ofSeconds(5)).orElseThrow().line()
                .equals("/about.txt\t+text/plain"));
    }

    @Test
    void aViewTheServerDoesNotHaveIsItsErrorAndCurlsStatusForAMissingFile() {
        assertEquals(78, run("get", "--view", "text/plain", url(gopher, "0/missing.txt")));
        assertTrue(err.toString().startsWith("inetkit: ERROR_GOPHER_DATA_ERROR (12132): "), err.toString());
    }

    @Test
    void aViewOfAnotherProtocolAndInfoOfAnotherProtocolAreRefused() {
        assertEquals(2, run("get", "--view", "text/plain", "http://127.0.0.1:1/x"));
        assertTrue(err.toString().contains("--view chooses a view of a Gopher+ document"), err.toString());
        assertEquals(1, run("info", "http://127.0.0.1:1/x"));
        assertTrue(err.toString().contains("info prints Gopher+ attributes"), err.toString());
    }
}
