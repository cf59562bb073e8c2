package io.inetkit.testkit.script;

import io.inetkit.testkit.TestServer;
import io.inetkit.testkit.internal.Threads;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 server on a raw socket, plain or TLS, that reads each request (its head, and a body
 * by {@code Content-Length} or chunked) and lets a {@link HostileHttpScenario} answer it byte for
 * byte: for what no well-behaved server sends. It binds to loopback on a free port.
 *
 * <pre>{@code
 * @StartStop final HostileHttpServer server = HostileHttpServer.plain(HostileHttpScenarios.endlessContinue());
 *
 * @Test void endsWithinTheReadTimeout() {
 *     ... connect to server.host(), server.port() or fetch server.url("/") ...
 * }
 * }</pre>
 *
 * <p>TLS uses {@link TestCertificate#localhost()} unless given a context; a client trusts it with
 * {@code TestCertificate.localhost().clientContext()}. The server offers no ALPN protocol, so a
 * client that asks for HTTP/2 (java.net.http's default over TLS) falls back to HTTP/1.1 and meets
 * the scenario.
 *
 * <p>Each connection has a thread of its own; {@link #close()} closes the listener and every
 * connection and interrupts their threads, which ends a scenario blocked in a write or asleep.
 */
public final class HostileHttpServer implements TestServer {

    private static final Logger LOG = LoggerFactory.getLogger(HostileHttpServer.class);
    /** A request head longer than this is not one of the tests' requests: the connection closes. */
    private static final int MAX_REQUEST_HEAD = 64 * 1024;

    private final HostileHttpScenario scenario;
    private final SSLContext tls;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile ServerSocket listener;
    private volatile boolean closed;

    private HostileHttpServer(HostileHttpScenario scenario, SSLContext tls) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.tls = tls;
    }

    /** A plain HTTP server playing the scenario; {@link #start()} it, or let {@code @StartStop} do so. */
    public static HostileHttpServer plain(HostileHttpScenario scenario) {
        return new HostileHttpServer(scenario, null);
    }

    /** An HTTPS server playing the scenario with the shared {@link TestCertificate#localhost()}. */
    public static HostileHttpServer tls(HostileHttpScenario scenario) {
        return tls(scenario, TestCertificate.localhost().serverContext());
    }

    /** An HTTPS server playing the scenario with the given server context. */
    public static HostileHttpServer tls(HostileHttpScenario scenario, SSLContext serverContext) {
        return new HostileHttpServer(scenario, Objects.requireNonNull(serverContext, "serverContext"));
    }

    @Override
    public synchronized void start() throws IOException {
        if (listener != null) {
            throw new IllegalStateException("the server was started before");
        }
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        spawn(this::accept, "hostile-http-" + listener.getLocalPort());
    }

    @Override
    public InetSocketAddress address() {
        ServerSocket bound = listener;
        if (bound == null) {
            throw new IllegalStateException("the server has not been started");
        }
        return new InetSocketAddress(bound.getInetAddress(), bound.getLocalPort());
    }

    /** Whether the server speaks TLS. */
    public boolean isTls() {
        return tls != null;
    }

    /** The URL of a path on this server: {@code http://127.0.0.1:port/path}, or {@code https://…}. */
    public URI url(String path) {
        return URI.create((isTls() ? "https" : "http") + "://" + host() + ":" + port()
                + (path.startsWith("/") ? path : "/" + path));
    }

    /** The connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** The requests read so far, on all connections. */
    public int requests() {
        return requests.get();
    }

    private void accept() {
        ServerSocket bound = listener;
        while (!closed) {
            Socket client;
            try {
                client = bound.accept();
            } catch (IOException e) {
                return; // closed
            }
            int number = connections.incrementAndGet();
            open.add(client);
            if (closed) {
                closeQuietly(client);
                return;
            }
            spawn(() -> serve(client, number), "hostile-http-conn-" + number);
        }
    }

    private void serve(Socket accepted, int connection) {
        Socket socket = accepted;
        try {
            if (tls != null) {
                SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(accepted,
                        accepted.getInetAddress().getHostAddress(), accepted.getPort(), true);
                secure.setUseClientMode(false);
                socket = secure;
                socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis()); // a client that never shakes hands
                secure.startHandshake();
                socket.setSoTimeout(0);
            }
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (int number = 1; ; number++) {
                String head = head(in);
                if (head == null) {
                    return;
                }
                skipBody(in, head);
                requests.incrementAndGet();
                if (!scenario.answer(new HostileHttpRequest(connection, number, head), out)) {
                    return;
                }
                out.flush();
            }
        } catch (IOException e) {
            LOG.debug("connection {} ended: {}", connection, e.toString()); // the client went away, or close()
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // The TCP socket first: closing TLS sends close_notify, which blocks for good when a
            // client neither reads nor closes; without its TCP socket it fails at once.
            closeQuietly(accepted);
            closeQuietly(socket);
            open.remove(socket);
            open.remove(accepted);
        }
    }

    /** The request head up to and including its blank line; {@code null} at the end of the stream before it. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0; // how much of CR LF CR LF was seen; a bare LF ends a line too
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            if (head.size() > MAX_REQUEST_HEAD) {
                throw new IOException("a request head of more than " + MAX_REQUEST_HEAD + " bytes");
            }
            if (b == '\n') {
                if (state >= 2) {
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
                state = 2;
            } else if (b != '\r') {
                state = 0;
            }
        }
        return null;
    }

    private static void skipBody(InputStream in, String head) throws IOException {
        HostileHttpRequest parsed = new HostileHttpRequest(0, 0, head);
        String length = parsed.header("Content-Length").orElse(null);
        if (length != null) {
            in.skipNBytes(Long.parseLong(length.strip()));
            return;
        }
        if (!parsed.header("Transfer-Encoding").orElse("").toLowerCase(Locale.ROOT).contains("chunked")) {
            return;
        }
        while (true) {
            String line = line(in);
            int semicolon = line.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? line : line.substring(0, semicolon)).strip(), 16);
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailers
                }
                return;
            }
            in.skipNBytes(size);
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("the request ended inside a line");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private void spawn(Runnable task, String name) {
        Thread thread = new Thread(() -> {
            try {
                task.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        }, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    /** Closes the listener and every connection, interrupts their threads and waits up to 5 s for them. */
    @Override
    public void close() throws IOException {
        closed = true;
        ServerSocket bound = listener;
        if (bound != null) {
            bound.close();
        }
        for (Socket socket : open) {
            closeQuietly(socket); // TCP sockets only: see serve
        }
        threads.forEach(Thread::interrupt); // a scenario asleep between its writes
        Threads.joinAll(threads, Duration.ofSeconds(5), LOG);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public String toString() {
        ServerSocket bound = listener;
        return "HostileHttpServer[" + (isTls() ? "https" : "http") + (bound == null ? "" : ", port "
                + bound.getLocalPort()) + "]";
    }
}
