package io.inetkit.provider.gopher;

import io.inetkit.ConnectFlag;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Limits;
import io.inetkit.Session;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.Deadline;
import io.inetkit.spi.Connection;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.ProxiedSocket;
import io.inetkit.spi.ProxyRoute;
import io.inetkit.spi.SessionSupport;
import io.inetkit.spi.Sockets;
import io.inetkit.spi.StatusPublisher;
import io.inetkit.spi.TlsSupport;
import io.inetkit.spi.TransportErrors;
import io.inetkit.toolbox.TransferBuffer;
import io.inetkit.toolbox.WriteWatchdog;
import io.inetkit.toolbox.ZeroCopy;
import io.inetkit.toolbox.Logs;
import io.inetkit.toolbox.RetryBudget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * A Gopher "connection" in WinINet's sense: the server to talk to, not a socket. Gopher is one
 * request per TCP connection, so {@code connect} opens nothing and every operation opens, uses and
 * closes a socket of its own. What is open is remembered so that closing the connection (after the
 * last handle, or with the {@code Internet}) ends every exchange still running.
 */
final class GopherConnection implements Connection {

    private static final Logger LOG = Logs.get(GopherConnection.class);
    private static final String CONNECTING = "connecting to the Gopher server";

    private final ConnectSpec spec;
    private final ProviderContext context;
    private final TransportErrors errors;
    private final Set<Exchange> live = ConcurrentHashMap.newKeySet();
    private final TransferBuffer buffers = new TransferBuffer();
    private volatile boolean closed;

    GopherConnection(ConnectSpec spec, ProviderContext context) {
        this.spec = spec;
        this.context = context;
        this.errors = new TransportErrors(where(), context);
    }

    ConnectSpec spec() {
        return spec;
    }

    String where() {
        return (spec.host().indexOf(':') >= 0 ? "[" + spec.host() + "]" : spec.host()) + ":" + spec.port();
    }

    /**
     * Connects, sends one request line (the fields joined with TAB, then CR LF), waits for the
     * reply's first byte and returns the exchange to read the reply from. On any failure the socket
     * is closed.
     *
     * <p>Every Gopher request only reads, so each may be sent again: under the {@code Internet}'s
     * {@link io.inetkit.RetryPolicy}, a refused connection (when the policy says so), or one reset or
     * closed before the reply's first byte, is tried again after the policy's backoff, within the
     * operation's deadline. Closing {@code support}'s session ends a wait between tries.
     *
     * @param logged the request as it may be logged (queries redacted)
     * @param channel whether the socket is made from a {@link java.nio.channels.SocketChannel}
     *     ({@link ZeroCopy#socket()}) when the connection is plain TCP to the server (no TLS, no
     *     proxy), so that the reply can be read from its channel
     */
    Exchange send(String requestLine, String logged, SessionSupport support, boolean channel)
            throws InternetException {
        if (closed) {
            throw new InternetException(InternetError.INVALID_HANDLE, "the Gopher connection to " + where()
                    + " is closed");
        }
        byte[] request = (requestLine + "\r\n").getBytes(StandardCharsets.UTF_8);
        // From the connect to the close of the exchange, over every try: the exchange closes it.
        Deadline deadline = Deadline.start(context);
        RetryBudget budget = new RetryBudget(context.retries());
        while (true) {
            try {
                return sendOnce(request, logged, support.status(), channel, deadline);
            } catch (InternetException e) {
                String why = closed || deadline.isExpired() ? null : RetryBudget.connectionFailure(e, budget.policy());
                if (why == null || !budget.hasRetryLeft()) {
                    deadline.close();
                    throw budget.afterTries(e, why);
                }
                budget.failed(why);
                Duration wait = budget.backoff();
                LOG.debug("gopher {} request {} failed ({}); retry {} of {} after {} ms", where(), logged, why,
                        budget.retries(), budget.policy().maxRetries(), wait.toMillis());
                try {
                    budget.pause("requesting " + logged + " from " + where(), wait, deadline, support, e);
                } catch (InternetException ended) {
                    deadline.close();
                    throw ended;
                }
            }
        }
    }

