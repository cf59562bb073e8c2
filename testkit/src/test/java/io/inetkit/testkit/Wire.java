package io.inetkit.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/** Plain-socket helpers for tests: every socket has a read timeout, so no test can hang on a read. */
public final class Wire {

    public static final int TIMEOUT_MILLIS = 5000;

    private Wire() {
    }

    public static Socket connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return socket;
    }

    /** Sends one line (CR LF appended) and reads until the server closes. */
    public static byte[] exchange(InetSocketAddress address, String line) throws IOException {
        try (Socket socket = connect(address)) {
            return exchange(socket, line);
        }
    }

    public static byte[] exchange(Socket socket, String line) throws IOException {
        socket.getOutputStream().write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        return socket.getInputStream().readAllBytes();
    }

    public static String exchangeText(InetSocketAddress address, String line) throws IOException {
        return new String(exchange(address, line), StandardCharsets.UTF_8);
    }

    /** Reads until end of stream and returns how many bytes came, or the exception that ended it. */
    public static byte[] readUpTo(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (out.size() < max) {
            int n = in.read(buffer, 0, Math.min(buffer.length, max - out.size()));
            if (n == -1) {
                break;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Names of live threads that start with the prefix. */
    public static Set<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(prefix))
                .collect(Collectors.toSet());
    }

    /** Waits, bounded, until no live thread has the prefix; returns those still alive. */
    public static Set<String> awaitNoThreadsNamed(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> alive = threadsNamed(prefix);
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            alive = threadsNamed(prefix);
        }
        return alive;
    }
}
