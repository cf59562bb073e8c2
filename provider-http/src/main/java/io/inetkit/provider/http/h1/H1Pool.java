package io.inetkit.provider.http.h1;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The kept-alive connections of one {@code Internet}, by route (scheme, host, port, TLS mode and
 * proxy), kept in {@link io.inetkit.spi.ProviderContext#shared} and closed with the
 * {@code Internet}, in use or not.
 *
 * <p>There is no reaper thread: a connection is looked at when it is taken. One idle longer than
 * {@link #MAX_IDLE_NANOS} is closed (servers close theirs after 5 to 75 s); one idle longer than
 * {@link #CHECK_AFTER_NANOS} is checked for a close by the server. One with bytes nobody asked for
 * is closed at once, however fresh ({@link H1Connection#hasUnreadBytes()}). What slips through is
 * caught by the exchange, which retries an idempotent request once on a fresh connection.
 */
public final class H1Pool implements AutoCloseable {

    static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);
    static final long CHECK_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final int MAX_IDLE_PER_ROUTE = 8;

    private final Map<String, Deque<H1Connection>> idle = new HashMap<>();
    private final Set<H1Connection> open = ConcurrentHashMap.newKeySet();
    private boolean closed;

    /** An empty pool. */
    public H1Pool() {
    }

    /** An idle connection of this route that still looks usable, or {@code null}. */
    H1Connection take(String key) {
        while (true) {
            H1Connection connection;
            synchronized (this) {
                Deque<H1Connection> queue = idle.get(key);
                connection = queue == null ? null : queue.pollFirst();
            }
            if (connection == null) {
                return null;
            }
            long idleFor = System.nanoTime() - connection.idleSince();
            if (idleFor < MAX_IDLE_NANOS && connection.lendable(idleFor >= CHECK_AFTER_NANOS)) {
                return connection;
            }
            discard(connection);
        }
    }

    /** Registers a new connection, so that it closes with the pool. */
    void opened(H1Connection connection) {
        synchronized (this) {
            if (!closed) {
                open.add(connection);
                return;
            }
        }
        connection.close();
    }

    /** Hands back a connection whose exchange ended cleanly, most recent first. */
    void release(H1Connection connection) {
        connection.idle();
        H1Connection evicted = null;
        synchronized (this) {
            if (!closed && !connection.isClosed()) {
                Deque<H1Connection> queue = idle.computeIfAbsent(connection.key(), k -> new ArrayDeque<>());
                queue.addFirst(connection);
                if (queue.size() > MAX_IDLE_PER_ROUTE) {
                    evicted = queue.pollLast();
                }
                connection = null;
            }
        }
        if (connection != null) {
            discard(connection);
        }
        if (evicted != null) {
            discard(evicted);
        }
    }

    /** Closes a connection that cannot be reused. */
    void discard(H1Connection connection) {
        open.remove(connection);
        connection.close();
    }

    /** Whether the pool, and so its {@code Internet}, is closed. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** How many connections are open, idle or busy: for tests. */
    int openCount() {
        return open.size();
    }

    /** Closes every connection, busy ones too: their readers fail with {@code OPERATION_CANCELLED}. */
    @Override
    public void close() {
        List<H1Connection> all;
        synchronized (this) {
            closed = true;
            idle.clear();
            all = new ArrayList<>(open);
            open.clear();
        }
        all.forEach(H1Connection::close);
    }
}
