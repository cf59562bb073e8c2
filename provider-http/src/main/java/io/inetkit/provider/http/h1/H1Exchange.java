package io.inetkit.provider.http.h1;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.spi.CallEvents;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.Deadline;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.ProxyRoute;
import io.inetkit.spi.StatusPublisher;
import io.inetkit.spi.TransportErrors;
import io.inetkit.toolbox.WriteWatchdog;
import io.inetkit.spi.Sockets;
import io.inetkit.toolbox.Logs;
import io.inetkit.toolbox.auth.ProxyChallenges;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One HTTP/1.1 request and its response head on a pooled or new connection: the engine's entry
 * point. A session tracks it while it runs, so closing the session closes its socket and the
 * caller fails with {@code OPERATION_CANCELLED}. A kept-alive connection that the server closed
 * before answering is replaced once for an idempotent request.
 */
public final class H1Exchange implements AutoCloseable {

    private static final org.slf4j.Logger LOG = Logs.get(H1Exchange.class);
    private static final int REFUSAL_DRAIN = 64 * 1024;
    /**
     * The longest head of a request without a body that is written unwatched: one write into the
     * socket, whose send buffer and the peer's kernel take it whole whether or not the server reads.
     * A longer one (fields of a caller's own making) goes through the {@link WriteWatchdog}.
     */
    private static final int UNWATCHED_HEAD = 16 * 1024;

    private final H1Pool pool;
    private final H1Connector connector;
    private final ProviderContext context;
    private final StatusPublisher status;
    private final CallEvents events;
    private final H1Request request;
    private final Deadline deadline;
    private volatile H1Connection current;
    private volatile Socket opening; // the socket being connected, if any
    private volatile boolean cancelled;
    private volatile long bodyBytes;
    private volatile String bodyRoute = "";
    private volatile boolean answered;

    /** How a file body went out (see {@link #bodyRoute}): with {@code sendfile}, or through a direct buffer. */
    public static final String SENDFILE = "sendfile";
    public static final String CHANNEL = "channel";

    /**
     * @param pool the {@code Internet}'s pool
     * @param spec the session's connect: its flags choose the TLS checks
     * @param status where the steps are reported, with the session's context
     * @param events where the steps are reported with their times, for the call's event listener
     * @param deadline the call's: it cuts the connection this exchange uses while it uses it
     */
    public H1Exchange(H1Pool pool, ProviderContext context, ConnectSpec spec, StatusPublisher status,
            CallEvents events, H1Request request, Deadline deadline) {
        this.pool = pool;
        this.context = context;
        this.status = status;
        this.events = events;
        this.request = request;
        this.deadline = deadline;
        this.connector = new H1Connector(context, spec, status, events, socket -> {
            opening = socket;
            deadline.cuts(socket);
            if (cancelled) {
                Sockets.closeQuietly(socket);
            }
        });
    }

    /**
     * Whether a byte of a response arrived on the connection of a try that then failed: a failure
     * without one is safe to retry for an idempotent request; one with it is not.
     */
    public boolean answered() {
        return answered;
    }

    /** The bytes of the request body sent. */
    public long bodyBytes() {
        return bodyBytes;
    }

