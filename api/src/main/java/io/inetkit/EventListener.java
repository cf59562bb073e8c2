package io.inetkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Receives the timed steps of each call an {@link Internet}'s sessions make, as OkHttp's
 * {@code EventListener}: a call starts, resolves a name, connects, shakes hands over TLS, sends its
 * request, receives the response's head and then its body, and ends or fails. Set it with
 * {@link Internet.Builder#eventListener(EventListener)}; every method does nothing unless overridden.
 *
 * <pre>{@code
 * Internet internet = Internet.newBuilder()
 *         .eventListener(new EventListener() {
 *             @Override
 *             public void connectEnd(Call call, Duration elapsed, InetSocketAddress address) {
 *                 System.err.printf("call %d connected to %s after %d ms%n", call.id(), address, elapsed.toMillis());
 *             }
 *
 *             @Override
 *             public void callEnd(Call call, Duration elapsed) {
 *                 System.err.printf("call %d (%s, %s) took %d ms%n", call.id(), call.operation(),
 *                         call.context().orElse("-"), elapsed.toMillis());
 *             }
 *         })
 *         .build();
 * }</pre>
 *
 * <p><b>Calls.</b> A call is one operation of a session as its caller sees it: for HTTP one
 * {@link io.inetkit.http.HttpSession#send(io.inetkit.http.HttpRequest)}, its redirects included.
 * {@link Call#id()} tells concurrent calls apart; {@link Call#context()} is the session's context
 * object, as in {@link StatusEvent#context()}.
 *
 * <p><b>Time.</b> Every step after {@link #callStart} carries {@code elapsed}: the time from the
 * call's start to the step, on a monotonic clock. A step's duration is its end's {@code elapsed} less
 * its start's: a connection took {@code connectEnd}'s less {@code connectStart}'s.
 *
 * <p><b>Order.</b> {@code callStart}; for each new connection {@code nameResolutionStart} and
 * {@code nameResolutionEnd} (not when a proxy resolves the name), {@code connectStart} and
 * {@code connectEnd} or {@code connectFailed} for each address tried (through a proxy: the proxy's
 * address, the tunnel included), and over TLS {@code tlsHandshakeStart} and {@code tlsHandshakeEnd};
 * {@code requestHeadSent}, then {@code requestBodySent} for a request with a body;
 * {@code responseHeadReceived}; {@code responseBodyEnd} once the body has been read to its end; then
 * exactly one of {@code callEnd} (the body was read to its end or closed) and {@code callFailed}.
 * A reused connection has none of the connection's steps, and each redirect followed repeats the
 * steps from the connection on. The names are the same for every protocol: a request's head is
 * HTTP's request line and fields (and would be an FTP command, a Gopher selector); its body the upload.
 *
 * <p><b>What each provider reports.</b> HTTP/1.1, the default, reports every step.
 * HTTP/2 runs on {@code java.net.http}, which resolves, connects, shakes hands and writes the request
 * head out of sight: it reports {@code callStart}, {@code requestBodySent},
 * {@code responseHeadReceived}, {@code responseBodyEnd} and {@code callEnd} or {@code callFailed}.
 * FTP and Gopher report none yet. The {@link StatusListener}'s WinINet status events are published as
 * before, beside these.
 *
 * <p>It is called on the thread doing the work (for HTTP/2, sometimes one of {@code java.net.http}'s),
 * so it must be quick and must not block; it may be called for several calls at once. An
 * exception it throws is logged and does not disturb the call.
 */
public interface EventListener {

    /** A call begins: nothing has been sent, and nothing is timed yet. */
    default void callStart(Call call) {
    }

    /** The name of the server, or of a proxy reached by name, is about to be resolved. */
    default void nameResolutionStart(Call call, Duration elapsed, String host) {
    }

    /** The name was resolved to these addresses. */
    default void nameResolutionEnd(Call call, Duration elapsed, String host, List<InetAddress> addresses) {
    }

    /** A connection to this address (the proxy's, through a proxy) is being opened. */
    default void connectStart(Call call, Duration elapsed, InetSocketAddress address) {
    }

    /** The connection to this address is open (through a proxy: and its tunnel stands). */
    default void connectEnd(Call call, Duration elapsed, InetSocketAddress address) {
    }

    /** The connection to this address failed; another address may be tried next. */
    default void connectFailed(Call call, Duration elapsed, InetSocketAddress address, IOException failure) {
    }

    /** A TLS handshake begins on the new connection. */
    default void tlsHandshakeStart(Call call, Duration elapsed) {
    }

    /** The TLS handshake is done, and agreed on this. */
    default void tlsHandshakeEnd(Call call, Duration elapsed, TlsInfo info) {
    }

    /** The request's head was written to the connection (perhaps still buffered with its body's start). */
    default void requestHeadSent(Call call, Duration elapsed) {
    }

    /** The request's body was sent, all {@code bytes} of it. */
    default void requestBodySent(Call call, Duration elapsed, long bytes) {
    }

    /** The head of the final response (past any interim one) has arrived. */
    default void responseHeadReceived(Call call, Duration elapsed) {
    }

    /** The response's body was read to its end: {@code bytes} of it. */
    default void responseBodyEnd(Call call, Duration elapsed, long bytes) {
    }

    /** The call is over: its response's body was read to its end, or closed. */
    default void callEnd(Call call, Duration elapsed) {
    }

    /** The call failed, with what its caller got. */
    default void callFailed(Call call, Duration elapsed, InternetException failure) {
    }

    /**
     * One call: its key, the session it runs on, and what it does. Immutable.
     *
     * <pre>{@code
     * call.id();          // 42, unique within the JVM
     * call.operation();   // "GET /index.html"
     * call.context();     // the session's context object, if it has one
     * }</pre>
     */
    final class Call {

        private final long id;
        private final Service<?> service;
        private final String host;
        private final int port;
        private final Object context;
        private final String operation;

        /**
         * A call.
         *
         * @param id a key that no other call of the JVM has
         * @param context the session's context object, or {@code null} when it has none
         * @param operation what the call does, for people: {@code GET /index.html}
         */
        public Call(long id, Service<?> service, String host, int port, Object context, String operation) {
            this.id = id;
            this.service = Objects.requireNonNull(service, "service");
            this.host = Objects.requireNonNull(host, "host");
            this.port = port;
            this.context = context;
            this.operation = Objects.requireNonNull(operation, "operation");
        }

        /** The call's key, unique within the JVM: it tells concurrent calls apart. */
        public long id() {
            return id;
        }

        /** The service of the session. */
        public Service<?> service() {
            return service;
        }

        /** The session's host, as given to connect. */
        public String host() {
            return host;
        }

        /** The session's port. */
        public int port() {
            return port;
        }

        /** The session's context object, as given to connect. */
        public Optional<Object> context() {
            return Optional.ofNullable(context);
        }

        /** What the call does, for people: {@code GET /index.html}. */
        public String operation() {
            return operation;
        }

        /** For example {@code call 42 GET /index.html on http://example.org:80 context=nightly}. */
        @Override
        public String toString() {
            return "call " + id + " " + operation + " on " + service.name() + "://" + host + ":" + port
                    + (context == null ? "" : " context=" + context);
        }
    }
}
