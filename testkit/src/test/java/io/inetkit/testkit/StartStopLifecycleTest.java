package io.inetkit.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The servers under {@link StartStop}: running in the test, closed after it. */
class StartStopLifecycleTest {

    private static final List<InetSocketAddress> USED = new ArrayList<>();

    @StartStop final TestFtpServer ftp = TestFtpServer.create();
    @StartStop final TestHttpServer http = TestHttpServer.create();

    @Test
    void serversAreRunningInsideTheTest() throws Exception {
        USED.add(ftp.address());
        USED.add(http.address());
        try (Socket socket = new Socket(ftp.host(), ftp.port())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("220", in.readLine().substring(0, 3));
        }
        http.enqueue(TestResponse.ok("up"));
        assertEquals("up", HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(http.url()).build(), BodyHandlers.ofString()).body());
    }

    @Test
    void eachTestGetsFreshServers() {
        USED.add(ftp.address());
        USED.add(http.address());
        assertEquals(0, http.requestCount());
    }

    @AfterAll
    static void everyServerWasClosedAfterItsTest() {
        assertEquals(4, USED.size());
        for (InetSocketAddress address : USED) {
            assertThrows(ConnectException.class, () -> new Socket(address.getAddress(), address.getPort()).close(),
                    () -> address + " still accepts connections");
        }
    }
}
