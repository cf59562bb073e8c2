package io.inetkit.provider.http;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Sees the TLS handshakes of java.net.http fail, so that an exchange learns why.
 *
 * <p>Why: when a handshake fails (an untrusted certificate, a fatal alert), the JDK 17 client
 * races its own error against the closing of the connection. Now and then the exchange fails with
 * a bare {@code ClosedChannelException} instead of the {@code SSLHandshakeException}, and now and
 * then it never completes at all. The engines of a {@linkplain #watching(SSLContext) watched
 * context} report each handshake failure here as it is thrown, to every exchange that waits for
 * the same server: the exchange reports that failure, and stops waiting at once.
 */
final class HandshakeWatch {

    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();

    /** A context like {@code tls} whose engines report their handshake failures here. */
    SSLContext watching(SSLContext tls) {
        return new WatchedContext(tls, this);
    }

    /** Starts watching the handshakes with the server of {@code uri}; close the watcher when done. */
    Watcher watch(URI uri) {
        Watcher watcher = new Watcher(HttpClients.host(uri), HttpClients.port(uri));
        watchers.add(watcher);
        return watcher;
    }

    /** An engine for {@code host:port} failed its handshake with {@code failure}. */
    void failed(String host, int port, SSLException failure) {
        for (Watcher watcher : watchers) {
            if (watcher.port == port && host != null && watcher.host.equals(host.toLowerCase(Locale.ROOT))) {
                watcher.failed(failure);
            }
        }
    }

    /**
     * One exchange's view of the handshakes with its server. A handshake on another connection to the
     * same server may fail meanwhile; java.net.http would send the exchange over that connection,
     * or over one made with the same context, so its failure is this exchange's too.
     */
    final class Watcher implements AutoCloseable {

        private final String host;
        private final int port;
        private volatile SSLException failure;
        private volatile Runnable onFailure;

        private Watcher(String host, int port) {
            this.host = host.toLowerCase(Locale.ROOT);
            this.port = port;
        }

        /** The first handshake failure seen while watching, if any. */
        Optional<SSLException> failure() {
            return Optional.ofNullable(failure);
        }

        /** Runs {@code action} on the first failure: now, if one was seen already. It may run twice. */
        void onFailure(Runnable action) {
            onFailure = action;
            if (failure != null) {
                action.run();
            }
        }

        private void failed(SSLException e) {
            if (failure == null) {
                failure = e;
            }
            Runnable action = onFailure;
            if (action != null) {
                action.run();
            }
        }

        @Override
        public void close() {
            watchers.remove(this);
        }
    }
}
