package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.RequestBody;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The HTTP/1.1 engine's framing (RFC 9112) against a raw {@link ServerSocket} that plays a script
 * of exact bytes: what no well-behaved test server would send. Malformed responses must be
 * {@link InternetException}s, never unchecked exceptions or short bodies.
 */
class H1FramingTest {

    final Script server = new Script();
    final List<io.inetkit.StatusEvent> events = new CopyOnWriteArrayList<>();
    final Internet internet = Internet.newBuilder().readTimeout(Duration.ofSeconds(5)).statusListener(events::add)
            .build();

    @AfterEach
    void close() throws IOException {
        internet.close();
        server.close();
    }

    HttpSession connect() throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1").port(server.port()).build());
    }

    String get(String target) throws Exception {
        try (HttpSession http = connect(); HttpResponse response = http.send(HttpRequest.get(target))) {
            return new String(response.body().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    void assertFails(InternetError expected, Executable call) {
        InternetException e = assertThrows(InternetException.class, call);
        assertEquals(expected, e.error(), e.toString());
    }

    @Test
    void chunkedWinsOverContentLength() throws Exception {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n");
        assertEquals("hello world", get("/"));
    }

    @Test
    void conflictingContentLengthsAreRefused() {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!");
        assertFails(InternetError.HTTP_INVALID_SERVER_RESPONSE, () -> get("/"));
    }

    @Test
    void repeatedEqualContentLengthsAreOneLength() throws Exception {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello");
        assertEquals("hello", get("/"));
    }

    @Test
    void aNonNumericContentLengthIsRefused() {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nhello");
        assertFails(InternetError.HTTP_INVALID_SERVER_RESPONSE, () -> get("/"));
    }

    @Test
    void anOverlongStatusLineIsRefused() {
        server.answer("HTTP/1.1 200 " + "x".repeat(20_000) + "\r\nContent-Length: 0\r\n\r\n");
        assertFails(InternetError.HTTP_INVALID_SERVER_RESPONSE, () -> get("/"));
    }

    @Test
    void anOverlongHeaderLineIsRefused() {
        server.answer("HTTP/1.1 200 OK\r\nX-Big: " + "x".repeat(20_000) + "\r\nContent-Length: 0\r\n\r\n");
        assertFails(InternetError.HTTP_INVALID_SERVER_RESPONSE, () -> get("/"));
    }

    @Test
    void tooManyHeadersAreRefused() {
        server.answer("HTTP/1.1 200 OK\r\n" + "X-A: 1\r\n".repeat(500) + "Content-Length: 0\r\n\r\n");
        assertFails(InternetError.HTTP_INVALID_SERVER_RESPONSE, () -> get("/"));
    }

    @Test
    void garbageInsteadOfAStatusLineIsRefused() {
        server.answer("SSH-2.0-OpenSSH_9.2\r\n\r\n");
        assertFails(InternetError.HTTP_INVALID_SERVER_RESPONSE, () -> get("/"));
    }

    @Test
    void aHeaderWithoutAColonIsRefused() {
        server.answer("HTTP/1.1 200 OK\r\nno colon here\r\nContent-Length: 0\r\n\r\n");
        assertFails(InternetError.HTTP_INVALID_SERVER_RESPONSE, () -> get("/"));
    }

    @Test
    void aBadChunkSizeIsRefusedWhileReading() {
        server.answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
        assertFails(InternetError.HTTP_INVALID_SERVER_RESPONSE, () -> get("/"));
    }

    @Test
    void aChunkedBodyCutShortIsAborted() {
        server.answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n100\r\nonly a few bytes");
        server.closeAfterAnswer();
        assertFails(InternetError.CONNECTION_ABORTED, () -> get("/"));
    }

    @Test
    void aLengthBodyCutShortIsAborted() {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly a few bytes");
        server.closeAfterAnswer();
        assertFails(InternetError.CONNECTION_ABORTED, () -> get("/"));
    }

    @Test
    void headersCutShortAreAborted() {
        server.answer("HTTP/1.1 200 OK\r\nContent-Le");
        server.closeAfterAnswer();
        InternetException e = assertThrows(InternetException.class, () -> get("/"));
        assertTrue(e.error() == InternetError.CONNECTION_ABORTED, e.toString());
    }

    @Test
    void aCloseDelimitedBodyEndsWithTheConnectionWhichIsNotReused() throws Exception {
        server.answer("HTTP/1.1 200 OK\r\n\r\nuntil the end");
        server.closeAfterAnswer();
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext");
        try (HttpSession http = connect()) {
            assertEquals("until the end", text(http.send(HttpRequest.get("/a"))));
            assertEquals("next", text(http.send(HttpRequest.get("/b"))));
        }
        assertEquals(2, server.connections());
    }

    @Test
    void interimResponsesAreSkippedAndTheServersReasonPhraseIsKept() throws Exception {
        server.answer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n"
                + "HTTP/1.1 200 Fine, Thanks\r\nContent-Length: 2\r\n\r\nok");
        try (HttpSession http = connect(); HttpResponse response = http.send(HttpRequest.get("/"))) {
            assertEquals(200, response.statusCode());
            assertEquals("Fine, Thanks", response.reasonPhrase());
            assertEquals("ok", text(response));
            assertEquals("HTTP/1.1 200 Fine, Thanks", http.lastResponse().orElseThrow());
        }
        assertEquals(List.of(100, 103), events.stream()
                .filter(e -> e.status() == io.inetkit.InternetStatus.INTERMEDIATE_RESPONSE)
                .map(e -> e.info().orElseThrow()).toList());
    }

    @Test
    void headAnd204And304HaveNoBodyAndKeepTheConnection() throws Exception {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
        server.answer("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n");
        server.answer("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n");
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlast");
        try (HttpSession http = connect()) {
            try (HttpResponse head = http.send(HttpRequest.newBuilder("/").method("HEAD").build())) {
                assertEquals(1000, head.headers().firstValueAsLong("Content-Length").orElseThrow());
                assertEquals("", text(head));
            }
            assertEquals("", text(http.send(HttpRequest.get("/204"))));
            assertEquals("", text(http.send(HttpRequest.get("/304"))));
            assertEquals("last", text(http.send(HttpRequest.get("/last"))));
        }
        assertEquals(1, server.connections(), "one kept-alive connection for all four");
    }

    @Test
    void aKeptAliveConnectionTheServerClosedIsReplacedOnceForAGet() throws Exception {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst");
        server.closeAfterAnswer(); // without saying Connection: close
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond");
        try (HttpSession http = connect()) {
            assertEquals("first", text(http.send(HttpRequest.get("/1"))));
            Thread.sleep(50); // the server's FIN arrives; the pool does not look at a connection this fresh
            assertEquals("second", text(http.send(HttpRequest.get("/2"))));
        }
        assertEquals(2, server.connections());
    }

    @Test
    void anIdleConnectionTheServerClosedIsNotUsedForAPost() throws Exception {
        // A POST is never retried, so it succeeds only if the pool saw the close before lending.
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst");
        server.closeAfterAnswer();
        server.answer("HTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\npost");
        try (HttpSession http = connect()) {
            assertEquals("first", text(http.send(HttpRequest.get("/1"))));
            Thread.sleep(1300); // longer than the pool trusts an idle connection unchecked
            long start = System.nanoTime();
            assertEquals("post", text(http.send(HttpRequest.newBuilder("/2").method("POST")
                    .body(RequestBody.of(new byte[10])).build())));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4), "the check waits briefly");
        }
        assertEquals(2, server.connections());
    }

    @Test
    void anIdleConnectionStillOpenIsCheckedBrieflyAndReused() throws Exception {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst");
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond");
        try (HttpSession http = connect()) {
            assertEquals("first", text(http.send(HttpRequest.get("/1"))));
            Thread.sleep(1300);
            long start = System.nanoTime();
            assertEquals("second", text(http.send(HttpRequest.get("/2"))));
            // The check is one short wait, not the read timeout of 5 s.
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4), "the check waits briefly");
        }
        assertEquals(1, server.connections());
    }

    @Test
    void aKnownLengthBodyIsSentWithContentLengthAndAnUnknownOneChunked() throws Exception {
        server.answer("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
        server.answer("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
        byte[] data = "x".repeat(100_000).getBytes(StandardCharsets.ISO_8859_1);
        try (HttpSession http = connect()) {
            http.send(HttpRequest.newBuilder("/known").method("PUT").body(RequestBody.of(data)).build()).close();
            http.send(HttpRequest.newBuilder("/unknown").method("POST")
                    .body(RequestBody.ofStream(() -> new ByteArrayInputStream(data), -1)).build()).close();
        }
        Recorded known = server.take();
        assertEquals("100000", known.header("content-length"));
        assertEquals(100_000, known.body.length);
        Recorded unknown = server.take();
        assertEquals("chunked", unknown.header("transfer-encoding"));
        assertEquals(null, unknown.header("content-length"));
        assertEquals(100_000, unknown.body.length);
        assertFalse(unknown.head.toLowerCase(Locale.ROOT).contains("expect:"));
    }

    @Test
    void anUploadTheServerStopsReadingTimesOut() throws Exception {
        try (ServerSocket deaf = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Internet quick = Internet.newBuilder().readTimeout(Duration.ofSeconds(30))
                     .writeTimeout(Duration.ofMillis(500)).build()) {
            List<Socket> held = acceptAndNeverRead(deaf);
            long size = 1L << 30;
            RequestBody endless = RequestBody.ofStream(() -> new InputStream() {
                @Override
                public int read() {
                    return 'x';
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                    return len;
                }
            }, size);
            HttpSession http = quick.connect(ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1")
                    .port(deaf.getLocalPort()).build());
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class,
                    () -> http.send(HttpRequest.newBuilder("/").method("POST").body(endless).build()));
            assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
            assertTrue(e.getMessage().contains(String.valueOf(deaf.getLocalPort()))
                    && e.getMessage().contains("took in nothing for 500 ms")
                    && e.getMessage().contains("(Internet.Builder.writeTimeout)"), e.getMessage());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "the watch ended the upload");
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    /** Takes a connection on {@code deaf}, whose receive buffer it makes small, and never reads from it. */
    private static List<Socket> acceptAndNeverRead(ServerSocket deaf) throws IOException {
        deaf.setReceiveBufferSize(4096);
        List<Socket> held = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                held.add(deaf.accept());
            } catch (IOException ignored) {
                // closed by the test
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return held;
    }

    @Test
    void aLongHeadTheServerDoesNotReadTimesOut() throws Exception {
        try (ServerSocket deaf = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Internet quick = Internet.newBuilder().readTimeout(Duration.ofSeconds(30))
                     .writeTimeout(Duration.ofMillis(500)).build()) {
            List<Socket> held = acceptAndNeverRead(deaf);
            String big = "x".repeat(8 * 1024 * 1024); // far more than the socket buffers on both sides take
            HttpSession http = quick.connect(ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1")
                    .port(deaf.getLocalPort()).build());
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class,
                    () -> http.send(HttpRequest.newBuilder("/").header("X-Big", big).build()));
            assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
            assertTrue(e.getMessage().contains("took in nothing for 500 ms")
                    && e.getMessage().contains("(Internet.Builder.writeTimeout)"), e.getMessage());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "the watch ended the head");
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void closingTheSessionCancelsATlsHandshakeInProgress() throws Exception {
        // The server accepts and says nothing: the handshake would wait for the 30 s connect timeout.
        try (ServerSocket mute = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            HttpSession https = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1")
                    .port(mute.getLocalPort()).flags(io.inetkit.ConnectFlag.SECURE).build());
            Thread closer = new Thread(() -> {
                try (Socket accepted = mute.accept()) {
                    Thread.sleep(300);
                    https.close();
                    Thread.sleep(500);
                } catch (Exception ignored) {
                    // the test fails on its own
                }
            });
            closer.start();
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, () -> https.send(HttpRequest.newBuilder("/")
                    .version(io.inetkit.http.HttpVersion.HTTP_1_1).build()));
            assertEquals(InternetError.OPERATION_CANCELLED, e.error(), e.toString());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "cancelled, not timed out");
            closer.join(5000);
        }
    }

    static String text(HttpResponse response) throws IOException {
        try (response; InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** A request as the script server read it. */
    static final class Recorded {
        final String head;
        final byte[] body;

        Recorded(String head, byte[] body) {
            this.head = head;
            this.body = body;
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }

    /**
     * A server that reads each request (head, and a body by Content-Length or chunked) and answers
     * the next scripted bytes, closing the connection after an answer when the script says so.
     */
    static final class Script implements AutoCloseable {
        private final ServerSocket socket;
        private final BlockingQueue<Object[]> answers = new LinkedBlockingQueue<>();
        private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final AtomicInteger connections = new AtomicInteger();
        private final Thread acceptor;
        private Object[] lastAnswer;

        Script() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            acceptor = new Thread(this::accept, "script-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        void answer(String bytes) {
            lastAnswer = new Object[] {bytes.getBytes(StandardCharsets.ISO_8859_1), Boolean.FALSE};
            answers.add(lastAnswer);
        }

        void closeAfterAnswer() {
            lastAnswer[1] = Boolean.TRUE;
        }

        int connections() {
            return connections.get();
        }

        Recorded take() throws InterruptedException {
            Recorded request = requests.poll(5, TimeUnit.SECONDS);
            if (request == null) {
                throw new AssertionError("no request arrived");
            }
            return request;
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    connections.incrementAndGet();
                    accepted.add(client);
                    Thread serve = new Thread(() -> serve(client), "script-connection");
                    serve.setDaemon(true);
                    serve.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket client) {
            try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
                while (true) {
                    String head = head(in);
                    if (head == null) {
                        return;
                    }
                    Recorded request = new Recorded(head, body(in, head));
                    requests.add(request);
                    Object[] answer = answers.poll(5, TimeUnit.SECONDS);
                    if (answer == null) {
                        return;
                    }
                    out.write((byte[]) answer[0]);
                    out.flush();
                    if ((Boolean) answer[1]) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // The client went away.
            }
        }

        private static String head(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                byte[] bytes = head.toByteArray();
                int n = bytes.length;
                if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
            }
            return null;
        }

        private static byte[] body(InputStream in, String head) throws IOException {
            Recorded parsed = new Recorded(head, null);
            String length = parsed.header("content-length");
            if (length != null) {
                return in.readNBytes(Integer.parseInt(length));
            }
            if (!"chunked".equalsIgnoreCase(parsed.header("transfer-encoding"))) {
                return new byte[0];
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line(in);
                int n = Integer.parseInt(size, 16);
                if (n == 0) {
                    line(in);
                    return body.toByteArray();
                }
                body.write(in.readNBytes(n));
                line(in);
            }
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket client : accepted) {
                client.close();
            }
        }
    }
}
