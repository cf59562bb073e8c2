package io.inetkit.testkit.conformance.tiny;

import io.inetkit.ConnectFlag;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Service;
import io.inetkit.Session;
import io.inetkit.spi.AbstractSession;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.Connection;
import io.inetkit.spi.Deadline;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.ProxiedSocket;
import io.inetkit.spi.ServiceProvider;
import io.inetkit.spi.SessionSupport;
import io.inetkit.spi.Sockets;
import io.inetkit.spi.StatusPublisher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * A lazy provider of the tiny line protocol, right by default; each {@link Fault} makes it break one
 * rule of the contract, so that the kit's tests can see the kit catch it.
 */
public final class TinyProvider implements ServiceProvider {

    /** The rules it can break. */
    public enum Fault {
        /** Connects directly whatever the Internet's proxy. */
        IGNORES_PROXY,
        /** Reports a reset connection as CONNECTION_ABORTED. */
        RESET_AS_ABORTED,
        /** Leaves its socket open when the connection closes. */
        LEAKS_ON_CLOSE,
        /** Publishes an event after its handle closed. */
        LATE_EVENT,
        /** Waits for a trickling server past the Internet's deadline. */
        IGNORES_DEADLINE,
        /** Publishes a reply's text where its status declares a byte count. */
        WRONG_INFO_TYPE
    }

    private static volatile Set<Fault> faults = EnumSet.noneOf(Fault.class);

    /** Sets the faults of every tiny provider; none for a right one. */
    public static void faults(Set<Fault> set) {
        faults = set.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(set);
    }

    static boolean has(Fault fault) {
        return faults.contains(fault);
    }

    /** For ServiceLoader. */
    public TinyProvider() {
    }

    @Override
    public Service<?> service() {
        return TinySession.SERVICE;
    }

    @Override
    public int defaultPort(Set<ConnectFlag> flags) {
        return 4242;
    }

    @Override
    public Set<String> schemes() {
        return Set.of("tiny");
    }

    @Override
    public Set<ConnectFlag> supportedFlags() {
        return Set.of();
    }

    @Override
    public Connection connect(ConnectSpec spec, ProviderContext context) {
        return new TinyConnection(spec, context);
    }

    private static final class TinyConnection implements Connection {
        private final ConnectSpec spec;
        private final ProviderContext context;
        private Socket socket; // guarded by this
        private BufferedReader in; // guarded by this
        private volatile StatusPublisher last;

        TinyConnection(ConnectSpec spec, ProviderContext context) {
            this.spec = spec;
            this.context = context;
            this.last = context.status();
        }

        /** Asks under the Internet's deadline, whose timer resets the socket when it runs out. */
        synchronized String ask(String line, StatusPublisher status) throws InternetException {
            Deadline deadline = has(Fault.IGNORES_DEADLINE) ? Deadline.none() : Deadline.start(context);
            try {
                return ask(line, status, deadline);
            } catch (InternetException e) {
                throw deadline.isExpired() ? deadline.error("asking " + spec.host() + ":" + spec.port(), e) : e;
            } finally {
                deadline.close();
            }
        }

        private String ask(String line, StatusPublisher status, Deadline deadline) throws InternetException {
            last = status;
            StatusPublisher publisher = status;
            String where = spec.host() + ":" + spec.port();
            try {
                if (socket == null) {
                    Socket fresh = has(Fault.IGNORES_PROXY) ? new Socket() : new ProxiedSocket(context.proxy());
                    deadline.cuts(fresh);
                    InetSocketAddress address = InetSocketAddress.createUnresolved(spec.host(), spec.port());
                    publisher.publish(InternetStatus.CONNECTING_TO_SERVER, address);
                    try {
                        fresh.connect(has(Fault.IGNORES_PROXY) ? new InetSocketAddress(spec.host(), spec.port())
                                : InetSocketAddress.createUnresolved(spec.host(), spec.port()),
                                context.connectTimeoutMillis());
                        fresh.setSoTimeout(context.readTimeoutMillis());
                    } catch (SocketTimeoutException e) {
                        Sockets.closeQuietly(fresh);
                        throw new InternetException(InternetError.TIMEOUT, "connecting to " + where + " timed out", e);
                    } catch (ConnectException e) {
                        Sockets.closeQuietly(fresh);
                        throw new InternetException(InternetError.CANNOT_CONNECT, "cannot connect to " + where, e);
                    } catch (IOException e) {
                        Sockets.closeQuietly(fresh);
                        throw e;
                    }
                    socket = fresh;
                    in = new BufferedReader(new InputStreamReader(fresh.getInputStream(), StandardCharsets.UTF_8));
                    publisher.publish(InternetStatus.CONNECTED_TO_SERVER, address);
                }
                deadline.cuts(socket);
                publisher.publish(InternetStatus.SENDING_REQUEST);
                socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
                String reply = in.readLine();
                if (reply == null) {
                    throw new InternetException(InternetError.CONNECTION_ABORTED, where + " closed the connection");
                }
                publisher.publish(InternetStatus.RESPONSE_RECEIVED, has(Fault.WRONG_INFO_TYPE) ? reply
                        : (Object) (long) (reply.length() + 1));
                return reply;
            } catch (InternetException e) {
                drop();
                throw e;
            } catch (SocketTimeoutException e) {
                drop();
                throw new InternetException(InternetError.TIMEOUT, where + " sent nothing", e);
            } catch (IOException e) {
                drop();
                boolean reset = String.valueOf(e.getMessage()).contains("reset") && !has(Fault.RESET_AS_ABORTED);
                throw new InternetException(reset ? InternetError.CONNECTION_RESET : InternetError.CONNECTION_ABORTED,
                        "the connection to " + where + " failed: " + e.getMessage(), e);
            }
        }

        private void drop() {
            if (socket != null) {
                Sockets.closeQuietly(socket);
                socket = null;
            }
        }

        @Override
        public Session newSession(SessionSupport support) {
            return new TinySessionImpl(support, this);
        }

        @Override
        public synchronized void close() {
            if (!has(Fault.LEAKS_ON_CLOSE)) {
                drop();
            }
            if (has(Fault.LATE_EVENT)) {
                StatusPublisher publisher = last;
                Thread late = new Thread(() -> {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                    publisher.publish(InternetStatus.CONNECTION_CLOSED);
                });
                late.setDaemon(true);
                late.start();
            }
        }
    }

    private static final class TinySessionImpl extends AbstractSession implements TinySession {
        private final TinyConnection connection;

        TinySessionImpl(SessionSupport support, TinyConnection connection) {
            super(support);
            this.connection = connection;
        }

        @Override
        public String ask(String line) throws InternetException {
            ensureOpen();
            return connection.ask(line, status());
        }
    }
}
