package io.inetkit.internal;

import io.inetkit.spi.Connection;
import io.inetkit.toolbox.Logs;
import org.slf4j.Logger;

/**
 * A provider's connection and the number of handles on it: closed when the last handle lets go,
 * so that closing one of several {@code EXISTING_CONNECT} handles leaves the others working.
 */
public final class SharedConnection {

    private static final Logger LOG = Logs.get(SharedConnection.class);

    private final Connection connection;
    private final ConnectionCache cache;
    private final Object key;
    private int handles = 1; // guarded by this; the creator holds the first
    private boolean closed; // guarded by this

    /**
     * A connection held by its creator.
     *
     * @param cache the cache it is listed in, or {@code null}
     * @param key its key in the cache, or {@code null}
     */
    public SharedConnection(Connection connection, ConnectionCache cache, Object key) {
        this.connection = connection;
        this.cache = cache;
        this.key = key;
    }

    /** The provider's connection. */
    public Connection connection() {
        return connection;
    }

    /** Takes another hold on the connection, if it is open and usable. */
    synchronized boolean retain() {
        if (closed || !connection.isUsable()) {
            return false;
        }
        handles++;
        return true;
    }

    synchronized boolean isUsable() {
        return !closed && connection.isUsable();
    }

    /** Lets go of one hold; the last one closes the connection. */
    public void release() {
        synchronized (this) {
            if (closed || --handles > 0) {
                return;
            }
            closed = true;
        }
        if (cache != null) {
            cache.remove(key, this);
        }
        try {
            connection.close();
        } catch (RuntimeException e) {
            LOG.warn("closing a {} connection failed", connection.getClass().getName(), e);
        }
    }

    /** Number of handles on it, for tests and diagnostics. */
    public synchronized int handles() {
        return handles;
    }
}
