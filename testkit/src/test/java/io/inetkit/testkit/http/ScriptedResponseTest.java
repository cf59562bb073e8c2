package io.inetkit.testkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptedResponseTest {

    @StartStop final TestHttpServer server = TestHttpServer.create();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(server.url(path)).timeout(Duration.ofSeconds(10)).build(),
                BodyHandlers.ofString());
    }

    @Test
    void enqueuedResponsesAnswerInOrderWithTheirStatusAndHeaders() throws Exception {
        server.enqueue(TestResponse.newBuilder().status(201).header("X-Test", "one").header("X-Test", "two")
                .body("created").build());
        server.enqueue(TestResponse.newBuilder().status(418).body("teapot").build());

        HttpResponse<String> first = get("/a");
        HttpResponse<String> second = get("/b");

        assertEquals(201, first.statusCode());
        assertEquals(List.of("one", "two"), first.headers().allValues("x-test"));
        assertEquals("created", first.body());
        assertEquals(418, second.statusCode());
        assertEquals("teapot", second.body());
    }

    @Test
    void withNothingEnqueuedTheServerAnswers404() throws Exception {
        assertEquals(404, get("/nothing").statusCode());
    }

    @Test
    void redirectIsFollowedByTheClient() throws Exception {
        server.enqueue(TestResponse.redirect(302, "/target"));
        server.enqueue(TestResponse.ok("landed"));
        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

        HttpResponse<String> response = following.send(HttpRequest.newBuilder(server.url("/start")).build(),
                BodyHandlers.ofString());

        assertEquals("landed", response.body());
        assertEquals("/start", server.takeRequest().path());
        assertEquals("/target", server.takeRequest().path());
    }

    @Test
    void redirectCarriesTheLocationHeader() throws Exception {
        server.enqueue(TestResponse.redirect(308, "http://example.test/x"));
        HttpResponse<String> response = get("/");
        assertEquals(308, response.statusCode());
        assertEquals("http://example.test/x", response.headers().firstValue("Location").orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> TestResponse.redirect(200, "/"));
    }

    @Test
    void fixedLengthBodyHasContentLength() throws Exception {
        server.enqueue(TestResponse.ok("twelve bytes"));
        RawHttp.Response response = RawHttp.exchange(server.address(), "GET / HTTP/1.1", "Host: x", "Connection: close");
        assertEquals("12", response.headers().get("content-length"));
        assertFalse(response.headers().containsKey("transfer-encoding"));
        assertEquals("twelve bytes", response.rawBody());
    }

    @Test
    void chunkedBodyIsSentInChunks() throws Exception {
        server.enqueue(TestResponse.newBuilder().body("abcdefgh").chunked().throttle(4, Duration.ZERO).build());
        RawHttp.Response response = RawHttp.exchange(server.address(), "GET / HTTP/1.1", "Host: x", "Connection: close");
        assertEquals("chunked", response.headers().get("transfer-encoding"));
        assertFalse(response.headers().containsKey("content-length"));
        assertEquals("4\r\nabcd\r\n4\r\nefgh\r\n0\r\n\r\n", response.rawBody());
    }

    @Test
    void chunkedBodyReadsWholeThroughTheClient() throws Exception {
        server.enqueue(TestResponse.newBuilder().body("x".repeat(20_000)).chunked().build());
        assertEquals(20_000, get("/").body().length());
    }

    @Test
    void throttledBodyTakesAtLeastItsPauses() throws Exception {
        server.enqueue(TestResponse.newBuilder().body("0123456789").throttle(2, Duration.ofMillis(60)).build());
        long start = System.nanoTime();
        HttpResponse<String> response = get("/slow");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals("0123456789", response.body());
        // Five pieces, four pauses of 60 ms: a lower bound, so not flaky on a slow machine.
        assertTrue(elapsedMs >= 240, "took only " + elapsedMs + " ms");
    }

    @Test
    void stalledBodySendsItsStartThenNothingAndCloseEndsIt() throws Exception {
        server.enqueue(TestResponse.newBuilder().body("abcdef").stallAfter(3).build());
        try (Socket socket = new Socket(server.host(), server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = readUntil(in, "\r\n\r\n");
            assertTrue(head.contains("Content-length: 6") || head.toLowerCase().contains("content-length: 6"), head);
            assertEquals("abc", new String(in.readNBytes(3), StandardCharsets.US_ASCII));

            socket.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, in::read);

            assertTimeoutPreemptively(Duration.ofSeconds(5), server::close);
            socket.setSoTimeout(5_000);
            assertEquals(-1, in.read(), "the connection ends when the server closes");
        }
    }

    @Test
    void closeEndsASlowBodyAtOnce() throws Exception {
        server.enqueue(TestResponse.newBuilder().body("x".repeat(100)).throttle(1, Duration.ofSeconds(1)).build());
        try (Socket socket = new Socket(server.host(), server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            readUntil(socket.getInputStream(), "\r\n\r\n");
            assertTimeoutPreemptively(Duration.ofSeconds(5), server::close);
        }
    }

    private static String readUntil(InputStream in, String end) throws Exception {
        StringBuilder text = new StringBuilder();
        while (!text.toString().endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("stream ended before " + end.strip() + ": " + text);
            }
            text.append((char) b);
        }
        return text.toString();
    }

    @Test
    void noContentAndHeadGetNoBodyButHeadKeepsTheLength() throws Exception {
        server.enqueue(TestResponse.status(204));
        server.enqueue(TestResponse.ok("sized body"));
        RawHttp.Response noContent = RawHttp.exchange(server.address(), "GET / HTTP/1.1", "Host: x", "Connection: close");
        RawHttp.Response head = RawHttp.exchange(server.address(), "HEAD / HTTP/1.1", "Host: x", "Connection: close");
        assertEquals(204, noContent.status());
        assertEquals("", noContent.rawBody());
        assertEquals(200, head.status());
        assertEquals("10", head.headers().get("content-length"));
        assertEquals("", head.rawBody());
    }

    @Test
    void dispatcherAnswersWhenTheQueueIsEmpty() throws Exception {
        try (TestHttpServer dispatching = TestHttpServer.newBuilder()
                .dispatcher(request -> TestResponse.ok("you asked for " + request.target()))
                .build()) {
            dispatching.start();
            dispatching.enqueue(TestResponse.ok("queued first"));
            HttpRequest.Builder request = HttpRequest.newBuilder().timeout(Duration.ofSeconds(10));
            assertEquals("queued first", client.send(request.uri(dispatching.url("/a")).build(), BodyHandlers.ofString()).body());
            assertEquals("you asked for /b?c=d",
                    client.send(request.uri(dispatching.url("/b?c=d")).build(), BodyHandlers.ofString()).body());
        }
    }

    @Test
    void responseBuilderRejectsFramingHeadersAndAStallBeyondTheBody() {
        assertThrows(IllegalArgumentException.class, () -> TestResponse.newBuilder().header("Content-Length", "3"));
        assertThrows(IllegalStateException.class, () -> TestResponse.newBuilder().body("ab").stallAfter(3).build());
    }
}
