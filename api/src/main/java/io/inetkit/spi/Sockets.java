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

    /** Closes the socket, ignoring a failure to. */
    public static void closeQuietly(Socket socket) {
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
        if (socket.getChannel() != null && !socket.isClosed()) {
            // A thread in FileChannel.transferTo (sendfile) to this socket is not one the channel
            // knows to signal, and closing the descriptor does not wake it; a shutdown does. The
            // close below still resets: with no linger, a socket closed after FIN sends RST.
            try {
                socket.shutdownOutput();
            } catch (IOException ignored) {
                // Not connected, or shut already.
            }
        }
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // Closed already; closing again is harmless.
        }
        closeQuietly(socket);
    }
}
