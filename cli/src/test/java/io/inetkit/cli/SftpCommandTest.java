package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.Service;
import io.inetkit.sftp.SftpOptions;
import io.inetkit.sftp.SftpSession;
import io.inetkit.testkit.sftp.TestSftpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inetkit get, ls, put sftp://} against the testkit's SFTP server, through the real provider. */
class SftpCommandTest {

    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private TestSftpServer server;
    private Path knownHosts;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        server = TestSftpServer.newBuilder().root(Files.createDirectories(dir.resolve("served")))
                .user("joe", "pw").build();
        server.start();
        Files.writeString(server.root().resolve("hello.txt"), "hello\n");
        knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String url(String path) {
        return "sftp://" + server.host() + ":" + server.port() + path;
    }

    /** OpenSSH's fingerprint of the server's host key: SHA256: and the unpadded Base64 of its hash. */
    private String fingerprint() throws Exception {
        byte[] blob = Base64.getDecoder().decode(server.hostKeyEntry().split(" ")[1]);
        return "SHA256:" + Base64.getEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
    }

    @Test
    void getsAFileToStandardOutputWithTheUrlsLogin() {
        CurlStdout run = CurlStdout.run("get", "--known-hosts", knownHosts.toString(),
                "sftp://joe:pw@" + server.host() + ":" + server.port() + "/hello.txt");
        assertEquals(0, run.status, run.err.toString());
        assertEquals("hello\n", run.out());
        assertEquals("", run.err.toString());
    }

    @Test
    void getsAFileToAFileWithDashU() throws Exception {
        byte[] content = new byte[3_000_000];
        new Random(1).nextBytes(content);
        Files.write(server.root().resolve("big.bin"), content);
        Path saved = dir.resolve("big.bin");
        assertEquals(0, run("get", "-u", "joe:pw", "--known-hosts", knownHosts.toString(), "-o", saved.toString(),
                url("/big.bin")), err.toString());
        assertArrayEquals(content, Files.readAllBytes(saved));
    }

    @Test
    void putsThenGetsTheSameBytes() throws Exception {
        byte[] content = new byte[1_000_000];
        new Random(2).nextBytes(content);
        Path file = Files.write(dir.resolve("up.bin"), content);
        assertEquals(0, run("put", "-u", "joe:pw", "--known-hosts", knownHosts.toString(), file.toString(),
                url("/")), err.toString());
        assertArrayEquals(content, Files.readAllBytes(server.root().resolve("up.bin")));
        Path back = dir.resolve("back.bin");
        assertEquals(0, run("get", "-u", "joe:pw", "--known-hosts", knownHosts.toString(), "-o", back.toString(),
                url("/up.bin")), err.toString());
        assertArrayEquals(content, Files.readAllBytes(back));
    }

    @Test
    void putSendsTheSameBytesWithTheProgressLineAndWithout() throws Exception {
        byte[] content = new byte[700_000];
        new Random(3).nextBytes(content);
        Path file = Files.write(dir.resolve("p.bin"), content);
        AtomicLong now = new AtomicLong();
        for (boolean meter : new boolean[] {true, false}) {
            StringWriter shown = new StringWriter();
            // A clock past the quiet second: the line is drawn while the stream is counted.
            Progress progress = new Progress(new PrintWriter(shown), meter, () -> now.addAndGet(SECOND))
                    .expect(content.length);
            try (Internet internet = Internet.create();
                 SftpSession sftp = internet.connect(ConnectRequest.newBuilder(Service.SFTP, server.host())
                         .port(server.port()).user("joe").password("pw")
                         .option(SftpOptions.newBuilder().knownHosts(knownHosts).build()).build())) {
                SftpTarget.put(sftp, URI.create(url("/p-" + meter + ".bin")), file, progress);
            }
            progress.done();
            assertArrayEquals(content, Files.readAllBytes(server.root().resolve("p-" + meter + ".bin")));
            assertEquals(meter, shown.toString().contains("100%"), shown.toString());
        }
    }

