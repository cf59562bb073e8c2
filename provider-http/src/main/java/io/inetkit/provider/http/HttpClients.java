package io.inetkit.provider.http;

import io.inetkit.ConnectFlag;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ProxyConfig;
import io.inetkit.http.AuthScheme;
import io.inetkit.provider.http.h1.HttpRoutes;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.ProxyRoute;
import io.inetkit.spi.TlsSupport;
import io.inetkit.toolbox.Logs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Authenticator;
import java.net.ConnectException;
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
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;

/**
 * What every HTTP/2 exchange of one {@code Internet} shares, kept in
 * {@link io.inetkit.spi.ProviderContext#shared}: the {@link HttpClient} and so its connection pool,
 * and the threads it runs on.
 *
 * <p>There is one client per {@link TlsMode}: the {@code Internet}'s verifying context, and only if
 * a session asks for {@code INSECURE_TRUST_ANY_CERTIFICATE}, one more, so that an insecure session
 * can never lend its connections to a verifying one. HttpClient has no {@code close()} on JDK 17;
 * closing this holder shuts down the executor the clients run on, and the JDK's selector thread
 * ends once the client is unreachable.
 *
 * <p>Proxies: {@code java.net.http} goes through HTTP proxies only, and will not send Basic
 * credentials for a {@code CONNECT} tunnel ({@code jdk.http.auth.tunneling.disabledSchemes}). What
 * it cannot do honestly is refused before anything is sent ({@link #refusal}), with
 * {@code NOT_SUPPORTED} and what to do instead: HTTP/1.1, the default, goes everywhere.
 */
final class HttpClients implements AutoCloseable {

