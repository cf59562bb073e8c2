package io.inetkit.provider.sftp;

import com.jcraft.jsch.SocketFactory;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.ProxiedSocket;
import io.inetkit.spi.ProxyRoute;
import io.inetkit.spi.StatusPublisher;
import io.inetkit.spi.TransportErrors;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * The one TCP connection of an SSH session, made by the contract's {@link ProxiedSocket} (the
 * {@code Internet}'s SOCKS or HTTP proxy, its connect time-out) and handed to JSch as its
 * {@link SocketFactory}. It remembers how it failed, because JSch reports a dead transport to an
 * SFTP call only as "the channel is closed".
 */
final class Transport implements SocketFactory {

    private final ProviderContext context;
    private final StatusPublisher status;
    private final TransportErrors errors;
    private volatile Socket socket;
    private volatile IOException failure;
    private volatile long lastWrite = System.nanoTime();
    private volatile long lastRead = lastWrite;
    private InternetException connectFailure;

    Transport(ProviderContext context, StatusPublisher status, TransportErrors errors) {
        this.context = context;
        this.status = status;
        this.errors = errors;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        try {
            return connect(host, port);
        } catch (InternetException e) {
            connectFailure = e;
            throw e;
        }
    }

    private Socket connect(String host, int port) throws IOException {
        ProxyRoute route = ProxyRoute.select(context.proxy(), host, port);
        InetSocketAddress target;
        if (route.isDirect()) {
            status.publish(InternetStatus.RESOLVING_NAME, host);
            InetAddress address;
            try {
                address = InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw errors.ofConnect("connecting to the SSH server", e);
            }
            status.publish(InternetStatus.NAME_RESOLVED, address);
            target = new InetSocketAddress(address, port);
        } else {
            target = InetSocketAddress.createUnresolved(host, port);
        }
        status.publish(InternetStatus.CONNECTING_TO_SERVER, target);
        Socket made = new ProxiedSocket(context.proxy(), context);
        socket = made;
        try {
            made.connect(target, context.connectTimeoutMillis());
            made.setSoTimeout(context.readTimeoutMillis());
            made.setTcpNoDelay(true);
        } catch (InternetException e) {
            closeQuietly(made);
            throw e;
        } catch (IOException e) {
            closeQuietly(made);
            InternetException failed = errors.ofConnect("connecting to the SSH server", e);
            if (failed.error() == InternetError.CONNECTION_ABORTED || failed.error() == InternetError.CONNECTION_RESET) {
                throw new InternetException(InternetError.CANNOT_CONNECT, failed.getMessage(), e);
            }
            throw failed;
        }
        status.publish(InternetStatus.CONNECTED_TO_SERVER, target);
        return made;
    }

    @Override
    public InputStream getInputStream(Socket made) throws IOException {
        return new FilterInputStream(made.getInputStream()) {
            @Override
            public int read() throws IOException {
                try {
                    int read = super.read();
                    lastRead = System.nanoTime();
                    return read;
                } catch (IOException e) {
                    throw failed(e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    int read = super.read(b, off, len);
                    lastRead = System.nanoTime();
                    return read;
                } catch (IOException e) {
                    throw failed(e);
                }
            }
        };
    }

    @Override
    public OutputStream getOutputStream(Socket made) throws IOException {
        return new FilterOutputStream(made.getOutputStream()) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                lastWrite = System.nanoTime();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                lastWrite = System.nanoTime();
            }
        };
    }

    /**
     * When the connection last moved ({@link System#nanoTime()}): a write to the socket returned (the
     * server took its bytes in) or a read did (the server answered, as it does to each write).
     */
    long lastMoved() {
        long read = lastRead;
        long write = lastWrite;
        return read - write > 0 ? read : write;
    }

    private IOException failed(IOException e) {
        if (!(e instanceof SocketTimeoutException) || failure == null) {
            failure = e;
        }
        return e;
    }

    /** The failure of the connect itself (a proxy, a refused connection), mapped already. */
    InternetException connectFailure() {
        return connectFailure;
    }

    /** The last read failure of the connection, if it failed. */
    IOException failure() {
        return failure;
    }

    /** The socket, once made: what the deadline and a close cut. */
    Socket socket() {
        return socket;
    }

    /** Cuts the connection, which ends every wait on it. */
    void cut() {
        Socket made = socket;
        if (made != null) {
            closeQuietly(made);
        }
    }

    private static void closeQuietly(Socket made) {
        try {
            made.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
