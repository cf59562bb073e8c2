package io.inetkit;

import io.inetkit.http.AuthScheme;
import io.inetkit.http.Authenticator;
import io.inetkit.http.CookieJar;
import io.inetkit.http.HttpCache;
import io.inetkit.http.Interceptor;
import io.inetkit.internal.ConnectValidator;
import io.inetkit.internal.ConnectionCache;
import io.inetkit.internal.DaemonThreads;
import io.inetkit.internal.Handle;
import io.inetkit.internal.InternetContext;
import io.inetkit.internal.SharedConnection;
import io.inetkit.internal.StatusDispatcher;
import io.inetkit.internal.UrlRequests;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.Connection;
import io.inetkit.spi.ServiceProvider;
import io.inetkit.toolbox.Logs;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;

/**
 * The root handle: WinINet's {@code InternetOpen}. It holds the settings every connection shares —
 * user agent, proxy, timeouts, TLS, executor, status listener — and the installed providers, and
 * it opens {@link Session}s with {@link #connect(ConnectRequest)}, WinINet's
 * {@code InternetConnect}.
 *
 * <pre>{@code
 * try (Internet internet = Internet.newBuilder()
 *              .agent("backup/2.1")
 *              .connectTimeout(Duration.ofSeconds(10))
 *              .build();
 *      FtpSession ftp = internet.connect(ConnectRequest.newBuilder(Service.FTP, "ftp.example.org")
 *              .user("joe").password(secret).flags(ConnectFlag.PASSIVE).build())) {
 *     ftp.put(Path.of("db.dump"), "backups/db.dump");
 * }
 * }</pre>
 *
 * <p>Asynchronously, on the builder's executor:
 *
 * <pre>{@code
 * internet.connectAsync(ConnectRequest.newBuilder(Service.HTTP, "example.org").build())
 *         .thenApply(http -> ...);
 * }</pre>
 *
 * <p>An {@code Internet} is immutable once built and safe to share between threads. Closing it
 * closes every session it opened, then what its providers share (such as HTTP connection pools),
 * then its own executor; closing it again does nothing, and a connect after close fails with
 * {@link InternetError#INVALID_HANDLE}. Arguments are non-null unless documented otherwise.
 */
public final class Internet implements AutoCloseable {

    /** The connect timeout unless the builder sets another. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** The read timeout unless the builder sets another. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    /**
     * The write timeout unless the builder sets another: the read timeout's default, since a server
     * that takes in nothing for a minute is as stuck as one that sends nothing for a minute.
     */
    public static final Duration DEFAULT_WRITE_TIMEOUT = DEFAULT_READ_TIMEOUT;
    /**
     * The anonymous FTP password unless the builder sets another: an address in a domain reserved
     * for examples (RFC 2606), as curl sends, shaped as the servers that want an e-mail address expect.
     */
    public static final String DEFAULT_ANONYMOUS_PASSWORD = "ftp@example.com";

    private static final Logger LOG = Logs.get(Internet.class);

    private final String agent;
    private final ProxyConfig proxy;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration writeTimeout;
    private final Duration deadline;
    private final boolean zeroCopy;
    private final int receiveBufferSize;
    private final SSLContext sslContext;
    private final Trust trust;
    private final Executor executor;
    private final ExecutorService ownedExecutor;
    private final StatusListener statusListener;
    private final EventListener eventListener;
    private final List<Interceptor> interceptors;
    private final Authenticator authenticator;
    private final Set<AuthScheme> authSchemes;
    private final CookieJar cookieJar; // null: the HTTP provider's own store
    private final String anonymousPassword;
    private final Limits limits;
    private final RetryPolicy retries;
    private final boolean contentDecoding;
    private final HttpCache httpCache;
    private final ProviderRegistry registry;

    private final InternetContext context;
    private final ConnectionCache connectionCache = new ConnectionCache();
    private final Set<Handle> handles = new LinkedHashSet<>();
    private boolean closed; // guarded by handles

