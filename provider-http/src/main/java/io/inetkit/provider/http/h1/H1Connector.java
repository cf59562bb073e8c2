package io.inetkit.provider.http.h1;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.spi.CallEvents;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.ProxiedSocket;
import io.inetkit.spi.ProxyRoute;
import io.inetkit.spi.StatusPublisher;
import io.inetkit.spi.TlsSupport;
import io.inetkit.spi.TransportErrors;
import io.inetkit.toolbox.WriteWatchdog;
import io.inetkit.toolbox.ZeroCopy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Opens the socket of a route: resolves and connects (reporting each step), through a SOCKS5
 * proxy or an HTTP proxy's {@code CONNECT} with {@link ProxiedSocket}, or to an HTTP proxy itself
 * for a plain request, then TLS for {@code https} through {@link TlsSupport}'s context, with the
 * certificate and the host name checked unless the session's flags say otherwise.
 */
final class H1Connector {

    private static final String CONNECTING = "connecting";


    /**
     * The receive buffer asked of the kernel, before connecting so that the window scale covers it:
     * 4 MiB took 49 to 56 ms of CPU per 100 MB in bench/http-download against 70 to 80 ms with the
     * kernel's auto-tuning and 63 to 75 ms with 256 KiB, reading 512 MiB from nginx on loopback;
     * fewer, fuller reads. The kernel caps it at {@code net.core.rmem_max} (208 KiB on a stock
     * Linux), and a fixed buffer turns auto-tuning off, so it is asked for only where the cap allows
     * it; elsewhere, and with {@code Internet.Builder.receiveBufferSize(0)}, the kernel tunes it.
     */
    static final int RECEIVE_BUFFER = receiveBuffer(4 * 1024 * 1024);

    private static int receiveBuffer(int wanted) {
        try {
            long cap = Long.parseLong(Files.readString(Path.of("/proc/sys/net/core/rmem_max")).strip());
            return cap >= wanted ? wanted : 0;
        } catch (IOException | RuntimeException e) {
            return 0; // not Linux, or not readable: auto-tuning
        }
    }

    private final ProviderContext context;
    private final ConnectSpec spec;
    private final StatusPublisher status;
    private final CallEvents events;
    private final Consumer<Socket> opening;

    /** @param opening told each socket before it connects, so that a cancel can close it */
    H1Connector(ProviderContext context, ConnectSpec spec, StatusPublisher status, CallEvents events,
            Consumer<Socket> opening) {
        this.context = context;
        this.spec = spec;
        this.status = status;
        this.events = events;
        this.opening = opening;
    }

    /** The proxy settings for a request to a server: the {@code Internet}'s, or the system's for it ({@link HttpRoutes}). */
    io.inetkit.ProxyConfig proxy(boolean secure, String host, int port) {
        return HttpRoutes.proxyFor(context.proxy(), secure, host, port);
    }

    /** The pool key: connections made with weaker TLS checks or another route never mix. */
    String key(boolean secure, String host, int port, ProxyRoute route) {
        String tls = !secure ? "" : TlsSupport.verifiesHostname(spec) ? "verify"
                : spec.has(io.inetkit.ConnectFlag.INSECURE_TRUST_ANY_CERTIFICATE) ? "trust-any" : "skip-host";
        return (secure ? "https://" : "http://") + host + ":" + port + "|" + tls + "|" + route;
    }

    /** Whether a request goes to an HTTP proxy in absolute form rather than through a tunnel. */
    static boolean proxyForm(boolean secure, ProxyRoute route) {
        return !secure && route.kind() == ProxyRoute.Kind.HTTP;
    }

    /**
     * A new connection to the server, or to the HTTP proxy for a plain request through it.
     *
     * <p>A plain socket straight to the server or to the proxy is made from a
     * {@link java.nio.channels.SocketChannel} ({@link ZeroCopy}): a file body goes out from the file's
     * channel to it, and a body read into a direct buffer comes in from it, without the copies of a
     * stream. TLS and tunnels through a proxy keep sockets of their own.
     *
     * @param proxySettings the proxy settings the route was chosen by
     */
    H1Connection open(boolean secure, String host, int port, io.inetkit.ProxyConfig proxySettings, ProxyRoute route,
            String key) throws IOException {
        int connectMillis = context.connectTimeoutMillis();
        int readMillis = context.readTimeoutMillis();
        String where = host + ":" + port;
        Socket socket;
        if (route.isDirect()) {
            socket = direct(host, port, connectMillis, where, false, !secure);
        } else if (proxyForm(secure, route)) {
            InetSocketAddress proxy = route.proxyAddress().orElseThrow();
            socket = direct(proxy.getHostString(), proxy.getPort(), connectMillis, route.describe(), true, true);
        } else {
            socket = new ProxiedSocket(proxySettings, context);
            opening.accept(socket);
            configure(socket);
            InetSocketAddress proxyAddress = route.proxyAddress().orElseThrow();
            status.publish(InternetStatus.CONNECTING_TO_SERVER, proxyAddress);
            events.connectStart(proxyAddress);
            try {
                socket.connect(InetSocketAddress.createUnresolved(host, port), connectMillis);
            } catch (InternetException e) {
                events.connectFailed(proxyAddress, e);
                throw e;
            } catch (IOException e) {
                close(socket);
                events.connectFailed(proxyAddress, e);
                throw new InternetException(InternetError.CANNOT_CONNECT, "cannot connect to " + where + " through "
                        + route.describe() + ": " + e.getMessage(), e);
            }
            status.publish(InternetStatus.CONNECTED_TO_SERVER, proxyAddress);
            events.connectEnd(proxyAddress);
        }
        Socket transport = socket;
        if (secure) {
            socket = tls(socket, host, port, connectMillis, where);
        }
        try {
            return new H1Connection(socket, transport, key, readMillis,
                    context.shared(WriteWatchdog.class, WriteWatchdog::new));
        } catch (IOException e) {
            close(socket);
            throw e;
        }
    }

