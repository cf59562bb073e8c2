package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curl's -w, against testkit's HTTP server. */
class WriteOutTest {

    @StartStop final TestHttpServer http = TestHttpServer.newBuilder().dispatcher(request -> switch (request.path()) {
        case "/moved" -> TestResponse.redirect(302, "/there?q=1");
        case "/missing" -> TestResponse.newBuilder().status(404).body("nope").build();
        default -> TestResponse.ok("twelve bytes");
    }).build();

    @TempDir Path local;

    private String url(String path) {
        return http.url(path).toString();
    }

    @Test
    void theVariablesAfterTheBody() {
        CurlStdout run = CurlStdout.run("get", "-w", "\\n%{http_code}|%{size_download}|%{url_effective}|"
                + "%{content_type}|%{exitcode}|%%|%{\\t", url("/x"));
        assertEquals(0, run.status, run.toString());
        assertEquals("twelve bytes\n200|12|" + url("/x") + "|text/plain; charset=utf-8|0|%|%{\t", run.out());
    }

    @Test
    void sizeDownloadCountsTheBodyNotTheHeadOfDashI() {
        CurlStdout run = CurlStdout.run("get", "-i", "-w", "|%{size_download}", url("/x"));
        assertEquals(0, run.status, run.toString());
        assertTrue(run.out().startsWith("HTTP/1.1 200"), run.out());
        assertTrue(run.out().endsWith("twelve bytes|12"), run.out());
    }

    @Test
    void sizeDownloadCountsAnFtpFileToStandardOutputAndToAFile() throws Exception {
        try (TestFtpServer ftp = TestFtpServer.create()) {
            ftp.start();
            Files.write(ftp.root().resolve("f.bin"), new byte[5000]);
            String url = "ftp://127.0.0.1:" + ftp.port() + "/f.bin";
            CurlStdout toOut = CurlStdout.run("get", "-o", "-", "-w", "|%{size_download}", url);
            assertEquals(0, toOut.status, toOut.toString());
            assertTrue(toOut.out().endsWith("|5000"), toOut.toString());
            Path file = local.resolve("f.bin");
            CurlStdout toFile = CurlStdout.run("get", "-o", file.toString(), "-w", "%{size_download}", url);
            assertEquals(0, toFile.status, toFile.toString());
            assertEquals("5000", toFile.out());
            assertEquals(5000, Files.size(file));
        }
    }

    @Test
    void timeAndSpeedAreCurlsNumbers() {
        CurlStdout run = CurlStdout.run("get", "-o", local.resolve("f").toString(), "-w",
                "%{time_total} %{speed_download}", url("/x"));
        assertEquals(0, run.status, run.toString());
        assertTrue(run.out().matches("\\d+\\.\\d{6} \\d+"), run.out());
    }

    @Test
    void theEffectiveUrlIsWhereDashLEnded() {
        CurlStdout run = CurlStdout.run("get", "-L", "-w", "%{url_effective} %{http_code}", "-o",
                local.resolve("f").toString(), url("/moved"));
        assertEquals(0, run.status, run.toString());
        assertEquals(url("/there?q=1") + " 200", run.out());
        CurlStdout not = CurlStdout.run("get", "-w", "%{url_effective} %{http_code}", "-o",
                local.resolve("g").toString(), url("/moved"));
        assertEquals(url("/moved") + " 302", not.out());
    }

    @Test
    void theEffectiveUrlHasAPathAndNoPassword() {
        String base = "http://joe:secret@" + http.address().getHostString() + ":" + http.address().getPort();
        CurlStdout run = CurlStdout.run("get", "-o", local.resolve("f").toString(), "-w", "%{url_effective}", base);
        assertEquals(0, run.status, run.toString());
        assertEquals("http://" + http.address().getHostString() + ":" + http.address().getPort() + "/", run.out());
    }

    @Test
    void anUnknownVariableIsNothingAndAWarning() {
        CurlStdout run = CurlStdout.run("get", "-o", local.resolve("f").toString(), "-w", "[%{bogus}]", url("/x"));
        assertEquals(0, run.status, run.toString());
        assertEquals("[]", run.out());
        assertEquals("inetkit: unknown --write-out variable: 'bogus'" + System.lineSeparator(), run.err.toString());
    }

    @Test
    void aFailureStillWritesItWithTheStatus() throws Exception {
        CurlStdout failed = CurlStdout.run("get", "-f", "-w", "%{http_code} %{exitcode}", url("/missing"));
        assertEquals(22, failed.status, failed.toString());
        assertEquals("404 22", failed.out());
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        CurlStdout refused = CurlStdout.run("get", "-w", "%{http_code} %{exitcode}", "http://127.0.0.1:" + closed + "/");
        assertEquals(7, refused.status, refused.toString());
        assertEquals("000 7", refused.out());
    }

    @Test
    void stderrAndAFormatFileAndStandardInput() throws Exception {
        Path format = Files.writeString(local.resolve("fmt"), "%{http_code}%{stderr}to err%{stdout}!");
        CurlStdout run = CurlStdout.run("get", "-o", local.resolve("f").toString(), "-w", "@" + format, url("/x"));
        assertEquals(0, run.status, run.toString());
        assertEquals("200!", run.out());
        assertEquals("to err", run.err.toString());
        CurlStdout stdin = CurlStdout.run("%{http_code}".getBytes(StandardCharsets.UTF_8), "get", "-o",
                local.resolve("g").toString(), "-w", "@-", url("/x"));
        assertEquals("200", stdin.out());
    }
}
