package io.inetkit.testkit.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.daemon.Sshd.KeyType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Sshd} serves SFTP as OpenSSH's and curl's clients see it. */
class SshdTest {

    private static final Duration PATIENCE = Duration.ofSeconds(3);

    @TempDir Path dir;

    @Test
    void sftpPutsAndGetsByEachKeyCheckingTheHostKeyAndTheLogShowsIt() throws Exception {
        Path sftp = SystemDaemon.require("sftp", "openssh-client");
        try (Sshd sshd = Sshd.newBuilder().start(dir.resolve("sshd"))) {
            byte[] data = randomBytes(300_000);
            Path local = Files.write(dir.resolve("up.bin"), data);
            Path batch = Files.writeString(dir.resolve("batch"),
                    "put " + local + " up.bin\nget up.bin " + dir.resolve("down.bin") + "\n");
            List<KeyType> keys = List.of(KeyType.ED25519, KeyType.ECDSA, KeyType.RSA);
            for (int i = 0; i < keys.size(); i++) {
                Path knownHosts = i % 2 == 0 ? sshd.knownHosts() : sshd.hashedKnownHosts();
                Result result = run(sftpCommand(sftp, sshd, knownHosts, "-i", sshd.privateKey(keys.get(i)).toString(),
                        "-b", batch.toString()));
                assertEquals(0, result.exit(), result.output());
                assertArrayEquals(data, Files.readAllBytes(sshd.root().resolve("up.bin")));
                assertArrayEquals(data, Files.readAllBytes(dir.resolve("down.bin")));
                Files.delete(dir.resolve("down.bin"));
                Files.delete(sshd.root().resolve("up.bin"));
            }
            List<String> accepted = sshd.log("Accepted publickey for " + Sshd.USER, PATIENCE);
            assertEquals(3, accepted.size(), accepted.toString());
            assertTrue(accepted.get(2).contains(": RSA SHA256:"), accepted.toString());
        }
    }

    @Test
    void curlDownloadsByEachKeyAndByPasswordPinningTheHostKey() throws Exception {
        Path curl = SystemDaemon.require("curl", "curl");
        // libssh2 would pick ECDSA; one kind of host key makes the pin the one it sees.
        try (Sshd sshd = Sshd.newBuilder().hostKeys(KeyType.ED25519).start(dir.resolve("sshd"))) {
            assertEquals(Set.of(KeyType.ED25519), sshd.hostKeyTypes());
            byte[] data = randomBytes(200_000);
            Files.write(sshd.root().resolve("a.bin"), data);
            String pin = curlPin(sshd);
            List<List<String>> logins = new ArrayList<>();
            // Not RSA: libssh2 1.10 signs with SHA-1 (ssh-rsa), which OpenSSH 8.8 and later refuse.
            for (KeyType type : List.of(KeyType.ED25519, KeyType.ECDSA)) {
                logins.add(List.of("--key", sshd.privateKey(type).toString()));
            }
            logins.add(List.of("--key", sshd.encryptedPrivateKey().toString(), "--pass", Sshd.PASSPHRASE));
            logins.add(List.of("-u", Sshd.USER + ":" + Sshd.PASSWORD));
            int n = 0;
            for (List<String> login : logins) {
                Path out = dir.resolve("out" + n++);
                List<String> command = new ArrayList<>(List.of(curl.toString(), "-sS", "--hostpubsha256", pin, "-o",
                        out.toString()));
                command.addAll(login);
                command.add(sshd.url("a.bin").toString());
                Result result = run(command);
                assertEquals(0, result.exit(), login + ": " + result.output());
                assertArrayEquals(data, Files.readAllBytes(out), login.toString());
            }
            assertEquals(3, sshd.log("Accepted publickey for " + Sshd.USER, PATIENCE).size());
            assertFalse(sshd.log("Accepted password for " + Sshd.USER, PATIENCE).isEmpty());
        }
    }

