package io.inetkit.testkit.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A scripted HTTP response for {@link TestHttpServer}: status, headers, a body, and how the body
 * is sent — with a {@code Content-Length} or chunked, all at once, slowly, or stalling part way.
 * Immutable.
 *
 * <pre>{@code
 * server.enqueue(TestResponse.ok("hello"));
 * server.enqueue(TestResponse.redirect(302, "/elsewhere"));
 * server.enqueue(TestResponse.newBuilder()
 *         .status(200)
 *         .header("Content-Type", "text/plain")
 *         .body("x".repeat(10_000))
 *         .chunked()
 *         .throttle(1024, Duration.ofMillis(50))   // 1 KiB every 50 ms
 *         .build());
 * server.enqueue(TestResponse.newBuilder().body("abcdef").stallAfter(3).build());  // "abc", then silence
 * }</pre>
 */
public final class TestResponse {

    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final boolean chunked;
    private final int throttleBytes;
    private final Duration throttlePeriod;
    private final long stallAfter;

    private TestResponse(Builder builder) {
        this.status = builder.status;
        Map<String, List<String>> copy = new LinkedHashMap<>();
        builder.headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = builder.body.clone();
        this.chunked = builder.chunked;
        this.throttleBytes = builder.throttleBytes;
        this.throttlePeriod = builder.throttlePeriod;
        this.stallAfter = builder.stallAfter;
    }

    /** A builder starting from {@code 200} with no headers and an empty body. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** {@code 200} with this body as UTF-8 text, {@code Content-Type: text/plain; charset=utf-8}. */
    public static TestResponse ok(String body) {
        return newBuilder().header("Content-Type", "text/plain; charset=utf-8").body(body).build();
    }

    /** This status with an empty body. */
    public static TestResponse status(int status) {
        return newBuilder().status(status).build();
    }

    /**
     * A redirect to {@code location} with an empty body.
     *
     * @param status 301, 302, 303, 307 or 308
     */
    public static TestResponse redirect(int status, String location) {
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            throw new IllegalArgumentException("not a redirect status: " + status);
        }
        return newBuilder().status(status).header("Location", Objects.requireNonNull(location, "location")).build();
    }

    /** The status code. */
    public int status() {
        return status;
    }

    /** The headers as set, in the order they were set, names as given. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** A copy of the body. */
    public byte[] body() {
        return body.clone();
    }

    /** Whether the body goes out with {@code Transfer-Encoding: chunked} instead of a {@code Content-Length}. */
    public boolean chunked() {
        return chunked;
    }

    /** How many bytes go out per {@link #throttlePeriod()}; the whole body at once when not throttled. */
    public int throttleBytes() {
        return throttleBytes;
    }

    /** The pause between two throttled pieces of body; zero when not throttled. */
    public Duration throttlePeriod() {
        return throttlePeriod;
    }

    /** After how many body bytes the server stops sending and waits until it is closed; empty if it sends all. */
    public OptionalLong stallAfter() {
        return stallAfter < 0 ? OptionalLong.empty() : OptionalLong.of(stallAfter);
    }

    @Override
    public String toString() {
        return "TestResponse[" + status + ", " + body.length + " bytes" + (chunked ? ", chunked" : "")
                + (throttleBytes < Integer.MAX_VALUE ? ", " + throttleBytes + " bytes every " + throttlePeriod : "")
                + (stallAfter >= 0 ? ", stalls after " + stallAfter : "") + "]";
    }

    /** Builds a {@link TestResponse}; see there for an example. */
    public static final class Builder {

        private int status = 200;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private byte[] body = new byte[0];
        private boolean chunked;
        private int throttleBytes = Integer.MAX_VALUE;
        private Duration throttlePeriod = Duration.ZERO;
        private long stallAfter = -1;

        private Builder() {
        }

        /** The status code, 100 to 999; informational codes (1xx) are sent as final responses by the JDK server, so avoid them. */
        public Builder status(int status) {
            if (status < 100 || status > 999) {
                throw new IllegalArgumentException("status code out of range: " + status);
            }
            this.status = status;
            return this;
        }

        /** Adds a header value; a name may repeat. {@code Content-Length} and {@code Transfer-Encoding} are set by the server from the body. */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length") || lower.equals("transfer-encoding")) {
                throw new IllegalArgumentException(name + " follows from body() and chunked(); do not set it");
            }
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            return this;
        }

        /** The body as UTF-8 text. */
        public Builder body(String body) {
            return body(body.getBytes(StandardCharsets.UTF_8));
        }

        /** The body bytes. */
        public Builder body(byte[] body) {
            this.body = body.clone();
            return this;
        }

        /** Sends the body chunked instead of with a {@code Content-Length}. */
        public Builder chunked() {
            this.chunked = true;
            return this;
        }

        /** Sends {@code bytes} of body, then pauses {@code period}, until the body is sent. Chunked bodies send one chunk per piece. */
        public Builder throttle(int bytes, Duration period) {
            if (bytes < 1) {
                throw new IllegalArgumentException("bytes per period must be positive: " + bytes);
            }
            if (period.isNegative()) {
                throw new IllegalArgumentException("negative period: " + period);
            }
            this.throttleBytes = bytes;
            this.throttlePeriod = period;
            return this;
        }

        /**
         * Sends the headers and the first {@code bytes} of the body, then nothing more until the
         * server closes. With a {@code Content-Length} the client sees a body that never
         * completes — what its read timeout is for.
         */
        public Builder stallAfter(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("negative byte count: " + bytes);
            }
            this.stallAfter = bytes;
            return this;
        }

        /** The response. */
        public TestResponse build() {
            if (stallAfter > body.length) {
                throw new IllegalStateException("stallAfter(" + stallAfter + ") is beyond the body's " + body.length + " bytes");
            }
            return new TestResponse(this);
        }
    }
}