    @Test
    void getDashCapitalTUploads() throws Exception {
        Path file = Files.writeString(dir.resolve("t.txt"), "by -T\n");
        assertEquals(0, run("get", "-u", "joe:pw", "--known-hosts", knownHosts.toString(), "-T", file.toString(),
                url("/t-named.txt")), err.toString());
        assertEquals("by -T\n", Files.readString(server.root().resolve("t-named.txt")));
    }

    @Test
    void listsADirectoryWithItsAttributes() throws Exception {
        Files.createDirectories(server.root().resolve("sub"));
        Path script = Files.writeString(server.root().resolve("run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        assertEquals(0, run("ls", "-u", "joe:pw", "--known-hosts", knownHosts.toString(), url("/")), err.toString());
        String listing = out.toString();
        assertTrue(listing.lines().anyMatch(line -> line.matches("- rw.r..r..\\s+6 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d"
                + " hello\\.txt")), listing);
        assertTrue(listing.lines().anyMatch(line -> line.matches("- rwxr-x---\\s+10 .* run\\.sh")), listing);
        assertTrue(listing.lines().anyMatch(line -> line.matches("d .* sub")), listing);
        assertEquals(3, listing.lines().count(), listing);
    }

    @Test
    void anUnknownHostKeyIsRefusedWithItsFingerprintAndCurlsStatus() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
        assertEquals(60, run("get", "-u", "joe:pw", "--known-hosts", empty.toString(), url("/hello.txt")));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_INVALID_CA (12045): "), err.toString());
        assertTrue(err.toString().contains(fingerprint()), err + " lacks " + fingerprint());
        assertTrue(err.toString().contains("--known-hosts FILE"), err.toString());
        assertFalse(err.toString().contains("--cacert"), "a host key is no CA: " + err);
        assertEquals("", out.toString());
        assertEquals("", Files.readString(empty), "nothing is remembered without --accept-new-host-key");
    }

    @Test
    void acceptNewHostKeyRemembersTheKeyThenChecksIt() throws Exception {
        Path fresh = dir.resolve("fresh_known_hosts");
        CurlStdout first = CurlStdout.run("get", "-u", "joe:pw", "--known-hosts", fresh.toString(),
                "--accept-new-host-key", url("/hello.txt"));
        assertEquals(0, first.status, first.err.toString());
        assertEquals("hello\n", first.out());
        assertTrue(Files.readString(fresh).contains(server.hostKeyEntry()), Files.readString(fresh));
        CurlStdout second = CurlStdout.run("get", "-u", "joe:pw", "--known-hosts", fresh.toString(),
                url("/hello.txt"));
        assertEquals(0, second.status, second.err.toString());
        assertEquals("hello\n", second.out());
    }

    @Test
    void aChangedHostKeyIsRefusedEvenWithAcceptNew() throws Exception {
        TestSftpServer other = TestSftpServer.newBuilder().root(server.root()).user("joe", "pw").build();
        other.start();
        try {
            // The other server's key under this server's name and port.
            Path changed = Files.writeString(dir.resolve("changed"),
                    other.knownHostsLine().replaceFirst("^\\S+", "[" + server.host() + "]:" + server.port()));
            String before = Files.readString(changed);
            assertEquals(60, run("get", "-u", "joe:pw", "--known-hosts", changed.toString(), "--accept-new-host-key",
                    url("/hello.txt")));
            assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_SEC_INVALID_CERT (12169): "),
                    err.toString());
            assertTrue(err.toString().contains(fingerprint()), err.toString());
            assertEquals(before, Files.readString(changed));
        } finally {
            other.close();
        }
    }

    @Test
    void continueAtTakesTheSshOptionsAndTheHomeFolder() throws Exception {
        Path file = Files.writeString(dir.resolve("hello.txt"), "hel");
        assertEquals(0, run("get", "-s", "-S", "-u", "joe:pw", "--known-hosts", knownHosts.toString(), "-C", "-",
                "-o", file.toString(), url("/~/hello.txt")), err.toString());
        assertEquals("hello\n", Files.readString(file));
    }

