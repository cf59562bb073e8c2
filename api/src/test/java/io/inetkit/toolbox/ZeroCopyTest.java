package io.inetkit.toolbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link ZeroCopy}: the switch, and sockets with channels. */
class ZeroCopyTest {

    @AfterEach
    void clear() {
        System.clearProperty("inetkit.zeroCopy");
    }

    @Test
    void isOffUnlessTurnedOn() {
        assertFalse(ZeroCopy.enabled());
        System.setProperty("inetkit.zeroCopy", "true");
        assertTrue(ZeroCopy.enabled());
        System.setProperty("inetkit.zeroCopy", "false");
        assertFalse(ZeroCopy.enabled());
    }

    @Test
    void makesSocketsWithChannels() throws Exception {
        try (Socket socket = ZeroCopy.socket()) {
            assertNotNull(socket.getChannel());
            assertTrue(socket.getChannel().isBlocking());
            assertFalse(socket.isConnected());
        }
    }
}
