package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.daemon.DanteServer;
import io.inetkit.testkit.daemon.SystemDaemon;
import io.inetkit.testkit.daemon.Tinyproxy;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inetkit get -x} end to end, through real dante and tinyproxy daemons. */
class GetThroughProxyTest {

    @TempDir
    static Path served;
    @TempDir
    Path local;
    @TempDir
    Path daemonDir;

    @StartStop final TestHttpServer http = TestHttpServer.create();
    @StartStop final TestFtpServer ftp = TestFtpServer.newBuilder().root(served).user("joe", "pw").build();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void getsAnHttpUrlThroughDanteWithSocks5h() throws Exception {
        http.enqueue(TestResponse.ok("through socks"));
        Path file = local.resolve("page.txt");
        try (DanteServer socks = DanteServer.startWithUser(daemonDir, "inetkitproxy", "s3cret-Pw")) {
            assertEquals(0, run("get", "-x", "socks5h://inetkitproxy:s3cret-Pw@127.0.0.1:" + socks.port(),
                    "http://localhost:" + http.port() + "/page", "-o", file.toString()), err.toString());
            assertFalse(socks.connectsTo(http.port()).isEmpty(), socks.logText());
        }
        assertEquals("through socks", Files.readString(file));
    }

    @Test
    void getsAnFtpFileThroughTinyproxy() throws Exception {
        byte[] content = new byte[100_000];
        new Random(5).nextBytes(content);
        Files.write(served.resolve("data.bin"), content);
        Path file = local.resolve("data.bin");
        try (Tinyproxy proxy = Tinyproxy.newBuilder().start(daemonDir)) {
            assertEquals(0, run("get", "--proxy", "http://127.0.0.1:" + proxy.port(), "-u", "joe:pw",
                    "ftp://localhost:" + ftp.port() + "/data.bin", "-o", file.toString()), err.toString());
            assertFalse(proxy.requests("CONNECT localhost:" + ftp.port()).isEmpty(), proxy.logText());
        }
        assertArrayEquals(content, Files.readAllBytes(file));
    }

    @Test
    void noproxyGoesAroundTheProxy() throws Exception {
        http.enqueue(TestResponse.ok("direct"));
        int nothing = SystemDaemon.freePort();
        assertEquals(0, run("get", "-x", "socks5h://127.0.0.1:" + nothing, "--noproxy", "localhost",
                "http://localhost:" + http.port() + "/"), err.toString());
    }

    @Test
    void anUnreachableProxyIsReportedAsTheProxysFault() throws Exception {
        int nothing = SystemDaemon.freePort();
        assertEquals(7, run("get", "-x", "socks5h://joe:hidden-Pw@127.0.0.1:" + nothing,
                "http://localhost:" + http.port() + "/"));
        String line = err.toString();
        assertTrue(line.startsWith("inetkit: ERROR_INTERNET_PROXY_SERVER_UNREACHABLE (12165)"), line);
        assertTrue(line.contains("SOCKS5 proxy 127.0.0.1:" + nothing), line);
        assertFalse(line.contains("hidden-Pw"), line);
        assertEquals(0, http.requestCount());
    }
}