    @Test
    void aWrongPasswordIsCurlsLoginDenied() {
        assertEquals(67, run("get", "-u", "joe:wrong", "--known-hosts", knownHosts.toString(), url("/hello.txt")));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_"), err.toString());
        assertFalse(err.toString().contains("wrong"), "the password is never printed: " + err);
    }

    @Test
    void aPassphraseIsNeverPrinted() throws Exception {
        Path key = Files.writeString(dir.resolve("id_bogus"), "not a key\n");
        int status = run("get", "-v", "-u", "joe", "--key", key.toString(), "--pass", "s3cret-phrase",
                "--known-hosts", knownHosts.toString(), url("/hello.txt"));
        assertTrue(status != 0, err.toString());
        assertFalse(err.toString().contains("s3cret-phrase"), err.toString());
        assertFalse(out.toString().contains("s3cret-phrase"), out.toString());
    }

    @Test
    void aMissingKeyFileSendsNothing() {
        assertEquals(26, run("get", "-u", "joe", "--key", dir.resolve("absent").toString(),
                "--known-hosts", knownHosts.toString(), url("/hello.txt")));
        assertTrue(err.toString().contains("--key " + dir.resolve("absent")), err.toString());
    }

    @Test
    void passWithoutKeyIsABadOption() {
        assertEquals(2, run("get", "-u", "joe:pw", "--pass", "x", "--known-hosts", knownHosts.toString(),
                url("/hello.txt")));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INVALID_PARAMETER (87): --pass"),
                err.toString());
    }

    @Test
    void sshOptionsOnAnotherSchemeAreABadOption() {
        assertEquals(2, run("get", "--accept-new-host-key", "http://127.0.0.1:9/"));
        assertTrue(err.toString().contains("SFTP's"), err.toString());
    }

    @Test
    void aMissingFileIsCurlsRemoteFileNotFound() {
        int status = run("get", "-u", "joe:pw", "--known-hosts", knownHosts.toString(), url("/absent.txt"));
        assertEquals(78, status, err.toString());
    }

    @Test
    void noCredentialIsAClearError() {
        int status = run("get", "--known-hosts", knownHosts.toString(), url("/hello.txt"));
        assertEquals(67, status, err.toString());
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_"), err.toString());
    }

    @Test
    void theAgentIsAskedWithoutAKeyWhenItsSocketExists() throws Exception {
        Path socket = Files.createFile(dir.resolve("agent.sock"));
        SshOptions none = new SshOptions();
        assertTrue(none.options(java.util.Map.of("SSH_AUTH_SOCK", socket.toString())).agent());
        assertEquals(java.util.Optional.of(socket),
                none.options(java.util.Map.of("SSH_AUTH_SOCK", socket.toString())).agentSocket());
        assertFalse(none.options(java.util.Map.of("SSH_AUTH_SOCK", dir.resolve("gone").toString())).agent());
        assertFalse(none.options(java.util.Map.of()).agent());
        SshOptions keyed = new SshOptions();
        keyed.key = Files.writeString(dir.resolve("id_any"), "key");
        assertFalse(keyed.options(java.util.Map.of("SSH_AUTH_SOCK", socket.toString())).agent());
        assertEquals(1, keyed.options(java.util.Map.of()).identities().size());
    }

    @Test
    void aUrlWithoutAHostIsMalformed() {
        assertEquals(3, run("get", "-u", "joe:pw", "sftp:///etc/motd"));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_INVALID_URL (12005): "), err.toString());
    }

    @Test
    void homeRelativePathsAreCurls() {
        assertEquals("hello.txt", SftpTarget.path(java.net.URI.create("sftp://h/~/hello.txt")));
        assertEquals(".", SftpTarget.path(java.net.URI.create("sftp://h")));
        assertEquals(".", SftpTarget.path(java.net.URI.create("sftp://h/~/")));
        assertEquals("/etc/motd", SftpTarget.path(java.net.URI.create("sftp://h/etc/motd")));
    }
}
