package io.inetkit.spi;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import io.inetkit.ProxyConfig;
import io.inetkit.http.Authenticator;
import io.inetkit.toolbox.auth.ProxyChallenges;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;

/**
 * A plain socket whose {@link #connect(SocketAddress, int)} reaches the server the way the
 * {@link ProxyConfig} says: directly, or through a SOCKS5 proxy or an HTTP proxy's {@code CONNECT}
 * tunnel (see {@link ProxyRoute}). Once connected it carries the server's bytes whatever the route,
 * so a provider uses it where it made a {@code new Socket()}, and layers TLS over it for the
 * server's host name (TLS stays end to end; the proxy sees only ciphertext).
 *
 * <pre>{@code
 * Socket socket = new ProxiedSocket(context.proxy(), context);
 * // unresolved: a socks5h or HTTP proxy resolves the name itself
 * socket.connect(InetSocketAddress.createUnresolved(spec.host(), spec.port()), connectMillis);
 * }</pre>
 *
 * <p>The connect timeout bounds the connection to the proxy and, separately, the proxy's
 * handshake. Failures of the proxy are {@link InternetException}s whose message names the proxy:
 * {@link InternetError#PROXY_SERVER_UNREACHABLE} when it cannot be reached,
 * {@link InternetError#CANNOT_CONNECT} when it cannot or will not reach the server,
 * {@link InternetError#LOGIN_FAILURE} when it refuses the credentials (an HTTP proxy's 407 is
 * answered as {@link ProxyConfig#withAuthSchemes} allows, up to {@link Limits#maxAuthAttempts()} times), {@link InternetError#TIMEOUT}
 * when its handshake is too slow. A direct connection fails as a plain socket does. When the
 * connection is tunnelled, {@link #getInetAddress()} and {@link #getPort()} are the proxy's.
 *
 * <p>It is not final so that a provider can add to it (the FTP provider keys TLS sessions through
 * it); subclasses must call {@code super.connect}.
 */
public class ProxiedSocket extends Socket {

    private final ProxyConfig config;
    private final Optional<Authenticator> authenticator;
    private final Limits limits;
    private final ProxyChallenges.Memory memory; // what the proxy took: sent up front on the next CONNECT
    private volatile ProxyRoute route = ProxyRoute.direct();
    private volatile InetSocketAddress target;

    /**
     * An unconnected socket that will connect as {@code config} says, answering an HTTP proxy's
     * challenges with the config's credentials alone, within {@link Limits#defaults()}.
     */
    public ProxiedSocket(ProxyConfig config) {
        this(config, Optional.empty(), Limits.defaults(), new ProxyChallenges.Memory());
    }

    /**
     * An unconnected socket that will connect as {@code config} says (a provider passes
     * {@code context.proxy()} or what it chose from it), answering an HTTP proxy's challenges to
     * {@code CONNECT} as the {@code Internet} does: with the config's credentials or, without them,
     * the {@code Internet}'s {@link Authenticator}, within its {@link Limits}.
     */
    public ProxiedSocket(ProxyConfig config, ProviderContext context) {
        this(config, context.httpAuthenticator(), context.limits(), ProxyChallenges.Memory.of(context));
    }

    private ProxiedSocket(ProxyConfig config, Optional<Authenticator> authenticator, Limits limits,
            ProxyChallenges.Memory memory) {
        // NO_PROXY: a plain Socket would ask ProxySelector.getDefault() itself and go through the
        // JVM's SOCKS settings a second time, on the way to the proxy.
        super(Proxy.NO_PROXY);
        this.config = Objects.requireNonNull(config, "config");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.memory = memory;
    }

    /**
     * Connects to the server, through the proxy if one applies to it.
     *
     * @param endpoint an {@link InetSocketAddress}, resolved or not
     * @param timeout milliseconds for each of the TCP connect and the proxy's handshake; 0 waits forever
     * @throws InternetException for failures of the proxy; other {@link IOException}s as
     *     {@link Socket#connect(SocketAddress, int)} for a direct connection
     */
    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        if (!(endpoint instanceof InetSocketAddress server)) {
            throw new IllegalArgumentException("not an InetSocketAddress: " + endpoint);
        }
        target = server;
        ProxyRoute chosen = ProxyRoute.select(config, server.getHostString(), server.getPort());
        route = chosen;
        if (chosen.isDirect()) {
            super.connect(server.isUnresolved() ? new InetSocketAddress(server.getHostString(), server.getPort())
                    : server, timeout);
            return;
        }
        connectToProxy(chosen, timeout);
        try {
            int readTimeout = getSoTimeout();
            setSoTimeout(timeout);
            new ProxyHandshake(chosen, super.getInputStream(), super.getOutputStream(), config.authSchemes(),
                    authenticator, limits, memory).run(server);
            setSoTimeout(readTimeout);
        } catch (InternetException e) {
            closeQuietly();
            throw e;
        } catch (SocketTimeoutException e) {
            closeQuietly();
            throw new InternetException(InternetError.TIMEOUT, chosen.describe() + " did not finish its handshake"
                    + " for " + ProxyHandshake.where(server) + " within " + timeout + " ms", e);
        } catch (EOFException e) {
            closeQuietly();
            throw new InternetException(InternetError.CONNECTION_ABORTED, chosen.describe()
                    + " closed the connection during its handshake for " + ProxyHandshake.where(server), e);
        } catch (IOException e) {
            closeQuietly();
            throw new InternetException(InternetError.CONNECTION_ABORTED, "the connection to " + chosen.describe()
                    + " failed during its handshake: " + e.getMessage(), e);
        }
    }

    private void connectToProxy(ProxyRoute chosen, int timeout) throws InternetException {
        InetSocketAddress unresolved = chosen.proxyAddress().orElseThrow();
        InetSocketAddress proxy = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
        try {
            if (proxy.isUnresolved()) {
                throw new UnknownHostException("cannot resolve its name");
            }
            super.connect(proxy, timeout);
        } catch (SocketTimeoutException e) {
            closeQuietly();
            throw new InternetException(InternetError.TIMEOUT, "connecting to " + chosen.describe()
                    + " took longer than " + timeout + " ms", e);
        } catch (IOException e) {
            closeQuietly();
            throw new InternetException(InternetError.PROXY_SERVER_UNREACHABLE, "cannot reach " + chosen.describe()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The route chosen by the last {@link #connect}; direct before it. */
    public ProxyRoute route() {
        return route;
    }

    /** Whether the connection goes through a proxy. */
    public boolean isTunnelled() {
        return !route.isDirect();
    }

    /** The server given to {@link #connect}; empty before it. */
    public Optional<InetSocketAddress> target() {
        return Optional.ofNullable(target);
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // The proxy's failure is what gets reported.
        }
    }
}