    /** One try of {@link #send}; the deadline stays open when it fails. */
    private Exchange sendOnce(byte[] request, String logged, StatusPublisher status, boolean channel,
            Deadline deadline) throws InternetException {
        Socket socket;
        try {
            socket = connect(status, channel, deadline);
        } catch (InternetException e) {
            throw deadline.isExpired() ? deadline.error("connecting to the Gopher server " + where(), e) : e;
        }
        Exchange[] holder = new Exchange[1];
        Exchange exchange;
        try {
            exchange = new Exchange(socket, status, errors, deadline, () -> live.remove(holder[0]));
        } catch (IOException e) {
            Sockets.closeQuietly(socket);
            throw errors.of("sending the request", e);
        }
        holder[0] = exchange;
        live.add(exchange);
        if (closed) {
            exchange.close();
            throw new InternetException(InternetError.INVALID_HANDLE, "the Gopher connection to " + where()
                    + " was closed");
        }
        LOG.debug("gopher {} request {}", where(), logged);
        status.publish(InternetStatus.SENDING_REQUEST);
        try {
            // Within the line limit a request fits the socket's buffer, but the limit can be raised.
            watchdog().write(socket.getOutputStream(), socket, request, context.writeTimeout());
        } catch (IOException e) {
            throw exchange.abandon(e, "sending the request");
        } catch (IllegalStateException e) { // the Internet is closing, and its watchdog with it
            exchange.close();
            throw new InternetException(InternetError.OPERATION_CANCELLED, "the Internet was closed while sending"
                    + " the request to " + where());
        }
        status.publish(InternetStatus.REQUEST_SENT, (long) request.length);
        status.publish(InternetStatus.RECEIVING_RESPONSE);
        try {
            // The first byte tells whether the server took the request: a reset before it may be retried.
            java.io.InputStream in = exchange.in();
            in.mark(1);
            in.read();
            in.reset();
        } catch (IOException e) {
            throw exchange.abandon(e, "reading the reply");
        }
        return exchange;
    }

    private Socket connect(StatusPublisher status, boolean channel, Deadline deadline) throws InternetException {
        ProxyRoute route = ProxyRoute.select(context.proxy(), spec.host(), spec.port());
        InetSocketAddress target;
        if (route.isDirect()) {
            status.publish(InternetStatus.RESOLVING_NAME, spec.host());
            InetAddress address;
            try {
                address = InetAddress.getByName(spec.host());
            } catch (UnknownHostException e) {
                throw errors.ofConnect(CONNECTING, e);
            }
            status.publish(InternetStatus.NAME_RESOLVED, address);
            target = new InetSocketAddress(address, spec.port());
        } else {
            // Left to the proxy, which may be the only one that can resolve it.
            target = InetSocketAddress.createUnresolved(spec.host(), spec.port());
        }
        status.publish(InternetStatus.CONNECTING_TO_SERVER, target);
        Socket socket;
        try {
            socket = channel && route.isDirect() && !spec.has(ConnectFlag.SECURE) ? ZeroCopy.socket()
                    : new ProxiedSocket(context.proxy(), context);
        } catch (IOException e) {
            throw new InternetException(InternetError.INTERNAL_ERROR, "cannot open a socket for " + where() + ": "
                    + e.getMessage(), e);
        }
        deadline.cuts(socket);
        try {
            socket.connect(target, context.connectTimeoutMillis());
            socket.setSoTimeout(context.readTimeoutMillis());
        } catch (InternetException e) {
            Sockets.closeQuietly(socket);
            throw e; // the proxy failed, and the message says so
        } catch (IOException e) {
            Sockets.closeQuietly(socket);
            InternetException failure = errors.ofConnect(CONNECTING, e);
            if (failure.error() == InternetError.CONNECTION_ABORTED || failure.error() == InternetError.CONNECTION_RESET) {
                // No connection was made: whatever the socket said, it is a failure to connect.
                throw new InternetException(InternetError.CANNOT_CONNECT, failure.getMessage(), e);
            }
            throw failure;
        }
        Socket connected = socket;
        if (spec.has(ConnectFlag.SECURE)) {
            // Closes the socket itself when the handshake fails.
            connected = TlsSupport.handshake(socket, spec, context);
            deadline.cuts(connected);
        }
        status.publish(InternetStatus.CONNECTED_TO_SERVER, target);
        return connected;
    }

    /** The direct buffers of {@code get}, one kept for the connection's life: see {@link TransferBuffer}. */
    TransferBuffer buffers() {
        return buffers;
    }

    /** The {@code Internet}'s watchdog: it bounds a request's write and the reads of a socket's channel. */
    WriteWatchdog watchdog() {
        return context.shared(WriteWatchdog.class, WriteWatchdog::new);
    }

    /** How long a read may wait. */
    Duration readTimeout() {
        return context.readTimeout();
    }

    /** The bounds on what the server may send: the {@code Internet}'s. */
    Limits limits() {
        return context.limits();
    }

    @Override
    public Session newSession(SessionSupport support) {
        return new GopherSessionImpl(support, this);
    }

    @Override
    public boolean isUsable() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
        for (Exchange exchange : live) {
            exchange.close();
        }
        buffers.close();
    }
}
