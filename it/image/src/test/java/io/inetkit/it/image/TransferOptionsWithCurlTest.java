package io.inetkit.it.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.inetkit.testkit.daemon.SystemDaemon;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.gopher.TestGopherServer;
import io.inetkit.testkit.script.ScriptedFtpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -O}, {@code --create-dirs}, {@code -s}, {@code -S} and the netrc options: the image and
 * the real curl, run with the same options against the same servers (nginx, and an FTP server with
 * an account), exit with the same status and write the same bytes.
 */
class TransferOptionsWithCurlTest {

    private static final String PASSWORD = "Ftp-93d2-secret";

    static Path dir;
    static SystemDaemon nginx;
    static int port;
    static byte[] data;

    @TempDir Path local;

    private TestFtpServer ftp;

    @BeforeAll
    static void startNginx() throws Exception {
        if (SystemDaemon.find("nginx").isEmpty()) {
            return;
        }
        dir = Files.createTempDirectory("inetkit-nginx-transfer-");
        Files.createDirectories(dir.resolve("tmp"));
        Path files = Files.createDirectories(dir.resolve("www/files"));
        data = new byte[300_000];
        new Random(26).nextBytes(data);
        Files.write(files.resolve("data.bin"), data);
        String d = dir.toString();
        for (int attempt = 1; ; attempt++) {
            port = SystemDaemon.freePort();
            Files.writeString(dir.resolve("nginx.conf"), ("root".equals(System.getProperty("user.name")) ? "user root;\n" : "")
                    + "worker_processes 1;\npid " + d + "/nginx.pid;\nerror_log " + d + "/error.log warn;\n"
                    + "events { worker_connections 64; }\n"
                    + "http {\n  access_log off;\n  default_type application/octet-stream;\n  gzip off;\n"
                    + "  client_body_temp_path " + d + "/tmp/body;\n  proxy_temp_path " + d + "/tmp/proxy;\n"
                    + "  fastcgi_temp_path " + d + "/tmp/fastcgi;\n  uwsgi_temp_path " + d + "/tmp/uwsgi;\n"
                    + "  scgi_temp_path " + d + "/tmp/scgi;\n"
                    + "  server {\n    listen 127.0.0.1:" + port + ";\n    root " + d + "/www;\n"
                    + "    location /slow/ { alias " + d + "/www/files/; limit_rate 100k; }\n"
                    + "  }\n}\n");
            try {
                nginx = SystemDaemon.start(List.of(SystemDaemon.find("nginx").get().toString(), "-e", d + "/error.log",
                        "-p", d + "/", "-c", d + "/nginx.conf", "-g", "daemon off;"), dir.resolve("out.log"),
                        Duration.ofSeconds(10), port);
                return;
            } catch (IOException e) {
                if (attempt == 3) {
                    fail("nginx did not start: " + e.getMessage());
                }
            }
        }
    }

    @AfterAll
    static void stopNginx() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @BeforeEach
    void start() throws IOException {
        SystemDaemon.require("nginx", "nginx");
        SystemDaemon.require("curl", "curl");
        Path root = Files.createDirectories(local.resolve("ftp-root"));
        Files.write(root.resolve("data.bin"), data);
        ftp = TestFtpServer.newBuilder().anonymous(false).user("joe", PASSWORD, root, false).build();
        ftp.start();
    }

