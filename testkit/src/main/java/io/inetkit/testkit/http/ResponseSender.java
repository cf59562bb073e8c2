package io.inetkit.testkit.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Writes a {@link TestResponse} to an exchange: the body in one go or throttled, and stalling
 * where the response says. Every pause waits on the server's closing latch rather than sleeping,
 * so that closing the server ends a slow or stalled response at once.
 */
final class ResponseSender {

    /** Thrown out of a handler to abandon a response because the server is closing. */
    static final class Abandoned extends IOException {
        Abandoned(String message) {
            super(message);
        }
    }

    private final CountDownLatch closing;

    ResponseSender(CountDownLatch closing) {
        this.closing = closing;
    }

    void send(HttpExchange exchange, TestResponse response) throws IOException, InterruptedException {
        Headers out = exchange.getResponseHeaders();
        response.headers().forEach((name, values) -> out.put(name, new ArrayList<>(values)));
        byte[] body = response.body();
        int status = response.status();
        boolean bodyForbidden = status < 200 || status == 204 || status == 304;
        if (bodyForbidden || "HEAD".equalsIgnoreCase(exchange.getRequestMethod())) {
            if (!bodyForbidden && !response.chunked()) {
                // The JDK server sends no Content-Length for HEAD by itself; it must be set by hand.
                out.set("Content-Length", Long.toString(body.length));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        // The JDK server's codes: 0 means chunked, -1 means no body (Content-Length: 0).
        exchange.sendResponseHeaders(status, response.chunked() ? 0 : body.length == 0 ? -1 : body.length);
        long stall = response.stallAfter().orElse(-1);
        int end = stall >= 0 ? (int) stall : body.length;
        OutputStream stream = exchange.getResponseBody();
        writeThrottled(stream, body, end, response.throttleBytes(), response.throttlePeriod());
        if (stall >= 0) {
            stream.flush();
            closing.await();
            throw new Abandoned("stalled response ended by closing the server");
        }
        stream.close();
        exchange.close();
    }

    private void writeThrottled(OutputStream stream, byte[] body, int end, int piece, Duration period)
            throws IOException, InterruptedException {
        int offset = 0;
        while (offset < end) {
            int n = Math.min(piece, end - offset);
            stream.write(body, offset, n);
            offset += n;
            if (offset < end) {
                // A flush per piece: each piece leaves as it is written, one chunk when chunked.
                stream.flush();
                if (!period.isZero() && closing.await(period.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new Abandoned("slow response ended by closing the server");
                }
            }
        }
    }
}
