package io.inetkit.provider.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.sftp.SftpOptions;
import io.inetkit.sftp.SftpSession;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.sftp.TestSftpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host key is checked against known_hosts, always. */
class SftpHostKeyTest {

    @TempDir
    Path dir;

    private TestSftpServer server;
    private Path knownHosts;
    private Leaks leaks;

    @BeforeEach
    void start() throws Exception {
        leaks = Leaks.snapshot();
        server = TestSftpServer.newBuilder().user("alice", "secret").build();
        server.start();
        knownHosts = dir.resolve("known_hosts");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        leaks.assertNoLeak("sftp host keys");
    }

    private void connect(SftpOptions options) throws InternetException {
        try (Internet internet = Internet.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
             SftpSession session = internet.connect(ConnectRequest.newBuilder(Service.SFTP, server.host())
                     .port(server.port()).user("alice").password("secret").option(options).build())) {
            session.pwd();
        }
    }

    static String fingerprint(PublicKey key) throws Exception {
        String entry = PublicKeyEntry.toString(key);
        byte[] blob = Base64.getDecoder().decode(entry.split(" ")[1]);
        return "SHA256:" + Base64.getEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
    }

    @Test
    void anUnknownKeyFailsWithItsFingerprintAndIsNotRemembered() throws Exception {
        Files.writeString(knownHosts, "# nothing yet\n");
        InternetException e = assertThrows(InternetException.class,
                () -> connect(SftpOptions.newBuilder().knownHosts(knownHosts).build()));
        assertEquals(InternetError.INVALID_CA, e.error());
        assertTrue(e.getMessage().contains(fingerprint(server.hostKey())), e.getMessage());
        assertTrue(e.getMessage().contains("ecdsa-sha2-nistp256"), e.getMessage());
        assertEquals("# nothing yet\n", Files.readString(knownHosts));
        // A known_hosts file that does not exist is an empty one.
        InternetException missing = assertThrows(InternetException.class,
                () -> connect(SftpOptions.newBuilder().knownHosts(dir.resolve("absent")).build()));
        assertEquals(InternetError.INVALID_CA, missing.error());
        assertFalse(Files.exists(dir.resolve("absent")));
    }

    @Test
    void acceptNewRemembersANewKeyOnce() throws Exception {
        Path file = dir.resolve("ssh/known_hosts");
        connect(SftpOptions.newBuilder().knownHosts(file).acceptNewHostKey(true).build());
        assertEquals(server.knownHostsLine(), Files.readString(file));
        connect(SftpOptions.newBuilder().knownHosts(file).build()); // now known: strict checking passes
        connect(SftpOptions.newBuilder().knownHosts(file).acceptNewHostKey(true).build());
        assertEquals(server.knownHostsLine(), Files.readString(file), "a known key is not added twice");
    }

    @Test
    void aChangedKeyIsRefusedEvenWithAcceptNew() throws Exception {
        TestSftpServer other = TestSftpServer.newBuilder().user("alice", "secret").build();
        String stale = "[" + server.host() + "]:" + server.port() + " " + PublicKeyEntry.toString(
                TestSftpServer.newHostKey().getPublic()) + "\n";
        other.close();
        Files.writeString(knownHosts, stale);
        for (boolean acceptNew : new boolean[] {false, true}) {
            InternetException e = assertThrows(InternetException.class, () -> connect(
                    SftpOptions.newBuilder().knownHosts(knownHosts).acceptNewHostKey(acceptNew).build()));
            assertEquals(InternetError.SEC_INVALID_CERT, e.error());
            assertTrue(e.getMessage().contains("CHANGED"), e.getMessage());
            assertTrue(e.getMessage().contains(fingerprint(server.hostKey())), e.getMessage());
        }
        assertEquals(stale, Files.readString(knownHosts));
    }

    @Test
    void hashedEntriesAreRead() throws Exception {
        Files.writeString(knownHosts, server.knownHostsLine());
        Keys.hash(knownHosts);
        String hashed = Files.readString(knownHosts);
        assertTrue(hashed.startsWith("|1|"), hashed);
        connect(SftpOptions.newBuilder().knownHosts(knownHosts).build());
    }

    @Test
    void acceptNewWritesAHashedLineToAHashedFileThatOpenSshFinds() throws Exception {
        // Another host's entry, hashed: the file is one whose names are hashed.
        Files.writeString(knownHosts, "other.example " + server.knownHostsLine().split(" ", 2)[1]);
        Keys.hash(knownHosts);
        String before = Files.readString(knownHosts);
        connect(SftpOptions.newBuilder().knownHosts(knownHosts).acceptNewHostKey(true).build());
        String added = Files.readString(knownHosts).substring(before.length());
        String name = "[" + server.host() + "]:" + server.port();
        assertTrue(added.startsWith("|1|"), added);
        assertFalse(added.contains(server.host()), added);
        assertTrue(added.endsWith(server.knownHostsLine().split(" ", 2)[1]), added);
        Process found = new ProcessBuilder("ssh-keygen", "-F", name, "-f", knownHosts.toString())
                .redirectErrorStream(true).start();
        found.getOutputStream().close();
        String output = new String(found.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(found.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, found.exitValue(), output);
        assertTrue(output.contains(added.trim()), output);
        connect(SftpOptions.newBuilder().knownHosts(knownHosts).build());
        assertEquals(before + added, Files.readString(knownHosts), "remembered once");
    }
}
