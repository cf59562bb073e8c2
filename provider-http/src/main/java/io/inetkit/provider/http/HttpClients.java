package io.inetkit.provider.http;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Ports;
import io.inetkit.ProxyConfig;
import io.inetkit.spi.ProxyRoute;
import io.inetkit.spi.TlsSupport;
import io.inetkit.toolbox.Logs;
import java.io.IOException;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;

/**
 * What every HTTP session of one {@code Internet} shares, kept in
 * {@link io.inetkit.spi.ProviderContext#shared}: the {@link HttpClient} and so its connection pool,
 * and the threads it runs on.
 *
 * <p>There is one client per {@link TlsMode}: the {@code Internet}'s verifying context, and only if
 * a session asks for {@code INSECURE_SKIP_HOSTNAME_CHECK} or {@code INSECURE_TRUST_ANY_CERTIFICATE},
 * one more for each, so that an insecure session can never lend its connections to a verifying one. HttpClient has no
 * {@code close()} on JDK 17; closing this holder shuts down the executor the clients run on, and
 * the JDK's selector thread ends once the client is unreachable.
 *
 * <p>Proxies: HTTP proxies are java.net.http's own. What it cannot do, a SOCKS5 proxy and an
 * authenticated {@code CONNECT} (the JDK disables Basic for tunnels, {@code
 * jdk.http.auth.tunneling.disabledSchemes}), goes through the {@link TunnelBridge} kept here.
 */
final class HttpClients implements AutoCloseable {

    private static final Logger LOG = Logs.get(HttpClients.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final int instance = INSTANCES.incrementAndGet();
    private final ExecutorService executor;
    private final ConcurrentHashMap<TlsMode, HttpClient> clients = new ConcurrentHashMap<>();
    private final Duration connectTimeout;
    private final ProxyConfig proxy;
    private final ProxyAuthenticator authenticator;
    private final Set<SSLSession> sessions = Collections.newSetFromMap(new WeakHashMap<>()); // guarded by itself
    private volatile TunnelBridge bridge;
    private volatile boolean closed;

    HttpClients(Duration connectTimeout, ProxyConfig proxy) {
        this.connectTimeout = connectTimeout;
        this.proxy = proxy;
        this.authenticator = proxy.user().isPresent() && proxy.password().isPresent()
                ? new ProxyAuthenticator(proxy.user().get(), proxy.password().get()) : null;
        this.executor = Executors.newCachedThreadPool(daemons("inetkit-httpclient-" + instance + "-"));
    }

    /** The client for this TLS context; one per mode keeps insecure clients apart. */
    HttpClient client(SSLContext tls, TlsMode mode) {
        return clients.computeIfAbsent(mode, k -> build(tls));
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Whether a TLS session is seen here for the first time. java.net.http does not say when it
     * opens a connection; a new connection has a new session, so its handshake is reported once.
     */
    boolean firstSeen(SSLSession session) {
        synchronized (sessions) {
            return sessions.add(session);
        }
    }

    private HttpClient build(SSLContext tls) {
        SSLParameters parameters = TlsSupport.modern(tls);
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .sslContext(tls)
                .sslParameters(parameters)
                // Redirects are followed by HttpSessionImpl: the JDK would follow HTTPS to HTTP.
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor);
        ProxySelector selector = proxySelector(proxy, this::bridge);
        if (selector != null) {
            builder.proxy(selector);
        }
        if (proxy.user().isPresent() && proxy.password().isPresent()) {
            builder.authenticator(authenticator);
        }
        LOG.debug("HttpClient {} made; proxy {}", instance, proxy);
        return builder.build();
    }

    /** The selector for the {@code Internet}'s proxy; {@code null} for a direct connection. */
    static ProxySelector proxySelector(ProxyConfig proxy, Supplier<TunnelBridge> bridge) {
        switch (proxy.type()) {
            case SYSTEM:
                return new SystemSelector(bridge);
            case HTTP:
            case SOCKS5:
                return new BypassingSelector(proxy, bridge);
            default:
                return null;
        }
    }

    /** The bridge for the tunnels java.net.http cannot make, made on first use. */
    synchronized TunnelBridge bridge() {
        if (bridge == null) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            bridge = new TunnelBridge(proxy, connectTimeout, instance);
        }
        return bridge;
    }

