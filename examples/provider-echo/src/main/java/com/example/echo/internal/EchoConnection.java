package com.example.echo.internal;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Session;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.Connection;
import io.inetkit.spi.Deadline;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.ProxiedSocket;
import io.inetkit.spi.ProxyRoute;
import io.inetkit.spi.SessionSupport;
import io.inetkit.spi.Sockets;
import io.inetkit.spi.StatusPublisher;
import io.inetkit.spi.TransportErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One TCP connection to an Echo server, opened lazily and shared by the handles on it, through the
 * {@code Internet}'s proxy if it has one.
 */
final class EchoConnection implements Connection {

    /** The most bytes one write may carry: each has the whole write timeout to be taken in. */
    private static final int WRITE_PIECE = 64 * 1024;

    private final ConnectSpec spec;
    private final ProviderContext context;
    private final TransportErrors errors;
    private Socket socket; // guarded by this
    private boolean closed; // guarded by this

    EchoConnection(ConnectSpec spec, ProviderContext context) {
        this.spec = spec;
        this.context = context;
        this.errors = new TransportErrors(spec.host() + ":" + spec.port(), context);
    }

    /**
     * Sends the text and reads it back. The Internet's deadline bounds the whole round trip, connect
     * included: when it runs out its timer resets the socket, and the blocked read or write fails.
     */
    synchronized String roundTrip(String text, StatusPublisher status) throws InternetException {
        Deadline deadline = Deadline.start(context);
        try {
            return exchange(text, status, deadline);
        } catch (InternetException e) {
            throw deadline.isExpired() ? deadline.error("echoing to " + errors.where(), e) : e;
        } finally {
            deadline.close();
        }
    }

    private String exchange(String text, StatusPublisher status, Deadline deadline) throws InternetException {
        byte[] sent = text.getBytes(StandardCharsets.UTF_8);
        try {
            Socket open = open(status, deadline);
            deadline.cuts(open);
            status.publish(InternetStatus.SENDING_REQUEST);
            write(open, sent);
            status.publish(InternetStatus.REQUEST_SENT, (long) sent.length);
            status.publish(InternetStatus.RECEIVING_RESPONSE);
            byte[] received = readExactly(open.getInputStream(), sent.length);
            status.publish(InternetStatus.RESPONSE_RECEIVED, (long) received.length);
            return new String(received, StandardCharsets.UTF_8);
        } catch (IOException e) {
            drop();
            // The same failure has the same code and message in every provider: TransportErrors
            // maps a reset, a time-out, an interrupt and the rest as inetkit's own providers do.
            throw errors.of("echoing " + sent.length + " bytes", e);
        }
    }

    /**
     * Writes in pieces, each bounded by the write timeout: a socket write ignores {@code SO_TIMEOUT},
     * and a server that stopped reading would block it for good.
     */
    private void write(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        int off = 0;
        do {
            int n = Math.min(WRITE_PIECE, bytes.length - off);
            try (Deadline write = Deadline.writing(context)) {
                write.cuts(socket);
                try {
                    out.write(bytes, off, n);
                } catch (IOException e) {
                    throw write.isExpired() ? write.error("sending to the echo server " + errors.where(), e) : e;
                }
            }
            off += n;
        } while (off < bytes.length);
    }

    private Socket open(StatusPublisher status, Deadline deadline) throws InternetException {
        if (closed) {
            throw errors.closed("echoing");
        }
        if (socket != null) {
            return socket;
        }
        // The Internet's proxy, as every provider must: ProxiedSocket goes through SOCKS5 or an HTTP
        // proxy's CONNECT tunnel when the ProxyConfig says so, and straight to the server otherwise.
        ProxyRoute route = ProxyRoute.select(context.proxy(), spec.host(), spec.port());
        InetSocketAddress address;
        if (route.isDirect()) {
            status.publish(InternetStatus.RESOLVING_NAME, spec.host());
            address = new InetSocketAddress(spec.host(), spec.port());
            if (address.isUnresolved()) {
                throw errors.shaped(InternetError.NAME_NOT_RESOLVED, "connecting to the echo server",
                        "the host name does not resolve", null, null);
            }
            status.publish(InternetStatus.NAME_RESOLVED, address.getAddress());
        } else {
            // Left to the proxy, which may be the only one that can resolve it.
            address = InetSocketAddress.createUnresolved(spec.host(), spec.port());
        }
        Socket fresh = new ProxiedSocket(context.proxy(), context);
        deadline.cuts(fresh); // a connect in progress, or a proxy's handshake, ends at the deadline too
        try {
            status.publish(InternetStatus.CONNECTING_TO_SERVER, address);
            // The helpers, not a cast: a timeout under a millisecond must not become 0, "forever".
            fresh.connect(address, context.connectTimeoutMillis());
            fresh.setSoTimeout(context.readTimeoutMillis());
            status.publish(InternetStatus.CONNECTED_TO_SERVER, address);
            socket = fresh;
            return fresh;
        } catch (InternetException e) {
            Sockets.closeQuietly(fresh);
            throw e; // the proxy failed, and the message names it
        } catch (IOException e) {
            Sockets.closeQuietly(fresh);
            throw errors.ofConnect("connecting to the echo server", e);
        }
    }

    private byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] buffer = new byte[length];
        int done = 0;
        while (done < length) {
            int n = in.read(buffer, done, length - done);
            if (n < 0) {
                throw errors.endedEarly("echoing " + length + " bytes", "after " + done + " of them");
            }
            done += n;
        }
        return buffer;
    }

    private void drop() {
        if (socket != null) {
            Sockets.closeQuietly(socket);
            socket = null;
        }
    }

    @Override
    public Session newSession(SessionSupport support) {
        return new EchoSessionImpl(support, this);
    }

    @Override
    public synchronized boolean isUsable() {
        return !closed;
    }

    /** Whether a socket is open, for tests of laziness. */
    synchronized boolean isConnected() {
        return socket != null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        drop();
    }
}
