package io.inetkit.spi;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

class SocketsTest {

    @Test
    void resetSendsAResetThatThePeerSeesNotAnEndOfStream() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket peer = server.accept()) {
            peer.setSoTimeout(5_000);
            Sockets.reset(client);
            assertTrue(client.isClosed());
            InputStream in = peer.getInputStream();
            SocketException e = assertThrows(SocketException.class, in::read, "a FIN would read as -1");
            assertTrue(e.getMessage().toLowerCase().contains("reset"), e.getMessage());
        }
    }

    @Test
    void closingQuietlyTwiceOrAResetSocketIsHarmless() throws Exception {
        Socket unconnected = new Socket();
        Sockets.reset(unconnected);
        Sockets.closeQuietly(unconnected);
        Sockets.reset(unconnected);
        assertTrue(unconnected.isClosed());
    }
}
