package io.inetkit.internal;

import io.inetkit.EventListener;
import io.inetkit.Internet;
import io.inetkit.Limits;
import io.inetkit.RetryPolicy;
import io.inetkit.ProxyConfig;
import io.inetkit.http.AuthScheme;
import io.inetkit.http.Authenticator;
import io.inetkit.http.CookieJar;
import io.inetkit.http.HttpCache;
import io.inetkit.http.Interceptor;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.StatusPublisher;
import io.inetkit.toolbox.Logs;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;

/**
 * The part of an {@link Internet} that its providers see: its settings and the resources they
 * share, which close with it.
 */
public final class InternetContext {

    private static final Logger LOG = Logs.get(InternetContext.class);

    private final Internet internet;
    private final Map<Class<?>, Object> shared = new LinkedHashMap<>(); // guarded by shared
    private boolean closed; // guarded by shared
    private SSLContext tls; // guarded by shared

    /** The context of an {@code Internet}. */
    public InternetContext(Internet internet) {
        this.internet = internet;
    }

    /**
     * The context made from the {@code Internet}'s trust, made on first use: loading a trust store
     * costs start-up time that a plain-text session never needs.
     */
    private SSLContext trustedContext() {
        synchronized (shared) {
            if (tls == null) {
                try {
                    tls = TlsContexts.of(internet.trust());
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("cannot make a TLS context for " + internet.trust(), e);
                }
            }
            return tls;
        }
    }

    /** The provider's view for one connect, publishing with that connect's context. */
    public ProviderContext forConnect(StatusPublisher status) {
        return new View(status);
    }

    Executor executor() {
        return internet.executor();
    }

    boolean isOpen() {
        return internet.isOpen();
    }

    /** Closes the shared resources, newest first. */
    public void closeShared() {
        List<Object> resources;
        synchronized (shared) {
            closed = true;
            resources = new ArrayList<>(shared.values());
            shared.clear();
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            if (resources.get(i) instanceof AutoCloseable) {
                try {
                    ((AutoCloseable) resources.get(i)).close();
                } catch (Exception e) {
                    LOG.warn("closing shared {} failed", resources.get(i).getClass().getName(), e);
                }
            }
        }
    }

    private final class View implements ProviderContext {

        private final StatusPublisher status;

        View(StatusPublisher status) {
            this.status = status;
        }

        @Override
        public String agent() {
            return internet.agent();
        }

        @Override
        public Duration connectTimeout() {
            return internet.connectTimeout();
        }

        @Override
        public Duration readTimeout() {
            return internet.readTimeout();
        }

        @Override
        public Duration writeTimeout() {
            return internet.writeTimeout();
        }

        @Override
        public Optional<Duration> deadline() {
            return internet.deadline();
        }

        @Override
        public boolean zeroCopy() {
            return internet.zeroCopy();
        }

        @Override
        public int receiveBufferSize() {
            return internet.receiveBufferSize();
        }

        @Override
        public ProxyConfig proxy() {
            return internet.proxy();
        }

        @Override
        public Limits limits() {
            return internet.limits();
        }

        @Override
        public RetryPolicy retries() {
            return internet.retries();
        }

        @Override
        public boolean contentDecoding() {
            return internet.contentDecoding();
        }

        @Override
        public Optional<HttpCache> httpCache() {
            return internet.httpCache();
        }

        @Override
        public SSLContext sslContext() {
            return internet.sslContext().orElseGet(InternetContext.this::trustedContext);
        }

        @Override
        public Executor executor() {
            return internet.executor();
        }

        @Override
        public Optional<EventListener> eventListener() {
            return internet.eventListener();
        }

        @Override
        public List<Interceptor> httpInterceptors() {
            return internet.interceptors();
        }

        @Override
        public Optional<Authenticator> httpAuthenticator() {
            return internet.authenticator();
        }

        @Override
        public Set<AuthScheme> httpAuthSchemes() {
            return internet.authSchemes();
        }

        @Override
        public Optional<CookieJar> cookieJar() {
            return internet.cookieJar();
        }

        @Override
        public StatusPublisher status() {
            return status;
        }

        @Override
        public <T> T shared(Class<T> key, Supplier<? extends T> factory) {
            synchronized (shared) {
                if (closed) {
                    throw new IllegalStateException("the Internet is closed");
                }
                Object existing = shared.get(key);
                if (existing == null) {
                    existing = java.util.Objects.requireNonNull(factory.get(), "shared resource factory returned null");
                    shared.put(key, existing);
                }
                return key.cast(existing);
            }
        }
    }
}