    @Test
    void aWrongPasswordOrKeyIsRefusedAndTheMethodsTurnedOffAreNotOffered() throws Exception {
        Path curl = SystemDaemon.require("curl", "curl");
        try (Sshd sshd = Sshd.newBuilder().hostKeys(KeyType.ED25519).start(dir.resolve("a"))) {
            Files.writeString(sshd.root().resolve("a.txt"), "a");
            Result wrongPassword = run(List.of(curl.toString(), "-sS", "--hostpubsha256", curlPin(sshd), "-u",
                    Sshd.USER + ":wrong", "-o", dir.resolve("x").toString(), sshd.url("a.txt").toString()));
            assertEquals(67, wrongPassword.exit(), wrongPassword.output());
            Result unknownKey = run(List.of(curl.toString(), "-sS", "--hostpubsha256", curlPin(sshd), "--key",
                    sshd.unknownPrivateKey().toString(), "-o", dir.resolve("x").toString(), sshd.url("a.txt").toString()));
            assertEquals(67, unknownKey.exit(), unknownKey.output());
            assertTrue(sshd.log("Accepted", Duration.ZERO).isEmpty());
            assertFalse(Files.exists(dir.resolve("x")));
        }
        try (Sshd sshd = Sshd.newBuilder().hostKeys(KeyType.ED25519).passwordAuthentication(false)
                .keyboardInteractive(false).start(dir.resolve("b"))) {
            Files.writeString(sshd.root().resolve("a.txt"), "a");
            Result password = run(List.of(curl.toString(), "-sS", "--hostpubsha256", curlPin(sshd), "-u",
                    Sshd.USER + ":" + Sshd.PASSWORD, "-o", dir.resolve("x").toString(), sshd.url("a.txt").toString()));
            assertEquals(67, password.exit(), password.output());
            assertTrue(sshd.log("Accepted", Duration.ZERO).isEmpty());
        }
        try (Sshd sshd = Sshd.newBuilder().hostKeys(KeyType.ED25519).publicKeyAuthentication(false)
                .start(dir.resolve("c"))) {
            Files.writeString(sshd.root().resolve("a.txt"), "a");
            Result key = run(List.of(curl.toString(), "-sS", "--hostpubsha256", curlPin(sshd), "--key",
                    sshd.privateKey(KeyType.ED25519).toString(), "-o", dir.resolve("x").toString(),
                    sshd.url("a.txt").toString()));
            assertEquals(67, key.exit(), key.output());
            assertTrue(sshd.log("Accepted", Duration.ZERO).isEmpty());
        }
    }

    @Test
    void aDirectiveWinsOverSshdsOwnSettings() throws Exception {
        Path sftp = SystemDaemon.require("sftp", "openssh-client");
        try (Sshd sshd = Sshd.newBuilder().directive("Ciphers aes128-ctr").start(dir.resolve("sshd"))) {
            Files.writeString(sshd.root().resolve("a.txt"), "a");
            Path batch = Files.writeString(dir.resolve("batch"), "get a.txt " + dir.resolve("got.txt") + "\n");
            String key = sshd.privateKey(KeyType.ED25519).toString();
            Result other = run(sftpCommand(sftp, sshd, sshd.knownHosts(), "-c", "aes256-gcm@openssh.com", "-i", key,
                    "-b", batch.toString()));
            assertEquals(255, other.exit(), other.output());
            assertTrue(other.output().contains("no matching cipher"), other.output());
            Result same = run(sftpCommand(sftp, sshd, sshd.knownHosts(), "-c", "aes128-ctr", "-i", key,
                    "-b", batch.toString()));
            assertEquals(0, same.exit(), same.output());
        }
    }

    @Test
    void passwordAndKeyboardInteractiveLogInWithOpenSshsClient() throws Exception {
        Path sftp = SystemDaemon.require("sftp", "openssh-client");
        Path sshpass = SystemDaemon.require("sshpass", "sshpass");
        try (Sshd sshd = Sshd.newBuilder().start(dir.resolve("sshd"))) {
            Files.writeString(sshd.root().resolve("a.txt"), "by password");
            Path batch = Files.writeString(dir.resolve("batch"), "get a.txt " + dir.resolve("got.txt") + "\n");
            for (String method : List.of("password", "keyboard-interactive")) {
                List<String> command = new ArrayList<>(List.of(sshpass.toString(), "-p", Sshd.PASSWORD));
                // sshpass answers the prompt, which BatchMode would suppress.
                command.addAll(sftpCommand(sftp, sshd, sshd.knownHosts(), "-o", "BatchMode=no", "-o",
                        "PreferredAuthentications=" + method, "-o", "PubkeyAuthentication=no", "-b", batch.toString()));
                Result result = run(command);
                assertEquals(0, result.exit(), method + ": " + result.output());
                assertEquals("by password", Files.readString(dir.resolve("got.txt")));
                Files.delete(dir.resolve("got.txt"));
            }
            assertEquals(1, sshd.log("Accepted password for " + Sshd.USER, PATIENCE).size());
            assertEquals(1, sshd.log("Accepted keyboard-interactive/pam for " + Sshd.USER, PATIENCE).size());
        }
    }

