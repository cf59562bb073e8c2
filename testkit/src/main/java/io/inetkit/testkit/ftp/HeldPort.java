package io.inetkit.testkit.ftp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A free loopback port, kept bound until {@link #close()}: for a {@link TestFtpServer} passive
 * port that a test must know before the server uses it (to rewrite the server's {@code EPSV} reply
 * towards a proxy, say).
 *
 * <pre>{@code
 * int dataPort;
 * try (HeldPort held = HeldPort.hold()) {
 *     dataPort = held.port();
 *     server = TestFtpServer.newBuilder().passivePorts(dataPort, dataPort).build();
 *     server.start();
 *     dataProxy.start();    // its listening port cannot be dataPort
 *     controlProxy.start();
 * }                         // released: the server binds dataPort at its first EPSV
 * }</pre>
 *
 * <p>A port found free and released at once is not reserved: the server binds a passive port only
 * when a client asks for one, and until then any listener made with port 0 in the same set-up (a
 * proxy) may get the same number, which the server then refuses with {@code 425} ("passive port in
 * use"). Holding the port while the rest of the set-up binds its own closes that window.
 */
public final class HeldPort implements AutoCloseable {

    private final ServerSocket socket;
    private final int port;

    private HeldPort(ServerSocket socket) {
        this.socket = socket;
        this.port = socket.getLocalPort();
    }

    /** A free port of the loopback address, held until {@link #close()}. */
    public static HeldPort hold() throws IOException {
        return new HeldPort(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
    }

    /** The port, held or already released. */
    public int port() {
        return port;
    }

    /** Releases the port for whoever binds it next. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
