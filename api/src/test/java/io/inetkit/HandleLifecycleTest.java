package io.inetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testing.LineProvider;
import io.inetkit.testing.LineServer;
import io.inetkit.testing.LineSession;
import java.io.Closeable;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Closing, as WinINet's InternetCloseHandle: parents close children, closing twice is harmless, a
 * closed handle fails fast; and EXISTING_CONNECT sharing, proven by the connections the server saw.
 */
class HandleLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private LineServer server;
    private Internet internet;

    @BeforeEach
    void start() throws Exception {
        server = new LineServer();
        internet = Internet.newBuilder().registry(ProviderRegistry.of(new LineProvider(server.port()))).build();
    }

    @AfterEach
    void stop() throws Exception {
        internet.close();
        server.close();
    }

    private LineSession connect(ConnectFlag... flags) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(LineSession.SERVICE, "127.0.0.1").flags(flags).build());
    }

    @Test
    void closingTheInternetClosesEverySessionAndItsConnection() throws Exception {
        LineSession first = connect();
        LineSession second = connect();
        assertEquals(2, server.accepted());

        internet.close();

        assertFalse(first.isOpen());
        assertFalse(second.isOpen());
        assertFalse(internet.isOpen());
        assertTrue(server.awaitEnded(2, WAIT), "both sockets closed; ended: " + server.ended());
    }

    @Test
    void closingASessionClosesItsChildrenAndItsSocket() throws Exception {
        LineSession session = connect();
        Closeable child = session.openChild();
        assertEquals("open", child.toString());

        session.close();

        assertEquals("closed", child.toString());
        assertTrue(server.awaitEnded(1, WAIT));
    }

    @Test
    void closingTwiceIsHarmless() throws Exception {
        LineSession session = connect();
        session.close();
        session.close();
        internet.close();
        internet.close();
        assertTrue(server.awaitEnded(1, WAIT));
        assertEquals(1, server.ended());
    }

    @Test
    void aClosedSessionFailsFastWithInvalidHandle() throws Exception {
        LineSession session = connect();
        session.close();
        InternetException e = assertThrows(InternetException.class, () -> session.send("PING"));
        assertEquals(InternetError.INVALID_HANDLE, e.error());
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        InternetException child = assertThrows(InternetException.class, session::openChild);
        assertEquals(InternetError.INVALID_HANDLE, child.error());
    }

    @Test
    void aClosedInternetRefusesToConnect() throws Exception {
        internet.close();
        InternetException e = assertThrows(InternetException.class, this::connect);
        assertEquals(InternetError.INVALID_HANDLE, e.error());
        assertEquals(0, server.accepted());
    }

    @Test
    void aSessionClosedByItselfLeavesTheInternetWorking() throws Exception {
        connect().close();
        try (LineSession again = connect()) {
            assertEquals("PONG", again.send("PING"));
        }
    }

    @Test
    void existingConnectSharesOneLiveConnection() throws Exception {
        LineSession first = connect(ConnectFlag.EXISTING_CONNECT);
        LineSession second = connect(ConnectFlag.EXISTING_CONNECT);

        assertNotSame(first, second, "each connect gets its own handle");
        assertEquals(1, server.accepted(), "but they share one connection");
        assertEquals("PONG", first.send("PING"));
        assertEquals("PONG", second.send("PING"));
        first.close();
        second.close();
    }

    @Test
    void closingOneSharedHandleLeavesTheOthersWorking() throws Exception {
        LineSession first = connect(ConnectFlag.EXISTING_CONNECT);
        LineSession second = connect(ConnectFlag.EXISTING_CONNECT);

        first.close();

        assertFalse(first.isOpen());
        assertTrue(second.isOpen());
        assertEquals("PONG", second.send("PING"));
        assertEquals(0, server.ended(), "the shared socket is still open");

        second.close();
        assertTrue(server.awaitEnded(1, WAIT), "the last handle closes the connection");
    }

    @Test
    void afterTheLastSharedHandleClosesANewConnectOpensAFreshConnection() throws Exception {
        connect(ConnectFlag.EXISTING_CONNECT).close();
        try (LineSession fresh = connect(ConnectFlag.EXISTING_CONNECT)) {
            assertEquals("PONG", fresh.send("PING"));
        }
        assertEquals(2, server.accepted());
    }

    @Test
    void withoutExistingConnectEachConnectHasItsOwnConnection() throws Exception {
        try (LineSession first = connect(); LineSession second = connect()) {
            assertEquals(2, server.accepted());
        }
    }

    @Test
    void existingConnectDoesNotShareAcrossUsersOrPasswords() throws Exception {
        ConnectRequest<LineSession> base = ConnectRequest.newBuilder(LineSession.SERVICE, "127.0.0.1")
                .flags(ConnectFlag.EXISTING_CONNECT).build();
        try (LineSession joe = internet.connect(base.toBuilder().user("joe").password("a").build());
             LineSession ann = internet.connect(base.toBuilder().user("ann").password("a").build());
             LineSession joeWrong = internet.connect(base.toBuilder().user("joe").password("b").build());
             LineSession joeAgain = internet.connect(base.toBuilder().user("joe").password("a").build())) {
            assertEquals(3, server.accepted(), "joe/a is shared; ann and joe/b are not");
        }
    }

    @Test
    void aConnectionTheServerDroppedFailsWithConnectionAborted() throws Exception {
        LineSession first = connect(ConnectFlag.EXISTING_CONNECT);
        server.close(); // drops the socket under the first handle
        try {
            InternetException e = assertThrows(InternetException.class, () -> {
                for (int i = 0; i < 50; i++) {
                    first.send("PING");
                }
            });
            assertEquals(InternetError.CONNECTION_ABORTED, e.error());
        } finally {
            first.close();
        }
    }
}
