package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.gopher.TestGopherServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inetkit get} against the testkit's real FTP and Gopher servers, through the real providers. */
class GetProtocolsTest {

    @TempDir
    static Path served;

    @TempDir
    Path local;

    @StartStop final TestFtpServer ftp = TestFtpServer.newBuilder().root(served).user("joe", "pw").build();
    @StartStop final TestGopherServer gopher = TestGopherServer.serving(served);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void getsAnFtpFileInPassiveModeByDefault() throws Exception {
        byte[] content = new byte[200_000];
        new Random(3).nextBytes(content);
        Files.write(served.resolve("data.bin"), content);
        Path file = local.resolve("data.bin");
        assertEquals(0, run("get", "-u", "joe:pw", "ftp://" + ftp.host() + ":" + ftp.port() + "/data.bin",
                "-o", file.toString()), err.toString());
        assertArrayEquals(content, Files.readAllBytes(file));
    }

    @Test
    void getsAnFtpFileInActiveMode() throws Exception {
        Files.writeString(served.resolve("active.txt"), "active");
        Path file = local.resolve("active.txt");
        assertEquals(0, run("get", "--active", "ftp://" + ftp.host() + ":" + ftp.port() + "/active.txt",
                "-o", file.toString()), err.toString());
        assertEquals("active", Files.readString(file));
    }

    @Test
    void aMissingFtpFilePrintsTheServersReplyAndLeavesNoFile() throws Exception {
        Path file = local.resolve("missing.bin");
        assertEquals(1, run("get", "ftp://" + ftp.host() + ":" + ftp.port() + "/missing.bin", "-o", file.toString()));
        String[] lines = err.toString().split("\n");
        assertTrue(lines[0].startsWith("inetkit: ERROR_INTERNET_EXTENDED_ERROR (12003): "), err.toString());
        assertTrue(lines[1].startsWith("inetkit: server said: 550"), err.toString());
        try (Stream<Path> left = Files.list(local)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void aWrongPasswordIsALoginFailure() {
        assertEquals(1, run("get", "-u", "joe:wrong", "ftp://" + ftp.host() + ":" + ftp.port() + "/x"));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_LOGIN_FAILURE (12015): "), err.toString());
        assertTrue(!err.toString().contains("wrong"), err.toString());
    }

    @Test
    void getsAGopherDocument() throws Exception {
        Files.writeString(served.resolve("hello.txt"), "Hello, gopher\n");
        Path file = local.resolve("hello.txt");
        assertEquals(0, run("get", "gopher://127.0.0.1:" + gopher.port() + "/0/hello.txt", "-o", file.toString()),
                err.toString());
        assertEquals("Hello, gopher\r\n", Files.readString(file));
    }

    @Test
    void anUnreachableServerIsCannotConnect() {
        assertEquals(7, run("get", "--timeout", "5", "gopher://127.0.0.1:1/0/x"));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_CANNOT_CONNECT (12029): "), err.toString());
    }
}
