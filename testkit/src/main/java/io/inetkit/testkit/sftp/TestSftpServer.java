package io.inetkit.testkit.sftp;

import io.inetkit.testkit.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.util.GenericUtils;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.BufferUtils;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.UserAuthFactory;
import org.apache.sshd.server.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server (Apache MINA SSHD, its SFTP subsystem) on a loopback port, serving a
 * directory as its virtual root: every user sees that directory as {@code /}.
 *
 * <pre>{@code
 * @StartStop final TestSftpServer sftp = TestSftpServer.newBuilder()
 *         .user("alice", "secret")
 *         .userKey("bob", Path.of("id_ed25519.pub"))
 *         .build();
 *
 * Files.writeString(sftp.root().resolve("hello.txt"), "hi");
 * Files.writeString(knownHosts, sftp.knownHostsLine());   // what a client must trust
 * }</pre>
 *
 * <p>Its host key is an ECDSA P-256 key made for each server unless {@link Builder#hostKey(KeyPair)}
 * gives one (a test of a changed key gives another). {@link #close()} stops the listener, closes
 * every session and ends the server's threads.
 */
public final class TestSftpServer implements TestServer {

    /** The authentication methods a server may offer. */
    public enum Auth {
        /** {@code password}. */
        PASSWORD,
        /** {@code publickey}. */
        PUBLIC_KEY,
        /** {@code keyboard-interactive}, which asks for the password as its one prompt. */
        KEYBOARD_INTERACTIVE
    }

    /** Is told of each read the server answers, to see from where a client reads a file. */
    @FunctionalInterface
    public interface Reads {
        /** A read of {@code file} from {@code offset}; {@code opening} is the same for each read of one opening. */
        void reading(Object opening, Path file, long offset);
    }

    /**
     * Changes what the server sends, for a test of a client against a server that breaks the
     * protocol or answers out of the common order: it is given each SFTP reply of every channel, a
     * whole packet (its length, type, request id and body), in the order the server made them, and
     * returns the packets to send in its place, in order: the reply itself, a changed one, several,
     * or none (held back, to send with a later one, or never).
     */
    @FunctionalInterface
    public interface Replies {
        /** The packets to send for {@code reply}. */
        List<byte[]> send(byte[] reply);

        /** The SFTP packet type of a reply: 101 {@code STATUS}, 102 {@code HANDLE}, 103 {@code DATA}, ... */
        static int type(byte[] reply) {
            return reply[4] & 0xff;
        }
    }

    private final Builder config;
    private final Path root;
    private final boolean ownsRoot;
    private final KeyPair hostKey;
    private SshServer server;
    private InetSocketAddress address;
    private boolean closed;

    private TestSftpServer(Builder builder) throws IOException {
        this.config = builder;
        this.ownsRoot = builder.root == null;
        this.root = ownsRoot ? Files.createTempDirectory("inetkit-sftp") : builder.root.toAbsolutePath();
        this.hostKey = builder.hostKey != null ? builder.hostKey : newHostKey();
    }

    /** A server with a user {@code user}, password {@code secret}, and a temporary root. */
    public static TestSftpServer create() {
        return newBuilder().user("user", "secret").build();
    }

    /** A builder. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** A new ECDSA P-256 key pair, for {@link Builder#hostKey(KeyPair)}. */
    public static KeyPair newHostKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make a P-256 key", e);
        }
    }

    @Override
    public synchronized void start() throws IOException {
        if (server != null || closed) {
            throw new IllegalStateException("the SFTP server was started or closed before; build a new one");
        }
        SshServer made = SshServer.setUpDefaultServer();
        made.setHost(config.bindAddress.getHostAddress());
        made.setPort(config.port);
        made.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        made.setFileSystemFactory(new VirtualFileSystemFactory(root));
        SftpSubsystemFactory sftp = config.replies == null ? new SftpSubsystemFactory.Builder().build()
                : new RewritingFactory(config.replies);
        if (config.maxChannels > 0) {
            CoreModuleProperties.MAX_CONCURRENT_CHANNELS.set(made, config.maxChannels);
        }
        if (config.reads != null) {
            Reads reads = config.reads;
            sftp.addSftpEventListener(new SftpEventListener() {
                @Override
                public void reading(ServerSession session, String remoteHandle, FileHandle localHandle, long offset,
                        byte[] data, int dataOffset, int dataLen) {
                    // The handle's name is unique within its session only, and taken again after a close.
                    reads.reading(localHandle, localHandle.getFile(), offset);
                }
            });
        }
        made.setSubsystemFactories(List.of(sftp));
        List<UserAuthFactory> methods = new ArrayList<>();
        for (Auth auth : config.methods) {
            switch (auth) {
                case PASSWORD -> methods.add(UserAuthPasswordFactory.INSTANCE);
                case PUBLIC_KEY -> methods.add(UserAuthPublicKeyFactory.INSTANCE);
                case KEYBOARD_INTERACTIVE -> methods.add(UserAuthKeyboardInteractiveFactory.INSTANCE);
                default -> throw new IllegalStateException(auth.name());
            }
        }
        made.setUserAuthFactories(methods);
        Map<String, String> passwords = Map.copyOf(config.passwords);
        Map<String, List<PublicKey>> keys = Map.copyOf(config.keys);
        made.setPasswordAuthenticator((user, password, session) -> password.equals(passwords.get(user)));
        made.setPublickeyAuthenticator((user, key, session) -> keys.getOrDefault(user, List.of()).stream()
                .anyMatch(known -> KeyUtils.compareKeys(known, key)));
        try {
            made.start();
        } catch (IOException e) {
            made.stop(true);
            throw new IOException("cannot start the SFTP server on " + config.bindAddress.getHostAddress() + ":"
                    + config.port + ": " + e.getMessage(), e);
        }
        server = made;
        address = new InetSocketAddress(config.bindAddress, made.getPort());
    }

    @Override
    public synchronized InetSocketAddress address() {
        if (address == null) {
            throw new IllegalStateException("the SFTP server has not been started");
        }
        return address;
    }

    /** The directory every user sees as {@code /}. */
    public Path root() {
        return root;
    }

    /** The server's host key. */
    public PublicKey hostKey() {
        return hostKey.getPublic();
    }

    /** The host key as OpenSSH writes it: {@code ecdsa-sha2-nistp256 AAAA...}. */
    public String hostKeyEntry() {
        return PublicKeyEntry.toString(hostKey.getPublic());
    }

    /**
     * The {@code known_hosts} line a client needs to trust this server, ending in a newline:
     * {@code [127.0.0.1]:PORT ecdsa-sha2-nistp256 AAAA...}.
     */
    public String knownHostsLine() {
        return "[" + host() + "]:" + port() + " " + hostKeyEntry() + "\n";
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (server != null) {
                server.stop(true);
            }
        } finally {
            if (ownsRoot) {
                deleteTree(root);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Builds a {@link TestSftpServer}. Not thread-safe. */
    public static final class Builder {

        private Path root;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port;
        private KeyPair hostKey;
        private final Map<String, String> passwords = new LinkedHashMap<>();
        private final Map<String, List<PublicKey>> keys = new LinkedHashMap<>();
        private Reads reads;
        private Replies replies;
        private int maxChannels;
        private List<Auth> methods = List.of(Auth.PUBLIC_KEY, Auth.KEYBOARD_INTERACTIVE, Auth.PASSWORD);

        private Builder() {
        }

        /** The directory to serve as {@code /}; a temporary one, deleted on close, by default. */
        public Builder root(Path root) {
            this.root = Objects.requireNonNull(root, "root");
            return this;
        }

        /** The port; 0, the default, lets the system choose. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The host key pair; a new ECDSA P-256 one by default. */
        public Builder hostKey(KeyPair hostKey) {
            this.hostKey = Objects.requireNonNull(hostKey, "hostKey");
            return this;
        }

        /** A user who logs in with this password ({@code password} or {@code keyboard-interactive}). */
        public Builder user(String name, String password) {
            passwords.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(password, "password"));
            return this;
        }

        /** A user who may log in with the key of this OpenSSH public key file ({@code id_ed25519.pub}). */
        public Builder userKey(String name, Path publicKeyFile) {
            Objects.requireNonNull(name, "name");
            try {
                for (AuthorizedKeyEntry entry : AuthorizedKeyEntry.readAuthorizedKeys(publicKeyFile)) {
                    keys.computeIfAbsent(name, n -> new ArrayList<>())
                            .add(entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING));
                }
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot read the public key " + publicKeyFile + ": " + e, e);
            }
            return this;
        }

        /** Tells {@code reads} of each read the server answers; none by default. */
        public Builder reads(Reads reads) {
            this.reads = Objects.requireNonNull(reads, "reads");
            return this;
        }

        /** Sends the SFTP replies as {@code replies} changes them; as they are by default. */
        public Builder replies(Replies replies) {
            this.replies = Objects.requireNonNull(replies, "replies");
            return this;
        }

        /**
         * How many channels a client may have open at once on one connection, as OpenSSH's
         * {@code MaxSessions}; no limit of this server's own by default.
         */
        public Builder maxChannels(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("count must be 1 or more: " + count);
            }
            this.maxChannels = count;
            return this;
        }

        /** The authentication methods offered, in order; all three by default. */
        public Builder auth(Auth... methods) {
            this.methods = List.of(methods);
            return this;
        }

        /** The server; {@link TestSftpServer#start()} starts it. */
        public TestSftpServer build() {
            try {
                return new TestSftpServer(this);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot make a temporary root for the SFTP server", e);
            }
        }
    }

    /** MINA's SFTP subsystem, its replies passed through {@link Replies} on their way out. */
    private static final class RewritingFactory extends SftpSubsystemFactory {

        private final Replies replies;

        RewritingFactory(Replies replies) {
            this.replies = replies;
        }

        @Override
        public Command createSubsystem(ChannelSession channel) throws IOException {
            SftpSubsystem subsystem = new SftpSubsystem(channel, this) {
                @Override
                protected void send(Buffer buffer) throws IOException {
                    BufferUtils.updateLengthPlaceholder(buffer, 0);
                    List<byte[]> packets;
                    synchronized (replies) {
                        packets = replies.send(buffer.getCompactData());
                    }
                    for (byte[] packet : packets) {
                        out.writeBuffer(new ByteArrayBuffer(packet));
                    }
                }
            };
            GenericUtils.forEach(getRegisteredListeners(), subsystem::addSftpEventListener);
            return subsystem;
        }
    }
}