    @Test
    void aClientRefusesAnotherHostKey() throws Exception {
        Path sftp = SystemDaemon.require("sftp", "openssh-client");
        Path curl = SystemDaemon.require("curl", "curl");
        try (Sshd sshd = Sshd.newBuilder().hostKeys(KeyType.ED25519).start(dir.resolve("sshd"))) {
            Files.writeString(sshd.root().resolve("a.txt"), "secret");
            // Another server's key under this server's name.
            String otherKey = Files.readString(sshd.publicKey(KeyType.ED25519)).split(" ")[1];
            Path wrong = Files.writeString(dir.resolve("wrong_known_hosts"),
                    "[127.0.0.1]:" + sshd.port() + " ssh-ed25519 " + otherKey + "\n");
            Path batch = Files.writeString(dir.resolve("batch"), "get a.txt " + dir.resolve("got.txt") + "\n");
            Result refused = run(sftpCommand(sftp, sshd, wrong, "-i", sshd.privateKey(KeyType.ED25519).toString(),
                    "-b", batch.toString()));
            assertEquals(255, refused.exit(), refused.output());
            assertTrue(refused.output().contains("Host key verification failed"), refused.output());

            byte[] otherSha = new byte[32];
            Result curlRefused = run(List.of(curl.toString(), "-sS", "--hostpubsha256",
                    Base64.getEncoder().encodeToString(otherSha), "-u", Sshd.USER + ":" + Sshd.PASSWORD, "-o",
                    dir.resolve("got.txt").toString(), sshd.url("a.txt").toString()));
            assertEquals(60, curlRefused.exit(), curlRefused.output());
            assertFalse(Files.exists(dir.resolve("got.txt")));
            assertTrue(sshd.log("Accepted", Duration.ZERO).isEmpty());
        }
    }

    @Test
    void itsKeysAndFingerprintsAreTheOnesSshKeygenSees() throws Exception {
        Path keygen = SystemDaemon.require("ssh-keygen", "openssh-client");
        try (Sshd sshd = Sshd.newBuilder().start(dir.resolve("sshd"))) {
            assertEquals(Set.of(KeyType.values()), sshd.hostKeyTypes());
            for (KeyType type : KeyType.values()) {
                Path pub = Files.writeString(dir.resolve(type + ".pub"), sshd.hostKey(type) + "\n");
                String printed = Sshd.run(List.of(keygen.toString(), "-l", "-E", "sha256", "-f", pub.toString()));
                assertEquals(sshd.fingerprint(type), printed.split(" ")[1]);
            }
            assertNotEquals(Files.readString(sshd.knownHosts()), Files.readString(sshd.hashedKnownHosts()));
            assertTrue(Files.readString(sshd.hashedKnownHosts()).startsWith("|1|"));
            // The encrypted key is encrypted: no passphrase, no public key.
            Result locked = run(List.of(keygen.toString(), "-y", "-P", "", "-f", sshd.encryptedPrivateKey().toString()));
            assertNotEquals(0, locked.exit());
            Result unlocked = run(List.of(keygen.toString(), "-y", "-P", Sshd.PASSPHRASE, "-f",
                    sshd.encryptedPrivateKey().toString()));
            assertEquals(0, unlocked.exit(), unlocked.output());
        }
    }

    @Test
    void closeStopsSshdAndItsSessions() throws Exception {
        Sshd sshd = Sshd.newBuilder().hostKeys(KeyType.ED25519).start(dir.resolve("sshd"));
        int port = sshd.port();
        List<ProcessHandle> processes;
        // A session left open by a client that stays connected.
        try (Socket idle = new Socket("127.0.0.1", port)) {
            assertFalse(sshd.log("Connection from 127.0.0.1", PATIENCE).isEmpty());
            // sshd and the process serving the connection.
            processes = ProcessHandle.current().descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("/sshd")).toList();
            assertEquals(2, processes.size(), processes.toString());
        } finally {
            sshd.close();
        }
        for (ProcessHandle process : processes) {
            process.onExit().get(5, TimeUnit.SECONDS);
            assertFalse(process.isAlive());
        }
        try (Socket probe = new Socket()) {
            assertThrowsIo(() -> probe.connect(new InetSocketAddress("127.0.0.1", port), 500));
        }
    }

    private static void assertThrowsIo(IoAction action) {
        try {
            action.run();
        } catch (IOException expected) {
            return;
        }
        throw new AssertionError("the port still accepts connections");
    }

    private interface IoAction {
        void run() throws IOException;
    }

    /** The pin of {@code curl --hostpubsha256}: padded base64. */
    private static String curlPin(Sshd sshd) {
        return Base64.getEncoder().encodeToString(sshd.hostKeySha256(KeyType.ED25519));
    }

    private static List<String> sftpCommand(Path sftp, Sshd sshd, Path knownHosts, String... options) {
        // ssh keeps the first value of an option: the caller's come first.
        List<String> command = new ArrayList<>(List.of(sftp.toString()));
        command.addAll(List.of(options));
        command.addAll(List.of("-P", String.valueOf(sshd.port()), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=10"));
        command.add(sshd.user() + "@" + sshd.host());
        return command;
    }

    private static byte[] randomBytes(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    private record Result(int exit, String output) {
    }

    private Result run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile(dir, "output", ".txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError(command.get(0) + " hung: " + Files.readString(output, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
