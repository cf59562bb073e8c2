package io.inetkit.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.http.RequestBody;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link ZeroCopy}: the file behind a body, the switch, and sockets with channels. */
class ZeroCopyTest {

    @AfterEach
    void clear() {
        System.clearProperty("inetkit.zeroCopy");
    }

    @Test
    void findsTheFileOfAFileBodyAndNoneOfOthers() {
        Path file = Path.of("some", "upload.bin");
        assertEquals(Optional.of(file), ZeroCopy.file(RequestBody.ofFile(file)));
        assertEquals(Optional.empty(), ZeroCopy.file(RequestBody.of(new byte[3])));
        assertEquals(Optional.empty(), ZeroCopy.file(RequestBody.empty()));
        assertEquals(Optional.empty(), ZeroCopy.file(RequestBody.ofStream(InputStream::nullInputStream, 0)));
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
