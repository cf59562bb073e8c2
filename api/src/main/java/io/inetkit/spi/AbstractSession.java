package io.inetkit.spi;

import io.inetkit.ConnectFlag;
import io.inetkit.InternetCallable;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.Session;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A base for providers' session classes: implements everything of {@link Session} that is the same
 * for every service, so a provider writes only its protocol's operations.
 *
 * <pre>{@code
 * final class EchoSessionImpl extends AbstractSession implements EchoSession {
 *     EchoSessionImpl(SessionSupport support, EchoConnection connection) {
 *         super(support);
 *         this.connection = connection;
 *     }
 *
 *     public String echo(String line) throws InternetException {
 *         ensureOpen();
 *         return connection.roundTrip(line, status());
 *     }
 * }
 * }</pre>
 */
public abstract class AbstractSession implements Session {

    private final SessionSupport support;

    /** A session on the API's support for this handle. */
    protected AbstractSession(SessionSupport support) {
        this.support = Objects.requireNonNull(support, "support");
    }

    /** The API's half of this handle. */
    protected final SessionSupport support() {
        return support;
    }

    /** The checked request. */
    protected final ConnectSpec spec() {
        return support.spec();
    }

    /** Where to publish status events of this handle. */
    protected final StatusPublisher status() {
        return support.status();
    }

    /**
     * Throws if this session is closed; call it first in every operation.
     *
     * @throws InternetException {@link io.inetkit.InternetError#INVALID_HANDLE} once closed
     */
    protected final void ensureOpen() throws InternetException {
        support.ensureOpen();
    }

    @Override
    public final Service<?> service() {
        return support.spec().service();
    }

    @Override
    public final String host() {
        return support.spec().host();
    }

    @Override
    public final int port() {
        return support.spec().port();
    }

    @Override
    public final Optional<String> user() {
        return support.spec().credentials().isAnonymous()
                ? Optional.empty() : Optional.of(support.spec().credentials().user());
    }

    @Override
    public final Set<ConnectFlag> flags() {
        return support.spec().flags();
    }

    @Override
    public final Optional<Object> context() {
        return support.context();
    }

    @Override
    public final boolean isOpen() {
        return support.isOpen();
    }

    /** Empty unless the provider overrides it. */
    @Override
    public Optional<String> lastResponse() {
        return Optional.empty();
    }

    @Override
    public final <T> CompletableFuture<T> async(InternetCallable<T> operation) {
        return support.async(operation);
    }

    @Override
    public final void close() {
        support.close();
    }

    /** The service, host and port; never credentials. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + service().name() + "://" + host() + ":" + port()
                + (isOpen() ? "" : ", closed") + "]";
    }
}
