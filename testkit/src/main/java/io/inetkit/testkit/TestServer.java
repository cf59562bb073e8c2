package io.inetkit.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A server that tests start on a free loopback port and stop afterwards.
 *
 * <p>Every testkit server and the fault proxy implement it, so that one annotation,
 * {@link StartStop}, manages any of them:
 *
 * <pre>{@code
 * class DownloadTest {
 *     @StartStop final TestGopherServer gopher = TestGopherServer.serving(dir);
 *
 *     @Test void readsMenu() {
 *         int port = gopher.address().getPort();
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>Servers bind to the loopback address only and to a port the system chooses, unless their
 * builder says otherwise. {@link #close()} stops the server, closes every connection it holds
 * and ends its threads; it is harmless to call twice.
 */
public interface TestServer extends AutoCloseable {

    /**
     * Binds and starts serving. Returns once the server accepts connections.
     *
     * @throws IOException if the server cannot bind or start
     * @throws IllegalStateException if the server was started before
     */
    void start() throws IOException;

    /**
     * The address the server listens on: loopback and the port it was given.
     *
     * @throws IllegalStateException if the server has not been started
     */
    InetSocketAddress address();

    /** The loopback host the server listens on, as a string to put in a URL or a connect call. */
    default String host() {
        return address().getAddress().getHostAddress();
    }

    /** The port the server listens on. */
    default int port() {
        return address().getPort();
    }

    /** Stops the server, its connections and its threads. */
    @Override
    void close() throws IOException;
}