    private Internet(Builder builder) {
        this.agent = builder.agent;
        this.proxy = builder.proxy;
        this.connectTimeout = builder.connectTimeout;
        this.readTimeout = builder.readTimeout;
        this.writeTimeout = builder.writeTimeout;
        this.deadline = builder.deadline;
        this.zeroCopy = builder.zeroCopy;
        this.receiveBufferSize = builder.receiveBufferSize;
        this.sslContext = builder.sslContext;
        this.trust = builder.trust;
        this.statusListener = builder.statusListener;
        this.eventListener = builder.eventListener;
        this.interceptors = List.copyOf(builder.interceptors);
        this.authenticator = builder.authenticator;
        this.authSchemes = Collections.unmodifiableSet(EnumSet.copyOf(builder.authSchemes));
        this.cookieJar = builder.cookieJar;
        this.anonymousPassword = builder.anonymousPassword;
        this.limits = builder.limits;
        this.retries = builder.retries;
        this.contentDecoding = builder.contentDecoding;
        this.httpCache = builder.httpCache;
        this.registry = builder.registry != null ? builder.registry : ProviderRegistry.load();
        if (builder.executor != null) {
            this.executor = builder.executor;
            this.ownedExecutor = null;
        } else {
            this.ownedExecutor = DaemonThreads.cachedPool("inetkit-async");
            this.executor = ownedExecutor;
        }
        this.context = new InternetContext(this);
    }

    /** A builder with the defaults: see each of its methods. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** An {@code Internet} with all defaults and the providers found by {@link ProviderRegistry#load()}. */
    public static Internet create() {
        return newBuilder().build();
    }

    /**
     * Opens a session: WinINet's {@code InternetConnect}. FTP connects and logs in before this
     * returns; HTTP and Gopher connect on their first operation.
     *
     * @return a session of the service's type; close it when done
     * @throws InternetException {@link InternetError#PROTOCOL_NOT_FOUND} when no provider for the
     *     service is installed, {@link InternetError#INVALID_PARAMETER} for a bad host, port, user,
     *     password or flag, {@link InternetError#INCORRECT_USER_NAME} for a password without a
     *     user, {@link InternetError#INVALID_HANDLE} once this {@code Internet} is closed, and
     *     the provider's errors (name not resolved, cannot connect, login failure, timeout...)
     */
    public <S extends Session> S connect(ConnectRequest<S> request) throws InternetException {
        Objects.requireNonNull(request, "request");
        ensureOpen();
        ServiceProvider provider = registry.require(request.service());
        ConnectValidator.checkSessionType(request.service(), provider);
        ConnectSpec spec = ConnectValidator.check(request, provider, anonymousPassword);
        StatusDispatcher status = new StatusDispatcher(statusListener, spec, request.context().orElse(null));
        LOG.debug("connecting {}", request);
        SharedConnection shared = spec.has(ConnectFlag.EXISTING_CONNECT)
                ? connectionCache.acquire(spec, () -> open(provider, spec, status))
                : new SharedConnection(open(provider, spec, status), null, null);
        Handle handle = new Handle(spec, request.context().orElse(null), status, shared, context,
                this::forget);
        Session session = handle.attach(provider, request.service());
        boolean registered;
        synchronized (handles) {
            registered = !closed;
            if (registered) {
                handles.add(handle);
            }
        }
        if (!registered) {
            // Closed while this connect ran: the handle would outlive its parent.
            handle.close();
            throw closedError();
        }
        status.publish(InternetStatus.HANDLE_CREATED, session);
        return request.service().sessionType().cast(session);
    }

    /** Opens a session with the defaults: the service's default port, no user, no flags. */
    public <S extends Session> S connect(Service<S> service, String host) throws InternetException {
        return connect(ConnectRequest.newBuilder(service, host).build());
    }