    /**
     * @param toProxy whether the socket goes to an HTTP proxy, whose failures say so
     * @param channel whether to make the socket from a channel
     */
    private Socket direct(String host, int port, int connectMillis, String where, boolean toProxy, boolean channel)
            throws IOException {
        status.publish(InternetStatus.RESOLVING_NAME, host);
        events.nameResolutionStart(host);
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            if (toProxy) {
                throw new InternetException(InternetError.PROXY_SERVER_UNREACHABLE, "cannot reach " + where
                        + ": cannot resolve its name", e);
            }
            throw new TransportErrors(where, context).ofConnect(CONNECTING, e);
        }
        status.publish(InternetStatus.NAME_RESOLVED, addresses[0]);
        if (events.isEnabled()) {
            events.nameResolutionEnd(host, List.of(addresses));
        }
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket socket = channel ? ZeroCopy.socket() : new Socket();
            opening.accept(socket);
            try {
                configure(socket);
                InetSocketAddress target = new InetSocketAddress(address, port);
                status.publish(InternetStatus.CONNECTING_TO_SERVER, target);
                events.connectStart(target);
                try {
                    socket.connect(target, connectMillis);
                } catch (IOException e) {
                    events.connectFailed(target, e);
                    throw e;
                }
                status.publish(InternetStatus.CONNECTED_TO_SERVER, target);
                events.connectEnd(target);
                return socket;
            } catch (IOException e) {
                close(socket);
                last = e;
            }
        }
        if (toProxy) {
            throw new InternetException(InternetError.PROXY_SERVER_UNREACHABLE, "cannot reach " + where + ": "
                    + last.getMessage(), last);
        }
        InternetException failure = new TransportErrors(where, context).ofConnect(CONNECTING, last);
        if (failure.error() == InternetError.CONNECTION_ABORTED || failure.error() == InternetError.CONNECTION_RESET) {
            // No connection was made: whatever the socket said, it is a failure to connect.
            throw new InternetException(InternetError.CANNOT_CONNECT, failure.getMessage(), last);
        }
        throw failure;
    }

    private void configure(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        int wanted = context.receiveBufferSize() < 0 ? RECEIVE_BUFFER : context.receiveBufferSize();
        if (wanted > 0) {
            socket.setReceiveBufferSize(wanted);
        }
    }

    private Socket tls(Socket plain, String host, int port, int connectMillis, String where) throws IOException {
        try {
            SSLContext tls = TlsSupport.context(spec, context);
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
            SSLParameters parameters = TlsSupport.modern(tls);
            if (TlsSupport.verifiesHostname(spec)) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (host.indexOf(':') < 0 && !host.matches("[0-9.]+")) {
                parameters.setServerNames(List.of(new SNIHostName(host)));
            }
            parameters.setApplicationProtocols(new String[] {"http/1.1"});
            socket.setSSLParameters(parameters);
            // Each read of the handshake waits no longer than the read timeout, as any read does, and
            // than the connect timeout, which the handshake is part of: a server that accepts and then
            // says nothing fails at the shorter of the two.
            socket.setSoTimeout(handshakeMillis(connectMillis));
            events.tlsHandshakeStart();
            socket.startHandshake();
            TlsSupport.published(socket, status);
            if (events.isEnabled()) {
                events.tlsHandshakeEnd(TlsSupport.info(socket.getSession(), socket.getApplicationProtocol()));
            }
            return socket;
        } catch (InternetException e) {
            close(plain);
            throw e;
        } catch (SocketTimeoutException e) {
            close(plain);
            int waited = handshakeMillis(connectMillis);
            throw new InternetException(InternetError.TIMEOUT, "the TLS handshake with " + where
                    + (waited < connectMillis ? ": the server sent nothing for " + waited + " ms, the read timeout"
                            : " took longer than " + connectMillis + " ms"), e);
        } catch (IOException e) {
            close(plain);
            throw new TransportErrors(where, context).ofConnect("the TLS handshake", e);
        }
    }

    /** How long one read of a TLS handshake may wait: the shorter of the connect and read timeouts. */
    private int handshakeMillis(int connectMillis) {
        return Math.min(connectMillis, context.readTimeoutMillis());
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // The failure being reported matters more.
        }
    }
}
