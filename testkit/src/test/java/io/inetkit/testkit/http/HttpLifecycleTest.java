package io.inetkit.testkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpLifecycleTest {

    @Test
    void closeEndsEveryServerThreadAndTheListener() throws Exception {
        List<String> before = HttpThreads.names();
        TestHttpServer server = TestHttpServer.create();
        server.start();
        InetSocketAddress address = server.address();
        server.enqueue(TestResponse.ok("x"));
        // A kept-alive connection is left open on purpose: close must end it too.
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.url("/")).build(), BodyHandlers.ofString());
        assertTrue(HttpThreads.names().size() > before.size(), "threads while serving: " + HttpThreads.names());

        server.close();
        server.close();

        assertEquals(before, HttpThreads.names());
        assertThrows(ConnectException.class, () -> new Socket(address.getAddress(), address.getPort()).close());
    }

    @Test
    void startTwiceAndAddressBeforeStartAreCallerMistakes() throws Exception {
        try (TestHttpServer server = TestHttpServer.create()) {
            assertThrows(IllegalStateException.class, server::address);
            server.start();
            assertThrows(IllegalStateException.class, server::start);
        }
    }
}
