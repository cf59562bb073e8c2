package io.inetkit.testkit.daemon;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real SFTP server for tests: Debian's OpenSSH {@code sshd} in the foreground on a free loopback
 * port, with its own configuration and host keys, serving only SFTP ({@code internal-sftp}) to the
 * local account {@link #USER}, which logs in by password, keyboard-interactive or any of its keys.
 *
 * <pre>{@code
 * try (Sshd sshd = Sshd.newBuilder().start(tempDir)) {
 *     Files.writeString(sshd.root().resolve("a.txt"), "hello");
 *     ... sshd.url("a.txt"), sshd.privateKey(Sshd.KeyType.ED25519), sshd.knownHosts() ...
 *     assertFalse(sshd.log("Accepted publickey for " + Sshd.USER, Duration.ofSeconds(2)).isEmpty());
 * }
 * }</pre>
 *
 * <p>The account is a system user without a shell ({@code /usr/sbin/nologin}), made by the first
 * start with {@code useradd} and {@code chpasswd} when missing, so this needs root; as another user
 * the test is skipped, and under {@code CI} it fails, as it does when sshd is missing. Sessions
 * start in {@link #root()}, which the account owns; files a test writes there as root are readable
 * by it but folders made by root are not writable by it.
 *
 * <p>Each server makes its own Ed25519 and ECDSA keys. RSA keys take seconds to make, so the RSA
 * host key and the user's RSA key are made once per JVM: servers in one JVM share them.
 */
public final class Sshd implements AutoCloseable {

    /** The account that logs in; it exists system-wide, made by the first start. */
    public static final String USER = "inetkit-sftp";
    /** The password of {@link #USER}, by password and by keyboard-interactive. */
    public static final String PASSWORD = "inetkit-sftp-password";
    /** The passphrase of {@link #encryptedPrivateKey()}. */
    public static final String PASSPHRASE = "inetkit passphrase";

    private static final Duration START_WAIT = Duration.ofSeconds(10);
    private static final Duration COMMAND_WAIT = Duration.ofSeconds(60);

    /** The kinds of key, for the host and for the user. */
    public enum KeyType {
        /** Ed25519, {@code ssh-ed25519}. */
        ED25519("ed25519"),
        /** ECDSA on P-256, {@code ecdsa-sha2-nistp256}. */
        ECDSA("ecdsa"),
        /** RSA, 3072 bits, {@code ssh-rsa} (signed with SHA-2). */
        RSA("rsa");

        private final String keygenName;

        KeyType(String keygenName) {
            this.keygenName = keygenName;
        }
    }

    private final SystemDaemon daemon;
    private final Path dir;
    private final int port;
    private final Map<KeyType, String> hostKeys;

    private Sshd(SystemDaemon daemon, Path dir, int port, Map<KeyType, String> hostKeys) {
        this.daemon = daemon;
        this.dir = dir;
        this.port = port;
        this.hostKeys = hostKeys;
    }

    /** A builder for a server offering every kind of host key and every way to log in. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** {@code 127.0.0.1}. */
    public String host() {
        return "127.0.0.1";
    }

    /** Its loopback port. */
    public int port() {
        return port;
    }

    /** {@link #USER}. */
    public String user() {
        return USER;
    }

    /** {@link #PASSWORD}. */
    public String password() {
        return PASSWORD;
    }

    /** The folder a session starts in, owned by {@link #USER}; {@code ~} in an SFTP URL. */
    public Path root() {
        return dir.resolve("root");
    }

    /** The absolute path on the server of a file in {@link #root()}, such as {@code /tmp/x/root/a.txt}. */
    public String remotePath(String relative) {
        return root().resolve(relative).toString();
    }

    /** The URL of a file in {@link #root()}: {@code sftp://inetkit-sftp@127.0.0.1:port/tmp/x/root/a.txt}. */
    public URI url(String relative) {
        return URI.create("sftp://" + USER + "@127.0.0.1:" + port + remotePath(relative));
    }

    /** The user's unencrypted private key of this type (OpenSSH format), accepted by the server. */
    public Path privateKey(KeyType type) {
        return dir.resolve("client/id_" + type.keygenName);
    }

    /** The public half of {@link #privateKey}, in {@code authorized_keys} form. */
    public Path publicKey(KeyType type) {
        return dir.resolve("client/id_" + type.keygenName + ".pub");
    }

    /** The user's Ed25519 key encrypted with {@link #PASSPHRASE} (OpenSSH format), accepted by the server. */
    public Path encryptedPrivateKey() {
        return dir.resolve("client/id_ed25519_encrypted");
    }

    /** An Ed25519 key in the user's folder that the server does not accept. */
    public Path unknownPrivateKey() {
        return dir.resolve("client/id_unknown");
    }

    /** The kinds of host key it offers. */
    public Set<KeyType> hostKeyTypes() {
        return EnumSet.copyOf(hostKeys.keySet());
    }

    /** A known_hosts file naming its host keys as {@code [127.0.0.1]:port type key}. */
    public Path knownHosts() {
        return dir.resolve("client/known_hosts");
    }

    /** {@link #knownHosts()} with the names hashed ({@code ssh-keygen -H}). */
    public Path hashedKnownHosts() {
        return dir.resolve("client/known_hosts_hashed");
    }

    /** Its public host key of this type, as in known_hosts: {@code ssh-ed25519 AAAA...}. */
    public String hostKey(KeyType type) {
        String key = hostKeys.get(type);
        if (key == null) {
            throw new IllegalArgumentException("this server does not offer " + type + " (" + hostKeys.keySet() + ")");
        }
        return key;
    }

    /** The SHA-256 of its host key of this type as OpenSSH prints it: {@code SHA256:} and unpadded base64. */
    public String fingerprint(KeyType type) {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(hostKeySha256(type));
    }

    /** The SHA-256 of its host key blob of this type. */
    public byte[] hostKeySha256(KeyType type) {
        byte[] blob = Base64.getDecoder().decode(hostKey(type).split(" ")[1]);
        try {
            return MessageDigest.getInstance("SHA-256").digest(blob);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** sshd's log ({@code LogLevel VERBOSE}): connections, authentications, sessions. */
    public Path logFile() {
        return dir.resolve("sshd.log");
    }

    /**
     * The log lines that contain {@code fragment}, waiting up to {@code patience} for a first one:
     * sshd logs from its session processes, a moment after the client saw the result.
     */
    public List<String> log(String fragment, Duration patience) {
        return new ProxyLog(logFile()).await(line -> line.contains(fragment), patience);
    }

    /** Stops sshd and its sessions. Its files stay in the folder given to {@link Builder#start}. */
    @Override
    public void close() throws InterruptedException {
        daemon.close();
    }

    /** The settings of an {@link Sshd}. */
    public static final class Builder {
        private final EnumSet<KeyType> hostKeyTypes = EnumSet.allOf(KeyType.class);
        private final List<String> directives = new ArrayList<>();
        private boolean password = true;
        private boolean keyboardInteractive = true;
        private boolean publicKey = true;

        private Builder() {
        }

        /** The kinds of host key it offers; all three by default. */
        public Builder hostKeys(KeyType first, KeyType... more) {
            hostKeyTypes.clear();
            hostKeyTypes.add(first);
            hostKeyTypes.addAll(List.of(more));
            return this;
        }

        /** Whether it takes the password by the {@code password} method; yes by default. */
        public Builder passwordAuthentication(boolean on) {
            password = on;
            return this;
        }

        /** Whether it takes the password by {@code keyboard-interactive} (PAM); yes by default. */
        public Builder keyboardInteractive(boolean on) {
            keyboardInteractive = on;
            return this;
        }

        /** Whether it takes the user's keys; yes by default. */
        public Builder publicKeyAuthentication(boolean on) {
            publicKey = on;
            return this;
        }

        /**
         * A line of sshd_config, such as {@code "Ciphers aes128-ctr"}. It comes before Sshd's own
         * and so wins over them, sshd keeping the first value of each keyword; not a {@code Match}.
         */
        public Builder directive(String line) {
            directives.add(line);
            return this;
        }

        /**
         * Starts it, with its files (configuration, keys, log, the folder {@code root}) in
         * {@code dir}, which is made traversable by {@link #USER} (mode 711), with the folders
         * above it up to {@code java.io.tmpdir}.
         */
        public Sshd start(Path dir) throws IOException, InterruptedException {
            Path sshd = SystemDaemon.require("sshd", "openssh-server");
            Path keygen = SystemDaemon.require("ssh-keygen", "openssh-client");
            TestAccount.ensure();
            prepareFolder(dir);
            Map<KeyType, String> hostKeys = new EnumMap<>(KeyType.class);
            for (KeyType type : hostKeyTypes) {
                Path key = dir.resolve("host_" + type.keygenName);
                keygen(keygen, type, "", key);
                hostKeys.put(type, Files.readString(key.resolveSibling(key.getFileName() + ".pub")).trim()
                        .replaceFirst("^(\\S+ \\S+).*", "$1"));
            }
            Path client = dir.resolve("client");
            Files.createDirectories(client);
            StringBuilder authorized = new StringBuilder();
            for (KeyType type : KeyType.values()) {
                keygen(keygen, type, "", client.resolve("id_" + type.keygenName));
                authorized.append(Files.readString(client.resolve("id_" + type.keygenName + ".pub")));
            }
            keygen(keygen, KeyType.ED25519, PASSPHRASE, client.resolve("id_ed25519_encrypted"));
            authorized.append(Files.readString(client.resolve("id_ed25519_encrypted.pub")));
            keygen(keygen, KeyType.ED25519, "", client.resolve("id_unknown"));
            Path authorizedKeys = dir.resolve("authorized_keys");
            Files.writeString(authorizedKeys, authorized);
            // sshd reads it as the user.
            Files.setPosixFilePermissions(authorizedKeys, PosixFilePermissions.fromString("rw-r--r--"));
            IOException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = SystemDaemon.freePort();
                writeKnownHosts(keygen, client, port, hostKeys);
                Path conf = dir.resolve("sshd_config");
                Files.writeString(conf, configuration(dir, port));
                try {
                    SystemDaemon daemon = SystemDaemon.start(
                            List.of(sshd.toString(), "-D", "-e", "-f", conf.toString()),
                            dir.resolve("sshd.log"), START_WAIT, port);
                    return new Sshd(daemon, dir, port, hostKeys);
                } catch (IOException e) {
                    last = e;
                }
            }
            throw last;
        }

        private static void prepareFolder(Path dir) throws IOException {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            Path temp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
            for (Path up = dir.toAbsolutePath().getParent(); up != null; up = up.getParent()) {
                Set<PosixFilePermission> modes = Files.getPosixFilePermissions(up);
                if (modes.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    continue;
                }
                // JUnit's @TempDir is rwx------; passing through it reveals nothing that listing would.
                if (!up.startsWith(temp) || up.equals(temp)) {
                    throw new IOException(up + " is not traversable by others, so " + USER
                            + " cannot reach " + dir + "; start Sshd in a folder under " + temp);
                }
                modes.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(up, modes);
            }
            Path root = dir.resolve("root");
            Files.createDirectories(root);
            Files.setOwner(root, root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER));
            // sshd refuses to start without its privilege separation folder, which is made by
            // systemd's unit, not by the package.
            Files.createDirectories(Path.of("/run/sshd"));
        }

        private static void keygen(Path keygen, KeyType type, String passphrase, Path file)
                throws IOException, InterruptedException {
            Path pub = file.resolveSibling(file.getFileName() + ".pub");
            Files.deleteIfExists(file);
            Files.deleteIfExists(pub);
            if (type == KeyType.RSA) {
                // Seconds each, where the others take milliseconds: made once per JVM and role.
                Path made = RsaKeys.get(keygen, file.getFileName().toString());
                Files.copy(made, file, StandardCopyOption.COPY_ATTRIBUTES);
                Files.copy(made.resolveSibling(made.getFileName() + ".pub"), pub, StandardCopyOption.COPY_ATTRIBUTES);
                return;
            }
            generate(keygen, type.keygenName, passphrase, file);
        }

        static void generate(Path keygen, String type, String passphrase, Path file)
                throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(keygen.toString(), "-q", "-t", type,
                    "-N", passphrase, "-C", file.getFileName().toString(), "-f", file.toString()));
            if (type.equals("rsa")) {
                command.addAll(List.of("-b", "3072"));
            }
            run(command);
        }

        private static void writeKnownHosts(Path keygen, Path client, int port, Map<KeyType, String> hostKeys)
                throws IOException, InterruptedException {
            StringBuilder lines = new StringBuilder();
            for (String key : hostKeys.values()) {
                lines.append("[127.0.0.1]:").append(port).append(' ').append(key).append('\n');
            }
            Files.writeString(client.resolve("known_hosts"), lines);
            Path hashed = client.resolve("known_hosts_hashed");
            Files.writeString(hashed, lines);
            run(List.of(keygen.toString(), "-q", "-H", "-f", hashed.toString()));
            Files.deleteIfExists(client.resolve("known_hosts_hashed.old"));
        }

        private String configuration(Path dir, int port) {
            String d = dir.toAbsolutePath().toString();
            StringBuilder conf = new StringBuilder();
            for (String line : directives) {
                conf.append(line).append('\n');
            }
            conf.append("ListenAddress 127.0.0.1:").append(port).append('\n');
            for (KeyType type : hostKeyTypes) {
                conf.append("HostKey ").append(d).append("/host_").append(type.keygenName).append('\n');
            }
            String sftp = "internal-sftp -l INFO -d " + d + "/root";
            return conf.append("PidFile none\n")
                    .append("LogLevel VERBOSE\n")
                    .append("AllowUsers ").append(USER).append('\n')
                    .append("PermitRootLogin no\n")
                    .append("AuthorizedKeysFile ").append(d).append("/authorized_keys\n")
                    .append("StrictModes no\n")
                    // PAM: keyboard-interactive has no other back end on Linux.
                    .append("UsePAM yes\n")
                    .append("PubkeyAuthentication ").append(yesNo(publicKey)).append('\n')
                    .append("PasswordAuthentication ").append(yesNo(password)).append('\n')
                    .append("KbdInteractiveAuthentication ").append(yesNo(keyboardInteractive)).append('\n')
                    .append("PermitEmptyPasswords no\n")
                    .append("AllowTcpForwarding no\n")
                    .append("AllowAgentForwarding no\n")
                    .append("X11Forwarding no\n")
                    .append("PrintMotd no\n")
                    .append("Subsystem sftp ").append(sftp).append('\n')
                    // Whatever the client asks, a session is SFTP.
                    .append("ForceCommand ").append(sftp).append('\n')
                    .toString();
        }

        private static String yesNo(boolean on) {
            return on ? "yes" : "no";
        }
    }

    /** Runs a command to its end, failing with its output unless it exits 0. */
    static String run(List<String> command) throws IOException, InterruptedException {
        return run(command, null);
    }

    static String run(List<String> command, String input) throws IOException, InterruptedException {
        Path output = Files.createTempFile("inetkit-sshd", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            try (var in = process.getOutputStream()) {
                if (input != null) {
                    in.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(COMMAND_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IOException(command.get(0) + " did not end within " + COMMAND_WAIT);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command.subList(0, Math.min(3, command.size())))
                        + " exited with " + process.exitValue() + ": " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}

