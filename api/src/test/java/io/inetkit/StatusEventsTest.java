package io.inetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testing.LineProvider;
import io.inetkit.testing.LineServer;
import io.inetkit.testing.LineSession;
import io.inetkit.testing.Recorder;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The context object of a connect reaches every status event of that session, in order. */
class StatusEventsTest {

    private LineServer server;
    private Recorder recorder;
    private Internet internet;

    @BeforeEach
    void start() throws Exception {
        server = new LineServer();
        recorder = new Recorder();
        internet = Internet.newBuilder().registry(ProviderRegistry.of(new LineProvider(server.port())))
                .statusListener(recorder).build();
    }

    @AfterEach
    void stop() throws Exception {
        internet.close();
        server.close();
    }

    private LineSession connect(Object context, ConnectFlag... flags) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(LineSession.SERVICE, "127.0.0.1")
                .flags(flags).context(context).build());
    }

    @Test
    void everyEventOfASessionCarriesItsContextInOrder() throws Exception {
        Object context = new Object();
        LineSession session = connect(context);
        session.send("PING");
        session.close();

        assertEquals(List.of(InternetStatus.CONNECTING_TO_SERVER, InternetStatus.CONNECTED_TO_SERVER,
                InternetStatus.HANDLE_CREATED, InternetStatus.SENDING_REQUEST, InternetStatus.RESPONSE_RECEIVED,
                InternetStatus.CLOSING_CONNECTION, InternetStatus.CONNECTION_CLOSED,
                InternetStatus.HANDLE_CLOSING), recorder.statuses());
        for (StatusEvent event : recorder.events()) {
            assertSame(context, event.context().orElseThrow(), event.toString());
            assertEquals(LineSession.SERVICE, event.service());
            assertEquals(server.port(), event.port());
        }
        assertSame(session, recorder.events().get(2).info().orElseThrow(), "HANDLE_CREATED carries the handle");
        assertEquals(4L, recorder.events().get(4).info().orElseThrow(), "RESPONSE_RECEIVED carries the count");
    }

    @Test
    void handleClosingIsTheLastEventOfAHandle() throws Exception {
        Object context = "ctx";
        connect(context).close();
        List<InternetStatus> statuses = recorder.statusesFor(context);
        assertEquals(InternetStatus.HANDLE_CLOSING, statuses.get(statuses.size() - 1));
    }

    @Test
    void sharedConnectionEventsCarryTheContextOfTheHandleThatWorks() throws Exception {
        try (LineSession first = connect("first", ConnectFlag.EXISTING_CONNECT);
             LineSession second = connect("second", ConnectFlag.EXISTING_CONNECT)) {
            second.send("PING");
            assertEquals(List.of(InternetStatus.HANDLE_CREATED, InternetStatus.SENDING_REQUEST,
                    InternetStatus.RESPONSE_RECEIVED), recorder.statusesFor("second"));
        }
    }

    @Test
    void aSessionWithoutContextHasEventsWithout() throws Exception {
        try (LineSession session = connect(null)) {
            assertTrue(session.context().isEmpty());
        }
        assertTrue(recorder.events().stream().allMatch(e -> e.context().isEmpty()));
    }

    @Test
    void aThrowingListenerDoesNotDisturbTheOperation() throws Exception {
        try (Internet noisy = Internet.newBuilder().registry(ProviderRegistry.of(new LineProvider(server.port())))
                .statusListener(event -> {
                    throw new IllegalStateException("listener bug");
                }).build();
             LineSession session = noisy.connect(LineSession.SERVICE, "127.0.0.1")) {
            assertEquals("PONG", session.send("PING"));
        }
    }
}
