package io.inetkit.provider.gopher.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.gopher.GopherItemType;
import io.inetkit.gopher.GopherSession;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.gopher.TestGopherServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad input from the caller of the Gopher provider: TAB, CR, LF and NUL in selectors and queries of
 * every operation and in URLs, nulls and closed handles. Each is refused before a connection is
 * made (Gopher connects per operation, so the server's connection count must stay at zero).
 */
class GopherCallerInputTest {

    @StartStop final TestGopherServer server = TestGopherServer.create();

    final Internet internet = Internet.create();

    @AfterEach
    void close() {
        internet.close();
    }

    interface Call {
        void run(GopherSession session) throws Exception;
    }

    @TestFactory
    Stream<DynamicTest> refusedBeforeAConnection() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String bad : List.of("a\tb", "a\r\nb", "a\nb", "a\rb", "a\0b")) {
            String shown = bad.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0");
            List<Object[]> calls = List.of(
                    new Object[] {"menu", (Call) s -> s.menu(bad)},
                    new Object[] {"open", (Call) s -> s.open(bad, GopherItemType.TEXT_FILE).close()},
                    new Object[] {"search selector", (Call) s -> s.search(bad, "q")},
                    new Object[] {"search query", (Call) s -> s.search("/s", bad)},
                    new Object[] {"attributes", (Call) s -> s.attributes(bad)});
            for (Object[] call : calls) {
                tests.add(DynamicTest.dynamicTest(call[0] + " " + shown, () -> refused((Call) call[1])));
            }
        }
        // An encoded TAB is not in this list: RFC 4266 makes it the separator of a search string.
        tests.add(DynamicTest.dynamicTest("a URL with an encoded NUL", () -> {
            int before = server.connectionCount();
            assertThrows(InternetException.class, () -> internet.openUrl(
                    URI.create("gopher://127.0.0.1:" + server.port() + "/0a%00b")).close());
            assertEquals(before, server.connectionCount());
        }));
        tests.add(DynamicTest.dynamicTest("a URL with an encoded CR LF", () -> {
            int before = server.connectionCount();
            assertThrows(InternetException.class, () -> internet.openUrl(
                    URI.create("gopher://127.0.0.1:" + server.port() + "/0a%0D%0Ab")).close());
            assertEquals(before, server.connectionCount());
        }));
        tests.add(DynamicTest.dynamicTest("nulls", () -> {
            int before = server.connectionCount();
            GopherSession session = connect();
            assertThrows(NullPointerException.class, () -> session.menu(null));
            assertThrows(NullPointerException.class, () -> session.open(null, GopherItemType.TEXT_FILE));
            assertThrows(NullPointerException.class, () -> session.search("/s", null));
            assertEquals(before, server.connectionCount());
        }));
        tests.add(DynamicTest.dynamicTest("a closed session", () -> {
            int before = server.connectionCount();
            GopherSession session = connect();
            session.close();
            assertEquals(InternetError.INVALID_HANDLE, assertThrows(InternetException.class, session::menu).error());
            assertEquals(before, server.connectionCount());
        }));
        return tests.stream();
    }

    private GopherSession connect() throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.GOPHER, "127.0.0.1").port(server.port()).build());
    }

    private void refused(Call call) throws Exception {
        int before = server.connectionCount();
        try (GopherSession session = connect()) {
            InternetException e = assertThrows(InternetException.class, () -> call.run(session));
            assertTrue(e.error() == InternetError.INVALID_PARAMETER || e.error() == InternetError.GOPHER_INVALID_LOCATOR,
                    e.toString());
        }
        assertEquals(before, server.connectionCount());
    }
}
