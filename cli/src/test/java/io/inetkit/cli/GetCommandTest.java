package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inetkit get} end to end through the URL dispatch, with the Echo example provider and a real
 * RFC 862 server, until the FTP, HTTP and Gopher providers land.
 */
class GetCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private ServerSocket echoServer;

    @TempDir
    Path dir;

    @BeforeEach
    void startEchoServer() throws IOException {
        echoServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!echoServer.isClosed()) {
                try (Socket socket = echoServer.accept(); InputStream in = socket.getInputStream();
                     OutputStream echo = socket.getOutputStream()) {
                    socket.setSoTimeout(10_000);
                    in.transferTo(echo);
                } catch (IOException e) {
                    // Next connection.
                }
            }
        }, "cli-echo-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stopEchoServer() throws IOException {
        echoServer.close();
    }

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String url(String text) {
        return "echo://127.0.0.1:" + echoServer.getLocalPort() + "/" + text;
    }

    @Test
    void getWritesTheResourceToAFile() throws Exception {
        Path file = dir.resolve("hello.txt");
        assertEquals(0, run("get", url("hello"), "-o", file.toString()), err.toString());
        assertEquals("hello", Files.readString(file));
        assertEquals("", err.toString(), "quiet when standard error is not a terminal");
    }

    @Test
    void getWritesToStandardOutputWithoutO() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, run("get", url("to-stdout")), err.toString());
        } finally {
            System.setOut(original);
        }
        assertEquals("to-stdout", captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFailedGetPrintsTheErrorLineAndLeavesNoFile() throws Exception {
        Path file = dir.resolve("never.txt");
        assertEquals(7, run("get", "echo://127.0.0.1:1/x", "-o", file.toString()));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_CANNOT_CONNECT (12029): "), err.toString());
        assertEquals(1, err.toString().lines().count(), "one line, no stack trace: " + err);
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "neither the file nor a temporary file is left");
        }
    }

    @Test
    void aFailedGetKeepsAnExistingFileIntact() throws Exception {
        Path file = Files.writeString(dir.resolve("keep.txt"), "old");
        assertEquals(1, run("get", url(""), "-o", file.toString()));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_INVALID_URL (12005): "), err.toString());
        assertEquals("old", Files.readString(file));
    }

    @Test
    void anUnknownSchemeNamesTheInstalledOnes() {
        assertEquals(1, run("get", "nope://127.0.0.1/x"));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_UNRECOGNIZED_SCHEME (12006): "), err.toString());
        assertTrue(err.toString().contains("echo"), err.toString());
    }

    @Test
    void aUrlWithoutSchemeIsInvalid() {
        assertEquals(1, run("get", "just-a-host"));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_INVALID_URL (12005): "), err.toString());
    }

    @Test
    void verbosePrintsStatusEventsWithTheirContext() throws Exception {
        Path file = dir.resolve("v.txt");
        assertEquals(0, run("get", "-v", url("verbose"), "-o", file.toString()), err.toString());
        assertTrue(err.toString().contains("* CONNECTED_TO_SERVER echo://127.0.0.1:"), err.toString());
        assertTrue(err.toString().contains("context=echo://127.0.0.1:"), err.toString());
    }

    @Test
    void verboseFailuresShowTheStackTraceThenTheErrorLine() {
        assertEquals(7, run("get", "-v", "echo://127.0.0.1:1/x"));
        String[] lines = err.toString().split("\n");
        assertTrue(err.toString().contains("\tat "), err.toString());
        assertTrue(lines[lines.length - 1].startsWith("inetkit: ERROR_INTERNET_CANNOT_CONNECT"), err.toString());
    }

    @Test
    void aUserFromTheOptionIsSentAndItsPasswordNeverPrinted() {
        // The Echo protocol has no login; the password must still appear nowhere in the output.
        assertEquals(7, run("get", "-v", "-u", "joe:s3cret", "echo://127.0.0.1:1/x"));
        assertFalse(err.toString().contains("s3cret"), err.toString());
    }

    @Test
    void anOutputInAMissingDirectoryIsFileNotFound() {
        Path file = dir.resolve("no-such-dir").resolve("out.txt");
        assertEquals(1, run("get", url("x"), "-o", file.toString()));
        assertTrue(err.toString().startsWith("inetkit: ERROR_FILE_NOT_FOUND (2): cannot write "), err.toString());
    }

    @Test
    void activeAndPassiveTogetherAreRefused() {
        assertEquals(1, run("get", "--active", "--passive", url("x")));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INVALID_PARAMETER (87): --active and --passive"),
                err.toString());
    }

    @Test
    void aBadTimeoutIsRefused() {
        assertEquals(1, run("get", "--timeout", "0", url("x")));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INVALID_PARAMETER (87): --timeout"), err.toString());
    }
}
