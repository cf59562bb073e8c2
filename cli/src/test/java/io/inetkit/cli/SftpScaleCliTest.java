package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.sftp.TestSftpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code get -C -}, {@code get --segments} and {@code mirror} with {@code sftp://} URLs against MINA
 * SSHD's server, the user and password in the URL; the host key from {@code ~/.ssh/known_hosts}, with
 * {@code user.home} pointed at a directory of the test's.
 */
class SftpScaleCliTest {

    private static final byte[] CONTENT = new byte[2_500_000];

    static {
        new Random(22).nextBytes(CONTENT);
    }

    @TempDir
    Path remote;
    @TempDir
    Path dir;

    private TestSftpServer server;
    private String home;
    private Leaks leaks;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        leaks = Leaks.snapshot();
        Files.write(remote.resolve("big.bin"), CONTENT);
        server = TestSftpServer.newBuilder().root(remote).user("alice", "secret").build();
        server.start();
        Path ssh = Files.createDirectories(dir.resolve("home/.ssh"));
        Files.writeString(ssh.resolve("known_hosts"), server.knownHostsLine());
        home = System.getProperty("user.home");
        System.setProperty("user.home", dir.resolve("home").toString());
    }

    @AfterEach
    void stop() throws Exception {
        System.setProperty("user.home", home);
        server.close();
        leaks.assertNoLeak("sftp cli");
    }

    private String url(String path) {
        return "sftp://alice:secret@" + server.host() + ":" + server.port() + path;
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void getContinuesAPartialFileToTheSameBytes() throws Exception {
        Path file = dir.resolve("big.bin");
        Files.write(file, Arrays.copyOf(CONTENT, 1_000_000));
        assertEquals(0, run("get", "-s", "-S", "-C", "-", "-o", file.toString(), url("/big.bin")), err.toString());
        assertArrayEquals(CONTENT, Files.readAllBytes(file));
        // Complete: nothing to do, as curl.
        assertEquals(0, run("get", "-s", "-S", "-C", "-", "-o", file.toString(), url("/big.bin")), err.toString());
        assertArrayEquals(CONTENT, Files.readAllBytes(file));
        // Longer than the server's: curl's 36, the file left as it was.
        Files.writeString(remote.resolve("small.txt"), "small");
        assertEquals(36, run("get", "-s", "-S", "-C", "-", "-o", file.toString(), url("/small.txt")), err.toString());
        assertArrayEquals(CONTENT, Files.readAllBytes(file));
    }

    @Test
    void putContinuesAPartialRemoteFileAndRefusesALongerOne() throws Exception {
        Path file = dir.resolve("up.bin");
        Files.write(file, CONTENT);
        Files.write(remote.resolve("up.bin"), Arrays.copyOf(CONTENT, 1_000_000));
        assertEquals(0, run("put", "-s", "-S", "-C", "-", file.toString(), url("/up.bin")), err.toString());
        assertArrayEquals(CONTENT, Files.readAllBytes(remote.resolve("up.bin")));
        // The same through get -T, to a folder URL: the file's name, complete already.
        assertEquals(0, run("get", "-s", "-S", "-C", "-", "-T", file.toString(), url("/")), err.toString());
        assertArrayEquals(CONTENT, Files.readAllBytes(remote.resolve("up.bin")));
        // Longer on the server: curl's 36, nothing sent.
        Files.write(remote.resolve("long.bin"), Arrays.copyOf(CONTENT, CONTENT.length + 7));
        Path named = Files.write(dir.resolve("long.bin"), CONTENT);
        assertEquals(36, run("put", "-s", "-S", "-C", "-", named.toString(), url("/long.bin")), err.toString());
        assertEquals(CONTENT.length + 7, Files.size(remote.resolve("long.bin")));
    }

    @Test
    void getWithSegmentsWritesTheFileByteForByte() throws Exception {
        Path file = dir.resolve("seg.bin");
        assertEquals(0, run("get", "-s", "-S", "--segments", "4", "-o", file.toString(), url("/big.bin")),
                err.toString());
        assertArrayEquals(CONTENT, Files.readAllBytes(file));
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().endsWith(".part")));
    }

    @Test
    void segmentsAndParallelGetsTakeTheCommandsSshOptions() throws Exception {
        // The host key only in a file of the command line: every segment's and every URL's session
        // must be given it, or they fail as with an unknown host (60).
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine());
        Files.writeString(dir.resolve("home/.ssh/known_hosts"), "");
        Path file = dir.resolve("seg.bin");
        assertEquals(0, run("get", "-s", "-S", "--known-hosts", knownHosts.toString(), "--segments", "4", "-o",
                file.toString(), url("/big.bin")), err.toString());
        assertArrayEquals(CONTENT, Files.readAllBytes(file));
        Files.write(remote.resolve("other.bin"), Arrays.copyOf(CONTENT, 1000));
        Path out = Files.createDirectories(dir.resolve("out"));
        // Several URLs save under their names in the working directory (-O): the command's class, given one.
        ConnectionOptions connection = new ConnectionOptions();
        connection.timeoutSeconds = 30;
        connection.ssh.knownHosts = knownHosts;
        OutputOptions saving = new OutputOptions();
        saving.remoteName = true;
        saving.directory = out;
        err = new StringWriter();
        assertEquals(0, new ParallelGet(connection, saving, new ResponseOptions(), new SegmentedSave(),
                new PrintWriter(err, true), Stop.inProcess(), true).run(List.of(url("/big.bin"), url("/other.bin")), 2),
                err.toString());
        assertArrayEquals(CONTENT, Files.readAllBytes(out.resolve("big.bin")));
        assertArrayEquals(Arrays.copyOf(CONTENT, 1000), Files.readAllBytes(out.resolve("other.bin")));
    }

    @Test
    void mirrorDownloadsAndUploadsATreeAndReportsALink() throws Exception {
        Files.createDirectories(remote.resolve("tree/sub"));
        Files.writeString(remote.resolve("tree/a.txt"), "a");
        Files.write(remote.resolve("tree/sub/big.bin"), CONTENT);
        Files.createSymbolicLink(remote.resolve("tree/up"), Path.of(".."));
        Path into = dir.resolve("into");
        assertEquals(0, run("mirror", "--parallel", "2", url("/tree"), into.toString()), err.toString());
        assertEquals("a", Files.readString(into.resolve("a.txt")));
        assertArrayEquals(CONTENT, Files.readAllBytes(into.resolve("sub/big.bin")));
        assertFalse(Files.exists(into.resolve("up")));
        assertTrue(err.toString().contains("skipped") && err.toString().contains("up"), err.toString());

        Files.createDirectories(remote.resolve("back"));
        assertEquals(0, run("mirror", into.toString(), url("/back")), err.toString());
        assertEquals("a", Files.readString(remote.resolve("back/a.txt")));
        assertArrayEquals(CONTENT, Files.readAllBytes(remote.resolve("back/sub/big.bin")));
    }
}
