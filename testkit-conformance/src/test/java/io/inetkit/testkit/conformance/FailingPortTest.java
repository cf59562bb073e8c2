package io.inetkit.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each failing port fails as its name says, seen from a plain socket. */
class FailingPortTest {

    @Test
    void aRefusingPortRefuses() throws Exception {
        try (FailingPort port = FailingPort.refusing(); Socket socket = new Socket()) {
            assertThrows(ConnectException.class, () -> socket.connect(port.address(), 2_000));
        }
    }

    @Test
    void aResettingPortResetsOnceTheClientWaits() throws Exception {
        try (FailingPort port = FailingPort.resetting(); Socket socket = new Socket()) {
            socket.connect(port.address(), 2_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET /\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            SocketException e = assertThrows(SocketException.class, in::read);
            assertTrue(e.getMessage().contains("reset"), e.getMessage());
            assertEquals(1, port.accepted());
        }
    }

    @Test
    void aSilentPortAcceptsAndNeverAnswers() throws Exception {
        try (FailingPort port = FailingPort.silent(); Socket socket = new Socket()) {
            socket.connect(port.address(), 2_000);
            socket.setSoTimeout(300);
            socket.getOutputStream().write("hello\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read());
        }
    }

    @Test
    void anUnansweredPortNeverCompletesTheHandshake() throws Exception {
        try (FailingPort port = FailingPort.unanswered(); Socket socket = new Socket()) {
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> socket.connect(port.address(), 500));
            assertTrue(System.nanoTime() - start >= 450_000_000L, "gave up before the timeout");
        }
    }
}
