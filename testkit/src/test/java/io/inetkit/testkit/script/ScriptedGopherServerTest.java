package io.inetkit.testkit.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptedGopherServerTest {

    @StartStop
    final ScriptedGopherServer server = ScriptedGopherServer.create()
            .reply("/m", Reply.text("0a\t/a\th\t70\r\n.\r\n"))
            .reply("/endless", Reply.endless(i -> "0file " + i + "\t/f" + i + "\th\t70\r\n"));

    private Socket request(String line) throws IOException {
        Socket socket = new Socket(server.host(), server.port());
        socket.setSoTimeout(5_000);
        socket.getOutputStream().write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        return socket;
    }

    @Test
    void answersEachRequestWithItsReplyThenCloses() throws Exception {
        try (Socket socket = request("/m")) {
            assertEquals("0a\t/a\th\t70\r\n.\r\n", new String(socket.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8));
        }
        try (Socket socket = request("/other")) {
            assertTrue(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).startsWith("3"));
        }
        assertEquals(List.of("/m", "/other"), server.requests());
    }

    @Test
    void sendsAnEndlessReplyUntilTheClientLeaves() throws Exception {
        try (Socket socket = request("/endless")) {
            InputStream in = socket.getInputStream();
            assertEquals(1_000_000, in.readNBytes(1_000_000).length);
        }
        assertTrue(server.awaitCut(Duration.ofSeconds(5)));
    }
}
