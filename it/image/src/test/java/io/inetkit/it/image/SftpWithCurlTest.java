package io.inetkit.it.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.inetkit.testkit.daemon.Sshd;
import io.inetkit.testkit.daemon.SystemDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code inetkit get, ls, put sftp://} from the built image against a real OpenSSH sshd (testkit's
 * {@link Sshd}), side by side with curl (libssh2) on the same command, and with OpenSSH's own
 * {@code sftp} where curl cannot (RSA: libssh2 1.10 signs with SHA-1, which OpenSSH refuses).
 */
class SftpWithCurlTest {

    @TempDir
    static Path dir;

    static Sshd sshd;
    static byte[] data;

    @TempDir
    Path local;

    @BeforeAll
    static void startSshd() throws Exception {
        SystemDaemon.require("curl", "curl");
        sshd = Sshd.newBuilder().start(Files.createDirectories(dir.resolve("sshd")));
        data = new byte[2_000_000];
        new Random(24).nextBytes(data);
        Files.write(sshd.root().resolve("data.bin"), data);
    }

    @AfterAll
    static void stopSshd() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
    }

    /** What a run did: its status, its standard output and error. */
    record Outcome(int status, String stdout, String stderr) {
    }

    private static String url(String relative) {
        return sshd.url(relative).toString();
    }

    private Outcome inetkit(String... args) throws IOException {
        ImageRun.Finished done = ImageRun.of(args).in(local).env("HOME", home().toString()).run(Duration.ofSeconds(60));
        return new Outcome(done.status(), done.stdoutText(), done.stderrText());
    }

    /** curl with HOME holding {@code knownHosts} as its ~/.ssh/known_hosts, which curl always reads. */
    private Outcome curl(Path knownHosts, String... args) throws Exception {
        Path home = Files.createTempDirectory(local, "curl-home-");
        Files.createDirectories(home.resolve(".ssh"));
        if (knownHosts != null) {
            Files.copy(knownHosts, home.resolve(".ssh/known_hosts"));
        }
        List<String> command = new ArrayList<>(List.of("curl", "--noproxy", "*", "-sS"));
        command.addAll(List.of(args));
        return run(command, home);
    }

    /** OpenSSH's sftp in batch mode, with this key and known_hosts file. */
    private Outcome openSsh(Path key, Path knownHosts, String batch) throws Exception {
        Path script = Files.writeString(Files.createTempFile(local, "batch-", ".txt"), batch);
        return run(List.of("sftp", "-b", script.toString(), "-P", Integer.toString(sshd.port()),
                "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-i", key.toString(),
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "StrictHostKeyChecking=yes",
                "-o", "GlobalKnownHostsFile=/dev/null", Sshd.USER + "@127.0.0.1"), home());
    }

    private Outcome run(List<String> command, Path home) throws Exception {
        Path out = Files.createTempFile(local, "out-", ".txt");
        Path err = Files.createTempFile(local, "err-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(local.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("HOME", home.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("did not end: " + command);
        }
        return new Outcome(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Path home() throws IOException {
        return Files.createDirectories(local.resolve("home"));
    }

    /** An empty known_hosts file: every host key is unknown. */
    private Path emptyKnownHosts() throws IOException {
        return Files.writeString(local.resolve("empty_known_hosts"), "");
    }

    private boolean printsAFingerprint(String stderr) {
        return sshd.hostKeyTypes().stream().anyMatch(type -> stderr.contains(sshd.fingerprint(type)));
    }

    @ParameterizedTest
    @EnumSource(Sshd.KeyType.class)
    void getsByKey(Sshd.KeyType type) throws Exception {
        Path key = sshd.privateKey(type);
        Outcome ours = inetkit("get", "--known-hosts", sshd.knownHosts().toString(), "--key", key.toString(),
                url("data.bin"), "-o", "ours.bin");
        assertEquals(0, ours.status(), ours.stderr());
        assertArrayEquals(data, Files.readAllBytes(local.resolve("ours.bin")));
        if (type == Sshd.KeyType.RSA) {
            // libssh2 1.10 signs RSA with SHA-1 (ssh-rsa), which OpenSSH 8.8 and later refuse: curl exits 67.
            Outcome theirs = curl(sshd.knownHosts(), "-u", Sshd.USER + ":", "--key", key.toString(), url("data.bin"),
                    "-o", "curl.bin");
            assertEquals(67, theirs.status(), theirs.stderr());
            Outcome reference = openSsh(key, sshd.knownHosts(), "get " + sshd.remotePath("data.bin") + " ssh.bin\n");
            assertEquals(0, reference.status(), reference.stderr());
            assertArrayEquals(data, Files.readAllBytes(local.resolve("ssh.bin")));
        } else {
            Outcome theirs = curl(sshd.knownHosts(), "-u", Sshd.USER + ":", "--key", key.toString(), url("data.bin"),
                    "-o", "curl.bin");
            assertEquals(0, theirs.status(), theirs.stderr());
            assertArrayEquals(data, Files.readAllBytes(local.resolve("curl.bin")));
        }
        assertFalse(sshd.log("Accepted publickey for " + Sshd.USER, Duration.ofSeconds(5)).isEmpty());
    }

    @Test
    void aWrongPasswordIsStatus67AsCurls() throws Exception {
        String login = Sshd.USER + ":wrong-password";
        Outcome ours = inetkit("get", "--known-hosts", sshd.knownHosts().toString(), "-u", login, url("data.bin"));
        Outcome theirs = curl(sshd.knownHosts(), "-u", login, url("data.bin"));
        assertEquals(67, theirs.status(), theirs.stderr());
        assertEquals(67, ours.status(), ours.stderr());
        assertTrue(ours.stderr().startsWith("inetkit: ERROR_INTERNET_"), ours.stderr());
        assertFalse(ours.stderr().contains("wrong-password"), ours.stderr());
    }

    @Test
    void getsByPasswordAsCurlDoes() throws Exception {
        String login = Sshd.USER + ":" + Sshd.PASSWORD;
        Outcome ours = inetkit("get", "--known-hosts", sshd.knownHosts().toString(), "-u", login, url("data.bin"),
                "-o", "ours.bin");
        assertEquals(0, ours.status(), ours.stderr());
        Outcome theirs = curl(sshd.knownHosts(), "-u", login, url("data.bin"), "-o", "curl.bin");
        assertEquals(0, theirs.status(), theirs.stderr());
        assertArrayEquals(Files.readAllBytes(local.resolve("curl.bin")), Files.readAllBytes(local.resolve("ours.bin")));
    }

    @Test
    void getsWithAnEncryptedKeyAndItsPassphrase() throws Exception {
        Path key = sshd.encryptedPrivateKey();
        Outcome ours = inetkit("get", "-v", "--known-hosts", sshd.knownHosts().toString(), "--key", key.toString(),
                "--pass", Sshd.PASSPHRASE, url("data.bin"), "-o", "ours.bin");
        assertEquals(0, ours.status(), ours.stderr());
        assertArrayEquals(data, Files.readAllBytes(local.resolve("ours.bin")));
        assertFalse(ours.stderr().contains(Sshd.PASSPHRASE), "-v never prints the passphrase: " + ours.stderr());
        Outcome theirs = curl(sshd.knownHosts(), "-u", Sshd.USER + ":", "--key", key.toString(),
                "--pass", Sshd.PASSPHRASE, url("data.bin"), "-o", "curl.bin");
        assertEquals(0, theirs.status(), theirs.stderr());
        // A wrong passphrase is a refused login to both.
        Outcome wrong = inetkit("get", "--known-hosts", sshd.knownHosts().toString(), "--key", key.toString(),
                "--pass", "not the phrase", url("data.bin"), "-o", "wrong.bin");
        Outcome theirsWrong = curl(sshd.knownHosts(), "-u", Sshd.USER + ":", "--key", key.toString(),
                "--pass", "not the phrase", url("data.bin"), "-o", "curl-wrong.bin");
        assertEquals(theirsWrong.status(), wrong.status(), wrong.stderr() + " / curl: " + theirsWrong.stderr());
        assertFalse(wrong.stderr().contains("not the phrase"), wrong.stderr());
        assertFalse(Files.exists(local.resolve("wrong.bin")));
    }

    @Test
    void putThenGetIsByteForByte() throws Exception {
        byte[] upload = new byte[3_000_000];
        new Random(3).nextBytes(upload);
        Path file = Files.write(local.resolve("up.bin"), upload);
        String login = Sshd.USER + ":" + Sshd.PASSWORD;
        Outcome put = inetkit("put", "--known-hosts", sshd.knownHosts().toString(), "-u", login, file.toString(),
                url("") + "/");
        assertEquals(0, put.status(), put.stderr());
        assertArrayEquals(upload, Files.readAllBytes(sshd.root().resolve("up.bin")));
        Outcome get = inetkit("get", "--known-hosts", sshd.knownHosts().toString(), "-u", login, url("up.bin"),
                "-o", "back.bin");
        assertEquals(0, get.status(), get.stderr());
        assertArrayEquals(upload, Files.readAllBytes(local.resolve("back.bin")));
        Outcome theirs = curl(sshd.knownHosts(), "-u", login, "-T", file.toString(), url("curl-up.bin"));
        assertEquals(0, theirs.status(), theirs.stderr());
        assertArrayEquals(upload, Files.readAllBytes(sshd.root().resolve("curl-up.bin")));
    }

    @Test
    void listsWithTheAttributesCurlShows() throws Exception {
        String login = Sshd.USER + ":" + Sshd.PASSWORD;
        Outcome ours = inetkit("ls", "--known-hosts", sshd.knownHosts().toString(), "-u", login, url("") + "/");
        assertEquals(0, ours.status(), ours.stderr());
        Outcome theirs = curl(sshd.knownHosts(), "-u", login, url("") + "/");
        assertEquals(0, theirs.status(), theirs.stderr());
        // Both: type and permissions, size, name; curl's is ls -l's line with . and .., ours leaves them out.
        Set<String> ourEntries = ours.stdout().lines().map(line -> line.split(" +"))
                .map(f -> f[0] + f[1] + " " + f[2] + " " + f[f.length - 1]).collect(Collectors.toCollection(TreeSet::new));
        Set<String> curlEntries = theirs.stdout().lines().map(line -> line.split(" +"))
                .filter(f -> !f[f.length - 1].equals(".") && !f[f.length - 1].equals(".."))
                .map(f -> f[0] + " " + f[4] + " " + f[f.length - 1]).collect(Collectors.toCollection(TreeSet::new));
        assertFalse(ourEntries.isEmpty());
        assertEquals(curlEntries, ourEntries, ours.stdout() + "\n---\n" + theirs.stdout());
    }

    @Test
    void anUnknownHostKeyIsRefusedWithItsFingerprintAsCurlRefusesIt() throws Exception {
        Path empty = emptyKnownHosts();
        Outcome ours = inetkit("get", "--known-hosts", empty.toString(), "-u", Sshd.USER + ":" + Sshd.PASSWORD,
                url("data.bin"), "-o", "ours.bin");
        assertEquals(60, ours.status(), ours.stderr());
        assertTrue(ours.stderr().startsWith("inetkit: ERROR_INTERNET_INVALID_CA (12045): "), ours.stderr());
        assertTrue(printsAFingerprint(ours.stderr()), ours.stderr());
        assertEquals("", Files.readString(empty));
        assertFalse(Files.exists(local.resolve("ours.bin")));
        Outcome theirs = curl(empty, "-u", Sshd.USER + ":" + Sshd.PASSWORD, url("data.bin"), "-o", "curl.bin");
        assertEquals(60, theirs.status(), theirs.stderr());
        // Without a known_hosts file at all, curl takes any key; inetkit refuses, as OpenSSH does.
        Outcome none = inetkit("get", "--known-hosts", local.resolve("missing").toString(),
                "-u", Sshd.USER + ":" + Sshd.PASSWORD, url("data.bin"), "-o", "none.bin");
        assertEquals(60, none.status(), none.stderr());
    }

    @Test
    void acceptNewHostKeyWritesKnownHostsThenSucceeds() throws Exception {
        Path fresh = local.resolve("fresh_known_hosts");
        String login = Sshd.USER + ":" + Sshd.PASSWORD;
        Outcome first = inetkit("get", "--known-hosts", fresh.toString(), "--accept-new-host-key", "-u", login,
                url("data.bin"), "-o", "first.bin");
        assertEquals(0, first.status(), first.stderr());
        assertArrayEquals(data, Files.readAllBytes(local.resolve("first.bin")));
        String written = Files.readString(fresh);
        assertTrue(sshd.hostKeyTypes().stream().anyMatch(type -> written.contains(sshd.hostKey(type))), written);
        Outcome second = inetkit("get", "--known-hosts", fresh.toString(), "-u", login, url("data.bin"),
                "-o", "second.bin");
        assertEquals(0, second.status(), second.stderr());
        // What was written is a known_hosts file that OpenSSH and curl read too.
        Outcome theirs = curl(fresh, "-u", login, url("data.bin"), "-o", "curl.bin");
        assertEquals(0, theirs.status(), theirs.stderr());
    }

    @Test
    void aChangedHostKeyIsAlwaysRefused() throws Exception {
        try (Sshd other = Sshd.newBuilder().hostKeys(Sshd.KeyType.ED25519)
                .start(Files.createDirectories(local.resolve("other")))) {
            // The main server's Ed25519 key under the other server's name: the other's key has changed.
            Path changed = Files.writeString(local.resolve("changed_known_hosts"),
                    "[127.0.0.1]:" + other.port() + " " + sshd.hostKey(Sshd.KeyType.ED25519) + "\n");
            String before = Files.readString(changed);
            String login = Sshd.USER + ":" + Sshd.PASSWORD;
            Files.writeString(other.root().resolve("x.txt"), "x");
            for (List<String> extra : List.of(List.<String>of(), List.of("--accept-new-host-key"))) {
                List<String> args = new ArrayList<>(List.of("get", "--known-hosts", changed.toString(), "-u", login));
                args.addAll(extra);
                args.add(other.url("x.txt").toString());
                Outcome ours = inetkit(args.toArray(new String[0]));
                assertEquals(60, ours.status(), ours.stderr());
                assertTrue(ours.stderr().startsWith("inetkit: ERROR_INTERNET_SEC_INVALID_CERT (12169): "),
                        ours.stderr());
                assertTrue(ours.stderr().contains(other.fingerprint(Sshd.KeyType.ED25519)), ours.stderr());
                assertEquals("", ours.stdout());
                assertEquals(before, Files.readString(changed));
            }
            Outcome theirs = curl(changed, "-u", login, other.url("x.txt").toString());
            assertEquals(60, theirs.status(), theirs.stderr());
        }
    }

    @Test
    void logsInWithTheAgentsKeyAsCurlDoes() throws Exception {
        Path socket = local.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        try {
            ImageRun.await(() -> Files.exists(socket), Duration.ofSeconds(10), "ssh-agent's socket");
            ProcessBuilder add = new ProcessBuilder("ssh-add", sshd.privateKey(Sshd.KeyType.ECDSA).toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            Process adding = add.start();
            assertTrue(adding.waitFor(20, TimeUnit.SECONDS) && adding.exitValue() == 0, "ssh-add failed");
            ImageRun.Finished ours = ImageRun.of("get", "--known-hosts", sshd.knownHosts().toString(),
                    "-u", Sshd.USER, url("data.bin"), "-o", "ours.bin").in(local).env("HOME", home().toString())
                    .env("SSH_AUTH_SOCK", socket.toString()).run(Duration.ofSeconds(60));
            assertEquals(0, ours.status(), ours.describe());
            assertArrayEquals(data, Files.readAllBytes(local.resolve("ours.bin")));
            // Without the agent the same command has no credential: refused before a login.
            Outcome without = inetkit("get", "--known-hosts", sshd.knownHosts().toString(), "-u", Sshd.USER,
                    url("data.bin"), "-o", "without.bin");
            assertEquals(67, without.status(), without.stderr());
            Path home = Files.createDirectories(local.resolve("curl-agent-home/.ssh")).getParent();
            Files.copy(sshd.knownHosts(), home.resolve(".ssh/known_hosts"));
            List<String> curl = List.of("curl", "--noproxy", "*", "-sS", "-u", Sshd.USER + ":", url("data.bin"),
                    "-o", "curl-agent.bin");
            ProcessBuilder theirs = new ProcessBuilder(curl).directory(local.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            theirs.environment().put("HOME", home.toString());
            theirs.environment().put("SSH_AUTH_SOCK", socket.toString());
            Process curlRun = theirs.start();
            assertTrue(curlRun.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, curlRun.exitValue());
        } finally {
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMissingFileIsStatus78AsCurls() throws Exception {
        String login = Sshd.USER + ":" + Sshd.PASSWORD;
        Outcome ours = inetkit("get", "--known-hosts", sshd.knownHosts().toString(), "-u", login, url("absent"));
        Outcome theirs = curl(sshd.knownHosts(), "-u", login, url("absent"));
        assertEquals(78, theirs.status(), theirs.stderr());
        assertEquals(78, ours.status(), ours.stderr());
        assertEquals(List.of(), Arrays.asList(local.toFile().list((d, name) -> name.equals("absent"))));
    }
}
