package io.inetkit.spi;

import io.inetkit.InternetCallable;
import io.inetkit.InternetException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The API's half of a session handle, given to {@link Connection#newSession(SessionSupport)}: its
 * identity, lifecycle, children, status events and asynchronous execution, the same for every
 * provider. {@link AbstractSession} wraps it; a provider rarely needs it directly.
 *
 * <pre>{@code
 * InputStream openRead(String path) throws InternetException {
 *     support.ensureOpen();
 *     return support.track(new TransferStream(...));   // closed with the session
 * }
 * }</pre>
 */
public interface SessionSupport {

    /** The checked request this handle was connected with. */
    ConnectSpec spec();

    /** The context object of this handle's connect request. */
    Optional<Object> context();

    /** Publishes events with this handle's context. */
    StatusPublisher status();

    /** The provider's context: settings, shared resources. */
    ProviderContext provider();

    /** Whether the handle is open. */
    boolean isOpen();

    /**
     * Throws if the handle is closed.
     *
     * @throws InternetException {@link io.inetkit.InternetError#INVALID_HANDLE} once it is closed
     */
    void ensureOpen() throws InternetException;

    /**
     * Registers a child — a stream, a response — to be closed with this handle, and returns it.
     *
     * @throws InternetException {@link io.inetkit.InternetError#INVALID_HANDLE} if the handle is
     *     closed; the child is closed first
     */
    <T extends AutoCloseable> T track(T child) throws InternetException;

    /** Forgets a child that was closed on its own. */
    void untrack(AutoCloseable child);

    /** Runs an operation on the executor; see {@link io.inetkit.Session#async(InternetCallable)}. */
    <T> CompletableFuture<T> async(InternetCallable<T> operation);

    /**
     * Closes the handle: its children, then the handle's share of the connection (the last share
     * closes the {@link Connection}), then a {@link io.inetkit.InternetStatus#HANDLE_CLOSING} event,
     * the handle's last. Harmless to repeat.
     */
    void close();
}
