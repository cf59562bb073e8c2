package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --retry}, {@code --retry-delay}, {@code --retry-max-time} and {@code --retry-connrefused},
 * with curl's meanings, against a closed port and the testkit's HTTP server behind a fault proxy.
 */
class RetryOptionsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void retryConnrefusedTriesThreeTimesThenExits7() throws IOException {
        String url = "http://127.0.0.1:" + closedPort() + "/x";
        assertEquals(7, run("get", "--retry", "2", "--retry-connrefused", "--retry-delay", "1", url));
        assertTrue(err.toString().contains("(3 tries: 1. cannot connect; 2. cannot connect; 3. cannot connect)"),
                err.toString());
    }

    @Test
    void retryAloneDoesNotRetryARefusedConnection() throws IOException {
        String url = "http://127.0.0.1:" + closedPort() + "/x";
        assertEquals(7, run("get", "--retry", "2", url));
        assertFalse(err.toString().contains("tries"), err.toString());
    }

    @Test
    void withoutRetryNothingIsRetriedAsCurl() throws IOException {
        try (TestHttpServer server = TestHttpServer.create(); FaultProxy proxy = FaultProxy.to(server::address)) {
            server.enqueue(TestResponse.ok("hello"));
            server.start();
            proxy.start();
            proxy.enqueue(Fault.resetOnAccept());
            int status = run("get", "http://127.0.0.1:" + proxy.port() + "/x");
            // curl's: 56 for the reset, or 7 when it came before the connection was made.
            assertTrue(status == 56 || status == 7, "exit " + status + ": " + err);
            assertEquals(1, proxy.connectionCount());
        }
    }

    @Test
    void retryTriesAResetConnectionAgain() throws IOException {
        try (TestHttpServer server = TestHttpServer.newBuilder().dispatcher(request -> TestResponse.ok("hello"))
                     .build();
             FaultProxy proxy = FaultProxy.to(server::address)) {
            server.start();
            proxy.start();
            proxy.enqueue(Fault.resetAfter(Direction.DOWNSTREAM, 0));
            Path file = dir.resolve("x.txt");
            assertEquals(0, run("get", "--retry", "1", "--retry-delay", "1", "http://127.0.0.1:" + proxy.port() + "/x",
                    "-o", file.toString()), err.toString());
            assertEquals("hello", Files.readString(file));
            assertEquals(2, proxy.connectionCount());
        }
    }

    @Test
    void valuesOutOfRangeAreRefused() {
        assertEquals(2, run("get", "--retry", "101", "http://127.0.0.1:1/x"));
        assertTrue(err.toString().contains("--retry must be from 0 to 100, not 101"), err.toString());
        assertEquals(2, run("get", "--retry", "1", "--retry-delay", "-1", "http://127.0.0.1:1/x"));
        assertTrue(err.toString().contains("--retry-delay must be from 0"), err.toString());
        assertEquals(2, run("get", "--retry", "1", "--retry-max-time", "86401", "http://127.0.0.1:1/x"));
        assertTrue(err.toString().contains("--retry-max-time must be from 0"), err.toString());
    }
}