    /**
     * The proxy's part in a failed exchange, as an error that names the proxy: what the bridge's
     * real proxy said, or java.net.http's own failures to reach an HTTP proxy or tunnel through it.
     */
    Optional<InternetException> proxyFailure(URI uri, IOException e) {
        if (uri.getHost() == null) {
            return Optional.empty();
        }
        String host = BypassingSelector.host(uri);
        int port = BypassingSelector.port(uri);
        TunnelBridge current = bridge;
        Optional<InternetException> bridged = current == null ? Optional.empty() : current.failure(host, port);
        if (bridged.isPresent() || proxy.type() != ProxyConfig.Type.HTTP || proxy.bypasses(host)) {
            return bridged;
        }
        ProxyRoute route = ProxyRoute.select(proxy, host, port);
        String text = Errors.message(e);
        if (hasCause(e, ConnectException.class)) {
            return Optional.of(new InternetException(InternetError.PROXY_SERVER_UNREACHABLE, "cannot reach "
                    + route.describe() + ": " + text, e));
        }
        // java.net.http's words when the proxy keeps answering 407 to the credentials: the
        // Authenticator answers only proxies, so the refusal can only be the proxy's. (tinyproxy
        // 1.11 answers bad credentials with 401, which the JDK takes for the server's challenge.)
        if (authenticator != null && text.contains("too many authentication attempts")) {
            return Optional.of(new InternetException(InternetError.LOGIN_FAILURE, route.describe()
                    + " refused the user " + proxy.user().orElseThrow() + "; check the proxy user name and password", e));
        }
        if (text.contains("Tunnel failed") || text.contains("tunnel")) {
            InternetError error = text.contains("407") || text.contains("401") ? InternetError.LOGIN_FAILURE
                    : InternetError.CANNOT_CONNECT;
            return Optional.of(new InternetException(error, route.describe() + " refused to connect to " + host
                    + ":" + port + ": " + text, e));
        }
        return Optional.empty();
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (bridge != null) {
                bridge.close();
            }
        }
        executor.shutdownNow();
        clients.clear();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("threads of HttpClient {} still busy 5 s after close", instance);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * The proxy, gone around for the hosts of the bypass list: an HTTP proxy as it is, except for
     * authenticated tunnels, and a SOCKS5 proxy through the bridge.
     */
    private static final class BypassingSelector extends ProxySelector {
        private final ProxyConfig config;
        private final Supplier<TunnelBridge> bridge;
        private final List<Proxy> viaProxy;

        BypassingSelector(ProxyConfig config, Supplier<TunnelBridge> bridge) {
            this.config = config;
            this.bridge = bridge;
            this.viaProxy = List.of(new Proxy(Proxy.Type.HTTP,
                    InetSocketAddress.createUnresolved(config.host().orElseThrow(), config.port())));
        }

        @Override
        public List<Proxy> select(URI uri) {
            String host = host(uri);
            if (config.bypasses(host)) {
                return List.of(Proxy.NO_PROXY);
            }
            boolean tunnel = "https".equalsIgnoreCase(uri.getScheme()) || "wss".equalsIgnoreCase(uri.getScheme());
            if (config.type() == ProxyConfig.Type.SOCKS5 || tunnel && config.user().isPresent()) {
                return List.of(new Proxy(Proxy.Type.HTTP, bridge.get().addressFor(host, port(uri))));
            }
            return viaProxy;
        }

        static String host(URI uri) {
            String host = uri.getHost() == null ? "" : uri.getHost();
            return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        }

        static int port(URI uri) {
            if (uri.getPort() > 0) {
                return uri.getPort();
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return scheme.equals("https") || scheme.equals("wss") ? Ports.HTTPS : Ports.HTTP;
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException e) {
            LOG.debug("cannot reach proxy {} for {}: {}", address, uri.getHost(), e.toString());
        }
    }

    /**
     * The JVM's settings, read at each request. java.net.http would ignore a SOCKS proxy and go
     * direct, so the SOCKS answers (such as {@code -DsocksProxyHost}) go through the bridge.
     */
    private static final class SystemSelector extends ProxySelector {
        private final Supplier<TunnelBridge> bridge;

        SystemSelector(Supplier<TunnelBridge> bridge) {
            this.bridge = bridge;
        }

        @Override
        public List<Proxy> select(URI uri) {
            ProxySelector system = ProxySelector.getDefault();
            List<Proxy> proxies = system == null ? List.of(Proxy.NO_PROXY) : system.select(uri);
            if (!proxies.isEmpty() && proxies.get(0).type() == Proxy.Type.SOCKS) {
                return List.of(new Proxy(Proxy.Type.HTTP, bridge.get().addressFor(BypassingSelector.host(uri),
                        BypassingSelector.port(uri))));
            }
            return proxies;
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException e) {
            ProxySelector system = ProxySelector.getDefault();
            if (system != null) {
                system.connectFailed(uri, address, e);
            }
        }
    }

    /** Answers the proxy's challenges only; the server's Basic auth is sent by the session. */
    private static final class ProxyAuthenticator extends Authenticator {
        private final String user;
        private final char[] password;

        ProxyAuthenticator(String user, String password) {
            this.user = user;
            this.password = password.toCharArray();
        }

        @Override
        protected PasswordAuthentication getPasswordAuthentication() {
            return getRequestorType() == RequestorType.PROXY ? new PasswordAuthentication(user, password.clone()) : null;
        }
    }
}
