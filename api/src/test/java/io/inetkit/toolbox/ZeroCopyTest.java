package io.inetkit.toolbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.Internet;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** {@link ZeroCopy}: the builder's switch, and sockets with channels. */
class ZeroCopyTest {

    @Test
    void isOffUnlessTheBuilderTurnsItOn() {
        try (Internet off = Internet.newBuilder().build();
             Internet on = Internet.newBuilder().zeroCopy(true).build()) {
            assertFalse(off.zeroCopy());
            assertTrue(on.zeroCopy());
        }
    }

    @Test
    void aReceiveBufferSizeIsTheProvidersChoiceUnlessSet() {
        try (Internet chosen = Internet.newBuilder().build();
             Internet set = Internet.newBuilder().receiveBufferSize(0).build()) {
            assertEquals(-1, chosen.receiveBufferSize());
            assertEquals(0, set.receiveBufferSize());
        }
        assertThrows(IllegalArgumentException.class, () -> Internet.newBuilder().receiveBufferSize(-1));
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
