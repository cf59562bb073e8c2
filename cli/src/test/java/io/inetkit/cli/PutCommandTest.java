package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.http.RecordedRequest;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inetkit put} against the testkit's real FTP and HTTP servers, through the real providers. */
class PutCommandTest {

    @TempDir
    static Path served;

    @TempDir
    Path local;

    @StartStop final TestFtpServer ftp = TestFtpServer.newBuilder().root(served).user("joe", "pw").build();
    @StartStop final TestHttpServer http = TestHttpServer.create();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private Path localFile(String name, int size) throws Exception {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        return Files.write(local.resolve(name), content);
    }

    @Test
    void uploadsAFileByFtp() throws Exception {
        Path file = localFile("up.bin", 300_000);
        assertEquals(0, run("put", "-u", "joe:pw", file.toString(),
                "ftp://" + ftp.host() + ":" + ftp.port() + "/stored.bin"), err.toString());
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(served.resolve("stored.bin")));
        assertEquals("", err.toString());
    }

    @Test
    void aUrlEndingInASlashTakesTheFilesName() throws Exception {
        Files.createDirectories(served.resolve("in"));
        Path file = localFile("named.bin", 1000);
        assertEquals(0, run("put", "--active", "-u", "joe:pw", file.toString(),
                "ftp://" + ftp.host() + ":" + ftp.port() + "/in/"), err.toString());
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(served.resolve("in").resolve("named.bin")));
    }

    @Test
    void anFtpRefusalIsAnErrorLineWithTheServersReply() throws Exception {
        Path file = localFile("refused.bin", 10);
        // Anonymous may read but not write.
        assertEquals(25, run("put", file.toString(), "ftp://" + ftp.host() + ":" + ftp.port() + "/refused.bin"));
        String[] lines = err.toString().split("\n");
        assertTrue(lines[0].startsWith("inetkit: ERROR_INTERNET_EXTENDED_ERROR (12003): "), err.toString());
        assertTrue(lines[1].startsWith("inetkit: server said: 550"), err.toString());
        assertTrue(Files.notExists(served.resolve("refused.bin")));
    }

    @Test
    void putsAFileByHttp() throws Exception {
        Path file = localFile("body.bin", 200_000);
        http.enqueue(TestResponse.status(201));
        assertEquals(0, run("put", file.toString(), http.url("/upload/body.bin").toString()), err.toString());
        RecordedRequest request = http.takeRequest(Duration.ofSeconds(10)).orElseThrow();
        assertEquals("PUT", request.method());
        assertEquals("/upload/body.bin", request.target());
        assertArrayEquals(Files.readAllBytes(file), request.body());
        assertEquals("", err.toString());
    }

    @Test
    void anHttpErrorStatusNamesStatusAndReason() throws Exception {
        Path file = localFile("forbidden.bin", 100);
        http.enqueue(TestResponse.status(403));
        assertEquals(22, run("put", file.toString(), http.url("/x").toString()));
        String[] lines = err.toString().split("\n");
        assertTrue(lines[0].startsWith("inetkit: ERROR_INTERNET_EXTENDED_ERROR (12003): PUT /x on "), err.toString());
        assertTrue(lines[0].endsWith("failed: HTTP/1.1 403 Forbidden"), err.toString());
        assertEquals("inetkit: server said: HTTP/1.1 403 Forbidden", lines[1]);
    }

    @Test
    void aMissingLocalFileIsFileNotFoundAndNothingIsSent() {
        Path missing = local.resolve("missing.bin");
        assertEquals(26, run("put", missing.toString(), http.url("/x").toString()));
        assertTrue(err.toString().startsWith("inetkit: ERROR_FILE_NOT_FOUND (2): cannot read " + missing),
                err.toString());
        assertEquals(0, http.requestCount());
    }

    @Test
    void aDirectoryIsNotAFileToSend() {
        assertEquals(26, run("put", local.toString(), "ftp://" + ftp.host() + ":" + ftp.port() + "/x"));
        assertTrue(err.toString().startsWith("inetkit: ERROR_FILE_NOT_FOUND (2): "), err.toString());
    }

    @Test
    void gopherTakesNoUploads() throws Exception {
        Path file = localFile("g.bin", 1);
        assertEquals(1, run("put", file.toString(), "gopher://127.0.0.1:1/"));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_INVALID_OPERATION (12016): "), err.toString());
    }
}
