package io.inetkit.testkit.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

class ScriptedFtpServerTest {

    @StartStop
    final ScriptedFtpServer server = ScriptedFtpServer.create();

    /** A control connection read line by line, with a read time-out. */
    private final class Control implements AutoCloseable {
        final Socket socket = new Socket(server.host(), server.port());
        final BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.ISO_8859_1));

        Control() throws IOException {
            socket.setSoTimeout(5_000);
        }

        String send(String command) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return in.readLine();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void answersFromItsScriptAndRecordsTheVerbs() throws Exception {
        server.reply("PWD", "257 \"/x\"\r\n");
        try (Control control = new Control()) {
            assertEquals("220 scripted", control.in.readLine());
            assertEquals("257 \"/x\"", control.send("PWD"));
            assertEquals("502 not scripted", control.send("HELP me"));
        }
        assertEquals(List.of("PWD", "HELP"), server.commands());
    }

    @Test
    void sendsAnEndlessReplyUntilTheClientLeaves() throws Exception {
        server.reply("STAT", Reply.endless(i -> "211-line " + i + "\r\n"));
        try (Control control = new Control()) {
            control.in.readLine();
            assertEquals("211-line 0", control.send("STAT"));
            for (int i = 1; i < 100_000; i++) {
                assertEquals("211-line " + i, control.in.readLine());
            }
        }
        server.reply("PWD", "257 \"/\"\r\n");
        try (Control again = new Control()) { // the endless reply ended with its client
            assertEquals("220 scripted", again.in.readLine());
            assertEquals("257 \"/\"", again.send("PWD"));
        }
    }

    @Test
    void tricklesOnePieceAtATime() throws Exception {
        server.reply("STAT", Reply.trickle(Duration.ofMillis(100), i -> "211-line " + i + "\r\n"));
        try (Control control = new Control()) {
            control.in.readLine();
            long start = System.nanoTime();
            control.send("STAT");
            for (int i = 0; i < 5; i++) {
                control.in.readLine();
            }
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(500).toNanos());
        }
    }

    @Test
    void aDataConnectionTheClientCutsIsAnswered426() throws Exception {
        server.data(Reply.endless(i -> "-rw-r--r-- 1 ftp ftp 5 Jan 01 2020 f" + i + "\r\n"));
        try (Control control = new Control()) {
            control.in.readLine();
            assertTrue(control.send("EPSV").contains("|||" + server.passivePort() + "|"));
            try (Socket data = new Socket(server.host(), server.passivePort())) {
                assertEquals("150 here", control.send("LIST"));
                data.getInputStream().readNBytes(100_000);
            }
            assertTrue(server.awaitDataCut(Duration.ofSeconds(5)));
            assertEquals("426 the client closed the data connection", control.in.readLine());
        }
    }

    @Test
    void aWholeDownloadIsFollowedByTheRestOfItsReply() throws Exception {
        try (Control control = new Control()) {
            control.in.readLine();
            control.send("EPSV");
            try (Socket data = new Socket(server.host(), server.passivePort())) {
                assertEquals("150 here (5 bytes)", control.send("RETR a.txt"));
                data.setSoTimeout(5_000);
                data.getInputStream().readAllBytes();
            }
            assertEquals("226 done", control.in.readLine());
        }
        assertFalse(server.awaitDataCut(Duration.ZERO));
    }

    @Test
    void speaksImplicitFtpsWhenGivenAContext() throws Exception {
        try (ScriptedFtpServer tls = ScriptedFtpServer.create().tls(TestCertificate.localhost().serverContext())) {
            tls.start();
            try (SSLSocket socket = (SSLSocket) TestCertificate.localhost().clientContext().getSocketFactory()
                    .createSocket("localhost", tls.port())) {
                socket.setSoTimeout(5_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                assertEquals("220 scripted", in.readLine());
            }
        }
    }
}
