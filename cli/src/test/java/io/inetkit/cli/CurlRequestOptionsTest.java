package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.http.RecordedRequest;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curl's {@code -A}, {@code -e} and {@code --connect-timeout}, against testkit's HTTP server. */
class CurlRequestOptionsTest {

    @StartStop final TestHttpServer http = TestHttpServer.create();

    @TempDir Path local;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void theUserAgentAndTheRefererAreSentAsGiven() throws Exception {
        http.enqueue(TestResponse.ok("hi"));
        Path file = local.resolve("f");
        assertEquals(0, run("get", "-A", "probe/1.0", "-e", "https://from.example/page", http.url("/x").toString(),
                "-o", file.toString()), err.toString());
        assertEquals("hi", Files.readString(file));
        RecordedRequest request = http.takeRequest();
        assertEquals(Optional.of("probe/1.0"), request.header("User-Agent"));
        assertEquals(Optional.of("https://from.example/page"), request.header("Referer"));
    }

    @Test
    void withoutThemTheCommandsAgentAndNoRefererAreSent() throws Exception {
        http.enqueue(TestResponse.ok("hi"));
        assertEquals(0, run("get", http.url("/x").toString(), "-o", local.resolve("f").toString()), err.toString());
        RecordedRequest request = http.takeRequest();
        assertTrue(request.header("User-Agent").orElseThrow().startsWith("inetkit-cli/"), request.headers().toString());
        assertEquals(Optional.empty(), request.header("Referer"));
    }

    @Test
    void aTlsHandshakeThatNeverComesEndsAtTheConnectTimeout() throws Exception {
        // Accepts (the backlog does) and never answers the ClientHello.
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            assertEquals(28, run("get", "--connect-timeout", "0.5", "--timeout", "30",
                    "https://127.0.0.1:" + silent.getLocalPort() + "/"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 20_000, millis + " ms: not the 30 s read time-out");
            assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_TIMEOUT (12002): "), err.toString());
            assertTrue(err.toString().contains("500 ms"), err.toString());
        }
    }

    @Test
    void badValuesAreUsageErrors() {
        assertEquals(2, run("get", "--connect-timeout", "-1", http.url("/x").toString()));
        assertTrue(err.toString().contains("--connect-timeout must be from 0"), err.toString());
        assertEquals(2, run("get", "-A", "a\r\nX-Injected: 1", http.url("/x").toString()));
        assertTrue(err.toString().contains("cannot hold CR or LF"), err.toString());
    }
}
