package io.inetkit.testing;

import io.inetkit.ConnectFlag;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Service;
import io.inetkit.Session;
import io.inetkit.spi.AbstractSession;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.Connection;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.ServiceProvider;
import io.inetkit.spi.SessionSupport;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A provider of the test protocol of {@link LineServer}, written only against the SPI as a real
 * provider would be: it connects and logs in eagerly (like FTP) over a real socket.
 */
public class LineProvider implements ServiceProvider {

    private final int defaultPort;
    private final int securePort;

    /** A provider whose default port is 1 (nothing listens there). */
    public LineProvider() {
        this(1);
    }

    /** A provider whose default port is this, and 1 with SECURE. */
    public LineProvider(int defaultPort) {
        this(defaultPort, 1);
    }

    /**
     * A provider with these default ports. (SECURE only picks the port here: the test protocol
     * has no TLS.)
     */
    public LineProvider(int defaultPort, int securePort) {
        this.defaultPort = defaultPort;
        this.securePort = securePort;
    }

    @Override
    public Service<?> service() {
        return LineSession.SERVICE;
    }

    @Override
    public int defaultPort(Set<ConnectFlag> flags) {
        return flags.contains(ConnectFlag.SECURE) ? securePort : defaultPort;
    }

    @Override
    public Set<String> schemes() {
        return Set.of("line");
    }

    @Override
    public Set<ConnectFlag> supportedFlags() {
        return EnumSet.of(ConnectFlag.SECURE, ConnectFlag.INSECURE_SKIP_HOSTNAME_CHECK);
    }

    @Override
    public Connection connect(ConnectSpec spec, ProviderContext context) throws InternetException {
        Socket socket = new Socket();
        try {
            InetSocketAddress address = new InetSocketAddress(spec.host(), spec.port());
            context.status().publish(InternetStatus.CONNECTING_TO_SERVER, address);
            socket.connect(address, (int) context.connectTimeout().toMillis());
            socket.setSoTimeout((int) context.readTimeout().toMillis());
            context.status().publish(InternetStatus.CONNECTED_TO_SERVER, address);
            LineConnection connection = new LineConnection(socket, context);
            connection.roundTrip("LOGIN " + spec.credentials().user() + " " + spec.credentials().password());
            return connection;
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Already failing.
            }
            throw new InternetException(InternetError.CANNOT_CONNECT, "cannot connect to "
                    + spec.host() + ":" + spec.port() + ": " + e.getMessage(), e);
        }
    }

    static final class LineConnection implements Connection {
        private final Socket socket;
        private final BufferedReader in;
        private final ProviderContext context;

        LineConnection(Socket socket, ProviderContext context) throws IOException {
            this.socket = socket;
            this.context = context;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        synchronized String roundTrip(String line) throws IOException {
            socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            String reply = in.readLine();
            if (reply == null) {
                throw new IOException("the server closed the connection");
            }
            return reply;
        }

        @Override
        public Session newSession(SessionSupport support) {
            return new LineSessionImpl(support, this);
        }

        @Override
        public boolean isUsable() {
            return !socket.isClosed();
        }

        @Override
        public void close() {
            context.status().publish(InternetStatus.CLOSING_CONNECTION);
            try {
                socket.close();
            } catch (IOException ignored) {
                // Nothing left to do.
            }
            context.status().publish(InternetStatus.CONNECTION_CLOSED);
        }
    }

    static final class LineSessionImpl extends AbstractSession implements LineSession {
        private final LineConnection connection;
        private volatile String last;

        LineSessionImpl(SessionSupport support, LineConnection connection) {
            super(support);
            this.connection = connection;
        }

        @Override
        public String send(String line) throws InternetException {
            ensureOpen();
            status().publish(InternetStatus.SENDING_REQUEST);
            try {
                last = connection.roundTrip(line);
            } catch (IOException e) {
                throw new InternetException(InternetError.CONNECTION_ABORTED, e.getMessage(), e);
            }
            status().publish(InternetStatus.RESPONSE_RECEIVED, (long) last.length());
            return last;
        }

        @Override
        public Closeable openChild() throws InternetException {
            AtomicBoolean closed = new AtomicBoolean();
            Closeable child = new Closeable() {
                @Override
                public void close() {
                    closed.set(true);
                }

                @Override
                public String toString() {
                    return closed.get() ? "closed" : "open";
                }
            };
            return support().track(child);
        }

        @Override
        public Optional<String> lastResponse() {
            return Optional.ofNullable(last);
        }
    }
}
