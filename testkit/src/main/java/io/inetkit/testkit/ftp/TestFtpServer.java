package io.inetkit.testkit.ftp;

import io.inetkit.testkit.TestServer;
import io.inetkit.testkit.internal.FtpAccount;
import io.inetkit.testkit.internal.FtpSslConfiguration;
import io.inetkit.testkit.internal.InMemoryUserManager;
import io.inetkit.testkit.internal.TempDirectories;
import io.inetkit.testkit.internal.ThreadGroups;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.filesystem.nativefs.NativeFileSystemFactory;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.ftplet.DataConnectionFactory;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.Ftplet;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.apache.ftpserver.impl.IODataConnectionFactory;
import org.apache.ftpserver.impl.ServerDataConnectionFactory;
import org.apache.ftpserver.listener.Listener;
import org.apache.ftpserver.listener.ListenerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real FTP server (Apache MINA FtpServer) serving a directory on a loopback port.
 *
 * <p>By default it serves a temporary directory it deletes on {@link #close()}, lets
 * {@code anonymous} read but not write, offers passive mode on ports the system chooses and
 * active mode, and speaks plain FTP. The builder adds accounts, write access, a passive port
 * range and FTPS:
 *
 * <pre>{@code
 * try (TestFtpServer ftp = TestFtpServer.newBuilder()
 *         .root(dir)
 *         .user("alice", "secret")
 *         .explicitFtps()
 *         .build()) {
 *     ftp.start();
 *     Files.writeString(ftp.root().resolve("hello.txt"), "hi");
 *     connectTo(ftp.host(), ftp.port());  // then AUTH TLS, USER alice, PASS secret, RETR hello.txt
 * }
 * }</pre>
 *
 * <p>With JUnit 5, {@link io.inetkit.testkit.StartStop} starts and closes it:
 *
 * <pre>{@code
 * @StartStop final TestFtpServer ftp = TestFtpServer.create();
 * }</pre>
 *
 * <p>{@link #close()} stops the listener, closes every control and data connection and waits
 * (a few seconds at most) for every thread MINA made for this server to end. One exception: once
 * any server in the JVM has spoken TLS, MINA keeps a static pool of two daemon threads named
 * {@code ssl-exec-N} for the life of the JVM, shared by all servers.
 */
public final class TestFtpServer implements TestServer {

    private static final Logger LOG = LoggerFactory.getLogger(TestFtpServer.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Duration THREAD_EXIT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration COMMAND_POOL_KEEP_ALIVE = Duration.ofMillis(500);

    private final Builder config;
    private final Path root;
    private final boolean ownsRoot;
    private final ThreadGroup threads;
    private final OpenSessions sessions = new OpenSessions();

    private FtpServer server;
    private InetSocketAddress address;
    private boolean closed;

    private TestFtpServer(Builder builder) throws IOException {
        this.config = builder.copy();
        this.ownsRoot = builder.root == null;
        this.root = ownsRoot ? Files.createTempDirectory("inetkit-ftp") : builder.root.toAbsolutePath();
        this.threads = new ThreadGroup("inetkit-ftp-" + INSTANCES.incrementAndGet());
    }

    /** A server with the defaults: temporary root, anonymous read-only, plain FTP. */
    public static TestFtpServer create() {
        return newBuilder().build();
    }

    /** A builder for a server with accounts, write access, FTPS or a passive port range. */
    public static Builder newBuilder() {
        return new Builder();
    }

    @Override
    public synchronized void start() throws IOException {
        if (server != null || closed) {
            throw new IllegalStateException("the FTP server was started or closed before; build a new one");
        }
        if (!Files.isDirectory(root)) {
            throw new IOException("the FTP root " + root + " is not a directory");
        }
        FtpServerFactory factory = new FtpServerFactory();
        Listener listener = listener();
        factory.addListener("default", listener);
        factory.setUserManager(new InMemoryUserManager(accounts()));
        NativeFileSystemFactory files = new NativeFileSystemFactory();
        files.setCreateHome(true);
        factory.setFileSystem(files);
        // A map FtpServer may change: stop() clears it, and an immutable one made every stop fail.
        Map<String, Ftplet> ftplets = new HashMap<>();
        ftplets.put("inetkit-sessions", sessions);
        factory.setFtplets(ftplets);
        ConnectionConfigFactory connections = new ConnectionConfigFactory();
        connections.setAnonymousLoginEnabled(config.anonymous);
        // MINA waits half a second after each failed login by default; tests of refusals would crawl.
        connections.setLoginFailureDelay(0);
        connections.setMaxLoginFailures(0);
        factory.setConnectionConfig(connections.createConnectionConfig());
        FtpServer created = factory.createServer();
        try {
            ThreadGroups.callIn(threads, threads.getName() + "-start", () -> {
                // MINA's command pool can miss a worker when it shuts down; that worker then
                // ignores interrupts and idles out its keep-alive (30 s by default). Made here,
                // in the server's thread group, with a short keep-alive, close() waits for it briefly.
                ((DefaultFtpServer) created).getServerContext().getThreadPoolExecutor()
                        .setKeepAliveTime(COMMAND_POOL_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
                created.start();
                return null;
            });
        } catch (Exception e) {
            stopQuietly(created);
            throw new IOException("cannot start the FTP server on " + config.bindAddress.getHostAddress()
                    + ":" + config.port + ": " + e.getMessage(), e);
        }
        server = created;
        address = new InetSocketAddress(config.bindAddress, listener.getPort());
        LOG.debug("FTP server on {} serving {} (tls {})", address, root, config.tls);
    }

    private Listener listener() {
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        // MINA binds each passive data socket to this address and announces it in the PASV reply.
        // Left unset, it would take the local address of the control connection; naming the bind
        // address keeps data sockets on loopback however the client reached the server.
        data.setPassiveAddress(config.bindAddress.getHostAddress());
        data.setPassivePorts(config.passivePorts);
        data.setActiveEnabled(config.active);
        data.setIdleTime((int) config.idleTimeout.toSeconds());
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress(config.bindAddress.getHostAddress());
        listener.setPort(config.port);
        listener.setIdleTimeout((int) config.idleTimeout.toSeconds());
        if (config.tls != Tls.NONE) {
            FtpSslConfiguration ssl = new FtpSslConfiguration(config.certificate());
            listener.setSslConfiguration(ssl);
            data.setSslConfiguration(ssl);
            listener.setImplicitSsl(config.tls == Tls.IMPLICIT);
            data.setImplicitSsl(config.tls == Tls.IMPLICIT);
        }
        listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        return listener.createListener();
    }

    private List<FtpAccount> accounts() {
        List<FtpAccount> accounts = new ArrayList<>();
        if (config.anonymous) {
            accounts.add(new FtpAccount(FtpAccount.ANONYMOUS, null, root, config.anonymousWrite));
        }
        for (FtpAccount account : config.users.values()) {
            Path home = root.resolve(account.home()).normalize();
            accounts.add(new FtpAccount(account.name(), account.password(), home, account.write()));
        }
        return accounts;
    }

    @Override
    public synchronized InetSocketAddress address() {
        if (address == null) {
            throw new IllegalStateException("the FTP server has not been started");
        }
        return address;
    }

    /** The directory the server serves as {@code /} to anonymous users and to users without a home of their own. */
    public Path root() {
        return root;
    }

    /** {@code ftp://127.0.0.1:port/}, or {@code ftps://...} when the server speaks implicit FTPS. */
    public URI url() {
        InetSocketAddress at = address();
        String scheme = config.tls == Tls.IMPLICIT ? "ftps" : "ftp";
        String host = at.getAddress() instanceof Inet6Address
                ? "[" + at.getAddress().getHostAddress() + "]" : at.getAddress().getHostAddress();
        return URI.create(scheme + "://" + host + ":" + at.getPort() + "/");
    }

    /** The certificate the server presents under FTPS; the shared localhost one unless the builder set another. */
    public TestCertificate certificate() {
        return config.certificate();
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            closePassiveListeners();
            stopQuietly(server);
            try {
                if (!ThreadGroups.awaitEmpty(threads, TestFtpServer::isMinaSharedTlsThread, THREAD_EXIT_TIMEOUT)) {
                    LOG.warn("FTP server threads still alive {} after close: {}", THREAD_EXIT_TIMEOUT,
                            ThreadGroups.names(threads));
                    LOG.debug("FTP server threads left:\n{}", ThreadGroups.stacks(threads));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ownsRoot) {
            TempDirectories.deleteRecursively(root);
        }
    }

    /**
     * MINA's SslFilter runs TLS tasks on a static pool of two daemon threads, {@code ssl-exec-N},
     * made on first use and shared by every server in the JVM. Stopping it would break the next
     * server, so close() leaves it alone.
     */
    private static boolean isMinaSharedTlsThread(Thread thread) {
        return thread.getName().startsWith("ssl-exec-");
    }

    /**
     * Closes the listening sockets that sessions opened for passive mode. stop() leaves them to each
     * session's close, which MINA runs later on its own threads, or never: a session whose client
     * is gone leaves MINA's list of sessions at once, but its close waits in the session's queue, and
     * stop() ends the queue. Such a session kept its passive port bound after close() returned
     * (TestFtpServerTest), so the server keeps its own list ({@link OpenSessions}).
     */
    private void closePassiveListeners() {
        for (FtpSession session : sessions.open()) {
            try {
                DataConnectionFactory data = session.getDataConnection();
                closeListenerUnlocked(data);
                if (data instanceof ServerDataConnectionFactory server) {
                    server.dispose();
                } else {
                    data.closeDataConnection();
                }
            } catch (RuntimeException e) {
                LOG.debug("closing the passive listener of an FTP session failed", e);
            }
        }
    }

    /**
     * Closes a session's passive listener without the lock of its data connection factory: a
     * command waiting for its data connection holds that lock while it blocks in {@code accept},
     * for the data connection's idle time, and {@code dispose()} would wait as long. Closing the
     * listener ends the wait. The field is MINA's own (package-private, reached because automatic
     * modules open their packages); without it, dispose() alone is what is left.
     */
    private static void closeListenerUnlocked(DataConnectionFactory data) {
        if (!(data instanceof IODataConnectionFactory)) {
            return;
        }
        try {
            Field field = IODataConnectionFactory.class.getDeclaredField("servSoc");
            field.setAccessible(true);
            if (field.get(data) instanceof ServerSocket listener) {
                listener.close();
            }
        } catch (ReflectiveOperationException | RuntimeException | IOException e) {
            LOG.debug("closing the passive listener of an FTP session directly failed", e);
        }
    }

    /** The sessions from their connect to the end of their close, as the server's Ftplet sees them. */
    private static final class OpenSessions extends DefaultFtplet {
        private final Set<FtpSession> open = ConcurrentHashMap.newKeySet();

        @Override
        public FtpletResult onConnect(FtpSession session) {
            open.add(session);
            return FtpletResult.DEFAULT;
        }

        @Override
        public FtpletResult onDisconnect(FtpSession session) {
            // MINA closes the data connection right after this, on the same thread, which stop() lets finish.
            open.remove(session);
            return FtpletResult.DEFAULT;
        }

        List<FtpSession> open() {
            return List.copyOf(open);
        }
    }

    private static void stopQuietly(FtpServer server) {
        try {
            server.stop();
        } catch (RuntimeException e) {
            LOG.warn("stopping the FTP server failed", e);
        }
    }

    /** Whether and how the server speaks TLS. */
    private enum Tls { NONE, EXPLICIT, IMPLICIT }

    /**
     * Configures a {@link TestFtpServer}. A builder can build several servers; each gets a copy
     * of the settings at that time.
     *
     * <pre>{@code
     * TestFtpServer ftp = TestFtpServer.newBuilder()
     *         .anonymousWrite(true)
     *         .user("bob", "pw", Path.of("bob"), false)   // home root/bob, read-only
     *         .passivePorts(50000, 50010)
     *         .build();
     * }</pre>
     */
    public static final class Builder {

        private Path root;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port;
        private boolean anonymous = true;
        private boolean anonymousWrite;
        private final Map<String, FtpAccount> users = new LinkedHashMap<>();
        private String passivePorts = "0";
        private boolean active = true;
        private Tls tls = Tls.NONE;
        private TestCertificate certificate;
        private Duration idleTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        private Builder copy() {
            Builder copy = new Builder();
            copy.root = root;
            copy.bindAddress = bindAddress;
            copy.port = port;
            copy.anonymous = anonymous;
            copy.anonymousWrite = anonymousWrite;
            copy.users.putAll(users);
            copy.passivePorts = passivePorts;
            copy.active = active;
            copy.tls = tls;
            copy.certificate = certificate;
            copy.idleTimeout = idleTimeout;
            return copy;
        }

        private TestCertificate certificate() {
            return certificate != null ? certificate : TestCertificate.localhost();
        }

        /**
         * Serves this existing directory. The server never deletes it. Without this call
         * {@link #build()} makes a temporary directory and {@link TestFtpServer#close()} deletes it.
         */
        public Builder root(Path root) {
            this.root = Objects.requireNonNull(root, "root");
            return this;
        }

        /** Listens on this address instead of {@link InetAddress#getLoopbackAddress()}. */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Listens on this port instead of one the system chooses ({@code 0}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** Whether {@code anonymous} (with any password) may log in; on by default. */
        public Builder anonymous(boolean enabled) {
            this.anonymous = enabled;
            return this;
        }

        /** Whether anonymous users may store, delete and rename; off by default. */
        public Builder anonymousWrite(boolean write) {
            this.anonymousWrite = write;
            return this;
        }

        /** Adds an account whose home is the root and who may write. */
        public Builder user(String name, String password) {
            return user(name, password, Path.of(""), true);
        }

        /**
         * Adds an account.
         *
         * @param home the user's home, resolved against the root when relative; made on start
         *     when missing
         * @param write whether the user may store, delete, rename and make directories
         */
        public Builder user(String name, String password, Path home, boolean write) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(password, "password");
            if (FtpAccount.ANONYMOUS.equals(name)) {
                throw new IllegalArgumentException("use anonymous(...) and anonymousWrite(...) for the anonymous account");
            }
            users.put(name, new FtpAccount(name, password, home, write));
            return this;
        }

        /** Offers passive data connections only on ports {@code from} to {@code to}, both included. */
        public Builder passivePorts(int from, int to) {
            if (from < 1 || to > 65535 || from > to) {
                throw new IllegalArgumentException("bad passive port range " + from + "-" + to);
            }
            this.passivePorts = from + "-" + to;
            return this;
        }

        /** Whether PORT and EPRT (active mode) are accepted; on by default. */
        public Builder activeMode(boolean enabled) {
            this.active = enabled;
            return this;
        }

        /** Speaks plain FTP first and TLS after {@code AUTH TLS} (RFC 4217). */
        public Builder explicitFtps() {
            this.tls = Tls.EXPLICIT;
            return this;
        }

        /** Speaks TLS from the first byte, control and data connections alike. */
        public Builder implicitFtps() {
            this.tls = Tls.IMPLICIT;
            return this;
        }

        /** Presents this certificate instead of {@link TestCertificate#localhost()} under FTPS. */
        public Builder certificate(TestCertificate certificate) {
            this.certificate = Objects.requireNonNull(certificate, "certificate");
            return this;
        }

        /** Closes control and data connections idle this long; whole seconds, 60 by default. */
        public Builder idleTimeout(Duration timeout) {
            if (timeout.toSeconds() < 1) {
                throw new IllegalArgumentException("idle timeout under a second: " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * Builds a server, not yet started.
         *
         * @throws UncheckedIOException if no temporary root directory can be made
         */
        public TestFtpServer build() {
            try {
                return new TestFtpServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a root directory for the FTP server", e);
            }
        }
    }
}
