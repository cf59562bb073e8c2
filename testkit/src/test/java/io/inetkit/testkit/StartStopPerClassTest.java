package io.inetkit.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.inetkit.testkit.gopher.TestGopherServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** With one test instance per class, an instance field lives for the whole class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StartStopPerClassTest {

    @StartStop
    final TestGopherServer server = TestGopherServer.create().raw("", "hi".getBytes(StandardCharsets.UTF_8));

    /** The same server in two fields is started once. */
    @StartStop
    final TestGopherServer alias = server;

    private int firstPort;

    @Test
    @Order(1)
    void firstTestSeesTheServerRunning() throws Exception {
        firstPort = server.port();
        assertEquals("hi", Wire.exchangeText(server.address(), ""));
    }

    @Test
    @Order(2)
    void secondTestSeesTheSameServerStillRunning() throws Exception {
        assertSame(server, alias);
        assertEquals(firstPort, server.port());
        assertEquals("hi", Wire.exchangeText(server.address(), ""));
    }
}
