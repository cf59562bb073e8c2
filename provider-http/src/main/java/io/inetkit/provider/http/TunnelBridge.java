package io.inetkit.provider.http;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ProxyConfig;
import io.inetkit.spi.ProxiedSocket;
import io.inetkit.toolbox.Logs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * Gives {@code java.net.http}, which speaks only to HTTP proxies and will not send Basic
 * credentials on a {@code CONNECT}, the tunnels it cannot make itself: through a SOCKS5 proxy, and
 * through an HTTP proxy that wants a user and password for {@code CONNECT}.
 *
 * <p>It is an HTTP proxy on loopback, one listening port per origin server, owned by the
 * {@code Internet}'s {@link HttpClients}. The {@link java.net.ProxySelector} of the shared
 * {@code HttpClient} names the origin's port; every connection accepted there is carried to the
 * origin by a {@link ProxiedSocket} through the real proxy. A {@code CONNECT} is answered
 * {@code 200} once the tunnel stands, and from then on the bytes are TLS between HttpClient and
 * the origin: certificate and host-name checks stay HttpClient's, end to end, and the bridge sees
 * only ciphertext. A plain request (absolute-form, as clients send to proxies) is passed on as it
 * is; origin servers must accept that form (RFC 9112, section 3.2.2). One port per origin keeps
 * HttpClient's pool of proxy connections from mixing origins.
 *
 * <p>When the real proxy fails, the bridge answers {@code 502} (or closes) and keeps the
 * {@link InternetException} that names the proxy, for {@link #failure} to hand to the session in
 * place of HttpClient's generic error. The listening sockets accept only loopback connections, but
 * any local process could use them while the {@code Internet} is open; close the {@code Internet}
 * to close them.
 */
final class TunnelBridge implements AutoCloseable {

    private static final Logger LOG = Logs.get(TunnelBridge.class);
    private static final int MAX_HEAD = 64 * 1024;
    private static final byte[] ESTABLISHED =
            "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] BAD_GATEWAY = ("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);

    private final ProxyConfig proxy;
    private final int connectTimeoutMillis;
    private final ExecutorService threads;
    private final ConcurrentHashMap<String, ServerSocket> listeners = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, InternetException> failures = new ConcurrentHashMap<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    TunnelBridge(ProxyConfig proxy, Duration connectTimeout, int instance) {
        this.proxy = proxy;
        this.connectTimeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "inetkit-proxy-bridge-" + instance + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The loopback address of the bridge to this origin, opened on first use. */
    InetSocketAddress addressFor(String host, int port) {
        ServerSocket listener = listeners.computeIfAbsent(key(host, port), k -> listen(host, port));
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    /** The proxy's last failure for this origin, taken: it explains HttpClient's bare error. */
    Optional<InternetException> failure(String host, int port) {
        return Optional.ofNullable(failures.remove(key(host, port)));
    }

    private ServerSocket listen(String host, int port) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        try {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            threads.execute(() -> accept(listener, host, port));
            LOG.debug("bridge to {}:{} through {} on {}", host, port, proxy, listener.getLocalSocketAddress());
            return listener;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket listener, String host, int port) {
        while (!closed) {
            try {
                Socket client = listener.accept();
                track(client);
                threads.execute(() -> serve(client, host, port));
            } catch (IOException | RejectedExecutionException e) {
                if (!closed) {
                    LOG.debug("bridge to {}:{} stops accepting: {}", host, port, e.toString());
                }
                return;
            }
        }
    }

    private void serve(Socket client, String host, int port) {
        Socket upstream = null;
        try {
            client.setSoTimeout(connectTimeoutMillis);
            byte[] head = readHead(client.getInputStream());
            boolean connect = new String(head, 0, Math.min(head.length, 8), StandardCharsets.ISO_8859_1)
                    .startsWith("CONNECT ");
            upstream = track(new ProxiedSocket(proxy));
            try {
                upstream.connect(InetSocketAddress.createUnresolved(host, port), connectTimeoutMillis);
            } catch (IOException e) {
                InternetException failure = e instanceof InternetException ie ? ie : new InternetException(
                        InternetError.CANNOT_CONNECT, "cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
                failures.put(key(host, port), failure);
                LOG.debug("bridge to {}:{} failed: {}", host, port, failure.getMessage());
                if (connect) {
                    client.getOutputStream().write(BAD_GATEWAY);
                    client.getOutputStream().flush();
                }
                return;
            }
            failures.remove(key(host, port));
            client.setSoTimeout(0); // HttpClient times its own waits; an idle pooled connection may wait long
            upstream.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
            if (connect) {
                client.getOutputStream().write(ESTABLISHED);
                client.getOutputStream().flush();
            } else {
                upstream.getOutputStream().write(head);
            }
            Socket server = upstream;
            threads.execute(() -> pump(server, client));
            pump(client, server);
            upstream = null; // the pumps close both
        } catch (IOException | RejectedExecutionException e) {
            LOG.debug("bridge connection to {}:{} ended: {}", host, port, e.toString());
        } finally {
            if (upstream != null) {
                closeQuietly(upstream);
                closeQuietly(client);
            }
        }
    }

    /** Copies until either side ends, then closes both: HTTP needs no half-closed tunnels. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // A closed or reset side ends the tunnel either way.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last = 0;
        while (last != 0x0D0A0D0A) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client closed before the end of its request head");
            }
            head.write(b);
            last = last << 8 | b;
            if (head.size() > MAX_HEAD) {
                throw new IOException("request head longer than " + MAX_HEAD + " bytes");
            }
        }
        return head.toByteArray();
    }

    private <S extends Socket> S track(S socket) {
        open.add(socket);
        if (closed) {
            closeQuietly(socket);
        }
        return socket;
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing; nothing to report.
        }
    }

    private static String key(String host, int port) {
        return host + ":" + port;
    }

    @Override
    public void close() {
        closed = true;
        for (ServerSocket listener : listeners.values()) {
            try {
                listener.close();
            } catch (IOException ignored) {
                // Closing; nothing to report.
            }
        }
        listeners.clear();
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        threads.shutdownNow();
    }
}