    @AfterEach
    void stop() throws IOException {
        if (ftp != null) {
            ftp.close();
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private String ftpUrl(String path) {
        return "ftp://127.0.0.1:" + ftp.address().getPort() + path;
    }

    /** What a run did: its status, its standard error, and the files it left in its directory. */
    record Outcome(int status, String stderr, Path directory) {

        byte[] file(String name) throws IOException {
            return Files.readAllBytes(directory.resolve(name));
        }

        List<String> files() throws IOException {
            try (Stream<Path> all = Files.walk(directory)) {
                return all.filter(p -> !p.equals(directory)).map(p -> directory.relativize(p).toString()).sorted()
                        .toList();
            }
        }
    }

    /** The image in a fresh directory of its own, with HOME there too. */
    private Outcome inetkit(String... args) throws IOException {
        Path in = Files.createTempDirectory(local, "inetkit-");
        ImageRun.Finished done = ImageRun.of(args).in(in).env("HOME", home().toString()).run(Duration.ofSeconds(60));
        return new Outcome(done.status(), done.stderrText(), in);
    }

    /** curl in a fresh directory of its own, with the same HOME; without -s unless given. */
    private Outcome curl(String... args) throws Exception {
        Path in = Files.createTempDirectory(local, "curl-");
        List<String> command = new ArrayList<>(List.of("curl", "--noproxy", "*"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(in.toFile())
                .redirectError(local.resolve("curl.err").toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("HOME", home().toString());
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("curl did not end: " + command);
        }
        return new Outcome(process.exitValue(), Files.readString(local.resolve("curl.err")), in);
    }

    private Path home() throws IOException {
        return Files.createDirectories(local.resolve("home"));
    }

    private Path netrc(String name, String text) throws IOException {
        Path file = home().resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void remoteNameSavesUnderTheUrlsNameWhatCurlSaves() throws Exception {
        for (String u : List.of(url("/files/data.bin"), url("/files/data.bin?x=1"))) {
            Outcome ours = inetkit("get", "-s", "-O", u);
            Outcome theirs = curl("-s", "-O", u);
            assertEquals(theirs.status(), ours.status(), ours.stderr());
            assertEquals(0, ours.status(), ours.stderr());
            assertEquals(theirs.files(), ours.files());
            assertArrayEquals(data, ours.file("data.bin"));
            assertArrayEquals(theirs.file("data.bin"), ours.file("data.bin"));
        }
        Outcome ftpFile = inetkit("get", "-O", "-u", "joe:" + PASSWORD, ftpUrl("/data.bin"));
        assertEquals(0, ftpFile.status(), ftpFile.stderr());
        assertArrayEquals(data, ftpFile.file("data.bin"));
        try (TestGopherServer gopher = TestGopherServer.serving(local.resolve("ftp-root"))) {
            gopher.start();
            String u = "gopher://127.0.0.1:" + gopher.address().getPort() + "/9/data.bin";
            Outcome ours = inetkit("get", "-O", u);
            Outcome theirs = curl("-sS", "-O", u);
            assertEquals(0, theirs.status(), theirs.stderr());
            assertEquals(0, ours.status(), ours.stderr());
            assertEquals(List.of("data.bin"), ours.files());
            assertArrayEquals(theirs.file("data.bin"), ours.file("data.bin"));
            assertArrayEquals(data, ours.file("data.bin"));
        }
    }

    @Test
    void remoteNameWithoutAFileNameIs23AndWritesNothing() throws Exception {
        Outcome ours = inetkit("get", "-O", url("/files/"));
        Outcome theirs = curl("-s", "-O", url("/files/"));
        assertEquals(23, theirs.status());
        assertEquals(23, ours.status(), ours.stderr());
        assertTrue(ours.stderr().startsWith("inetkit: ERROR_INVALID_PARAMETER (87): -O: the URL has no file name"),
                ours.stderr());
        assertEquals(List.of(), ours.files());
        assertEquals(List.of(), theirs.files());
    }

    @Test
    void aMissingDirectoryIs23AndCreateDirsMakesIt() throws Exception {
        String u = url("/files/data.bin");
        Outcome ours = inetkit("get", u, "-o", "new/sub/data.bin");
        Outcome theirs = curl("-s", u, "-o", "new/sub/data.bin");
        assertEquals(23, theirs.status());
        assertEquals(23, ours.status(), ours.stderr());
        assertEquals(List.of(), ours.files());
        assertEquals(List.of(), theirs.files());

        ours = inetkit("get", "--create-dirs", u, "-o", "new/sub/data.bin");
        theirs = curl("-s", "--create-dirs", u, "-o", "new/sub/data.bin");
        assertEquals(0, theirs.status());
        assertEquals(0, ours.status(), ours.stderr());
        assertEquals(theirs.files(), ours.files());
        assertArrayEquals(theirs.file("new/sub/data.bin"), ours.file("new/sub/data.bin"));
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(theirs.directory().resolve("new"))),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(ours.directory().resolve("new"))));
    }

    @Test
    void silentSaysNothingAndShowErrorSaysWhy() throws Exception {
        String refused = "http://127.0.0.1:" + closedPort() + "/";
        Outcome ours = inetkit("get", "-s", refused);
        Outcome theirs = curl("-s", refused);
        assertEquals(7, theirs.status());
        assertEquals(7, ours.status());
        assertEquals("", theirs.stderr());
        assertEquals("", ours.stderr());

        try (ServerSocket mute = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String never = "http://127.0.0.1:" + mute.getLocalPort() + "/";
            ours = inetkit("get", "-s", "--max-time", "1", never);
            theirs = curl("-s", "--max-time", "1", never);
            assertEquals(28, theirs.status());
            assertEquals(28, ours.status());
            assertEquals("", theirs.stderr());
            assertEquals("", ours.stderr());
        }

        ours = inetkit("get", "-sS", refused);
        theirs = curl("-sS", refused);
        assertEquals(7, theirs.status());
        assertEquals(7, ours.status());
        assertTrue(theirs.stderr().startsWith("curl: (7) "), theirs.stderr());
        assertTrue(ours.stderr().startsWith("inetkit: ERROR_INTERNET_CANNOT_CONNECT (12029): "), ours.stderr());
    }

    @Test
    void theNetrcLoginLogsInToFtpAsCurlsDoesAndAWrongPasswordIs67() throws Exception {
        Path right = netrc("right", "machine 127.0.0.1\n  login joe\n  password \"" + PASSWORD + "\"\n");
        Outcome ours = inetkit("get", "--netrc-file", right.toString(), ftpUrl("/data.bin"), "-o", "data.bin");
        Outcome theirs = curl("-sS", "--netrc-file", right.toString(), ftpUrl("/data.bin"), "-o", "data.bin");
        assertEquals(0, theirs.status(), theirs.stderr());
        assertEquals(0, ours.status(), ours.stderr());
        assertArrayEquals(theirs.file("data.bin"), ours.file("data.bin"));
        assertArrayEquals(data, ours.file("data.bin"));

        netrc(".netrc", "default login joe password " + PASSWORD + "\n");
        ours = inetkit("get", "-n", ftpUrl("/data.bin"), "-o", "data.bin");
        theirs = curl("-sS", "-n", ftpUrl("/data.bin"), "-o", "data.bin");
        assertEquals(0, theirs.status(), theirs.stderr());
        assertEquals(0, ours.status(), ours.stderr());
        assertArrayEquals(data, ours.file("data.bin"));

        Path wrong = netrc("wrong", "machine 127.0.0.1 login joe password Wrong-12\n");
        ours = inetkit("get", "--netrc-file", wrong.toString(), ftpUrl("/data.bin"), "-o", "data.bin");
        theirs = curl("-sS", "--netrc-file", wrong.toString(), ftpUrl("/data.bin"), "-o", "data.bin");
        assertEquals(67, theirs.status(), theirs.stderr());
        assertEquals(67, ours.status(), ours.stderr());
        assertFalse(ours.stderr().contains("Wrong-12"), ours.stderr());
        assertEquals(List.of(), ours.files());

        // -u wins over the file, as curl's.
        ours = inetkit("get", "--netrc-file", wrong.toString(), "-u", "joe:" + PASSWORD, ftpUrl("/data.bin"));
        theirs = curl("-sS", "--netrc-file", wrong.toString(), "-u", "joe:" + PASSWORD, ftpUrl("/data.bin"));
        assertEquals(0, theirs.status(), theirs.stderr());
        assertEquals(0, ours.status(), ours.stderr());
    }

    @Test
    void aNetrcFileThatCannotBeReadIs26() throws Exception {
        Path missing = local.resolve("missing");
        Outcome ours = inetkit("get", "--netrc-file", missing.toString(), ftpUrl("/data.bin"));
        assertEquals(26, ours.status(), ours.stderr());
        assertTrue(ours.stderr().startsWith("inetkit: ERROR_FILE_NOT_FOUND (2): --netrc-file " + missing),
                ours.stderr());
        // curl 8.12 and later exit 26 too; curl 7.88 ignores the file and logs in anonymously, refused.
        Outcome theirs = curl("-sS", "--netrc-file", missing.toString(), ftpUrl("/data.bin"));
        assertTrue(theirs.status() == 26 || theirs.status() == 67, theirs.status() + ": " + theirs.stderr());

        // --netrc-optional: no error, the URL's login is used.
        String login = ftpUrl("/data.bin").replace("ftp://", "ftp://joe:" + PASSWORD + "@");
        ours = inetkit("get", "--netrc-optional", "--netrc-file", missing.toString(), login, "-o", "data.bin");
        theirs = curl("-sS", "--netrc-optional", "--netrc-file", missing.toString(), login, "-o", "data.bin");
        assertEquals(0, theirs.status(), theirs.stderr());
        assertEquals(0, ours.status(), ours.stderr());
    }

    @Test
    void theProgressBarOfAGetKnowsItsTotal() throws Exception {
        Path in = Files.createTempDirectory(local, "tty-");
        ImageRun.Finished done = ImageRun.of("get", url("/slow/data.bin"), "-o", "data.bin").in(in).onTerminal()
                .run(Duration.ofSeconds(60));
        assertEquals(0, done.status(), done.describe());
        String screen = done.stdoutText();
        assertTrue(screen.contains("% [") && screen.contains(" of 300 kB "), screen);
        assertArrayEquals(data, Files.readAllBytes(in.resolve("data.bin")));

        ImageRun.Finished silent = ImageRun.of("get", "-s", url("/slow/data.bin"), "-o", "quiet.bin").in(in)
                .onTerminal().run(Duration.ofSeconds(60));
        assertEquals(0, silent.status(), silent.describe());
        assertEquals("", silent.stdoutText(), "-s: no progress line even on a terminal");
        assertArrayEquals(data, Files.readAllBytes(in.resolve("quiet.bin")));
    }

    @Test
    void theProgressBarOfAnFtpGetKnowsItsTotalFromSize() throws Exception {
        try (ScriptedFtpServer slow = ScriptedFtpServer.create()) {
            slow.reply("SIZE", "213 8000\r\n");
            slow.reply("RETR", "150 here (8000 bytes)\r\n226 done\r\n");
            slow.data(out -> {
                for (int i = 0; i < 8; i++) {
                    out.write("y".repeat(1000).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
            });
            slow.start();
            String u = "ftp://127.0.0.1:" + slow.port() + "/slow.txt";
            // To a file, the library's download; to standard output, the stream: both know the size.
            for (List<String> output : List.of(List.of("-o", "slow.txt"), List.of("-o", "-"))) {
                Path in = Files.createTempDirectory(local, "tty-");
                List<String> args = new ArrayList<>(List.of("get", u));
                args.addAll(output);
                ImageRun.Finished done = ImageRun.of(args.toArray(String[]::new)).in(in).onTerminal()
                        .run(Duration.ofSeconds(60));
                assertEquals(0, done.status(), done.describe());
                assertTrue(done.stdoutText().contains(" of 8.00 kB "), done.stdoutText());
            }
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
