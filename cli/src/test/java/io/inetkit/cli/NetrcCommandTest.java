package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.script.HostileHttpRequest;
import io.inetkit.testkit.script.HostileHttpScenario;
import io.inetkit.testkit.script.HostileHttpServer;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -n}, {@code --netrc-file} and {@code --netrc-optional} with get, ls, put and an HTTP server; and {@code -s}, {@code -S}. */
class NetrcCommandTest {

    private static final String PASSWORD = "Nrc-51f0-secret";

    @TempDir Path local;

    private Path root;
    private TestFtpServer ftp;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        root = Files.createDirectories(local.resolve("root"));
        Files.writeString(root.resolve("there.txt"), "there");
        ftp = TestFtpServer.newBuilder().anonymous(false).user("joe", PASSWORD, root, true).build();
        ftp.start();
    }

    @AfterEach
    void stop() throws Exception {
        ftp.close();
    }

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String url(String path) {
        return "ftp://127.0.0.1:" + ftp.address().getPort() + "/" + path;
    }

    private Path netrc(String text) throws Exception {
        Path file = local.resolve("netrc");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void theFilesLoginForTheHostLogsIn() throws Exception {
        Path file = netrc("machine other login x password y\nmachine 127.0.0.1 login joe password " + PASSWORD + "\n");
        Path saved = local.resolve("saved");
        assertEquals(0, run("get", "--netrc-file", file.toString(), url("there.txt"), "-o", saved.toString()),
                err.toString());
        assertEquals("there", Files.readString(saved));
        assertEquals("", err.toString());
        assertEquals(0, run("ls", "--netrc-file", file.toString(), url("")), err.toString());
        assertTrue(out.toString().contains("there.txt"), out.toString());
        Path upload = Files.writeString(local.resolve("up.txt"), "up");
        assertEquals(0, run("put", "--netrc-file", file.toString(), upload.toString(), url("up.txt")), err.toString());
        assertEquals("up", Files.readString(root.resolve("up.txt")));
    }

    @Test
    void aWrongPasswordIs67AndIsNeverPrinted() throws Exception {
        Path file = netrc("default login joe password Wrong-77\n");
        assertEquals(67, run("get", "-v", "--netrc-file", file.toString(), url("there.txt")));
        assertFalse(err.toString().contains("Wrong-77"), err.toString());
        assertTrue(err.toString().contains("inetkit: ERROR_INTERNET_"), err.toString());
    }

    @Test
    void userWinsOverTheFileAndAUserAloneTakesItsPasswordFromIt() throws Exception {
        Path file = netrc("machine 127.0.0.1 login ann password nope\nmachine 127.0.0.1 login joe password "
                + PASSWORD + "\n");
        assertEquals(0, run("get", "--netrc-file", file.toString(), "-u", "joe:" + PASSWORD, url("there.txt")),
                err.toString());
        assertEquals(67, run("get", "--netrc-file", file.toString(), "-u", "joe:bad", url("there.txt")));
        assertEquals(0, run("get", "--netrc-file", file.toString(), "-u", "joe", url("there.txt")), err.toString());
        String withUser = url("there.txt").replace("ftp://", "ftp://joe@");
        assertEquals(0, run("get", "--netrc-file", file.toString(), withUser), err.toString());
    }

    @Test
    void theFileWinsOverTheUrlWithNetrcAndTheUrlWinsWithNetrcOptional() throws Exception {
        Path file = netrc("machine 127.0.0.1 login joe password " + PASSWORD + "\n");
        String wrongInUrl = url("there.txt").replace("ftp://", "ftp://joe:bad@");
        assertEquals(0, run("get", "-n", "--netrc-file", file.toString(), wrongInUrl), err.toString());
        assertEquals(67, run("get", "--netrc-optional", "--netrc-file", file.toString(), wrongInUrl));
    }

    @Test
    void aMissingNetrcFileIs26ButAMissingHomeNetrcOrAnOptionalOneIsNoError() throws Exception {
        Path missing = local.resolve("missing");
        assertEquals(26, run("get", "--netrc-file", missing.toString(), url("there.txt")));
        assertTrue(err.toString().startsWith("inetkit: ERROR_FILE_NOT_FOUND (2): --netrc-file " + missing),
                err.toString());
        String inUrl = url("there.txt").replace("ftp://", "ftp://joe:" + PASSWORD + "@");
        assertEquals(0, run("get", "--netrc-optional", "--netrc-file", missing.toString(), inUrl), err.toString());
        NetrcOptions options = new NetrcOptions();
        options.netrc = true;
        options.home = local;
        assertTrue(options.login("127.0.0.1", null, new PrintWriter(new StringWriter())).isEmpty());
    }

    @Test
    void aBrokenNetrcFileIs26WithoutItsText() throws Exception {
        Path file = netrc("machine 127.0.0.1 login joe password \"" + PASSWORD);
        assertEquals(26, run("get", "--netrc-file", file.toString(), url("there.txt")));
        assertFalse(err.toString().contains(PASSWORD), err.toString());
        assertEquals(26, run("get", "--netrc-file", local.toString(), url("there.txt")));
    }

    @Test
    void aFileOthersCanReadIsWarnedAboutButNotQuotedAndSilentSaysNothing() throws Exception {
        Path file = netrc("machine 127.0.0.1 login joe password " + PASSWORD + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(0, run("get", "--netrc-file", file.toString(), url("there.txt")), err.toString());
        assertEquals("inetkit: warning: " + file + " can be read by others than its owner, passwords and all;"
                + " chmod 600 it" + System.lineSeparator(), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(0, run("get", "-s", "--netrc-file", file.toString(), url("there.txt")));
        assertEquals("", err.toString());
    }

    @Test
    void httpGetsTheLoginToo() throws Exception {
        List<HostileHttpRequest> requests = new CopyOnWriteArrayList<>();
        String basic = "Basic " + Base64.getEncoder().encodeToString(("joe:" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HostileHttpScenario scenario = (HostileHttpRequest request, OutputStream to) -> {
            requests.add(request);
            to.write((request.header("Authorization").filter(basic::equals).isPresent()
                    ? "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nin"
                    : "HTTP/1.1 401 No\r\nWWW-Authenticate: Basic realm=\"r\"\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return true;
        };
        try (HostileHttpServer http = HostileHttpServer.plain(scenario)) {
            http.start();
            Path file = netrc("machine 127.0.0.1 login joe password " + PASSWORD + "\n");
            Path saved = local.resolve("saved");
            assertEquals(0, run("get", "--netrc-file", file.toString(), "http://127.0.0.1:" + http.port() + "/x",
                    "-o", saved.toString()), err.toString());
            assertEquals("in", Files.readString(saved));
            assertEquals(2, requests.size(), "a challenge, then the login");
        }
    }

    @Test
    void silentPrintsNoErrorLineAndShowErrorBringsItBack() {
        String refused = "http://127.0.0.1:1/";
        assertEquals(7, run("get", "-s", refused));
        assertEquals("", err.toString());
        assertEquals(7, run("get", "-sS", refused));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_CANNOT_CONNECT (12029): "), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(7, run("ls", "--silent", "--show-error", "ftp://127.0.0.1:1/"));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_CANNOT_CONNECT (12029): "), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(26, run("put", "-s", local.resolve("none").toString(), url("none")));
        assertEquals("", err.toString());
    }
}
