package io.inetkit.testkit.gopher;

import io.inetkit.testkit.TestServer;
import io.inetkit.testkit.internal.Threads;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An RFC 1436 Gopher server with Gopher+, in-process, for tests: it serves a directory as menus and
 * files, answers searches with handlers, sends hand-written bytes for malformed-input tests and
 * records every request.
 *
 * <pre>{@code
 * class MenuTest {
 *     @TempDir static Path dir;
 *     @StartStop final TestGopherServer gopher = TestGopherServer.serving(dir);
 *
 *     @Test void readsRootMenu() throws Exception {
 *         try (Socket s = new Socket(gopher.host(), gopher.port())) {
 *             s.getOutputStream().write("\r\n".getBytes(StandardCharsets.US_ASCII));
 *             ...
 *         }
 *         assertEquals("", gopher.takeRequest(Duration.ofSeconds(5)).orElseThrow().selector());
 *     }
 * }
 * }</pre>
 *
 * <h2>How a directory is served</h2>
 * There is no {@code gophermap}: the selector {@code ""} (or {@code "/"}) is the root directory and
 * {@code "/a/b.txt"} is the file {@code a/b.txt} under it. A directory is a menu of its entries,
 * sorted by name, hidden ones (a leading period) left out, and for the root the
 * {@linkplain Builder#banner(String...) banner} first as info lines. Each entry's type comes from
 * its extension: a directory is {@code 1}; {@code .txt .text .md .csv} are {@code 0}; {@code .html}
 * is {@code h}; {@code .gif} is {@code g}; {@code .png .jpg .jpeg .bmp} are {@code I};
 * {@code .wav .mp3} are {@code s}; {@code .hqx} is {@code 4}; {@code .uue} is {@code 6};
 * {@code .pdf .zip .gz .bin} are {@code 9}. Any other file is {@code 0} if its first 4 KiB hold
 * no NUL byte and decode as UTF-8, else {@code 9}. Text files (type {@code 0}) are sent line by
 * line with CR LF, a leading period doubled and a final period line; every other file is sent
 * byte for byte, then the server closes.
 *
 * <h2>Gopher+</h2>
 * {@code selector TAB +} answers with {@code +-1} and the menu or text (ending with a period), or
 * {@code +<size>} and the bytes of a binary file; any view after the {@code +} is ignored.
 * {@code selector TAB !} answers with the item's attributes: {@code +INFO}, {@code +ADMIN}
 * ({@code Admin} and {@code Mod-Date}), {@code +VIEWS} (MIME type and size in kilobytes) and
 * {@code +ABSTRACT} when {@link #abstractOf(String, String)} gave one. {@code selector TAB $}
 * answers with the attributes of every item of a menu. A missing item is the error
 * {@code --1}, {@code 1 <admin name> <<admin email>>}, a message, a period; a plain request for a
 * missing item gets a menu with one error line (type {@code 3}).
 *
 * <h2>Searches</h2>
 * A request to a selector registered with {@link #search(String, SearchHandler)} is
 * {@code selector TAB query}: its second field is always the query, even if it starts with
 * {@code +}, so a Gopher+ search has three fields, {@code selector TAB query TAB +}. Search
 * selectors are not listed in directory menus; a test that needs one there can put a type
 * {@code 7} item in a search result or a raw reply.
 *
 * <h2>Limits</h2>
 * The server binds {@code 127.0.0.1} on a free port unless told otherwise, runs one daemon thread
 * per connection, waits at most the {@linkplain Builder#readTimeout(Duration) read timeout}
 * (10 s) for a request line of at most {@linkplain Builder#maxRequestLineBytes(int) 4096 bytes},
 * and {@link #close()} ends every connection and thread.
 */
public final class TestGopherServer implements TestServer {

    /** What the server does after it sent a {@linkplain #raw(String, byte[], AfterRaw) raw reply}. */
    public enum AfterRaw {
        /** Close the connection, as a Gopher server does after every reply. */
        CLOSE,
        /** Keep the connection open until the client closes it or the server stops. */
        KEEP_OPEN
    }

    private static final Logger LOG = LoggerFactory.getLogger(TestGopherServer.class);
    /** close() waits this long for threads to end; they end within milliseconds once their sockets close. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final GopherConfig config;
    private final Routes routes = new Routes();
    private final BlockingQueue<GopherRequest> requests = new LinkedBlockingQueue<>();
    private final AtomicInteger requestCount = new AtomicInteger();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Object lifecycle = new Object();
    private ServerSocket listener;
    private boolean started;
    private volatile boolean closed;

    private TestGopherServer(GopherConfig config) {
        this.config = config;
    }

    /** A plain Gopher server for the files under {@code root}. */
    public static TestGopherServer serving(Path root) {
        return newBuilder().root(root).build();
    }

    /** A plain Gopher server with no files: only what tests register with search and raw. */
    public static TestGopherServer create() {
        return newBuilder().build();
    }

    /** A builder with the defaults: no root, plain TCP, {@code 127.0.0.1}, a free port. */
    public static Builder newBuilder() {
        return new Builder();
    }

    @Override
    public void start() throws IOException {
        synchronized (lifecycle) {
            if (started || closed) {
                throw new IllegalStateException("the server was started or closed before");
            }
            started = true;
            ServerSocket socket = config.tls().isPresent()
                    ? config.tls().get().getServerSocketFactory().createServerSocket()
                    : new ServerSocket();
            socket.bind(new InetSocketAddress(config.bindAddress(), config.port()), 50);
            listener = socket;
            Thread acceptor = new Thread(this::acceptLoop, threadPrefix() + "accept");
            acceptor.setDaemon(true);
            threads.add(acceptor);
            acceptor.start();
            LOG.debug("gopher{} server on {}", config.tls().isPresent() ? "s" : "", address());
        }
    }

    private void acceptLoop() {
        try {
            while (!closed) {
                Socket socket = listener.accept();
                int id = connectionCount.incrementAndGet();
                connections.add(socket);
                Thread thread = new Thread(() -> {
                    try {
                        new GopherSession(socket, config, routes, advertisedHost(), advertisedPort(),
                                this::record).run();
                    } finally {
                        connections.remove(socket);
                        threads.remove(Thread.currentThread());
                    }
                }, threadPrefix() + "conn-" + id);
                thread.setDaemon(true);
                threads.add(thread);
                if (closed) {
                    socket.close();
                }
                thread.start();
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.warn("gopher server on {} stopped accepting", listener.getLocalSocketAddress(), e);
            }
        } finally {
            threads.remove(Thread.currentThread());
        }
    }

    private void record(GopherRequest request) {
        requestCount.incrementAndGet();
        requests.add(request);
    }

    private String threadPrefix() {
        return "inetkit-gopher-" + (listener == null ? "?" : listener.getLocalPort()) + "-";
    }

    @Override
    public InetSocketAddress address() {
        synchronized (lifecycle) {
            if (listener == null) {
                throw new IllegalStateException("the server has not been started");
            }
            return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
        }
    }

    /** Whether clients must speak TLS ({@code gophers}). */
    public boolean isTls() {
        return config.tls().isPresent();
    }

    /** The host written into menu lines for this server's own items. */
    public String advertisedHost() {
        return config.advertisedHost().orElseGet(this::host);
    }

    /** The port written into menu lines for this server's own items. */
    public int advertisedPort() {
        return config.advertisedPort() != 0 ? config.advertisedPort() : port();
    }

    /**
     * Answers {@code selector TAB query} with the menu the handler returns. Replaces any handler
     * for the same selector; may be called while the server runs.
     */
    public TestGopherServer search(String selector, SearchHandler handler) {
        routes.search(Objects.requireNonNull(selector, "selector"), Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /** Sends exactly {@code bytes} for a request to {@code selector}, then closes the connection. */
    public TestGopherServer raw(String selector, byte[] bytes) {
        return raw(selector, bytes, AfterRaw.CLOSE);
    }

    /**
     * Sends exactly {@code bytes} for a request to {@code selector}, whatever follows the selector
     * on the request line, then closes or keeps the connection. A raw reply wins over files and
     * searches.
     */
    public TestGopherServer raw(String selector, byte[] bytes, AfterRaw after) {
        routes.raw(Objects.requireNonNull(selector, "selector"),
                new Routes.Raw(bytes.clone(), after == AfterRaw.KEEP_OPEN));
        return this;
    }

    /** Sends exactly {@code bytes} for every request that has no raw reply of its own, then closes. */
    public TestGopherServer rawForAny(byte[] bytes) {
        return rawForAny(bytes, AfterRaw.CLOSE);
    }

    /** Sends exactly {@code bytes} for every request that has no raw reply of its own. */
    public TestGopherServer rawForAny(byte[] bytes, AfterRaw after) {
        routes.rawForAny(new Routes.Raw(bytes.clone(), after == AfterRaw.KEEP_OPEN));
        return this;
    }

    /** Adds a {@code +ABSTRACT} block, one attribute line per line of {@code text}, to an item's attributes. */
    public TestGopherServer abstractOf(String selector, String text) {
        routes.abstractOf(Objects.requireNonNull(selector, "selector"), Objects.requireNonNull(text, "text"));
        return this;
    }

    /**
     * The oldest request not taken yet, waiting up to {@code timeout} for one to arrive.
     *
     * @return the request, or empty if none arrived in time
     */
    public Optional<GopherRequest> takeRequest(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(requests.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** How many request lines the server has received, taken or not. */
    public int requestCount() {
        return requestCount.get();
    }

    /** How many connections the server has accepted. */
    public int connectionCount() {
        return connectionCount.get();
    }

    @Override
    public void close() throws IOException {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (listener != null) {
            listener.close();
        }
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.trace("close failed", e);
            }
        }
        Threads.joinAll(threads, STOP_WAIT, LOG);
    }

    @Override
    public String toString() {
        return "TestGopherServer[" + (listener == null ? "not started" : address()) + (isTls() ? ", tls" : "") + "]";
    }

    /**
     * Configures a {@link TestGopherServer}.
     *
     * <pre>{@code
     * TestGopherServer server = TestGopherServer.newBuilder()
     *         .root(dir)
     *         .tls()
     *         .banner("Welcome to the test server")
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private Path root;
        private SSLContext tls;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port;
        private String advertisedHost;
        private int advertisedPort;
        private String adminName = "inetkit testkit";
        private String adminEmail = "admin@localhost";
        private List<String> banner = List.of();
        private boolean gopherPlusMenus;
        private Duration readTimeout = Duration.ofSeconds(10);
        private int maxRequestLineBytes = 4096;

        private Builder() {
        }

        /** Serves the files under this directory. */
        public Builder root(Path root) {
            if (!Files.isDirectory(root)) {
                throw new IllegalArgumentException("not a directory: " + root);
            }
            this.root = root;
            return this;
        }

        /** Speaks TLS ({@code gophers}) with {@link TestCertificate#localhost()}. */
        public Builder tls() {
            return tls(TestCertificate.localhost().serverContext());
        }

        /** Speaks TLS ({@code gophers}) with this server context. */
        public Builder tls(SSLContext context) {
            this.tls = Objects.requireNonNull(context, "context");
            return this;
        }

        /** Binds this address instead of the loopback one. */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Binds this port instead of a free one; {@code 0} means a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** Writes this host into menu lines instead of the bound address, for example a proxy's. */
        public Builder advertisedHost(String host) {
            this.advertisedHost = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Writes this port into menu lines instead of the bound port; {@code 0} means the bound one. */
        public Builder advertisedPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.advertisedPort = port;
            return this;
        }

        /** The administrator named in {@code +ADMIN} blocks and Gopher+ errors. */
        public Builder admin(String name, String email) {
            this.adminName = Objects.requireNonNull(name, "name");
            this.adminEmail = Objects.requireNonNull(email, "email");
            return this;
        }

        /** Info lines (type {@code i}) at the top of the root menu. */
        public Builder banner(String... lines) {
            List<String> copy = List.of(lines);
            copy.forEach(GopherItem::info);
            this.banner = copy;
            return this;
        }

        /** Marks every item of plain menus as Gopher+ ({@code TAB +}); Gopher+ menus always are. */
        public Builder gopherPlusMenus(boolean mark) {
            this.gopherPlusMenus = mark;
            return this;
        }

        /** How long a connection may take to send its request line; 10 s unless set. */
        public Builder readTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.readTimeout = timeout;
            return this;
        }

        /** The longest request line accepted, CR LF excluded; 4096 unless set. */
        public Builder maxRequestLineBytes(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max must be positive: " + max);
            }
            this.maxRequestLineBytes = max;
            return this;
        }

        /** A server with this configuration, not started yet. */
        public TestGopherServer build() {
            return new TestGopherServer(new GopherConfig(Optional.ofNullable(root), Optional.ofNullable(tls),
                    bindAddress, port, Optional.ofNullable(advertisedHost), advertisedPort, adminName,
                    adminEmail, banner, gopherPlusMenus, readTimeout, maxRequestLineBytes));
        }
    }
}