    /**
     * Opens a session on the executor. The future completes with the session, or exceptionally with
     * the {@link InternetException} that {@link #connect(ConnectRequest)} would have thrown; a
     * {@link InternetStatus#REQUEST_COMPLETE} event with either is published first.
     */
    public <S extends Session> CompletableFuture<S> connectAsync(ConnectRequest<S> request) {
        Objects.requireNonNull(request, "request");
        CompletableFuture<S> result = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                S session = connect(request);
                publishComplete(request, AsyncResult.of(session));
                result.complete(session);
            } catch (InternetException | RuntimeException e) {
                publishComplete(request, AsyncResult.failed(e));
                result.completeExceptionally(e);
            }
        };
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(isOpen() ? new InternetException(InternetError.ASYNC_THREAD_FAILED,
                    "the executor refused the connect to " + request.host(), e) : closedError());
        }
        return result;
    }

    private void publishComplete(ConnectRequest<?> request, AsyncResult outcome) {
        if (statusListener != null) {
            StatusDispatcher.publishOnce(statusListener, InternetStatus.REQUEST_COMPLETE, request, outcome);
        }
    }

    private Connection open(ServiceProvider provider, ConnectSpec spec, StatusDispatcher status)
            throws InternetException {
        try {
            Connection connection = provider.connect(spec, context.forConnect(status));
            return Objects.requireNonNull(connection, () -> provider.getClass().getName()
                    + ".connect returned null");
        } catch (RuntimeException e) {
            // A provider's bug must reach the caller as the one checked exception, not crash it.
            throw new InternetException(InternetError.INTERNAL_ERROR, "the " + spec.service().name()
                    + " provider " + provider.getClass().getName() + " failed: " + e, e);
        }
    }

    /**
     * Opens what a URL names, for reading: WinINet's {@code InternetOpenUrl}. The provider is chosen
     * by the URL's scheme; the session is connected to the URL's host and port with its user info
     * (percent-decoded) and the flags its scheme implies ({@code https}, {@code ftps} and
     * {@code gophers} are {@link ConnectFlag#SECURE}), plus any given here. Closing the stream
     * closes the session. The URL, without its password, is the session's context object for
     * status events.
     *
     * <pre>{@code
     * try (InputStream in = internet.openUrl(URI.create("gopher://gopher.floodgap.com/0/gopher/proxy"))) {
     *     in.transferTo(System.out);
     * }
     * }</pre>
     *
     * @throws InternetException {@link InternetError#UNRECOGNIZED_SCHEME} naming the installed
     *     schemes, {@link InternetError#PROTOCOL_NOT_FOUND} for an FTP, HTTP or Gopher URL whose
     *     provider is not installed, {@link InternetError#INVALID_URL} for a relative URL or one
     *     without a host, and whatever {@link #connect(ConnectRequest)} and the provider's read throw
     */
    public InputStream openUrl(URI uri, ConnectFlag... flags) throws InternetException {
        ServiceProvider provider = urlProvider(uri);
        Session session = connect(UrlRequests.forUrl(uri, provider, flags));
        InputStream in;
        try {
            in = provider.openUrl(session, uri);
        } catch (InternetException | RuntimeException e) {
            session.close();
            throw e instanceof InternetException ? (InternetException) e
                    : new InternetException(InternetError.INTERNAL_ERROR, "the " + provider.service().name()
                            + " provider failed to open " + uri.getScheme() + "://" + uri.getHost() + ": " + e, e);
        }
        return new FilterInputStream(in) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    session.close();
                }
            }
        };
    }

    /**
     * Connects to the site a URL names, as {@link #openUrl(URI, ConnectFlag...)} does, but opens
     * nothing: WinINet's {@code InternetCrackUrl} followed by {@code InternetConnect}. The session is
     * the one of the service that handles the URL's scheme; the URL's path is left to the caller.
     *
     * <pre>{@code
     * try (Session session = internet.connectUrl(URI.create("ftp://joe:secret@ftp.example.org/pub/"))) {
     *     if (session instanceof FtpSession ftp) {
     *         ftp.list("/pub/").forEach(System.out::println);
     *     }
     * }
     * }</pre>
     *
     * @throws InternetException as {@link #openUrl(URI, ConnectFlag...)}, before anything is sent
     *     for a bad URL or a missing provider
     */
    public Session connectUrl(URI uri, ConnectFlag... flags) throws InternetException {
        return connect(UrlRequests.forUrl(uri, urlProvider(uri), flags));
    }

    private ServiceProvider urlProvider(URI uri) throws InternetException {
        Objects.requireNonNull(uri, "uri");
        ensureOpen();
        UrlRequests.check(uri);
        return registry.requireScheme(uri.getScheme());
    }

    /** The services whose providers are installed, by id. */
    public List<ServiceInfo> services() {
        return registry.services();
    }

    /** The providers this {@code Internet} chooses from. */
    public ProviderRegistry registry() {
        return registry;
    }

    /** The user agent. */
    public String agent() {
        return agent;
    }

    /** The proxy settings. */
    public ProxyConfig proxy() {
        return proxy;
    }

    /** How long a connection may take to open. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long a read may wait for the next byte. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** How long a write may wait for the server to take in anything. */
    public Duration writeTimeout() {
        return writeTimeout;
    }

    /** How long a whole operation may take, if the builder set a bound. */
    public Optional<Duration> deadline() {
        return Optional.ofNullable(deadline);
    }

    /** Whether providers send local files with {@code sendfile}. */
    public boolean zeroCopy() {
        return zeroCopy;
    }

    /**
     * The socket receive buffer providers ask the kernel for, in bytes; 0 leaves it to the kernel's
     * auto-tuning, -1 (the default) lets each provider choose.
     */
    public int receiveBufferSize() {
        return receiveBufferSize;
    }

    /**
     * The TLS context set on the builder; empty means one made from {@link #trust()}, which
     * verifies.
     */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /** The certificate authorities TLS trusts, unless the builder gave a whole {@link #sslContext()}. */
    public Trust trust() {
        return trust;
    }

    /** The executor of asynchronous operations. */
    public Executor executor() {
        return executor;
    }

    /** The status listener, if one was set. */
    public Optional<StatusListener> statusListener() {
        return Optional.ofNullable(statusListener);
    }

    /** The listener of timed call steps, if one was set. */
    public Optional<EventListener> eventListener() {
        return Optional.ofNullable(eventListener);
    }

    /** The authenticator that gives credentials on demand; empty unless the builder set one. */
    public Optional<Authenticator> authenticator() {
        return Optional.ofNullable(authenticator);
    }

    /** The HTTP authentication schemes that may answer a challenge; Basic and Digest unless the builder said. */
    public Set<AuthScheme> authSchemes() {
        return authSchemes;
    }

    /** The HTTP interceptors, in the order they run; empty unless the builder added some. */
    public List<Interceptor> interceptors() {
        return interceptors;
    }

    /**
     * The cookie jar the builder was given; empty for the default, the HTTP provider's store, which
     * {@link io.inetkit.http.HttpSession#cookies()} gives.
     */
    public Optional<CookieJar> cookieJar() {
        return Optional.ofNullable(cookieJar);
    }

    /** The password sent for anonymous FTP. */
    public String anonymousPassword() {
        return anonymousPassword;
    }

    /** The bounds on what a server may make a session hold or wait through. */
    public Limits limits() {
        return limits;
    }

    /** When a failed operation is tried again; {@link RetryPolicy#defaults()} unless the builder set another. */
    public RetryPolicy retries() {
        return retries;
    }

    /** Whether HTTP sessions ask for compressed bodies and decode them; see {@link Builder#contentDecoding}. */
    public boolean contentDecoding() {
        return contentDecoding;
    }

    /** The HTTP cache, if the builder gave one; see {@link Builder#httpCache}. */
    public Optional<HttpCache> httpCache() {
        return Optional.ofNullable(httpCache);
    }

    /** Whether this {@code Internet} is open. */
    public boolean isOpen() {
        synchronized (handles) {
            return !closed;
        }
    }

    private void ensureOpen() throws InternetException {
        if (!isOpen()) {
            throw closedError();
        }
    }

    private static InternetException closedError() {
        return new InternetException(InternetError.INVALID_HANDLE,
                "this Internet is closed; build a new one to connect again");
    }

    private void forget(Handle handle) {
        synchronized (handles) {
            handles.remove(handle);
        }
    }

    /**
     * Closes every open session, then the resources providers share, then the executor this
     * {@code Internet} made (not one given to the builder). Harmless to call again.
     */
    @Override
    public void close() {
        List<Handle> open;
        synchronized (handles) {
            if (closed) {
                return;
            }
            closed = true;
            open = new ArrayList<>(handles);
        }
        LOG.debug("closing Internet with {} open sessions", open.size());
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        connectionCache.closeAll();
        context.closeShared();
        if (ownedExecutor != null) {
            ownedExecutor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "Internet[agent=" + agent + ", proxy=" + proxy + ", services=" + registry
                + (isOpen() ? "" : ", closed") + "]";
    }

    /**
     * Builds an {@link Internet}. Settings are checked as they are given: a bad value throws
     * {@link IllegalArgumentException} there. Not thread-safe.
     */
    public static final class Builder {

        private String agent = "inetkit/" + version();
        private ProxyConfig proxy = ProxyConfig.system();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
        private Duration deadline;
        private boolean zeroCopy;
        private int receiveBufferSize = -1;
        private SSLContext sslContext;
        private Trust trust;
        private Executor executor;
        private StatusListener statusListener;
        private EventListener eventListener;
        private final List<Interceptor> interceptors = new ArrayList<>();
        private Authenticator authenticator;
        private Set<AuthScheme> authSchemes = EnumSet.of(AuthScheme.BASIC, AuthScheme.DIGEST);
        private CookieJar cookieJar;
        private String anonymousPassword = DEFAULT_ANONYMOUS_PASSWORD;
        private Limits limits = Limits.defaults();
        private RetryPolicy retries = RetryPolicy.defaults();
        private boolean contentDecoding = true;
        private HttpCache httpCache;
        private ProviderRegistry registry;

        private Builder() {
        }

        /** The user agent; {@code inetkit/<version>} by default. */
        public Builder agent(String agent) {
            if (Objects.requireNonNull(agent, "agent").isBlank() || ConnectValidator.hasControl(agent)) {
                throw new IllegalArgumentException("agent must be printable text: " + agent);
            }
            this.agent = agent;
            return this;
        }

        /** The proxy; {@link ProxyConfig#system()} by default. */
        public Builder proxy(ProxyConfig proxy) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
            return this;
        }

        /** How long a connection (with its TLS handshake) may take; 30 seconds by default. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * How long any read may wait for the next byte; 60 seconds by default. When it runs out the
         * connection is cut and the operation fails with {@link InternetError#TIMEOUT}.
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        /**
         * How long any write may wait for the server to take in a byte: requests, uploads, HTTP
         * bodies; 60 seconds by default, as the read timeout. When it runs
         * out the connection is cut and the operation fails with {@link InternetError#TIMEOUT}. A
         * server that keeps taking in bytes, however slowly, is not cut: that is the deadline's job.
         */
        public Builder writeTimeout(Duration timeout) {
            this.writeTimeout = positive(timeout, "writeTimeout");
            return this;
        }

        /**
         * How long one whole operation may take, however steadily bytes flow: a connect (with its
         * login), each session operation, an HTTP request — from its start to the end of reading its
         * result, an open stream or body included until it is closed. None by default. When it runs
         * out the connection is cut, the operation (or the read of its stream) fails with
         * {@link InternetError#TIMEOUT}, and a download leaves nothing under its final name.
         */
        public Builder deadline(Duration deadline) {
            this.deadline = positive(deadline, "deadline");
            return this;
        }

        /**
         * Whether providers send a local file ({@code FtpSession.put}, an HTTP/1.1
         * {@code RequestBody.ofFile}) with {@code sendfile}, straight from the page cache to a
         * plain TCP socket; off by default. It halves the sender's CPU per byte, but on loopback,
         * where the receiving server is the bottleneck, it did not make uploads faster, and once made
         * them much slower; over a real network it is expected to pay. See
         * {@link io.inetkit.toolbox.ZeroCopy}.
         */
        public Builder zeroCopy(boolean zeroCopy) {
            this.zeroCopy = zeroCopy;
            return this;
        }

        /**
         * The socket receive buffer, in bytes, that providers ask the kernel for before connecting;
         * 0 leaves it to the kernel's auto-tuning. By default each provider chooses: the HTTP/1.1
         * engine asks for 4 MiB where the kernel allows that much ({@code net.core.rmem_max}), which
         * took a third less CPU per byte than auto-tuning in its download benchmark, and otherwise
         * leaves it to the kernel. The kernel caps what it grants.
         */
        public Builder receiveBufferSize(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("receiveBufferSize must be 0 or more: " + bytes);
            }
            this.receiveBufferSize = bytes;
            return this;
        }

        /**
         * The whole TLS context for secure connections, for what {@link #trust(Trust)} cannot say
         * (a client certificate, a provider of your own). Not with {@code trust}. Protocol versions
         * and cipher suites are still chosen by inetkit: TLS 1.2 and 1.3, forward-secret suites only.
         * FTPS servers that require TLS 1.2 session reuse (vsftpd's default) need such a context made
         * with {@code -Djdk.tls.client.enableSessionTicketExtension=false}; one made from a
         * {@code Trust} needs nothing.
         */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /**
         * The certificate authorities that TLS connections trust; {@link Trust#system()} by default.
         * Trust your own CA here rather than weakening checks with {@code INSECURE_} flags:
         * {@code trust(Trust.system().and(Trust.pem(Path.of("corp-ca.pem"))))}. Not with
         * {@link #sslContext(SSLContext)}.
         */
        public Builder trust(Trust trust) {
            this.trust = Objects.requireNonNull(trust, "trust");
            return this;
        }

        /**
         * The executor for asynchronous operations. By default the {@code Internet} makes a pool of
         * daemon threads and shuts it down on close; an executor given here is left running.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** The listener for the status events of every session; none by default. */
        public Builder statusListener(StatusListener listener) {
            this.statusListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The listener of the timed steps of every call of every session (resolving, connecting,
         * TLS, request, response, end), as OkHttp's; none by default. It sits beside the
         * {@link #statusListener(StatusListener) status listener}, whose WinINet events are published
         * as before. See {@link EventListener} for what each provider reports.
         */
        public Builder eventListener(EventListener listener) {
            this.eventListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Adds an HTTP interceptor: a stage of the application's own in every call of every
         * {@link io.inetkit.http.HttpSession} of this {@code Internet}, run once per call, before
         * the provider's checks, redirects and authentication. Interceptors run in the order they
         * are added. See {@link Interceptor} for an example and for how to fail a call.
         */
        public Builder interceptor(Interceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /**
         * Gives HTTP credentials on demand, per server or proxy, scheme and realm, to sessions that
         * have no user of their own; none by default. See {@link Authenticator}.
         */
        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
            return this;
        }

        /**
         * The HTTP authentication schemes that may answer a server's 401; {@code BASIC} and
         * {@code DIGEST} by default, and the strongest the server offers is taken. {@code BASIC} alone also sends Basic up front, before
         * any challenge, as curl's {@code --basic}; {@code DIGEST} alone never sends a password in
         * clear, as curl's {@code --digest}.
         *
         * @throws IllegalArgumentException if none is given
         */
        public Builder authSchemes(AuthScheme... schemes) {
            if (schemes.length == 0) {
                throw new IllegalArgumentException("give at least one scheme; to answer no challenge,"
                        + " connect with ConnectFlag.NO_AUTH");
            }
            EnumSet<AuthScheme> set = EnumSet.noneOf(AuthScheme.class);
            for (AuthScheme scheme : schemes) {
                set.add(Objects.requireNonNull(scheme, "scheme"));
            }
            this.authSchemes = set;
            return this;
        }

        /**
         * Where HTTP sessions keep cookies. By default each {@code Internet} keeps them, in memory, as
         * WinINet does and browsers do, so that a login's session cookie carries to the next request
         * and over redirects: a store of the HTTP provider's, bounded by the cookie {@link Limits}.
         * {@link CookieJar#none()} keeps none, as OkHttp does by default;
         * {@link CookieJar#from(java.net.CookieHandler)} shares the JDK's. A session turns them off
         * for itself with {@link ConnectFlag#NO_COOKIES}.
         */
        public Builder cookieJar(CookieJar jar) {
            this.cookieJar = Objects.requireNonNull(jar, "jar");
            return this;
        }

        /**
         * The password for anonymous FTP, by custom an e-mail address; {@value #DEFAULT_ANONYMOUS_PASSWORD}
         * by default, as curl sends, so that no server learns the local user's name.
         */
        public Builder anonymousPassword(String password) {
            if (ConnectValidator.hasControl(Objects.requireNonNull(password, "password"))) {
                throw new IllegalArgumentException("anonymous password must not hold control characters");
            }
            this.anonymousPassword = password;
            return this;
        }

        /** The bounds on what a server may send; {@link Limits#defaults()} by default. */
        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * When an operation that failed before the server answered is tried again, and the waits in
         * between (WinINet's {@code INTERNET_OPTION_CONNECT_RETRIES} and {@code CONNECT_BACKOFF});
         * {@link RetryPolicy#defaults()} by default, {@link RetryPolicy#none()} for no retries.
         */
        public Builder retries(RetryPolicy retries) {
            this.retries = Objects.requireNonNull(retries, "retries");
            return this;
        }

        /**
         * Whether HTTP requests ask for compressed bodies ({@code Accept-Encoding: gzip, deflate})
         * and decode them as they are read: WinINet's {@code INTERNET_OPTION_HTTP_DECODING}. On by
         * default, as in OkHttp and browsers: text compresses several times over, and one core
         * decodes some 350 MB of it a second, so on any network slower than that the bytes saved
         * take longer to receive than decoding takes. A decoded response has no
         * {@code Content-Encoding} or {@code Content-Length} (they described the bytes as sent);
         * a response to {@code HEAD}, a 204 or a 304 keeps them. A request that sets its own
         * {@code Accept-Encoding}, or that turns it off with
         * {@link io.inetkit.http.HttpRequest.Builder#contentDecoding(boolean)}, gets the body as
         * sent, as does a coding other than {@code gzip}, {@code x-gzip} and {@code deflate}.
         * Corrupt data fails the read with {@link InternetError#DECODING_FAILED}; the decoded size
         * is bounded by {@link Limits#maxDecodingRatio()}.
         */
        public Builder contentDecoding(boolean decode) {
            this.contentDecoding = decode;
            return this;
        }

        /**
         * An HTTP cache for the sessions of this {@code Internet}: WinINet's URL cache. None by
         * default, as in OkHttp: a cache writes to disk, which an application chooses where and
         * how much. Requests choose how they use it with
         * {@link io.inetkit.http.HttpRequest.Builder#cacheFlags}.
         */
        public Builder httpCache(HttpCache cache) {
            this.httpCache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /** The providers to use; {@link ProviderRegistry#load()} by default. */
        public Builder registry(ProviderRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * The {@code Internet}.
         *
         * @throws IllegalStateException if both a TLS context and a trust were given
         */
        public Internet build() {
            if (sslContext != null && trust != null) {
                throw new IllegalStateException("give either sslContext or trust, not both: a trust is"
                        + " made into a context, and a given context already has its own");
            }
            if (trust == null) {
                trust = Trust.system();
            }
            return new Internet(this);
        }

        private static Duration positive(Duration timeout, String name) {
            Objects.requireNonNull(timeout, name);
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + timeout);
            }
            if (timeout.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException(name + " must be at most a day: " + timeout);
            }
            return timeout;
        }

        private static String version() {
            // A module's version survives jlink; a jar manifest's does not, but is all there is
            // on the class path.
            Module module = Internet.class.getModule();
            if (module.isNamed() && module.getDescriptor().rawVersion().isPresent()) {
                return module.getDescriptor().rawVersion().get();
            }
            String version = Internet.class.getPackage().getImplementationVersion();
            return version != null ? version : "dev";
        }
    }
}
