package io.inetkit.internal;

import io.inetkit.AsyncResult;
import io.inetkit.InternetCallable;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Service;
import io.inetkit.Session;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.ServiceProvider;
import io.inetkit.spi.SessionSupport;
import io.inetkit.spi.StatusPublisher;
import io.inetkit.toolbox.Logs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * One session handle: its lifecycle, its children, its context and its share of a connection.
 * The same for every provider, so that closing works the same way everywhere.
 */
public final class Handle implements SessionSupport {

    private static final Logger LOG = Logs.get(Handle.class);

    private final ConnectSpec spec;
    private final Object context;
    private final StatusDispatcher status;
    private final SharedConnection connection;
    private final InternetContext internet;
    private final Consumer<Handle> onClosed;
    private final Set<AutoCloseable> children = new LinkedHashSet<>(); // guarded by children
    private boolean closed; // guarded by children
    private Session session;

    /**
     * A handle holding one share of the connection, which it releases on close.
     *
     * @param context the application's context object, or {@code null}
     * @param onClosed told once the handle is closed, so its owner can forget it
     */
    public Handle(ConnectSpec spec, Object context, StatusDispatcher status, SharedConnection connection,
            InternetContext internet, Consumer<Handle> onClosed) {
        this.spec = spec;
        this.context = context;
        // A shared connection's events carry the context of the handle that does the work.
        this.status = status.withContext(context);
        this.connection = connection;
        this.internet = internet;
        this.onClosed = onClosed;
    }

    /**
     * Asks the provider for the session object of this handle. On failure, the handle is closed
     * and its share of the connection released.
     */
    public Session attach(ServiceProvider provider, Service<?> service) throws InternetException {
        Session made;
        try {
            made = connection.connection().newSession(this);
        } catch (RuntimeException e) {
            close();
            throw new InternetException(InternetError.INTERNAL_ERROR, "the " + service.name() + " provider "
                    + provider.getClass().getName() + " failed to make a session: " + e, e);
        }
        if (!service.sessionType().isInstance(made)) {
            close();
            throw new InternetException(InternetError.INCORRECT_HANDLE_TYPE, "the " + service.name()
                    + " provider " + provider.getClass().getName() + " made a "
                    + (made == null ? "null" : made.getClass().getName()) + ", not a "
                    + service.sessionType().getName());
        }
        this.session = made;
        return made;
    }

    @Override
    public ConnectSpec spec() {
        return spec;
    }

    @Override
    public Optional<Object> context() {
        return Optional.ofNullable(context);
    }

    @Override
    public StatusPublisher status() {
        return status;
    }

    @Override
    public ProviderContext provider() {
        return internet.forConnect(status);
    }

    @Override
    public boolean isOpen() {
        synchronized (children) {
            return !closed;
        }
    }

    @Override
    public void ensureOpen() throws InternetException {
        if (!isOpen()) {
            throw new InternetException(InternetError.INVALID_HANDLE, "this " + spec.service().name()
                    + " session to " + spec.host() + ":" + spec.port() + " is closed");
        }
    }

    @Override
    public <T extends AutoCloseable> T track(T child) throws InternetException {
        synchronized (children) {
            if (!closed) {
                children.add(child);
                return child;
            }
        }
        closeQuietly(child);
        ensureOpen();
        throw new AssertionError("unreachable: the handle is closed");
    }

    @Override
    public void untrack(AutoCloseable child) {
        synchronized (children) {
            children.remove(child);
        }
    }

    @Override
    public <T> CompletableFuture<T> async(InternetCallable<T> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            internet.executor().execute(() -> {
                try {
                    T value = operation.call();
                    status.publish(InternetStatus.REQUEST_COMPLETE, AsyncResult.of(value));
                    result.complete(value);
                } catch (Exception | Error e) {
                    status.publish(InternetStatus.REQUEST_COMPLETE, AsyncResult.failed(e));
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new InternetException(isOpen() && internet.isOpen()
                    ? InternetError.ASYNC_THREAD_FAILED : InternetError.INVALID_HANDLE,
                    "the executor refused an operation of the session to " + spec.host(), e));
        }
        return result;
    }

    @Override
    public void close() {
        List<AutoCloseable> toClose;
        synchronized (children) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(children);
            children.clear();
        }
        // Newest first: a response before the request that made it.
        for (int i = toClose.size() - 1; i >= 0; i--) {
            closeQuietly(toClose.get(i));
        }
        connection.release();
        status.publish(InternetStatus.HANDLE_CLOSING, session);
        onClosed.accept(this);
    }

    private static void closeQuietly(AutoCloseable child) {
        try {
            child.close();
        } catch (Exception e) {
            LOG.debug("closing {} failed", child, e);
        }
    }
}
