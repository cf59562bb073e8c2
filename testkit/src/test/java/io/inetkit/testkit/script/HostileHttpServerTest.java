package io.inetkit.testkit.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.tls.TestCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** The scenarios' bytes as a raw client reads them, plain and over TLS, and a close that ends an endless one. */
class HostileHttpServerTest {

    static final String GET = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";

    @Test
    void aHeaderSectionHasExactlyTheBytesAsked() throws Exception {
        for (int bytes : new int[] {38, 50, 1000, 256 * 1024, 256 * 1024 + 1}) {
            String head = HostileHttpScenarios.headerSection(bytes);
            assertEquals(bytes, head.length(), "bytes");
            assertTrue(head.endsWith("\r\n\r\n") && head.indexOf("\r\n\r\n") == bytes - 4, "one blank line, at the end");
            assertTrue(head.lines().allMatch(line -> line.length() <= 8 * 1024 + 64), "no long line");
        }
        assertThrows(IllegalArgumentException.class, () -> HostileHttpScenarios.headerSection(37));
        assertThrows(IllegalArgumentException.class, () -> HostileHttpScenarios.headerSection(45));
    }

    @Test
    void interimResponsesThenTheFinalOneOnAPlainConnection() throws Exception {
        try (HostileHttpServer server = HostileHttpServer.plain(HostileHttpScenarios.interimThenOk(3, "ok"))) {
            server.start();
            try (Socket socket = new Socket(server.host(), server.port())) {
                String answer = exchange(socket, GET, 3 * HostileHttpScenarios.CONTINUE.length() + 40);
                assertEquals(HostileHttpScenarios.CONTINUE.repeat(3) + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                        answer);
            }
            assertEquals(1, server.connections());
            assertEquals(1, server.requests());
        }
    }

    @Test
    void headerFieldsAndALongLineHaveTheirExactCounts() throws Exception {
        try (HostileHttpServer server = HostileHttpServer.plain(HostileHttpScenarios.headerFields(5))) {
            server.start();
            try (Socket socket = new Socket(server.host(), server.port())) {
                String answer = exchange(socket, GET, -1);
                assertEquals(5, answer.split("\r\n").length - 1, answer);
                assertTrue(answer.endsWith("Content-Length: 0\r\n\r\n"), answer);
            }
        }
        try (HostileHttpServer server = HostileHttpServer.plain(HostileHttpScenarios.longHeaderLine(100))) {
            server.start();
            try (Socket socket = new Socket(server.host(), server.port())) {
                String answer = exchange(socket, GET, -1);
                assertEquals(100, answer.split("\r\n")[1].length(), answer);
            }
        }
    }

    @Test
    void bytesAfterTheBodyComeOnlyOnTheFirstAnswerAndOverTls() throws Exception {
        try (HostileHttpServer server = HostileHttpServer.tls(HostileHttpScenarios.bytesAfterBody("first",
                Duration.ZERO))) {
            server.start();
            try (SSLSocket socket = (SSLSocket) TestCertificate.localhost().clientContext().getSocketFactory()
                    .createSocket(server.host(), server.port())) {
                String expected = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nforged";
                assertEquals(expected, exchange(socket, GET, expected.length()));
                String second = exchange(socket, "GET /b HTTP/1.1\r\nHost: x\r\n\r\n", 40);
                assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n/b", second);
            }
            assertEquals(2, server.requests());
        }
    }

    @Test
    void closeEndsAnEndlessScenarioAndItsThreads() throws Exception {
        HostileHttpServer server = HostileHttpServer.plain(HostileHttpScenarios.endlessContinue());
        server.start();
        try (Socket socket = new Socket(server.host(), server.port())) {
            socket.getOutputStream().write(GET.getBytes(StandardCharsets.ISO_8859_1));
            byte[] some = socket.getInputStream().readNBytes(100_000);
            assertTrue(new String(some, StandardCharsets.ISO_8859_1).startsWith(HostileHttpScenarios.CONTINUE));
            long start = System.nanoTime();
            server.close(); // while the scenario is blocked writing to a client that stopped reading
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "close waited for the scenario");
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("hostile-http-") && t.isAlive()), "threads left");
    }

    @Test
    void closeEndsAScenarioAsleep() throws Exception {
        HostileHttpServer server = HostileHttpServer.plain((request, out) -> {
            Thread.sleep(60_000);
            return false;
        });
        server.start();
        try (Socket socket = new Socket(server.host(), server.port())) {
            socket.getOutputStream().write(GET.getBytes(StandardCharsets.ISO_8859_1));
            long waited = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.requests() == 0 && System.nanoTime() < waited) {
                Thread.sleep(10);
            }
            long start = System.nanoTime();
            server.close();
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "close waited for the sleep");
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("hostile-http-") && t.isAlive()), "threads left");
    }

    /** Sends the request and reads {@code length} bytes, or until the server closes when -1. */
    private static String exchange(Socket socket, String request, int length) throws IOException {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = socket.getInputStream();
        if (length >= 0) {
            return new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            all.write(buffer, 0, n);
            String text = all.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }
}
