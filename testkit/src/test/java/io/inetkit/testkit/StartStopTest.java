package io.inetkit.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.inetkit.testkit.gopher.TestGopherServer;
import io.inetkit.testkit.proxy.FaultProxy;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Static and instance fields in one class, a server and a proxy declared after it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StartStopTest {

    static final List<InetSocketAddress> instanceAddresses = new ArrayList<>();
    static TestGopherServer firstStatic;

    @StartStop
    static final TestGopherServer shared = TestGopherServer.create()
            .raw("", "shared".getBytes(StandardCharsets.UTF_8));

    @StartStop
    final TestGopherServer server = TestGopherServer.create().raw("", "own".getBytes(StandardCharsets.UTF_8));

    @StartStop
    final FaultProxy proxy = FaultProxy.to(server::address);

    @Test
    @Order(1)
    void staticAndInstanceFieldsAreStartedAndTheProxyReachesTheServer() throws Exception {
        firstStatic = shared;
        instanceAddresses.add(server.address());
        assertEquals("shared", Wire.exchangeText(shared.address(), ""));
        assertEquals("own", Wire.exchangeText(proxy.address(), ""));
    }

    @Test
    @Order(2)
    void instanceFieldsAreFreshPerTestAndTheStaticOneIsShared() throws Exception {
        assertSame(firstStatic, shared);
        assertEquals("shared", Wire.exchangeText(shared.address(), ""));
        InetSocketAddress previous = instanceAddresses.get(0);
        assertNotSame(previous, server.address());
        assertThrows(ConnectException.class, () -> new Socket(previous.getAddress(), previous.getPort()).close());
        instanceAddresses.add(server.address());
    }

    // A static field is closed when the class's extension context closes, after @AfterAll, so no
    // method of this class can observe it; only instance fields are checked here.
    @AfterAll
    static void instanceFieldsWereClosedAfterTheirTests() {
        assertEquals(2, instanceAddresses.size());
        for (InetSocketAddress address : instanceAddresses) {
            assertThrows(ConnectException.class, () -> new Socket(address.getAddress(), address.getPort()).close());
        }
    }
}
