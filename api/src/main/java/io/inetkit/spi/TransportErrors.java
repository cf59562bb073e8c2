package io.inetkit.spi;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.toolbox.WriteWatchdog;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * The WinINet error of a transport failure, the same in every provider: what the socket, the name
 * lookup or TLS reported, as one code and one message shape, {@code "<what>: <failure> (<host:port>)"},
 * for example {@code "reading /pub/big.bin: the server reset the connection (ftp.example.com:21)"}.
 * A provider keeps what its protocol alone knows (a reply code, a broken frame) and passes every
 * other {@link IOException} here.
 *
 * <table>
 * <caption>The failures and their codes</caption>
 * <tr><th>failure</th><th>code</th></tr>
 * <tr><td>the host name does not resolve</td><td>{@code NAME_NOT_RESOLVED}</td></tr>
 * <tr><td>the connection is refused or the host unreachable</td><td>{@code CANNOT_CONNECT}</td></tr>
 * <tr><td>no connection within the connect time-out</td><td>{@code TIMEOUT}</td></tr>
 * <tr><td>nothing read for the read time-out, or nothing taken in for the write time-out</td>
 *     <td>{@code TIMEOUT}</td></tr>
 * <tr><td>the peer reset the connection</td><td>{@code CONNECTION_RESET}</td></tr>
 * <tr><td>a TLS failure (its message names the server in its own words, so no
 *     {@code (<host:port>)} follows it)</td><td>{@link TlsSupport#failure}'s code</td></tr>
 * <tr><td>the calling thread was interrupted</td><td>{@code OPERATION_CANCELLED}</td></tr>
 * <tr><td>the handle was closed while the call ran ({@link #cancelled})</td><td>{@code OPERATION_CANCELLED}</td></tr>
 * <tr><td>a call on a handle closed before it ({@link #closed})</td><td>{@code INVALID_HANDLE}</td></tr>
 * <tr><td>the connection ended before the message did ({@link #endedEarly}), anything else</td>
 *     <td>{@code CONNECTION_ABORTED}</td></tr>
 * </table>
 *
 * <pre>{@code
 * TransportErrors errors = new TransportErrors(spec.host() + ":" + spec.port(), context);
 * try {
 *     socket.connect(address, context.connectTimeoutMillis());
 * } catch (IOException e) {
 *     throw errors.ofConnect("connecting to the echo server", e);
 * }
 * ...
 * } catch (IOException e) {
 *     throw errors.of("reading the echo", e);
 * }
 * }</pre>
 */
public final class TransportErrors {

    private final String where;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration writeTimeout;

    /**
     * @param where the server, {@code host:port}, named at the end of every message
     * @param connectTimeout named by a connect that timed out
     * @param readTimeout named by a read that timed out
     * @param writeTimeout named by a write that timed out ({@link WriteWatchdog.WriteTimeoutException})
     */
    public TransportErrors(String where, Duration connectTimeout, Duration readTimeout, Duration writeTimeout) {
        this.where = Objects.requireNonNull(where, "where");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
        this.writeTimeout = Objects.requireNonNull(writeTimeout, "writeTimeout");
    }

    /** As the four-argument constructor, with a write time-out equal to the read time-out. */
    public TransportErrors(String where, Duration connectTimeout, Duration readTimeout) {
        this(where, connectTimeout, readTimeout, readTimeout);
    }

    /** With the time-outs of the provider's context. */
    public TransportErrors(String where, ProviderContext context) {
        this(where, context.connectTimeout(), context.readTimeout(), context.writeTimeout());
    }

    /** The server, {@code host:port}. */
    public String where() {
        return where;
    }

    /**
     * The error of a failure on an open connection: while sending or reading. An
     * {@link InternetException} is returned as it is.
     *
     * @param what what was being done, such as {@code "reading the body of GET /"}
     */
    public InternetException of(String what, IOException e) {
        return map(what, e, false);
    }

    /**
     * The error of a failure while connecting: a time-out here is the connect time-out's, as it is
     * in {@link #of} when the JDK says "Connect timed out".
     */
    public InternetException ofConnect(String what, IOException e) {
        return map(what, e, true);
    }

    /** {@code OPERATION_CANCELLED}: the handle was closed, by another thread, while the call ran. */
    public InternetException cancelled(String what, Throwable cause) {
        return new InternetException(InternetError.OPERATION_CANCELLED, shape(what,
                "the handle was closed while the call ran, with its session or Internet or by the application"),
                cause);
    }

    /** {@code INVALID_HANDLE}: a call on a handle (a stream, a session) closed before the call. */
    public InternetException closed(String what) {
        return new InternetException(InternetError.INVALID_HANDLE, shape(what, "the handle is closed"));
    }

    /** {@code CONNECTION_ABORTED}: the connection ended where the message had not, {@code detail} says where. */
    public InternetException endedEarly(String what, String detail) {
        return new InternetException(InternetError.CONNECTION_ABORTED, shape(what,
                "the connection ended early, " + detail));
    }

    /**
     * An error of this code in the shape of all others, for what a provider alone can tell: a
     * failure of its protocol, a step of its own.
     *
     * @param serverReply the server's reply text, or null
     */
    public InternetException shaped(InternetError error, String what, String failure, String serverReply,
            Throwable cause) {
        return new InternetException(error, shape(what, failure), serverReply, cause);
    }

    private InternetException map(String what, IOException e, boolean connecting) {
        if (e instanceof InternetException internet) {
            return internet;
        }
        if (has(e, WriteWatchdog.WriteTimeoutException.class)) {
            return new InternetException(InternetError.TIMEOUT, shape(what, "the server took in nothing for "
                    + writeTimeout.toMillis() + " ms, the write time-out (Internet.Builder.writeTimeout)"), e);
        }
        if (e instanceof ClosedByInterruptException
                || e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
            return new InternetException(InternetError.OPERATION_CANCELLED, shape(what,
                    "the thread was interrupted; the connection is closed"), e);
        }
        if (has(e, SocketTimeoutException.class)) {
            // The JDK's connect says "Connect timed out"; a read "Read timed out".
            boolean connect = connecting || causes(e).toLowerCase(Locale.ROOT).contains("connect timed out");
            String failure = connect
                    ? "no connection within the connect time-out of " + connectTimeout.toMillis()
                            + " ms (Internet.Builder.connectTimeout)"
                    : "the server sent nothing for " + readTimeout.toMillis()
                            + " ms, the read time-out (Internet.Builder.readTimeout)";
            return new InternetException(InternetError.TIMEOUT, shape(what, failure), e);
        }
        if (has(e, UnknownHostException.class) || has(e, UnresolvedAddressException.class)) {
            return new InternetException(InternetError.NAME_NOT_RESOLVED, shape(what,
                    "the host name does not resolve"), e);
        }
        if (has(e, ConnectException.class) || has(e, NoRouteToHostException.class)) {
            return new InternetException(InternetError.CANNOT_CONNECT, shape(what, "cannot connect: "
                    + causes(e) + "; check the host, the port and that the server runs"), e);
        }
        if (isReset(e)) {
            // Before TLS: the JDK wraps a reset in an SSLException, and it is the network's failure.
            return new InternetException(InternetError.CONNECTION_RESET, shape(what,
                    "the server reset the connection"), e);
        }
        if (has(e, SSLException.class)) {
            // TlsSupport's message names the server already, in its own sentence.
            InternetException tls = TlsSupport.failure(e, where);
            return new InternetException(tls.error(), what + ": " + tls.getMessage(), e);
        }
        return new InternetException(InternetError.CONNECTION_ABORTED, shape(what,
                "the connection failed: " + causes(e)), e);
    }

    private String shape(String what, String failure) {
        return what + ": " + failure + " (" + where + ")";
    }

    /**
     * Whether the peer reset the connection (TCP RST). The JDK says so only in the message of a
     * {@link SocketException}: "Connection reset", or "Connection reset by peer" for a write.
     */
    public static boolean isReset(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketException && String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("reset")) {
                return true;
            }
        }
        return false;
    }

    /** The first throwable of this type in the cause chain, {@code e} included. */
    public static <T extends Throwable> Optional<T> cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    static boolean has(Throwable e, Class<? extends Throwable> type) {
        return cause(e, type).isPresent();
    }

    /** The messages of the cause chain, each once, bounded: the JDK often says the useful part in a cause. */
    public static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 400; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(m) < 0) {
                text.append(text.length() == 0 ? "" : "; ").append(m);
            }
        }
        return text.toString();
    }
}
