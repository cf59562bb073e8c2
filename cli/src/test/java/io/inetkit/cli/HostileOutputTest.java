package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.gopher.TestGopherServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands against servers whose names, menus, reason phrases and error replies carry escape
 * sequences, NUL and C1 bytes, through the real providers: nothing of it reaches the output as a
 * control. The built image is tested the same way, byte for byte, in it/image.
 */
class HostileOutputTest {

    /**
     * A name that retitles the terminal, clears it with the one-character CSI and hides with DEL.
     * (A CR ends the listing's line before the name reaches the command; TerminalTextTest has it.)
     */
    static final String EVIL_NAME = "\u001b]0;pwned\u0007evil\u009b2J\u007f\ttab.txt";

    @TempDir
    static Path served;

    @TempDir
    Path local;

    @StartStop final TestFtpServer ftp = TestFtpServer.newBuilder().root(served).build();
    @StartStop final TestGopherServer gopher = TestGopherServer.serving(served);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private ServerSocket http;

    @BeforeAll
    static void files() throws IOException {
        Files.writeString(served.resolve(EVIL_NAME), "evil\n");
        Files.writeString(served.resolve("café 日本 😀.txt"), "kind\n");
    }

    @AfterEach
    void stopHttp() throws IOException {
        if (http != null) {
            http.close();
        }
    }

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /**
     * Neither stream holds a C0 control but the line feed, DEL or C1 control; only the TABs that
     * separate a Gopher line's fields on standard output.
     */
    private void assertNoControls() {
        assertFalse(TerminalTextTest.hasControl(out.toString().replace("\t", " ")), "stdout: " + out);
        assertFalse(TerminalTextTest.hasControl(err.toString()), "stderr: " + err);
    }

    @Test
    void ftpListingNamesAreEscapedAndUtf8NamesKept() {
        assertEquals(0, run("ls", "ftp://" + ftp.host() + ":" + ftp.port() + "/"), err.toString());
        assertNoControls();
        assertFalse(out.toString().contains("\t"), out.toString());
        List<String> lines = out.toString().lines().toList();
        assertEquals(2, lines.size(), out.toString());
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(" \\x1b]0;pwned\\x07evil\\x9b2J\\x7f\\ttab.txt")),
                out.toString());
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(" café 日本 😀.txt")), out.toString());
    }

    @Test
    void gopherMenuFieldsAreEscapedAndEachLineKeepsItsThreeFields() {
        gopher.raw("/evil", ("i\u001b[2J\u001b[Hinetkit: forged line\tfake\t(NULL)\t0\r\n"
                + "0caf\u00e9 \u009b31m\u007fred\t/doc\u001b]0;t\u0007\t127.0.0.1\t" + gopher.port() + "\r\n"
                + "3\u001b[5mNo such item\t\terror.host\t1\r\n"
                + "1menu\tURL:http://x/\u001b[1m\t127.0.0.1\t" + gopher.port() + "\r\n"
                + ".\r\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(0, run("ls", "gopher://127.0.0.1:" + gopher.port() + "/1/evil"), err.toString());
        assertNoControls();
        List<String> lines = out.toString().lines().toList();
        assertEquals("i\t\\x1b[2J\\x1b[Hinetkit: forged line", lines.get(0));
        assertEquals("0\tcafé \\x9b31m\\x7fred\tgopher://127.0.0.1:" + gopher.port() + "/0/doc%1B%5D0%3Bt%07",
                lines.get(1));
        assertEquals("3\t\\x1b[5mNo such item", lines.get(2));
        assertEquals("1\tmenu\thttp://x/\\x1b[1m", lines.get(3));
        for (String line : lines) {
            assertTrue(line.split("\t", -1).length <= 3, line);
        }
    }

    @Test
    void aGopherErrorItemIsPrintedAsData() {
        gopher.raw("/gone", "3\u001b]0;pwned\u0007Gone\u0000 away\u009b2J\t\terror.host\t1\r\n.\r\n"
                .getBytes(StandardCharsets.UTF_8));
        int status = run("get", "gopher://127.0.0.1:" + gopher.port() + "/0/gone", "-o", local.resolve("f").toString());
        assertNoControls();
        assertEquals(78, status, err.toString());
        assertTrue(err.toString().contains("\\x1b]0;pwned\\x07Gone\\x00 away\\x9b2J"), err.toString());
    }

    @Test
    void anHttpReasonPhraseIsPrintedAsDataAndItsUtf8Kept() throws Exception {
        serveHttp("HTTP/1.1 404 \u001b]0;pwned\u0007N\u00e3o\u0000 \u009b2J encontrado 😀\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n");
        assertEquals(22, run("get", "-f", "http://127.0.0.1:" + http.getLocalPort() + "/x", "-o", local.resolve("f").toString()));
        assertNoControls();
        assertTrue(err.toString().contains("404 \\x1b]0;pwned\\x07Não\\x00 \\x9b2J encontrado 😀"), err.toString());
    }

    @Test
    void aPutRefusedWithAHostileReasonPhraseIsPrintedAsData() throws Exception {
        serveHttp("HTTP/1.1 403 \u001b[2J\u001b[1;1Hinetkit: done\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        Path file = Files.writeString(local.resolve("up.txt"), "up");
        assertEquals(22, run("put", file.toString(), "http://127.0.0.1:" + http.getLocalPort() + "/up.txt"));
        assertNoControls();
        assertTrue(err.toString().contains("403 \\x1b[2J\\x1b[1;1Hinetkit: done"), err.toString());
    }

    @Test
    void verboseEventsArePrintedAsData() throws Exception {
        gopher.raw("/v", "0\u001b[31mred\t/r\t127.0.0.1\t70\r\n.\r\n".getBytes(StandardCharsets.UTF_8));
        serveHttp("HTTP/1.1 500 \u001b[2J\u0000\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        run("get", "-v", "http://127.0.0.1:" + http.getLocalPort() + "/v", "-o", local.resolve("f").toString());
        run("ls", "-v", "gopher://127.0.0.1:" + gopher.port() + "/1/v");
        run("ls", "-v", "ftp://" + ftp.host() + ":" + ftp.port() + "/");
        // The stack traces of -v indent their frames with TABs, which are the command's own.
        assertFalse(TerminalTextTest.hasControl(out.toString().replace("\t", " ") + err.toString().replace("\n\t", "\n ")),
                out + "\n" + err);
        assertTrue(err.toString().contains("* "), err.toString());
    }

    /** An HTTP server on loopback that answers every request with these bytes (ISO-8859-1 for each char). */
    private void serveHttp(String response) throws IOException {
        http = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
        Thread server = new Thread(() -> {
            while (!http.isClosed()) {
                try (Socket socket = http.accept(); InputStream in = socket.getInputStream();
                     OutputStream to = socket.getOutputStream()) {
                    socket.setSoTimeout(10_000);
                    readHead(in);
                    to.write(bytes);
                    to.flush();
                    socket.shutdownOutput();
                    in.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // Next connection.
                }
            }
        }, "cli-hostile-http");
        server.setDaemon(true);
        server.start();
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
    }
}
