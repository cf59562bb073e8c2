package io.inetkit.testkit.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class HeldPortTest {

    @Test
    void nobodyElseCanBindAHeldPortUntilItIsReleased() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        HeldPort held = HeldPort.hold();
        int port = held.port();
        assertTrue(port > 0, "port " + port);
        try {
            assertThrows(BindException.class, () -> new ServerSocket(port, 1, loopback).close());
        } finally {
            held.close();
        }
        try (ServerSocket after = new ServerSocket(port, 1, loopback)) {
            assertEquals(port, after.getLocalPort());
        }
        assertEquals(port, held.port(), "the port is still known after the release");
    }
}
