package io.inetkit.testkit.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestRecordingTest {

    @StartStop final TestHttpServer server = TestHttpServer.newBuilder().recordBodyLimit(16).build();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void recordsMethodTargetHeadersAndBody() throws Exception {
        server.enqueue(TestResponse.ok("ok"));
        client.send(HttpRequest.newBuilder(server.url("/upload/file%20name?x=1&y=%41"))
                .header("Content-Type", "text/plain")
                .header("X-Many", "a").header("X-Many", "b")
                .POST(BodyPublishers.ofString("hello"))
                .build(), BodyHandlers.discarding());

        RecordedRequest request = server.takeRequest();

        assertEquals("POST", request.method());
        assertEquals("/upload/file%20name?x=1&y=%41", request.target());
        assertEquals("/upload/file%20name", request.path());
        assertEquals(Optional.of("x=1&y=%41"), request.query());
        assertEquals("HTTP/1.1", request.protocol());
        assertEquals(Optional.of("text/plain"), request.header("CONTENT-type"));
        assertEquals(List.of("a", "b"), request.headers().get("x-many"));
        assertEquals("hello", request.bodyText());
        assertEquals(5, request.bodySize());
        assertFalse(request.bodyTruncated());
        assertEquals(Optional.empty(), request.tlsProtocol());
        assertEquals(0, request.sequenceNumber());
    }

    @Test
    void keepsOnlyTheStartOfABigBodyButCountsAllOfIt() throws Exception {
        byte[] big = new byte[100_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        client.send(HttpRequest.newBuilder(server.url("/big")).POST(BodyPublishers.ofByteArray(big)).build(),
                BodyHandlers.discarding());

        RecordedRequest request = server.takeRequest();

        assertEquals(100_000, request.bodySize());
        assertTrue(request.bodyTruncated());
        assertArrayEquals(java.util.Arrays.copyOf(big, 16), request.body());
    }

    @Test
    void numbersRequestsAndTellsKeptAliveConnectionsApart() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(TestResponse.ok("r" + i));
        }
        client.send(HttpRequest.newBuilder(server.url("/1")).build(), BodyHandlers.ofString());
        client.send(HttpRequest.newBuilder(server.url("/2")).build(), BodyHandlers.ofString());
        HttpClient otherClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        otherClient.send(HttpRequest.newBuilder(server.url("/3")).build(), BodyHandlers.ofString());

        RecordedRequest first = server.takeRequest();
        RecordedRequest second = server.takeRequest();
        RecordedRequest third = server.takeRequest();

        assertEquals(List.of(0L, 1L, 2L), List.of(first.sequenceNumber(), second.sequenceNumber(), third.sequenceNumber()));
        assertEquals(first.connectionIndex(), second.connectionIndex(), "one client reuses its connection");
        assertEquals(0, first.requestOnConnection());
        assertEquals(1, second.requestOnConnection());
        assertNotEquals(first.connectionIndex(), third.connectionIndex());
        assertEquals(0, third.requestOnConnection());
        assertEquals(3, server.requestCount());
    }

    @Test
    void takeRequestWithTimeoutIsEmptyWhenNothingCame() throws Exception {
        assertEquals(Optional.empty(), server.takeRequest(Duration.ofMillis(50)));
        assertEquals(0, server.requestCount());
    }
}