    /**
     * Sends the request and reads the final response head; the body stream is ready to read.
     *
     * @throws InternetException {@code OPERATION_CANCELLED} when closed meanwhile; the WinINet
     *     error of the failure otherwise (IOExceptions of the connection are left to the caller)
     */
    public H1Response send() throws IOException {
        io.inetkit.ProxyConfig proxy = connector.proxy(request.secure(), request.host(), request.port());
        ProxyRoute route = ProxyRoute.select(proxy, request.host(), request.port());
        String key = connector.key(request.secure(), request.host(), request.port(), route);
        boolean proxyForm = H1Connector.proxyForm(request.secure(), route);
        ProxyChallenges challenges = proxyForm ? proxyChallenges(proxy, route) : null;
        String proxyAuthorization = challenges == null ? null
                : challenges.first(request.method(), H1RequestWriter.target(request, true));
        H1Connection connection = pool.take(key);
        boolean reused = connection != null;
        while (true) {
            if (connection == null) {
                connection = open(proxy, route, key);
            }
            current = connection;
            deadline.cuts(connection.socket());
            if (cancelled) {
                pool.discard(connection);
                throw cancelled(null);
            }
            boolean headStarted = false;
            long received = connection.in().received();
            try {
                status.publish(InternetStatus.SENDING_REQUEST);
                bodyBytes = upload(connection, proxyForm, proxyAuthorization);
                status.publish(InternetStatus.REQUEST_SENT, bodyBytes);
                H1Head head = H1ResponseParser.read(connection.in(), request.method().equals("HEAD"),
                        request.where(), status, context.limits());
                headStarted = head != null;
                if (head == null) {
                    throw new InternetException(InternetError.CONNECTION_ABORTED, request.where()
                            + " closed the connection without a response");
                }
                events.responseHeadReceived();
                if (proxyForm && head.status() == 407) {
                    // Only the proxy answers 407: its challenge is answered here, and never reaches the
                    // stages that talk to the server.
                    String next = challenges.answer(head.headers().allValues("Proxy-Authenticate"), head.statusLine(),
                            request.method(), H1RequestWriter.target(request, true));
                    if (!request.body().isReplayable()) {
                        throw new InternetException(InternetError.LOGIN_FAILURE, route.describe() + " asks for"
                                + " authentication (407), and the request's body cannot be sent again; give the"
                                + " proxy Basic credentials up front (ProxyConfig.withCredentials with the default"
                                + " authSchemes)", head.statusLine(), null);
                    }
                    skipRefusal(connection, head);
                    current = null; // back in the pool: a close of this exchange must not discard it
                    proxyAuthorization = next;
                    connection = pool.take(key);
                    reused = connection != null;
                    continue;
                }
                if (challenges != null) {
                    challenges.taken();
                }
                status.publish(InternetStatus.RECEIVING_RESPONSE);
                return new H1Response(head, new H1BodyStream(connection, pool, head,
                        new TransportErrors(request.where(), context), request.method() + " " + request.uri(),
                        status, events, context.limits()).within(deadline));
            } catch (IOException e) {
                pool.discard(connection);
                answered = connection.in().received() > received;
                if (deadline.isExpired()) {
                    throw deadline.error(request.method() + " " + request.uri(), e);
                }
                if (cancelled || pool.isClosed()) {
                    throw cancelled(e);
                }
                if (reused && !headStarted && request.idempotent() && !(e instanceof java.io.InterruptedIOException)
                        && (!(e instanceof InternetException) || ((InternetException) e).error()
                                == InternetError.CONNECTION_ABORTED)) {
                    // The server closed the kept-alive connection before it read the request. A time-out
                    // (TIMEOUT from the parser) is not retried: a second wait would double it.
                    reused = false;
                    connection = null;
                    continue;
                }
                throw new TransportErrors(request.where(), context).of(request.method() + " " + request.uri()
                        + (bodyBytes > 0 ? " after " + bodyBytes + " bytes of the request body" : ""), e);
            }
        }
    }

    /**
     * Opens a connection of the request's route and leaves it idle in the pool, sending nothing, so
     * that a later request to the same route finds it open: its connect and TLS handshake done.
     *
     * @throws InternetException {@code OPERATION_CANCELLED} when closed meanwhile, the deadline's
     *     error when it passed; IOExceptions of the connect are left to the caller
     */
    public void preconnect() throws IOException {
        io.inetkit.ProxyConfig proxy = connector.proxy(request.secure(), request.host(), request.port());
        ProxyRoute route = ProxyRoute.select(proxy, request.host(), request.port());
        H1Connection connection = open(proxy, route,
                connector.key(request.secure(), request.host(), request.port(), route));
        if (cancelled) {
            pool.discard(connection);
            throw cancelled(null);
        }
        pool.release(connection);
    }

    /** A new connection of the route, registered with the pool so that it closes with it. */
    private H1Connection open(io.inetkit.ProxyConfig proxy, ProxyRoute route, String key) throws IOException {
        if (pool.isClosed()) {
            throw cancelled(null);
        }
        H1Connection connection;
        try {
            connection = connector.open(request.secure(), request.host(), request.port(), proxy, route, key);
        } catch (IOException e) {
            if (deadline.isExpired()) {
                throw deadline.error(request.method() + " " + request.uri(), e);
            }
            if (cancelled || pool.isClosed()) {
                throw cancelled(e);
            }
            throw e;
        }
        pool.opened(connection);
        return connection;
    }

