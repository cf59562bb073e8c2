package io.inetkit.internal;

import io.inetkit.ConnectFlag;
import io.inetkit.Credentials;
import io.inetkit.InternetException;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.Connection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The live connections of one {@code Internet} that {@link ConnectFlag#EXISTING_CONNECT} may
 * share, by service, host, port, credentials and flags. A connection leaves it when its last
 * handle closes.
 */
public final class ConnectionCache {

    /** Opens a new connection when none can be shared. */
    @FunctionalInterface
    public interface Opener {
        /** Opens the connection. */
        Connection open() throws InternetException;
    }

    private record Key(int service, String host, int port, Credentials credentials, Set<ConnectFlag> flags) {
    }

    private final Map<Key, SharedConnection> live = new HashMap<>(); // guarded by this

    /** A hold on a live connection for this spec, or on a new one from the opener. */
    public SharedConnection acquire(ConnectSpec spec, Opener opener) throws InternetException {
        // The password is part of the key: a wrong password must not ride on a right one's login.
        Key key = new Key(spec.service().id(), spec.host().toLowerCase(Locale.ROOT), spec.port(),
                spec.credentials(), spec.flags());
        synchronized (this) {
            SharedConnection existing = live.get(key);
            if (existing != null && existing.retain()) {
                return existing;
            }
        }
        // Opening takes network time; it must not block other connects, so it runs unlocked. Two
        // racing opens both succeed and the first listed is the one later connects share.
        SharedConnection fresh = new SharedConnection(opener.open(), this, key);
        synchronized (this) {
            SharedConnection existing = live.get(key);
            if (existing == null || !existing.isUsable()) {
                live.put(key, fresh);
            }
        }
        return fresh;
    }

    synchronized void remove(Object key, SharedConnection connection) {
        live.remove(key, connection);
    }

    /** Number of listed connections, for tests and diagnostics. */
    public synchronized int size() {
        return live.size();
    }

    /** Forgets every connection; their handles close them. */
    public synchronized void closeAll() {
        live.clear();
    }
}
