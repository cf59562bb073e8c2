package io.inetkit.it.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.daemon.SystemDaemon;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image exits with curl's status for the same failure: each case runs the image and curl on the
 * same URL and the same mistake, and both must exit with the number of curl's table
 * (docs/curl-options.md). The image's error line keeps its WinINet name.
 */
class CurlExitStatusTest {

    @StartStop final TestHttpServer http = TestHttpServer.newBuilder().dispatcher(request -> switch (request.path()) {
        case "/missing" -> TestResponse.status(404);
        case "/loop" -> TestResponse.redirect(302, "/loop");
        default -> TestResponse.ok("hello");
    }).build();

    @StartStop final TestHttpServer https = TestHttpServer.newBuilder().https().build();

    @TempDir Path dir;

    private TestFtpServer ftp;
    private ServerSocket silent;
    private Path curl;

    @BeforeEach
    void start() throws IOException {
        curl = SystemDaemon.require("curl", "curl");
        Path root = Files.createDirectories(dir.resolve("ftp-root"));
        Files.writeString(root.resolve("there.txt"), "there");
        ftp = TestFtpServer.newBuilder().anonymous(false).user("joe", "secret", root, true).build();
        ftp.start();
        // Accepts connections (the backlog does) and never answers: only a time-out ends a request.
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws IOException {
        if (ftp != null) {
            ftp.close();
        }
        if (silent != null) {
            silent.close();
        }
    }

    private String ftpUrl(String user, String path) {
        return "ftp://" + user + "@127.0.0.1:" + ftp.address().getPort() + "/" + path;
    }

    private String httpUrl(String path) {
        return "http://127.0.0.1:" + http.address().getPort() + path;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Runs curl with these arguments, quietly, its output to /dev/null, and returns its exit status. */
    private int curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(curl.toString(), "-s", "-S"));
        if (!List.of(args).contains("-o")) {
            command.addAll(List.of("-o", "/dev/null"));
        }
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("curl.out").toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "curl did not end: " + command);
        return process.exitValue();
    }

    /** The image and curl both exit with {@code expected}; the image names {@code error}. */
    private void both(int expected, String error, List<String> inetkit, List<String> curlArgs) throws Exception {
        ImageRun.Finished run = ImageRun.of(inetkit.toArray(String[]::new)).run(Duration.ofSeconds(60));
        int curled = curl(curlArgs.toArray(String[]::new));
        assertEquals(expected, curled, "curl " + curlArgs + ": " + Files.readString(dir.resolve("curl.out")));
        assertEquals(expected, run.status(), run.describe());
        assertTrue(run.stderrText().startsWith("inetkit: " + error), run.describe());
    }

    @Test
    void aRefusedConnectionIs7() throws Exception {
        String url = "http://127.0.0.1:" + closedPort() + "/";
        both(7, "ERROR_INTERNET_CANNOT_CONNECT (12029)", List.of("get", url), List.of(url));
    }

    @Test
    void aHostThatDoesNotResolveIs6() throws Exception {
        String url = "http://no-such-host.invalid/";
        both(6, "ERROR_INTERNET_NAME_NOT_RESOLVED (12007)", List.of("get", url), List.of(url));
    }

    @Test
    void aServerThatNeverAnswersWithinTheMaxTimeIs28() throws Exception {
        String url = "http://127.0.0.1:" + silent.getLocalPort() + "/";
        both(28, "ERROR_INTERNET_TIMEOUT (12002)", List.of("get", "--max-time", "2", url),
                List.of("--max-time", "2", url));
    }

    @Test
    void anHttpErrorStatusWithDashFIs22AsCurls() throws Exception {
        both(22, "ERROR_INTERNET_EXTENDED_ERROR (12003)", List.of("get", "-f", httpUrl("/missing")),
                List.of("-f", httpUrl("/missing")));
    }

    @Test
    void tooManyRedirectsIs47() throws Exception {
        both(47, "ERROR_HTTP_REDIRECT_FAILED (12156)", List.of("get", "-L", httpUrl("/loop")),
                List.of("-L", "--max-redirs", "10", httpUrl("/loop")));
    }

    @Test
    void anUntrustedCertificateIs60() throws Exception {
        String url = "https://localhost:" + https.address().getPort() + "/";
        both(60, "ERROR_INTERNET_INVALID_CA (12045)", List.of("get", url), List.of(url));
    }

    @Test
    void aCaFileThatIsNotThereIs77() throws Exception {
        String url = "https://localhost:" + https.address().getPort() + "/";
        String missing = dir.resolve("no-ca.pem").toString();
        both(77, "ERROR_FILE_NOT_FOUND (2)", List.of("get", "--cacert", missing, url),
                List.of("--cacert", missing, url));
    }

    @Test
    void aRefusedFtpLoginIs67() throws Exception {
        String url = ftpUrl("joe:wrong", "there.txt");
        both(67, "ERROR_INTERNET_LOGIN_FAILURE (12015)", List.of("get", url), List.of(url));
    }

    @Test
    void aMissingFtpFileIs78() throws Exception {
        String url = ftpUrl("joe:secret", "not-there.txt");
        both(78, "ERROR_INTERNET_EXTENDED_ERROR (12003)", List.of("get", url), List.of(url));
    }

    @Test
    void aMissingFtpDirectoryToListIs9() throws Exception {
        String url = ftpUrl("joe:secret", "no-such-dir/");
        both(9, "ERROR_INTERNET_EXTENDED_ERROR (12003)", List.of("ls", url), List.of(url));
    }

    @Test
    void anOutputFileThatCannotBeWrittenIs23() throws Exception {
        String out = dir.resolve("no-such-dir").resolve("f").toString();
        ImageRun.Finished run = ImageRun.of("get", httpUrl("/"), "-o", out).run(Duration.ofSeconds(60));
        assertEquals(23, curl(httpUrl("/"), "-o", out), "curl");
        assertEquals(23, run.status(), run.describe());
        assertTrue(run.stderrText().startsWith("inetkit: ERROR_FILE_NOT_FOUND (2)"), run.describe());
    }

    @Test
    void aLocalFileToUploadThatIsNotThereIs26() throws Exception {
        String missing = dir.resolve("not-here.bin").toString();
        both(26, "ERROR_FILE_NOT_FOUND (2)", List.of("put", missing, ftpUrl("joe:secret", "up.bin")),
                List.of("-T", missing, ftpUrl("joe:secret", "up.bin")));
    }
}
