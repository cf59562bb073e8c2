package io.inetkit.cli.launch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 server on a loopback port for the training run, so that the archive holds what a
 * successful {@code get} loads (the engine's response parser, its body stream, the pool) as well as
 * what a failed one does: {@link #url()} answers with one small document, {@link #segmentsUrl()}
 * with a file large enough for {@code get --segments 2} to split, by {@code Range}. One request a
 * connection, each connection on a thread of its own, since a segmented download holds two at once.
 * Plain sockets: every image has {@code java.base}, not every image has {@code jdk.httpserver}.
 */
final class TrainingServer implements AutoCloseable {

    /** The document of {@link #url()}. */
    static final byte[] DOCUMENT = "inetkit's class-data archive training\n".getBytes(StandardCharsets.US_ASCII);

    /** The length of {@link #segmentsUrl()}'s file: two of the smallest segments, and a byte. */
    static final int SEGMENTS_LENGTH = 2 * 1024 * 1024 + 1;

    /** How long a connection may keep the server waiting for its request. */
    private static final int READ_TIMEOUT_MILLIS = 5_000;
    private static final int MAX_HEAD = 16 * 1024;
    private static final Pattern RANGE = Pattern.compile("(?im)^Range:\\s*bytes=(\\d{1,9})-(\\d{0,9})\\s*$");
    private static final Pattern SEGMENTS = Pattern.compile("^GET /segments\\.bin ");

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

    /** The URL of the small document. */
    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort() + "/training.txt";
    }

    /** The URL of the file that splits into segments. */
    String segmentsUrl() {
        return "http://127.0.0.1:" + listener.getLocalPort() + "/segments.bin";
    }

    /** Byte {@code i} of the segments file: not all alike, so that a misplaced segment shows. */
    static byte segmentsByte(long i) {
        return (byte) (i * 31 + (i >>> 16));
    }

    private void serve() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException closed) {
                return;
            }
            Thread answer = new Thread(() -> answer(socket), "inetkit-training-connection");
            answer.setDaemon(true);
            answer.start();
        }
    }

    private static void answer(Socket socket) {
        try (socket) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            String head = readHead(socket.getInputStream());
            if (head != null) {
                OutputStream out = socket.getOutputStream();
                if (SEGMENTS.matcher(head).find()) {
                    sendSegments(out, RANGE.matcher(head));
                } else {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + DOCUMENT.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(DOCUMENT);
                }
                out.flush();
            }
        } catch (SocketException gone) {
            // The client closed first: a segment's reader does once it has its bytes.
        } catch (IOException e) {
            // A client that went away: the next one is served all the same.
        }
    }

    /** The segments file, or the range its request names (from a byte to the end, or to a byte). */
    private static void sendSegments(OutputStream out, Matcher range) throws IOException {
        long first = 0;
        long last = SEGMENTS_LENGTH - 1;
        String status = "200 OK";
        String contentRange = "";
        if (range.find()) {
            first = Long.parseLong(range.group(1));
            if (!range.group(2).isEmpty()) {
                last = Math.min(last, Long.parseLong(range.group(2)));
            }
            if (first > last) {
                out.write(("HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */" + SEGMENTS_LENGTH
                        + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                return;
            }
            status = "206 Partial Content";
            contentRange = "Content-Range: bytes " + first + "-" + last + "/" + SEGMENTS_LENGTH + "\r\n";
        }
        out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/octet-stream\r\nETag: \"training\"\r\n"
                + contentRange + "Content-Length: " + (last - first + 1) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[64 * 1024];
        for (long at = first; at <= last; ) {
            int n = (int) Math.min(chunk.length, last - at + 1);
            for (int i = 0; i < n; i++) {
                chunk[i] = segmentsByte(at + i);
            }
            out.write(chunk, 0, n);
            at += n;
        }
    }

    /** Reads up to the blank line that ends a request head; null if the stream ended first. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b; (b = in.read()) != -1 && head.size() < MAX_HEAD; ) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == end.length) {
                return head.toString(StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
