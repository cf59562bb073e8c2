package io.inetkit.provider.http.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpSession;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.proxy.FaultProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad input from the caller of the HTTP provider: line breaks, NULs and separators in header names
 * and values, headers the client must set itself, bad methods and targets, nulls and closed handles.
 * Each is refused before a connection is made (HTTP connects on the first request, so the proxy in
 * front of the server must count none).
 */
class HttpCallerInputTest {

    @StartStop final TestHttpServer server = TestHttpServer.create();
    @StartStop final FaultProxy proxy = FaultProxy.to(server::address);

    final Internet internet = Internet.create();

    @AfterEach
    void close() {
        internet.close();
    }

    private HttpSession connect() throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.HTTP, proxy.host()).port(proxy.port()).build());
    }

    @TestFactory
    Stream<DynamicTest> refusedBeforeAConnection() {
        List<Object[]> cases = new ArrayList<>();
        for (String bad : List.of("a\r\nInjected: yes", "a\nInjected: yes", "a\rb", "a\0b")) {
            String shown = bad.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0");
            cases.add(new Object[] {"header value " + shown, HttpRequest.newBuilder("/").header("X-A", bad),
                    InternetError.HTTP_INVALID_HEADER});
            cases.add(new Object[] {"header name " + shown, HttpRequest.newBuilder("/").header("X" + bad, "v"),
                    InternetError.HTTP_INVALID_HEADER});
            cases.add(new Object[] {"method " + shown, HttpRequest.newBuilder("/").method("GET" + bad),
                    InternetError.INVALID_PARAMETER});
            cases.add(new Object[] {"target " + shown, HttpRequest.newBuilder("/" + bad),
                    InternetError.INVALID_URL});
        }
        for (String name : List.of("X A", "X:A", "X\tA", "", "(X)", "X\u00e9")) {
            cases.add(new Object[] {"header name \"" + name + "\"", HttpRequest.newBuilder("/").header(name, "v"),
                    InternetError.HTTP_INVALID_HEADER});
        }
        for (String name : List.of("Host", "Content-Length", "Connection", "Upgrade", "Expect", "Transfer-Encoding")) {
            cases.add(new Object[] {"header " + name, HttpRequest.newBuilder("/").header(name, "x"),
                    InternetError.HTTP_INVALID_HEADER});
        }
        for (String method : List.of("", "GE T", "GET/", "G(E)T", "GET\u00e9")) {
            cases.add(new Object[] {"method \"" + method + "\"", HttpRequest.newBuilder("/").method(method),
                    InternetError.INVALID_PARAMETER});
        }
        for (String target : List.of("/a b", "relative", "/a\"b", "/a<b>", "/%zz")) {
            cases.add(new Object[] {"target \"" + target + "\"", HttpRequest.newBuilder(target),
                    InternetError.INVALID_URL});
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Object[] c : cases) {
            tests.add(DynamicTest.dynamicTest((String) c[0], () -> {
                int before = proxy.connectionCount();
                try (HttpSession session = connect()) {
                    InternetException e = assertThrows(InternetException.class,
                            () -> session.send(((HttpRequest.Builder) c[1]).build()).close());
                    assertEquals(c[2], e.error(), e.toString());
                    assertTrue(e.getMessage().length() > 10);
                }
                assertEquals(before, proxy.connectionCount(), "a connection was made for " + c[0]);
            }));
        }
        tests.add(DynamicTest.dynamicTest("nulls", () -> {
            assertThrows(NullPointerException.class, () -> HttpRequest.newBuilder(null));
            assertThrows(NullPointerException.class, () -> HttpRequest.newBuilder("/").method(null));
            assertThrows(NullPointerException.class, () -> HttpRequest.newBuilder("/").body(null));
            try (HttpSession session = connect()) {
                assertThrows(NullPointerException.class, () -> session.send(null));
            }
            assertEquals(0, proxy.connectionCount());
        }));
        tests.add(DynamicTest.dynamicTest("a closed session", () -> {
            HttpSession session = connect();
            session.close();
            assertEquals(InternetError.INVALID_HANDLE,
                    assertThrows(InternetException.class, () -> session.send(HttpRequest.get("/"))).error());
            assertEquals(0, proxy.connectionCount());
        }));
        return tests.stream();
    }
}
