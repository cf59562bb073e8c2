package io.inetkit.testkit.script;

import io.inetkit.testkit.TestServer;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Gopher server on raw sockets that answers each request line with a scripted {@link Reply}, byte
 * for byte, then closes: menus that never end, lines of any length, what no real server sends.
 *
 * <pre>{@code
 * @StartStop final ScriptedGopherServer gopher = ScriptedGopherServer.create()
 *         .reply("/endless", Reply.endless(i -> "0file " + i + "\t/f" + i + "\tlocalhost\t70\r\n"));
 * }</pre>
 *
 * <p>Each connection is served on a thread of its own. A request without a scripted reply is
 * answered with an error item. When the client closes the connection while the server still sends,
 * {@link #awaitCut} sees it.
 */
public final class ScriptedGopherServer implements TestServer {

    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final Reply NOT_SCRIPTED = Reply.text("3not scripted\t\terror.host\t1\r\n.\r\n");

    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Cuts cuts = new Cuts();
    private volatile ServerSocket listener;
    private volatile boolean closed;

    private ScriptedGopherServer() {
    }

    /** A server without replies, not started yet: start it, or let {@code @StartStop} do it. */
    public static ScriptedGopherServer create() {
        return new ScriptedGopherServer();
    }

    /** The reply to the request line {@code request} (a selector, or a selector, TAB and query), without its CR LF. */
    public ScriptedGopherServer reply(String request, Reply reply) {
        replies.put(Objects.requireNonNull(request, "request"), Objects.requireNonNull(reply, "reply"));
        return this;
    }

    @Override
    public synchronized void start() throws IOException {
        if (listener != null) {
            throw new IllegalStateException("the scripted Gopher server was started before");
        }
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(this::serve, "scripted-gopher-" + listener.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public InetSocketAddress address() {
        ServerSocket socket = listener;
        if (socket == null) {
            throw new IllegalStateException("the scripted Gopher server has not been started");
        }
        return new InetSocketAddress(socket.getInetAddress(), socket.getLocalPort());
    }

    /** The request lines received so far, in order, without their CR LF. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Whether a client closed its connection while the server was still sending, or does so within {@code timeout}. */
    public boolean awaitCut(Duration timeout) throws InterruptedException {
        return cuts.await(timeout);
    }

    private void serve() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // close()
            }
            open.add(socket);
            Thread thread = new Thread(() -> answer(socket), "scripted-gopher-" + socket.getPort());
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void answer(Socket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            String request = readLine(socket.getInputStream());
            if (request == null) {
                return;
            }
            requests.add(request);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            try {
                replies.getOrDefault(request, NOT_SCRIPTED).writeTo(out);
                out.flush();
            } catch (IOException e) {
                if (!closed) {
                    cuts.add();
                }
            }
        } catch (IOException e) {
            // the client went away before its request ended
        } finally {
            open.remove(socket);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (line.size() < MAX_REQUEST_BYTES) {
                line.write(b);
            }
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return b == -1 && text.isEmpty() ? null : text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        ServerSocket socket = listener;
        if (socket != null) {
            socket.close();
        }
        for (Socket connection : open) {
            connection.close(); // ends a reply still being sent
        }
    }

    @Override
    public String toString() {
        ServerSocket socket = listener;
        return "ScriptedGopherServer[" + (socket == null ? "not started" : "127.0.0.1:" + socket.getLocalPort()) + "]";
    }
}