    /**
     * Writes the request. A socket write has no timeout, so while a body, or a head too long to be
     * taken whole ({@link #UNWATCHED_HEAD}), goes out the {@code Internet}'s {@link WriteWatchdog}
     * resets the connection once a write of it made no progress for the write timeout; a body that
     * keeps moving may take as long as the deadline allows.
     */
    private long upload(H1Connection connection, boolean proxyForm, String proxyAuthorization) throws IOException {
        if (request.body().isEmpty()) {
            byte[] head = H1RequestWriter.head(request, proxyForm, proxyAuthorization);
            if (head.length <= UNWATCHED_HEAD) {
                connection.out().write(head);
                connection.out().flush();
            } else {
                watchdog().write(connection.out(), connection.socket(), head, context.writeTimeout());
            }
            events.requestHeadSent();
            return 0;
        }
        WriteWatchdog watchdog = watchdog();
        // Closing the watched stream ends the watch, not the kept-alive connection.
        OutputStream out = watchdog.watch(new FilterOutputStream(connection.out()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                this.out.write(b, off, len);
            }

            @Override
            public void close() {
                // The connection stays open for the response, and then for reuse.
            }
        }, connection.socket(), context.writeTimeout());
        Optional<Path> file = request.body().file();
        long sent;
        if (file.isPresent() && connection.socket().getChannel() != null && request.length().isPresent()) {
            sent = sendFile(file.get(), connection, out, watchdog, proxyForm, proxyAuthorization);
        } else {
            try {
                sent = H1RequestWriter.write(out, request, proxyForm, proxyAuthorization, n -> bodyBytes = n,
                        events::requestHeadSent);
            } finally {
                out.close();
            }
        }
        if (!H1RequestWriter.isEmpty(request)) {
            events.requestBodySent(sent);
        }
        return sent;
    }

    /** The {@code Internet}'s watchdog; a cancel when the {@code Internet} is closing. */
    private WriteWatchdog watchdog() throws InternetException {
        try {
            return context.shared(WriteWatchdog.class, WriteWatchdog::new);
        } catch (IllegalStateException e) {
            throw cancelled(e);
        }
    }

    /**
     * Writes the head through the watched stream, then the file from its channel to the socket's,
     * watched too: through the connection's direct buffer ({@link WriteWatchdog#send}, one copy in
     * memory where a stream copy makes two), or with {@code sendfile} when zero-copy is on
     * ({@link WriteWatchdog#transfer}, none). Exactly the announced length goes out; a file that
     * shrank or grew since fails as in the stream copy.
     */
    private long sendFile(Path file, H1Connection connection, OutputStream out, WriteWatchdog watchdog,
            boolean proxyForm, String proxyAuthorization) throws IOException {
        long expected = request.length().getAsLong();
        try (FileChannel channel = FileChannel.open(file)) {
            try {
                H1RequestWriter.writeHead(out, request, proxyForm, proxyAuthorization);
                out.flush();
            } finally {
                out.close();
            }
            events.requestHeadSent();
            long sent;
            if (context.zeroCopy()) {
                bodyRoute = SENDFILE;
                sent = watchdog.transfer(channel, 0, expected, connection.socket(), context.writeTimeout(),
                        n -> bodyBytes = n);
            } else {
                bodyRoute = CHANNEL;
                ByteBuffer buffer = connection.buffers().acquire(expected);
                try {
                    sent = watchdog.send(channel, 0, expected, connection.socket(), buffer, context.writeTimeout(),
                            n -> bodyBytes = n);
                } finally {
                    connection.buffers().release(buffer);
                }
            }
            if (sent < expected) {
                throw H1RequestWriter.endedEarly(sent, expected);
            }
            if (channel.size() > expected) {
                throw H1RequestWriter.tooLong(expected);
            }
            return sent;
        }
    }

    /** How this exchange sent its body: {@link #SENDFILE}, {@link #CHANNEL}, or "" for a stream copy; for tests. */
    public String bodyRoute() {
        return bodyRoute;
    }

    private ProxyChallenges proxyChallenges(io.inetkit.ProxyConfig proxy, ProxyRoute route) {
        java.net.InetSocketAddress address = route.proxyAddress().orElseThrow();
        return new ProxyChallenges(route.describe(), address.getHostString(), address.getPort(),
                proxy.user().orElse(null), proxy.password().orElse(null), proxy.authSchemes(),
                context.httpAuthenticator(), context.limits(), LOG::debug,
                ProxyChallenges.Memory.of(context));
    }

    /** Reads a short 407 body to its end, so that the connection goes back to the pool for the answer. */
    private void skipRefusal(H1Connection connection, H1Head head) {
        try (InputStream body = new H1BodyStream(connection, pool, head, new TransportErrors(request.where(), context),
                request.method() + " " + request.uri(), status, events, context.limits())) {
            byte[] buffer = new byte[8192];
            int total = 0;
            int n;
            while (total < REFUSAL_DRAIN && (n = body.read(buffer)) >= 0) {
                total += n;
            }
        } catch (IOException e) {
            LOG.debug("dropped the body of a proxy's 407: {}", e.toString());
        }
    }

    private InternetException cancelled(Throwable cause) {
        return new TransportErrors(request.where(), context).cancelled(request.method() + " " + request.uri(), cause);
    }

    /** Cancels a running exchange by closing its connection; the caller of {@link #send} fails. */
    @Override
    public void close() {
        cancelled = true;
        Socket connecting = opening;
        if (connecting != null) {
            Sockets.closeQuietly(connecting); // a connect or TLS handshake in progress ends at once
        }
        H1Connection connection = current;
        if (connection != null && !connection.isClosed()) {
            // Only a connection still busy with this exchange: a finished one may be back in the pool.
            pool.discard(connection);
        }
    }
}
