package io.inetkit.provider.http.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on a raw socket that answers every request with the same bytes, whatever they
 * are, then closes the connection or holds it open: for responses no real server sends. It counts
 * connections and the bytes it received.
 */
final class RawHttpServer implements AutoCloseable {

    private final ServerSocket listener;
    private final byte[] response;
    private final boolean hold;
    private final boolean atOnce;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger bytesReceived = new AtomicInteger();
    private final Thread thread;
    private volatile boolean closed;

    RawHttpServer(byte[] response, boolean hold) throws IOException {
        this(response, hold, false);
    }

    /**
     * A server that sends {@code response} as soon as a connection opens, before reading anything,
     * then closes it: what nginx does with bytes that cannot begin a request (a TLS ClientHello),
     * where the JDK's HttpServer waits for a line end that may never come.
     */
    static RawHttpServer answeringAtOnce(byte[] response) throws IOException {
        return new RawHttpServer(response, false, true);
    }

    private RawHttpServer(byte[] response, boolean hold, boolean atOnce) throws IOException {
        this.response = response;
        this.hold = hold;
        this.atOnce = atOnce;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "raw-http-" + listener.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    int connections() {
        return connections.get();
    }

    int bytesReceived() {
        return bytesReceived.get();
    }

    private void serve() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                connections.incrementAndGet();
                open.add(client);
                Thread worker = new Thread(() -> answer(client), "raw-http-conn");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answer(Socket client) {
        try {
            client.setSoTimeout(10_000);
            InputStream in = client.getInputStream();
            int state = 0;
            int b;
            while (!atOnce && state < 4 && (b = in.read()) != -1) {
                bytesReceived.incrementAndGet();
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                        ? state + 1 : b == '\r' ? 1 : 0;
            }
            client.getOutputStream().write(response);
            client.getOutputStream().flush();
            if (hold) {
                while (in.read() != -1) {
                    bytesReceived.incrementAndGet();
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            try {
                client.close();
            } catch (IOException ignored) {
                // nothing to do
            }
            open.remove(client);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Socket socket : open) {
            socket.close();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