    private static final Logger LOG = Logs.get(HttpClients.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** The JDK's net property, and its default in {@code conf/net.properties}. */
    private static final String TUNNEL_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";

    private final int instance = INSTANCES.incrementAndGet();
    private final ExecutorService executor;
    private final ConcurrentHashMap<TlsMode, HttpClient> clients = new ConcurrentHashMap<>();
    private final Duration connectTimeout;
    private final ProxyConfig proxy;
    private final ProxyAuthenticator authenticator;
    private final Set<SSLSession> sessions = Collections.newSetFromMap(new WeakHashMap<>()); // guarded by itself
    private final HandshakeWatch handshakes = new HandshakeWatch();
    private volatile boolean closed;

    HttpClients(Duration connectTimeout, ProxyConfig proxy) {
        this.connectTimeout = connectTimeout;
        this.proxy = proxy;
        this.authenticator = proxy.user().isPresent() && proxy.password().isPresent()
                ? new ProxyAuthenticator(proxy.user().get(), proxy.password().get()) : null;
        this.executor = Executors.newCachedThreadPool(daemons("inetkit-httpclient-" + instance + "-"));
    }

    /** The client for this mode, made on first use with the mode's TLS context. */
    HttpClient client(TlsMode mode, ConnectSpec spec, io.inetkit.spi.ProviderContext context)
            throws InternetException {
        HttpClient client = clients.get(mode);
        if (client != null) {
            return client;
        }
        SSLContext tls = mode.context(spec, context);
        return clients.computeIfAbsent(mode, k -> build(tls));
    }

    /** The handshakes of every client made here. */
    HandshakeWatch handshakes() {
        return handshakes;
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

    /**
     * Why java.net.http cannot carry this hop honestly, if it cannot: the session skips the host
     * name check, which java.net.http does only JVM-wide; the proxy is SOCKS, which java.net.http
     * ignores and would go around; the proxy wants Basic credentials for a tunnel, which
     * java.net.http will not send; the proxy is to be answered with Digest or Negotiate, which
     * java.net.http does not have.
     */
    Optional<InternetException> refusal(URI uri, ConnectSpec spec) {
        boolean secure = "https".equalsIgnoreCase(uri.getScheme());
        String what = "HTTP/2 to " + Uris.where(uri);
        if (secure && spec.has(ConnectFlag.INSECURE_SKIP_HOSTNAME_CHECK)
                && !spec.has(ConnectFlag.INSECURE_TRUST_ANY_CERTIFICATE)) {
            return Optional.of(new InternetException(InternetError.NOT_SUPPORTED, what + " cannot skip the host name"
                    + " check of INSECURE_SKIP_HOSTNAME_CHECK: java.net.http, which runs HTTP/2, checks it on every"
                    + " connection unless a JVM-wide system property says otherwise; send the request without"
                    + " HttpVersion.HTTP_2 (HTTP/1.1, which honours the flag), or connect with a host name the"
                    + " certificate lists"));
        }
        ProxyRoute route = route(uri);
        if (route.kind() == ProxyRoute.Kind.SOCKS5) {
            return Optional.of(new InternetException(InternetError.NOT_SUPPORTED, what + " cannot go through "
                    + route.describe() + ": java.net.http, which runs HTTP/2, has no SOCKS and would go around"
                    + " it; send the request without HttpVersion.HTTP_2 (HTTP/1.1 goes through SOCKS5), or"
                    + " use an HTTP proxy"));
        }
        if (route.kind() == ProxyRoute.Kind.HTTP
                && !HttpRoutes.proxyFor(proxy, secure, host(uri), port(uri)).authSchemes().equals(Set.of(AuthScheme.BASIC))) {
            return Optional.of(new InternetException(InternetError.NOT_SUPPORTED, what + " cannot answer "
                    + route.describe() + " with Digest or Negotiate: java.net.http, which runs HTTP/2, answers a"
                    + " proxy's challenge with Basic only; send the request without HttpVersion.HTTP_2 (HTTP/1.1"
                    + " answers them), or allow only AuthScheme.BASIC in ProxyConfig.withAuthSchemes"));
        }
        if (secure && route.kind() == ProxyRoute.Kind.HTTP && route.user().isPresent() && basicTunnelsDisabled()) {
            return Optional.of(new InternetException(InternetError.NOT_SUPPORTED, what + " cannot go through "
                    + route.describe() + " with its user and password: java.net.http, which runs HTTP/2, sends"
                    + " no Basic credentials for a CONNECT tunnel (its net property " + TUNNEL_SCHEMES + ");"
                    + " send the request without HttpVersion.HTTP_2 (HTTP/1.1 sends them), or start the JVM"
                    + " with -D" + TUNNEL_SCHEMES + "="));
        }
        return Optional.empty();
    }

    private static boolean basicTunnelsDisabled() {
        String disabled = System.getProperty(TUNNEL_SCHEMES, "Basic"); // the default of conf/net.properties
        for (String scheme : disabled.split(",")) {
            if (scheme.strip().equalsIgnoreCase("basic")) {
                return true;
            }
        }
        return false;
    }

    /** The proxy for a URI, as the HTTP/1.1 engine chooses it. */
    private ProxyRoute route(URI uri) {
        String host = host(uri);
        ProxyConfig config = HttpRoutes.proxyFor(proxy, "https".equalsIgnoreCase(uri.getScheme()), host, port(uri));
        return ProxyRoute.select(config, host, port(uri));
    }

    private HttpClient build(SSLContext context) {
        SSLContext tls = handshakes.watching(context);
        SSLParameters parameters = TlsSupport.modern(tls);
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .sslContext(tls)
                .sslParameters(parameters)
                // Redirects are followed by FollowRedirects: the JDK would follow HTTPS to HTTP.
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .proxy(new RouteSelector());
        if (authenticator != null) {
            builder.authenticator(authenticator);
        }
        LOG.debug("HttpClient {} made; proxy {}", instance, proxy);
        return builder.build();
    }

    /**
     * The proxy's part in a failed exchange, as an error that names the proxy: java.net.http's own
     * failures to reach an HTTP proxy or tunnel through it.
     */
    Optional<InternetException> proxyFailure(URI uri, IOException e) {
        if (uri.getHost() == null) {
            return Optional.empty();
        }
        ProxyRoute route = route(uri);
        if (route.kind() != ProxyRoute.Kind.HTTP) {
            return Optional.empty();
        }
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
            return Optional.of(new InternetException(error, route.describe() + " refused to connect to "
                    + Uris.where(uri) + ": " + text, e));
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
        closed = true;
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

    static String host(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https") ? 443 : 80;
    }

    /**
     * The client's proxy for each request, chosen as the HTTP/1.1 engine chooses it (the bypass list,
     * the system's selector asked about the request's URI). A SOCKS proxy was refused before the
     * request ({@link #refusal}); should one turn up here all the same, the request fails rather than
     * go around it, as java.net.http would.
     */
    private final class RouteSelector extends ProxySelector {

        @Override
        public List<Proxy> select(URI uri) {
            ProxyRoute route = route(uri);
            switch (route.kind()) {
                case DIRECT:
                    return List.of(Proxy.NO_PROXY);
                case HTTP:
                    return List.of(new Proxy(Proxy.Type.HTTP, route.proxyAddress().orElseThrow()));
                default:
                    throw new UncheckedIOException(new InternetException(InternetError.NOT_SUPPORTED,
                            "java.net.http, which runs HTTP/2, cannot go through " + route.describe()));
            }
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException e) {
            LOG.debug("cannot reach proxy {} for {}: {}", address, uri.getHost(), e.toString());
            ProxySelector system = ProxySelector.getDefault();
            if (proxy.type() == ProxyConfig.Type.SYSTEM && system != null) {
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
