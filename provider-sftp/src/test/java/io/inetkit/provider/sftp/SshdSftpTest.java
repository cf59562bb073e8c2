package io.inetkit.provider.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.sftp.SftpEntry;
import io.inetkit.sftp.SftpOptions;
import io.inetkit.sftp.SftpSession;
import io.inetkit.testkit.daemon.Sshd;
import io.inetkit.testkit.daemon.Sshd.KeyType;
import io.inetkit.testkit.leak.Leaks;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider against OpenSSH's own sshd: the server most SFTP users have. */
class SshdSftpTest {

    private static final Duration PATIENCE = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private Leaks leaks;

    @BeforeEach
    void snapshot() {
        leaks = Leaks.snapshot();
    }

    @AfterEach
    void noLeak() throws Exception {
        leaks.assertNoLeak("sftp against sshd");
    }

    private static SftpSession connect(Internet internet, Sshd sshd, String password, SftpOptions options)
            throws InternetException {
        var request = ConnectRequest.newBuilder(Service.SFTP, sshd.host()).port(sshd.port())
                .user(sshd.user()).option(options);
        if (password != null) {
            request.password(password);
        }
        return internet.connect(request.build());
    }

    private static Internet internet() {
        return Internet.newBuilder().connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(10))
                .build();
    }

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    @Test
    void putsAndGetsByteForByteByEachKeyType() throws Exception {
        try (Sshd sshd = Sshd.newBuilder().start(dir.resolve("sshd")); Internet internet = internet()) {
            byte[] data = random(3 * 1024 * 1024 + 17);
            Path up = Files.write(dir.resolve("up.bin"), data);
            for (KeyType type : KeyType.values()) {
                try (SftpSession session = connect(internet, sshd, null, SftpOptions.newBuilder()
                        .knownHosts(sshd.knownHosts()).identity(sshd.privateKey(type)).build())) {
                    session.put(up, sshd.remotePath("up.bin"));
                    assertArrayEquals(data, Files.readAllBytes(sshd.root().resolve("up.bin")), type.toString());
                    Path down = dir.resolve("down-" + type + ".bin");
                    session.get(sshd.remotePath("up.bin"), down);
                    assertArrayEquals(data, Files.readAllBytes(down), type.toString());
                    session.delete(sshd.remotePath("up.bin"));
                }
            }
            List<String> accepted = sshd.log("Accepted publickey for " + Sshd.USER, PATIENCE);
            assertEquals(3, accepted.size(), accepted.toString());
            assertTrue(accepted.get(2).contains(": RSA SHA256:"), accepted.toString());
        }
    }

    @Test
    void filesAreReadOnAChannelOfTheirOwnOrWithJschUnderMaxSessionsOne() throws Exception {
        byte[] big = random(5 * 1024 * 1024 + 3);
        for (boolean oneChannel : new boolean[] {false, true}) {
            Sshd.Builder builder = Sshd.newBuilder().hostKeys(KeyType.ED25519);
            if (oneChannel) {
                builder.directive("MaxSessions 1");
            }
            try (Sshd sshd = builder.start(dir.resolve(oneChannel ? "one" : "two")); Internet internet = internet()) {
                Files.write(sshd.root().resolve("big.bin"), big);
                for (int i = 0; i < 20; i++) {
                    Files.writeString(sshd.root().resolve("f" + i), "file " + i);
                }
                try (SftpSession session = connect(internet, sshd, null, SftpOptions.newBuilder()
                        .knownHosts(sshd.knownHosts()).identity(sshd.privateKey(KeyType.ED25519)).build())) {
                    for (int i = 0; i < 20; i++) {
                        try (InputStream in = session.openRead(sshd.remotePath("f" + i))) {
                            // Half to the end, half to the size and no further: neither closes the channel.
                            String expected = "file " + i;
                            byte[] read = i % 2 == 0 ? in.readAllBytes() : in.readNBytes(expected.length());
                            assertEquals(expected, new String(read, StandardCharsets.UTF_8));
                        }
                    }
                    Path down = dir.resolve("down.bin");
                    session.get(sshd.remotePath("big.bin"), down);
                    assertArrayEquals(big, Files.readAllBytes(down));
                    try (InputStream in = session.openRead(sshd.remotePath("big.bin"))) {
                        assertArrayEquals(Arrays.copyOf(big, 1000), in.readNBytes(1000)); // and left early
                    }
                    try (InputStream in = session.openRead(sshd.remotePath("f0"))) {
                        assertEquals("file 0", new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                    assertEquals(20, session.list(sshd.remotePath(".")).stream()
                            .filter(e -> e.name().startsWith("f")).count());
                }
                // The session's channel, the reading channel, and a new one after the stream left early;
                // or the session's channel alone, which then reads the files too.
                List<String> sessions = sshd.log("Starting session:", PATIENCE);
                assertEquals(oneChannel ? 1 : 3, sessions.size(), sessions.toString());
            }
        }
    }

    @Test
    void anEncryptedKeyLogsInWithItsPassphraseAndNotWithAWrongOne() throws Exception {
        try (Sshd sshd = Sshd.newBuilder().hostKeys(KeyType.ED25519).start(dir.resolve("sshd"));
             Internet internet = internet()) {
            Files.writeString(sshd.root().resolve("a.txt"), "locked");
            try (SftpSession session = connect(internet, sshd, null, SftpOptions.newBuilder()
                    .knownHosts(sshd.knownHosts()).identity(sshd.encryptedPrivateKey(), Sshd.PASSPHRASE).build())) {
                assertEquals(6, session.size(sshd.remotePath("a.txt")));
            }
            InternetException wrong = assertThrows(InternetException.class, () -> connect(internet, sshd, null,
                    SftpOptions.newBuilder().knownHosts(sshd.knownHosts())
                            .identity(sshd.encryptedPrivateKey(), "wrong").build()));
            assertEquals(InternetError.INCORRECT_PASSWORD, wrong.error());
            InternetException unknown = assertThrows(InternetException.class, () -> connect(internet, sshd, null,
                    SftpOptions.newBuilder().knownHosts(sshd.knownHosts()).identity(sshd.unknownPrivateKey())
                            .build()));
            assertEquals(InternetError.LOGIN_FAILURE, unknown.error());
            assertEquals(1, sshd.log("Accepted publickey for " + Sshd.USER, PATIENCE).size());
        }
    }

    @Test
    void passwordAndKeyboardInteractiveEachLogIn() throws Exception {
        // Only password: sshd offers no keyboard-interactive.
        try (Sshd sshd = Sshd.newBuilder().hostKeys(KeyType.ED25519).keyboardInteractive(false)
                .publicKeyAuthentication(false).start(dir.resolve("password")); Internet internet = internet()) {
            try (SftpSession session = connect(internet, sshd, Sshd.PASSWORD,
                    SftpOptions.newBuilder().knownHosts(sshd.knownHosts()).build())) {
                assertEquals(sshd.root().toString(), session.pwd());
            }
            InternetException wrong = assertThrows(InternetException.class, () -> connect(internet, sshd, "wrong",
                    SftpOptions.newBuilder().knownHosts(sshd.knownHosts()).build()));
            assertEquals(InternetError.LOGIN_FAILURE, wrong.error(), wrong.getMessage());
            assertFalse(wrong.getMessage().contains("wrong"), wrong.getMessage());
            // One try, not one after another until sshd's MaxAuthTries.
            assertEquals(1, sshd.log("Failed password for " + Sshd.USER, PATIENCE).size());
            assertEquals(1, sshd.log("Accepted password for " + Sshd.USER, PATIENCE).size());
        }
        // Only keyboard-interactive (PAM's password prompt).
        try (Sshd sshd = Sshd.newBuilder().hostKeys(KeyType.ED25519).passwordAuthentication(false)
                .publicKeyAuthentication(false).start(dir.resolve("kbd")); Internet internet = internet()) {
            try (SftpSession session = connect(internet, sshd, Sshd.PASSWORD,
                    SftpOptions.newBuilder().knownHosts(sshd.knownHosts()).build())) {
                assertEquals(sshd.root().toString(), session.pwd());
            }
            InternetException wrong = assertThrows(InternetException.class, () -> connect(internet, sshd, "wrong",
                    SftpOptions.newBuilder().knownHosts(sshd.knownHosts()).build()));
            assertEquals(InternetError.LOGIN_FAILURE, wrong.error(), wrong.getMessage());
            assertEquals(1, sshd.log("Accepted keyboard-interactive/pam for " + Sshd.USER, PATIENCE).size());
        }
    }

    @Test
    void aListingHasEachEntrysAttributes() throws Exception {
        try (Sshd sshd = Sshd.newBuilder().hostKeys(KeyType.ED25519).start(dir.resolve("sshd"));
             Internet internet = internet()) {
            Path root = sshd.root();
            Path file = Files.write(root.resolve("f.bin"), random(1234));
            Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2020-01-02T03:04:05Z")));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
            Files.createDirectory(root.resolve("d"));
            Files.createSymbolicLink(root.resolve("l"), Path.of("f.bin"));
            try (SftpSession session = connect(internet, sshd, null, SftpOptions.newBuilder()
                    .knownHosts(sshd.knownHosts()).identity(sshd.privateKey(KeyType.ED25519)).build())) {
                Map<String, SftpEntry> entries = session.list(root.toString()).stream()
                        .collect(Collectors.toMap(SftpEntry::name, Function.identity()));
                assertEquals(Map.of("f.bin", SftpEntry.Type.FILE, "d", SftpEntry.Type.DIRECTORY,
                        "l", SftpEntry.Type.SYMBOLIC_LINK), entries.values().stream()
                        .collect(Collectors.toMap(SftpEntry::name, SftpEntry::type)));
                SftpEntry f = entries.get("f.bin");
                assertEquals(1234, f.size().orElseThrow());
                assertEquals(0640, f.permissions().orElseThrow());
                assertEquals(Instant.parse("2020-01-02T03:04:05Z"), f.modified().orElseThrow());
                assertEquals(Files.getAttribute(file, "unix:uid"), f.uid().orElseThrow());
                assertEquals("f.bin", session.readLink(sshd.remotePath("l")));
                assertEquals(SftpEntry.Type.FILE, session.stat(sshd.remotePath("f.bin")).type());
            }
        }
    }

    @Test
    void anUnknownKeyIsRefusedWithItsFingerprintAndAChangedOneAlways() throws Exception {
        try (Sshd sshd = Sshd.newBuilder().hostKeys(KeyType.ED25519).start(dir.resolve("sshd"));
             Internet internet = internet()) {
            SftpOptions.Builder login = SftpOptions.newBuilder().identity(sshd.privateKey(KeyType.ED25519));
            Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
            InternetException unknown = assertThrows(InternetException.class,
                    () -> connect(internet, sshd, null, login.knownHosts(empty).build()));
            assertEquals(InternetError.INVALID_CA, unknown.error());
            assertTrue(unknown.getMessage().contains(sshd.fingerprint(KeyType.ED25519)), unknown.getMessage());
            assertEquals("", Files.readString(empty));

            // Another key under this server's name.
            String otherKey = Files.readString(sshd.publicKey(KeyType.ED25519)).split(" ")[1];
            String stale = "[127.0.0.1]:" + sshd.port() + " ssh-ed25519 " + otherKey + "\n";
            Path changed = Files.writeString(dir.resolve("changed_known_hosts"), stale);
            for (boolean acceptNew : new boolean[] {false, true}) {
                InternetException refused = assertThrows(InternetException.class, () -> connect(internet, sshd, null,
                        login.knownHosts(changed).acceptNewHostKey(acceptNew).build()));
                assertEquals(InternetError.SEC_INVALID_CERT, refused.error());
                assertTrue(refused.getMessage().contains(sshd.fingerprint(KeyType.ED25519)), refused.getMessage());
            }
            assertEquals(stale, Files.readString(changed));
            assertTrue(sshd.log("Accepted", Duration.ZERO).isEmpty());

            // OpenSSH's hashed file is read, and accept-new remembers a key in a form ssh reads.
            try (SftpSession session = connect(internet, sshd, null,
                    login.knownHosts(sshd.hashedKnownHosts()).acceptNewHostKey(false).build())) {
                session.pwd();
            }
            Path learnt = dir.resolve("learnt_known_hosts");
            try (SftpSession session = connect(internet, sshd, null,
                    login.knownHosts(learnt).acceptNewHostKey(true).build())) {
                session.pwd();
            }
            assertEquals("[127.0.0.1]:" + sshd.port() + " " + sshd.hostKey(KeyType.ED25519) + "\n",
                    Files.readString(learnt));
        }
    }

    @Test
    void aFileThatGoesOnPastItsAnnouncedSizeIsCutAndLeavesNoFile() throws Exception {
        try (Sshd sshd = Sshd.newBuilder().hostKeys(KeyType.ED25519).start(dir.resolve("sshd"));
             Internet internet = internet()) {
            // A size of 0 by stat, and bytes without end by read.
            Files.createSymbolicLink(sshd.root().resolve("endless"), Path.of("/dev/zero"));
            Path target = dir.resolve("local/endless");
            Files.createDirectories(target.getParent());
            try (SftpSession session = connect(internet, sshd, null, SftpOptions.newBuilder()
                    .knownHosts(sshd.knownHosts()).identity(sshd.privateKey(KeyType.ED25519)).build())) {
                InternetException e = assertThrows(InternetException.class,
                        () -> session.get(sshd.remotePath("endless"), target));
                assertEquals(InternetError.CONNECTION_ABORTED, e.error());
                assertTrue(e.getMessage().contains("past the 0 bytes"), e.getMessage());
            }
            try (var left = Files.list(target.getParent())) {
                assertEquals(List.of(), left.toList());
            }
        }
    }

    @Test
    void resumeGoesOnFromTheLocalFilesLength() throws Exception {
        try (Sshd sshd = Sshd.newBuilder().hostKeys(KeyType.ED25519).start(dir.resolve("sshd"));
             Internet internet = internet()) {
            byte[] data = random(1_000_003);
            Files.write(sshd.root().resolve("r.bin"), data);
            Path target = Files.write(dir.resolve("r.bin"), java.util.Arrays.copyOf(data, 400_000));
            try (SftpSession session = connect(internet, sshd, null, SftpOptions.newBuilder()
                    .knownHosts(sshd.knownHosts()).identity(sshd.privateKey(KeyType.ED25519)).build())) {
                session.get(sshd.remotePath("r.bin"), target, io.inetkit.sftp.SftpGetOption.RESUME);
                assertArrayEquals(data, Files.readAllBytes(target));
                // Complete already: nothing to do, nothing changed.
                session.get(sshd.remotePath("r.bin"), target, io.inetkit.sftp.SftpGetOption.RESUME);
                assertArrayEquals(data, Files.readAllBytes(target));
            }
        }
    }
}
