package io.inetkit.spi;

import io.inetkit.Session;

/**
 * A provider's live link to a server, shared by the session handles that
 * {@link io.inetkit.ConnectFlag#EXISTING_CONNECT} hands out.
 *
 * <p>The API counts the handles: it calls {@link #newSession(SessionSupport)} once per handle and
 * {@link #close()} once, after the last handle closes or when the {@link io.inetkit.Internet}
 * closes. A connection that can be shared must let its handles work from different threads.
 *
 * <pre>{@code
 * final class EchoConnection implements Connection {
 *     public Session newSession(SessionSupport support) { return new EchoSessionImpl(support, this); }
 *     public boolean isUsable() { return !socket.isClosed(); }
 *     public void close() { closeQuietly(socket); }
 * }
 * }</pre>
 *
 * <p>It is not a functional interface, on purpose: {@link #close()} is what frees the socket, the
 * pool or the transfers a connection holds, and a provider must write it. One that holds nothing
 * says so in two lines, as a record: {@code record Done(String reply) implements Connection} with
 * {@code newSession} and an empty {@code close}.
 */
public interface Connection {

    /**
     * A new handle over this connection. Its class must implement the service's session interface,
     * and is best built on {@link AbstractSession}.
     */
    Session newSession(SessionSupport support);

    /**
     * Whether another handle may share this connection: false once the server has dropped it.
     * Only asked for {@link io.inetkit.ConnectFlag#EXISTING_CONNECT}.
     */
    default boolean isUsable() {
        return true;
    }

    /** Closes the link and frees everything it holds. Called once; must not throw. */
    void close();
}
