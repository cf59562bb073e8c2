package io.inetkit.testkit.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import io.inetkit.testkit.TestServer;
import io.inetkit.testkit.internal.ThreadGroups;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real HTTP/1.1 server (the JDK's {@code com.sun.net.httpserver}) on a loopback port, plain or
 * HTTPS, that answers with scripted responses and records every request.
 *
 * <p>Each request gets, in this order: {@code 401} if the server {@linkplain
 * Builder#requireBasicAuth(String, String) requires basic auth} and the request lacks it; else
 * the next {@linkplain #enqueue(TestResponse) enqueued} response; else the {@linkplain
 * Builder#dispatcher(Dispatcher) dispatcher}'s; else the file under the {@linkplain
 * Builder#root(Path) served directory}; else {@code 404}.
 *
 * <pre>{@code
 * try (TestHttpServer server = TestHttpServer.create()) {
 *     server.enqueue(TestResponse.ok("hello"));
 *     server.start();
 *
 *     HttpResponse<String> response = HttpClient.newHttpClient().send(
 *             HttpRequest.newBuilder(server.url("/greeting")).build(), BodyHandlers.ofString());
 *
 *     assertEquals("hello", response.body());
 *     assertEquals("/greeting", server.takeRequest().target());
 * }
 * }</pre>
 *
 * <p>With JUnit 5 and HTTPS:
 *
 * <pre>{@code
 * @StartStop final TestHttpServer server = TestHttpServer.newBuilder().https().build();
 *
 * HttpClient client = HttpClient.newBuilder()
 *         .sslContext(TestCertificate.localhost().clientContext())
 *         .build();
 * }</pre>
 *
 * <p>{@link #close()} ends slow and stalled responses, closes every connection and ends the
 * server's threads.
 */
public final class TestHttpServer implements TestServer {

    private static final Logger LOG = LoggerFactory.getLogger(TestHttpServer.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Duration DEFAULT_TAKE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration THREAD_EXIT_TIMEOUT = Duration.ofSeconds(10);

    private final InetAddress bindAddress;
    private final int requestedPort;
    private final TestCertificate certificate;
    private final DirectoryResponder directory;
    private final Dispatcher dispatcher;
    private final String expectedAuthorization;
    private final int recordBodyLimit;
    private final String name = "inetkit-http-" + INSTANCES.incrementAndGet();
    private final ThreadGroup threads = new ThreadGroup(name);

    private final ConcurrentLinkedQueue<TestResponse> queue = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<RecordedRequest> recorded = new LinkedBlockingQueue<>();
    private final AtomicLong requestCount = new AtomicLong();
    private final ConnectionTracker connections = new ConnectionTracker();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final ResponseSender sender = new ResponseSender(closing);

    private HttpServer server;
    private ExecutorService executor;
    private InetSocketAddress address;
    private boolean closed;

    private TestHttpServer(Builder builder) {
        this.bindAddress = builder.bindAddress;
        this.requestedPort = builder.port;
        this.certificate = builder.certificate;
        this.directory = builder.root == null ? null : new DirectoryResponder(builder.root);
        this.dispatcher = builder.dispatcher;
        this.expectedAuthorization = builder.expectedAuthorization;
        this.recordBodyLimit = builder.recordBodyLimit;
    }

    /** A plain HTTP server with no directory, dispatcher or authentication. */
    public static TestHttpServer create() {
        return newBuilder().build();
    }

    /** A builder for HTTPS, a served directory, a dispatcher or basic auth. */
    public static Builder newBuilder() {
        return new Builder();
    }

    @Override
    public synchronized void start() throws IOException {
        if (server != null || closed) {
            throw new IllegalStateException("the HTTP server was started or closed before; build a new one");
        }
        AtomicInteger workers = new AtomicInteger();
        ExecutorService handlers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(threads, task, name + "-worker-" + workers.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        HttpServer created;
        try {
            // The JDK server makes its dispatcher and timer threads in the group of the thread
            // that creates and starts it; starting it in the server's own group lets close()
            // wait for them.
            created = ThreadGroups.callIn(threads, name + "-start", () -> createAndStart(handlers));
        } catch (IOException | RuntimeException e) {
            handlers.shutdownNow();
            throw e;
        } catch (Exception e) {
            handlers.shutdownNow();
            throw new IOException("cannot start the HTTP server on " + bindAddress.getHostAddress() + ":" + requestedPort, e);
        }
        executor = handlers;
        server = created;
        address = new InetSocketAddress(bindAddress, created.getAddress().getPort());
        LOG.debug("{} server on {}", certificate != null ? "HTTPS" : "HTTP", address);
    }

    private HttpServer createAndStart(ExecutorService handlers) throws IOException {
        InetSocketAddress bind = new InetSocketAddress(bindAddress, requestedPort);
        HttpServer created;
        if (certificate != null) {
            HttpsServer https = HttpsServer.create(bind, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
            created = https;
        } else {
            created = HttpServer.create(bind, 0);
        }
        created.setExecutor(handlers);
        created.createContext("/", this::handle);
        created.start();
        return created;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            RecordedRequest request = record(exchange);
            TestResponse scripted = authorized(request) ? next(request) : unauthorized();
            LOG.debug("{} {} {} -> {}", name, request.method(), request.target(), scripted != null ? scripted : "file");
            if (scripted != null) {
                sender.send(exchange, scripted);
            } else {
                directory.respond(exchange);
            }
        } catch (ResponseSender.Abandoned e) {
            LOG.debug("{}: {}", name, e.getMessage());
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while answering", e);
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: answering {} failed", name, exchange.getRequestURI(), e);
            throw e;
        }
    }

    private RecordedRequest record(HttpExchange exchange) throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        long size = 0;
        // Read the whole body, so the connection can be reused, but keep only its start.
        try (InputStream in = exchange.getRequestBody()) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) != -1; size += n) {
                int keep = (int) Math.max(0, Math.min(n, recordBodyLimit - size));
                kept.write(buffer, 0, keep);
            }
        }
        ConnectionTracker.Position position = connections.next(exchange.getRemoteAddress());
        String tls = exchange instanceof HttpsExchange https ? https.getSSLSession().getProtocol() : null;
        RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI(),
                exchange.getProtocol(), exchange.getRequestHeaders(), kept.toByteArray(), size,
                requestCount.getAndIncrement(), position.connection(), position.request(),
                exchange.getRemoteAddress(), tls);
        recorded.add(request);
        return request;
    }

    private boolean authorized(RecordedRequest request) {
        return expectedAuthorization == null
                || request.header("Authorization").map(expectedAuthorization::equals).orElse(false);
    }

    private static TestResponse unauthorized() {
        return TestResponse.newBuilder().status(401)
                .header("WWW-Authenticate", "Basic realm=\"inetkit-testkit\", charset=\"UTF-8\"")
                .header("Content-Type", "text/plain; charset=utf-8")
                .body("authentication required\n")
                .build();
    }

    /** The response for an authorised request, or null to serve the directory. */
    private TestResponse next(RecordedRequest request) {
        TestResponse enqueued = queue.poll();
        if (enqueued != null) {
            return enqueued;
        }
        if (dispatcher != null) {
            return Objects.requireNonNull(dispatcher.dispatch(request), "the dispatcher returned null");
        }
        if (directory != null) {
            return null;
        }
        return TestResponse.newBuilder().status(404).header("Content-Type", "text/plain; charset=utf-8")
                .body("no response enqueued for " + request.method() + " " + request.target() + "\n").build();
    }

    /**
     * Adds a response to the queue; requests take them in order. Can be called before and after
     * {@link #start()}.
     */
    public void enqueue(TestResponse response) {
        queue.add(Objects.requireNonNull(response, "response"));
    }

    /**
     * The next request received, waiting up to 10 seconds for it.
     *
     * @throws AssertionError if no request arrives in time, so a test fails with a clear message
     */
    public RecordedRequest takeRequest() throws InterruptedException {
        return takeRequest(DEFAULT_TAKE_TIMEOUT).orElseThrow(
                () -> new AssertionError("no request reached " + name + " within " + DEFAULT_TAKE_TIMEOUT.toSeconds() + " s"));
    }

    /** The next request received, or empty if none arrives within {@code timeout}. */
    public Optional<RecordedRequest> takeRequest(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(recorded.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** How many requests the server has received, taken or not. */
    public long requestCount() {
        return requestCount.get();
    }

    @Override
    public synchronized InetSocketAddress address() {
        if (address == null) {
            throw new IllegalStateException("the HTTP server has not been started");
        }
        return address;
    }

    /** {@code http://127.0.0.1:port/} or {@code https://127.0.0.1:port/}. */
    public URI url() {
        return url("/");
    }

    /**
     * This path (and query) on the server, for example {@code url("/a?b=c")}. The host is the
     * address the server listens on; the test certificate names {@code 127.0.0.1} and {@code ::1}
     * as well as {@code localhost}, so HTTPS host name checks pass.
     */
    public URI url(String pathAndQuery) {
        if (!pathAndQuery.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + pathAndQuery);
        }
        InetSocketAddress at = address();
        String host = at.getAddress() instanceof Inet6Address
                ? "[" + at.getAddress().getHostAddress() + "]" : at.getAddress().getHostAddress();
        return URI.create((certificate != null ? "https" : "http") + "://" + host + ":" + at.getPort() + pathAndQuery);
    }

    /** Whether the server speaks HTTPS. */
    public boolean isHttps() {
        return certificate != null;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server == null) {
            return;
        }
        // stop(0) closes the listener and every connection without waiting for exchanges;
        // handlers paused in a slow or stalled body wake on the latch and leave.
        server.stop(0);
        // The JDK's dispatcher can accept a connection while stop() closes the ones it has, and that
        // one stays open for good (see Leaks.excuseLocalPort); it is this server's fault, not the client's.
        int leftOpen = Leaks.excuseLocalPort(address.getPort());
        if (leftOpen > 0) {
            LOG.info("{}: the JDK HttpServer left {} accepted connection(s) open on stop; excused from leak checks",
                    name, leftOpen);
        }
        closing.countDown();
        executor.shutdownNow();
        try {
            // Also waits for the JDK server's timer threads, which end a moment after stop().
            if (!executor.awaitTermination(THREAD_EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    || !ThreadGroups.awaitEmpty(threads, thread -> false, THREAD_EXIT_TIMEOUT)) {
                LOG.warn("{}: threads still alive {} after close: {}", name, THREAD_EXIT_TIMEOUT, ThreadGroups.names(threads));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Configures a {@link TestHttpServer}.
     *
     * <pre>{@code
     * TestHttpServer server = TestHttpServer.newBuilder()
     *         .https()
     *         .root(Path.of("src/test/resources/site"))
     *         .requireBasicAuth("alice", "secret")
     *         .build();
     * }</pre>
     */
    public static final class Builder {

        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port;
        private TestCertificate certificate;
        private Path root;
        private Dispatcher dispatcher;
        private String expectedAuthorization;
        private int recordBodyLimit = 1 << 20;

        private Builder() {
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

        /** Speaks HTTPS with {@link TestCertificate#localhost()}. */
        public Builder https() {
            return https(TestCertificate.localhost());
        }

        /** Speaks HTTPS with this certificate. */
        public Builder https(TestCertificate certificate) {
            this.certificate = Objects.requireNonNull(certificate, "certificate");
            return this;
        }

        /** Serves the files under this directory for GET and HEAD when no scripted response applies. */
        public Builder root(Path root) {
            if (!Files.isDirectory(root)) {
                throw new IllegalArgumentException("not a directory: " + root);
            }
            this.root = root;
            return this;
        }

        /** Answers with this dispatcher when the queue is empty. */
        public Builder dispatcher(Dispatcher dispatcher) {
            this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
            return this;
        }

        /**
         * Answers {@code 401} with {@code WWW-Authenticate: Basic} to every request without
         * {@code Authorization: Basic} for this user and password (UTF-8). Refused requests are
         * recorded and do not use up enqueued responses.
         */
        public Builder requireBasicAuth(String user, String password) {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            this.expectedAuthorization = "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** Keeps at most this many bytes of each request body; 1 MiB by default. The rest is read and counted. */
        public Builder recordBodyLimit(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("negative limit: " + bytes);
            }
            this.recordBodyLimit = bytes;
            return this;
        }

        /** Builds a server, not yet started. */
        public TestHttpServer build() {
            return new TestHttpServer(this);
        }
    }
}
