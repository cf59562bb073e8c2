package io.inetkit.it.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server on loopback that plays a script, byte for byte, for each connection: the server a
 * hostile-server test needs when no well-behaved one can be made to misbehave (escape bytes in a
 * reason phrase, a body that trickles). Each connection runs the script on a daemon thread of its
 * own; {@link #close()} ends them all.
 *
 * <pre>{@code
 * try (RawServer http = RawServer.start(c -> {
 *     c.readHead();
 *     c.send("HTTP/1.1 404 \u001b]0;pwned\u0007Not Found\r\nContent-Length: 0\r\n\r\n");
 * })) {
 *     ImageRun.of("get", "http://" + http.authority() + "/x").run(Duration.ofSeconds(20));
 * }
 * }</pre>
 */
final class RawServer implements AutoCloseable {

    /** What the server does with one connection. */
    interface Script {
        void play(Conversation conversation) throws IOException;
    }

    private final ServerSocket listener;
    private final Script script;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();

    private RawServer(ServerSocket listener, Script script) {
        this.listener = listener;
        this.script = script;
    }

    /** Listens on a free loopback port and plays {@code script} to every connection. */
    static RawServer start(Script script) {
        try {
            RawServer server = new RawServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), script);
            Thread acceptor = new Thread(server::accept, "raw-server-" + server.port());
            acceptor.setDaemon(true);
            acceptor.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port it listens on. */
    int port() {
        return listener.getLocalPort();
    }

    /** {@code 127.0.0.1:port}, for URLs. */
    String authority() {
        return listener.getInetAddress().getHostAddress() + ":" + port();
    }

    /** How many connections it has accepted. */
    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException closed) {
                return;
            }
            connections.incrementAndGet();
            open.add(socket);
            Thread player = new Thread(() -> {
                try (socket) {
                    socket.setSoTimeout(30_000);
                    script.play(new Conversation(socket));
                } catch (IOException e) {
                    // The client went away or the server closed: the script ends with its connection.
                } finally {
                    open.remove(socket);
                }
            }, "raw-server-" + port() + "-connection");
            player.setDaemon(true);
            player.start();
        }
    }

    /** Stops listening and closes every connection, which ends their scripts. */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                // Next.
            }
        }
    }

    /** One connection, as a script sees it. */
    static final class Conversation {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Conversation(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** The socket itself, for what the helpers do not cover. */
        Socket socket() {
            return socket;
        }

        /** The next line the client sent, without its CR LF or LF, read as ISO-8859-1; null at its end. */
        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
            if (b < 0 && line.size() == 0) {
                return null;
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }

        /** Reads an HTTP request's head, through its empty line; returns its first line. */
        String readHead() throws IOException {
            String first = readLine();
            String line = first;
            while (line != null && !line.isEmpty()) {
                line = readLine();
            }
            return first;
        }

        /** Sends text as UTF-8: {@code "\u001b"} is the byte 0x1B, {@code "\u009b"} the bytes C2 9B. */
        void send(String text) throws IOException {
            send(text.getBytes(StandardCharsets.UTF_8));
        }

        /** Sends text one byte a character: {@code "\u009b"} is the byte 0x9B. Characters above U+00FF fail. */
        void sendLatin1(String text) throws IOException {
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) > 0xff) {
                    throw new IllegalArgumentException("not one byte: U+" + Integer.toHexString(text.charAt(i)));
                }
            }
            send(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** Sends bytes. */
        void send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Sends {@code bytes} one at a time, {@code every} apart: a body that never trips a read time-out. */
        void trickle(byte[] bytes, Duration every) throws IOException {
            for (byte b : bytes) {
                out.write(b);
                out.flush();
                pause(every);
            }
        }

        /** Keeps the connection open until the client closes it or the server is closed. */
        void holdOpen() throws IOException {
            try {
                while (in.read() >= 0) {
                    // Whatever the client sends is dropped.
                }
            } catch (SocketException closed) {
                // The server was closed.
            }
        }

        private static void pause(Duration every) throws IOException {
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
