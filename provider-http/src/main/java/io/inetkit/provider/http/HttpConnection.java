package io.inetkit.provider.http;

import io.inetkit.ConnectFlag;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Session;
import io.inetkit.provider.http.h1.H1Pool;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.Connection;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.SessionSupport;
import java.net.http.HttpClient;

/**
 * A site to talk HTTP to. It holds no socket of its own: connections live in the pools of the
 * {@code Internet} (the HTTP/1.1 engine's {@link H1Pool}, and the shared {@link HttpClient}'s for
 * HTTP/2), opened by the first request and reused by every session to the same
 * site, which is what WinINet's advice to cache connect handles is for.
 */
final class HttpConnection implements Connection {

    private final ConnectSpec spec;
    private final ProviderContext context;
    private volatile boolean closed;

    HttpConnection(ConnectSpec spec, ProviderContext context) {
        this.spec = spec;
        this.context = context;
    }

    ConnectSpec spec() {
        return spec;
    }

    ProviderContext context() {
        return context;
    }

    boolean secure() {
        return spec.has(ConnectFlag.SECURE);
    }

    /** The shared client of this session's {@link TlsMode}, made on first use. */
    HttpClient client() throws InternetException {
        return clients().client(TlsMode.of(spec), spec, context);
    }

    HttpClients clients() throws InternetException {
        try {
            HttpClients shared = context.shared(HttpClients.class,
                    () -> new HttpClients(context.connectTimeout(), context.proxy()));
            if (shared.isClosed()) {
                throw new IllegalStateException("closed");
            }
            return shared;
        } catch (IllegalStateException e) {
            throw new InternetException(InternetError.INVALID_HANDLE, "the Internet of " + spec.host() + ":"
                    + spec.port() + " is closed", e);
        }
    }

    /** The {@code Internet}'s pool of the HTTP/1.1 engine, made on first use. */
    H1Pool pool() throws InternetException {
        try {
            H1Pool pool = context.shared(H1Pool.class, H1Pool::new);
            if (pool.isClosed()) {
                throw new IllegalStateException("closed");
            }
            return pool;
        } catch (IllegalStateException e) {
            throw new InternetException(InternetError.INVALID_HANDLE, "the Internet of " + spec.host() + ":"
                    + spec.port() + " is closed", e);
        }
    }

    @Override
    public Session newSession(SessionSupport support) {
        return new HttpSessionImpl(support, this);
    }

    @Override
    public boolean isUsable() {
        return !closed;
    }

    @Override
    public void close() {
        // The pooled connections belong to the Internet's client and close with it.
        closed = true;
    }
}
