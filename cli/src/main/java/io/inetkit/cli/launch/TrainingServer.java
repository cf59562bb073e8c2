package io.inetkit.cli.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 server on a loopback port for the training run, answering every request with one
 * small document, so that the archive holds what a successful {@code get} loads (the engine's
 * response parser, its body stream, the pool) as well as what a failed one does. Plain sockets:
 * every image has {@code java.base}, not every image has {@code jdk.httpserver}.
 */
final class TrainingServer implements AutoCloseable {

    /** The document every request gets. */
    static final byte[] DOCUMENT = "inetkit's class-data archive training\n".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
            + DOCUMENT.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    /** How long a connection may keep the server waiting for its request. */
    private static final int READ_TIMEOUT_MILLIS = 5_000;

    private final ServerSocket listener;
    private final Thread thread;

    private TrainingServer(ServerSocket listener) {
        this.listener = listener;
        this.thread = new Thread(this::serve, "inetkit-training-server");
        thread.setDaemon(true);
    }

    /** Starts the server on a free loopback port. */
    static TrainingServer start() throws IOException {
        TrainingServer server = new TrainingServer(new ServerSocket(0, 8, InetAddress.getLoopbackAddress()));
        server.thread.start();
        return server;
    }

    /** The URL of the document. */
    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort() + "/training.txt";
    }

    private void serve() {
        while (!listener.isClosed()) {
            try (Socket socket = listener.accept()) {
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                if (readHead(socket.getInputStream())) {
                    OutputStream out = socket.getOutputStream();
                    out.write(RESPONSE);
                    out.write(DOCUMENT);
                    out.flush();
                }
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                // A client that went away: the next one is served all the same.
            }
        }
    }

    /** Reads up to the blank line that ends a request head; false if the stream ended first. */
    private static boolean readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b; (b = in.read()) != -1; ) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == end.length) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
