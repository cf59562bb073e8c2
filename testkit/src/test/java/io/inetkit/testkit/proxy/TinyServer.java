package io.inetkit.testkit.proxy;

import io.inetkit.testkit.TestServer;
import io.inetkit.testkit.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A target for proxy tests: runs a handler per connection and reports what it saw as events, so
 * tests can assert what the server side observed.
 */
final class TinyServer implements TestServer {

    interface Handler {
        void handle(Socket socket, TinyServer server) throws IOException, InterruptedException;
    }

    private final Handler handler;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocket listener;

    private TinyServer(Handler handler) {
        this.handler = handler;
    }

    static TinyServer of(Handler handler) {
        return new TinyServer(handler);
    }

    /** Echoes every byte until the client ends its output, then closes. */
    static TinyServer echo() {
        return of((socket, server) -> {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) != -1) {
                socket.getOutputStream().write(buffer, 0, n);
            }
            server.event("eof");
        });
    }

    /** Sends the bytes at once, then reports what the client sent until it ended: "got:...", then "eof". */
    static TinyServer sending(byte[] bytes) {
        return of((socket, server) -> {
            socket.getOutputStream().write(bytes);
            server.reportInput(socket);
        });
    }

    /** Reads until end of stream, reporting "got:<text>" and then "eof", "timeout" or "error:<message>". */
    void reportInput(Socket socket) {
        try {
            byte[] all = socket.getInputStream().readAllBytes();
            event("got:" + new String(all, java.nio.charset.StandardCharsets.ISO_8859_1));
            event("eof");
        } catch (SocketTimeoutException e) {
            event("timeout");
        } catch (IOException e) {
            event("error:" + e.getMessage());
        }
    }

    void event(String event) {
        events.add(event);
    }

    /** The next event, or "none" after a few seconds. */
    String nextEvent() throws InterruptedException {
        String event = events.poll(Wire.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        return event == null ? "none" : event;
    }

    int connectionCount() {
        return connections.get();
    }

    @Override
    public void start() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tiny-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        try {
            while (true) {
                Socket socket = listener.accept();
                connections.incrementAndGet();
                sockets.add(socket);
                Thread thread = new Thread(() -> {
                    try (socket) {
                        socket.setSoTimeout(Wire.TIMEOUT_MILLIS);
                        handler.handle(socket, this);
                    } catch (IOException e) {
                        event("error:" + e.getMessage());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "tiny-server-conn");
                thread.setDaemon(true);
                thread.start();
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    @Override
    public void close() throws IOException {
        if (listener != null) {
            listener.close();
        }
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }
}
