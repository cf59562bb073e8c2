package com.example.echo.internal;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Session;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.Connection;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.SessionSupport;
import io.inetkit.spi.StatusPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/** One TCP connection to an Echo server, opened lazily and shared by the handles on it. */
final class EchoConnection implements Connection {

    private final ConnectSpec spec;
    private final ProviderContext context;
    private Socket socket; // guarded by this
    private boolean closed; // guarded by this

    EchoConnection(ConnectSpec spec, ProviderContext context) {
        this.spec = spec;
        this.context = context;
    }

    synchronized String roundTrip(String text, StatusPublisher status) throws InternetException {
        byte[] sent = text.getBytes(StandardCharsets.UTF_8);
        try {
            Socket open = open(status);
            status.publish(InternetStatus.SENDING_REQUEST);
            open.getOutputStream().write(sent);
            status.publish(InternetStatus.REQUEST_SENT, (long) sent.length);
            status.publish(InternetStatus.RECEIVING_RESPONSE);
            byte[] received = readExactly(open.getInputStream(), sent.length);
            status.publish(InternetStatus.RESPONSE_RECEIVED, (long) received.length);
            return new String(received, StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            drop();
            throw new InternetException(InternetError.TIMEOUT, "the echo server " + where()
                    + " sent nothing for " + context.readTimeout().toMillis() + " ms", e);
        } catch (InternetException e) {
            drop();
            throw e;
        } catch (IOException e) {
            drop();
            throw new InternetException(InternetError.CONNECTION_ABORTED, "the connection to the echo server "
                    + where() + " failed: " + e.getMessage(), e);
        }
    }

    private Socket open(StatusPublisher status) throws InternetException {
        if (closed) {
            throw new InternetException(InternetError.INVALID_HANDLE, "the connection to " + where() + " is closed");
        }
        if (socket != null) {
            return socket;
        }
        Socket fresh = new Socket();
        try {
            status.publish(InternetStatus.RESOLVING_NAME, spec.host());
            InetSocketAddress address = new InetSocketAddress(spec.host(), spec.port());
            if (address.isUnresolved()) {
                throw new UnknownHostException(spec.host());
            }
            status.publish(InternetStatus.NAME_RESOLVED, address.getAddress());
            status.publish(InternetStatus.CONNECTING_TO_SERVER, address);
            fresh.connect(address, (int) context.connectTimeout().toMillis());
            fresh.setSoTimeout((int) context.readTimeout().toMillis());
            status.publish(InternetStatus.CONNECTED_TO_SERVER, address);
            socket = fresh;
            return fresh;
        } catch (UnknownHostException e) {
            closeQuietly(fresh);
            throw new InternetException(InternetError.NAME_NOT_RESOLVED, "cannot resolve " + spec.host(), e);
        } catch (SocketTimeoutException e) {
            closeQuietly(fresh);
            throw new InternetException(InternetError.TIMEOUT, "connecting to " + where() + " took longer than "
                    + context.connectTimeout().toMillis() + " ms", e);
        } catch (IOException e) {
            closeQuietly(fresh);
            throw new InternetException(InternetError.CANNOT_CONNECT, "cannot connect to " + where() + ": "
                    + e.getMessage(), e);
        }
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] buffer = new byte[length];
        int done = 0;
        while (done < length) {
            int n = in.read(buffer, done, length - done);
            if (n < 0) {
                throw new IOException("the server closed the connection after " + done + " of " + length + " bytes");
            }
            done += n;
        }
        return buffer;
    }

    private String where() {
        return spec.host() + ":" + spec.port();
    }

    private void drop() {
        closeQuietly(socket);
        socket = null;
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing after a failure; the failure is what gets reported.
            }
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
