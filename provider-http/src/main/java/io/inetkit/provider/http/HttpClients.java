package io.inetkit.provider.http;

import io.inetkit.ProxyConfig;
import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 */
final class HttpClients implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpClients.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final int instance = INSTANCES.incrementAndGet();
    private final ExecutorService executor;
    private final ConcurrentHashMap<TlsMode, HttpClient> clients = new ConcurrentHashMap<>();
    private final Duration connectTimeout;
    private final ProxyConfig proxy;
    private volatile boolean closed;

    HttpClients(Duration connectTimeout, ProxyConfig proxy) {
        this.connectTimeout = connectTimeout;
        this.proxy = proxy;
        this.executor = Executors.newCachedThreadPool(daemons("inetkit-httpclient-" + instance + "-"));
    }

    /** The client for this TLS context; one per mode keeps insecure clients apart. */
    HttpClient client(SSLContext tls, TlsMode mode) {
        return clients.computeIfAbsent(mode, k -> build(tls));
    }

    boolean isClosed() {
        return closed;
    }

    private HttpClient build(SSLContext tls) {
        SSLParameters parameters = tls.getDefaultSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .sslContext(tls)
                .sslParameters(parameters)
                // Redirects are followed by HttpSessionImpl: the JDK would follow HTTPS to HTTP.
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor);
        ProxySelector selector = proxySelector(proxy);
        if (selector != null) {
            builder.proxy(selector);
        }
        if (proxy.user().isPresent() && proxy.password().isPresent()) {
            builder.authenticator(new ProxyAuthenticator(proxy.user().get(), proxy.password().get()));
        }
        LOG.debug("HttpClient {} made; proxy {}", instance, proxy);
        return builder.build();
    }

    /** The selector for the {@code Internet}'s proxy; {@code null} for a direct connection. */
    static ProxySelector proxySelector(ProxyConfig proxy) {
        switch (proxy.type()) {
            case SYSTEM:
                return ProxySelector.getDefault();
            case HTTP:
                return new BypassingSelector(proxy);
            default:
                // DIRECT; SOCKS5 is refused at connect for hosts it does not bypass.
                return null;
        }
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

    /** An HTTP proxy, gone around for the hosts of the bypass list. */
    private static final class BypassingSelector extends ProxySelector {
        private final ProxyConfig config;
        private final List<Proxy> viaProxy;

        BypassingSelector(ProxyConfig config) {
            this.config = config;
            this.viaProxy = List.of(new Proxy(Proxy.Type.HTTP,
                    InetSocketAddress.createUnresolved(config.host().orElseThrow(), config.port())));
        }

        @Override
        public List<Proxy> select(URI uri) {
            String host = uri.getHost() == null ? "" : uri.getHost();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return config.bypasses(host) ? List.of(Proxy.NO_PROXY) : viaProxy;
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException e) {
            LOG.debug("cannot reach proxy {} for {}: {}", address, uri.getHost(), e.toString());
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
