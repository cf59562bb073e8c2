package io.inetkit.spi;

import java.io.IOException;
import java.net.Socket;

/**
 * Ending sockets from a provider's failure and cancel paths, where the failure being reported
 * matters more than one more {@link IOException} from the close.
 *
 * <pre>{@code
 * } catch (IOException e) {
 *     Sockets.closeQuietly(socket);
 *     throw new InternetException(InternetError.CANNOT_CONNECT, "cannot connect to " + where, e);
 * }
 * }</pre>
 */
public final class Sockets {

    private Sockets() {
    }

    /**
     * Closes the socket, ignoring a failure to. A socket made from a channel has its output shut
     * first: a thread in {@link java.nio.channels.FileChannel#transferTo} ({@code sendfile}) to it
     * is not one the channel knows to signal, and closing the descriptor does not wake it; a
     * shutdown does. (With no linger, as {@link #reset} sets, the close still sends RST.)
     */
    public static void closeQuietly(Socket socket) {
        if (socket.getChannel() != null && !socket.isClosed() && socket.isConnected()) {
            try {
                socket.shutdownOutput();
            } catch (IOException ignored) {
                // Shut already.
            }
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // The caller reports what matters.
        }
    }

    /**
     * Resets the connection (RST, not FIN) and closes the socket, from any thread, without waiting:
     * a thread blocked in a read or write on it fails at once. For a peer that stopped reading, a
     * FIN would only queue behind the bytes it will never take.
     */
    public static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // Closed already; closing again is harmless.
        }
        closeQuietly(socket);
    }
}
