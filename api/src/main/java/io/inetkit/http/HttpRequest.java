package io.inetkit.http;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An HTTP request to send on an {@link HttpSession}: method, target (path and query, relative to the
 * session's host), headers, body and options. Immutable.
 *
 * <pre>{@code
 * HttpRequest upload = HttpRequest.newBuilder("/api/items")
 *         .method("POST")
 *         .header("Content-Type", "application/json")
 *         .body(RequestBody.of("{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
 *         .expectSuccess()
 *         .build();
 * }</pre>
 *
 * <p>Header names and values are checked when the request is sent: one with CR or LF fails the send
 * with {@link io.inetkit.InternetError#HTTP_INVALID_HEADER}.
 */
public final class HttpRequest {

    private final String method;
    private final String target;
    private final HttpHeaders headers;
    private final RequestBody body;
    private final HttpVersion version;
    private final Boolean followRedirects;
    private final boolean expectSuccess;
    private final Duration deadline;
    private final Boolean contentDecoding;
    private final Set<CacheFlag> cacheFlags;

    private HttpRequest(Builder builder) {
        this.method = builder.method;
        this.target = builder.target;
        this.headers = builder.headers.build();
        this.body = builder.body;
        this.version = builder.version;
        this.followRedirects = builder.followRedirects;
        this.expectSuccess = builder.expectSuccess;
        this.deadline = builder.deadline;
        this.contentDecoding = builder.contentDecoding;
        this.cacheFlags = Collections.unmodifiableSet(EnumSet.copyOf(builder.cacheFlags));
    }

    /** A builder for a request to this target, for example {@code /search?q=gopher}. */
    public static Builder newBuilder(String target) {
        return new Builder(target);
    }

    /** A GET of this target. */
    public static HttpRequest get(String target) {
        return newBuilder(target).build();
    }

    /** The method, upper case. */
    public String method() {
        return method;
    }

    /** The target: path and query. */
    public String target() {
        return target;
    }

    /** The headers to add. */
    public HttpHeaders headers() {
        return headers;
    }

    /** The body; {@link RequestBody#empty()} by default. */
    public RequestBody body() {
        return body;
    }

    /** The HTTP version asked for; empty means HTTP/1.1 (see {@link HttpVersion}). */
    public Optional<HttpVersion> version() {
        return Optional.ofNullable(version);
    }

    /** Whether to follow redirects; empty means as the session's flags say. */
    public Optional<Boolean> followRedirects() {
        return Optional.ofNullable(followRedirects);
    }

    /** Whether a status of 400 or more fails the send instead of being returned. */
    public boolean expectSuccess() {
        return expectSuccess;
    }

    /** This request's own whole-call deadline; empty means the {@code Internet}'s, if it has one. */
    public Optional<Duration> deadline() {
        return Optional.ofNullable(deadline);
    }

    /** Whether to ask for a compressed body and decode it; empty means as the {@code Internet} says. */
    public Optional<Boolean> contentDecoding() {
        return Optional.ofNullable(contentDecoding);
    }

    /** WinINet's cache flags for this request; none by default. */
    public Set<CacheFlag> cacheFlags() {
        return cacheFlags;
    }

    /**
     * A builder with everything this request has, to make one that differs in a part, as an
     * {@link Interceptor} does: {@code request.toBuilder().header("X-Trace", id).build()}.
     */
    public Builder toBuilder() {
        Builder builder = new Builder(target);
        builder.method = method;
        headers.map().forEach((name, values) -> values.forEach(value -> builder.headers.add(name, value)));
        builder.body = body;
        builder.version = version;
        builder.followRedirects = followRedirects;
        builder.expectSuccess = expectSuccess;
        builder.deadline = deadline;
        builder.contentDecoding = contentDecoding;
        builder.cacheFlags.addAll(cacheFlags);
        return builder;
    }

    @Override
    public String toString() {
        return method + " " + target;
    }

    /** Builds an {@link HttpRequest}. Not thread-safe. */
    public static final class Builder {

        private String method = "GET";
        private final String target;
        private final HttpHeaders.Builder headers = HttpHeaders.newBuilder();
        private RequestBody body = RequestBody.empty();
        private HttpVersion version;
        private Boolean followRedirects;
        private boolean expectSuccess;
        private Duration deadline;
        private Boolean contentDecoding;
        private EnumSet<CacheFlag> cacheFlags = EnumSet.noneOf(CacheFlag.class);

        private Builder(String target) {
            this.target = Objects.requireNonNull(target, "target");
        }

        /** The method, GET by default; any token, such as PROPFIND, is allowed. */
        public Builder method(String method) {
            this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
            return this;
        }

        /** Adds a header; call again with the same name for several values. */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /** The body. */
        public Builder body(RequestBody body) {
            this.body = Objects.requireNonNull(body, "body");
            return this;
        }

        /** The HTTP version to ask for; HTTP/1.1 unless this says otherwise. */
        public Builder version(HttpVersion version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** Whether to follow redirects, overriding {@link io.inetkit.ConnectFlag#NO_AUTO_REDIRECT}. */
        public Builder followRedirects(boolean follow) {
            this.followRedirects = follow;
            return this;
        }

        /**
         * Fail the send with {@link io.inetkit.InternetError#EXTENDED_ERROR} (and the status line as the
         * server's reply) when the status is 400 or more.
         */
        public Builder expectSuccess() {
            this.expectSuccess = true;
            return this;
        }

        /**
         * How long this call may take in all, in place of {@link io.inetkit.Internet.Builder#deadline}:
         * from the send, through redirects, to the close of the response's body. When it runs out the
         * connection is cut and the send, or the read of the body, fails with
         * {@link io.inetkit.InternetError#TIMEOUT}.
         *
         * @throws IllegalArgumentException if it is not positive
         */
        public Builder deadline(Duration deadline) {
            Objects.requireNonNull(deadline, "deadline");
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("deadline must be positive: " + deadline);
            }
            this.deadline = deadline;
            return this;
        }

        /**
         * Whether to ask for a compressed body and decode it, overriding
         * {@link io.inetkit.Internet.Builder#contentDecoding(boolean)}: {@code false} sends no
         * {@code Accept-Encoding} and returns the body as sent. A request with an
         * {@code Accept-Encoding} header of its own gets the body as sent either way.
         */
        public Builder contentDecoding(boolean decode) {
            this.contentDecoding = decode;
            return this;
        }

        /** WinINet's cache flags for this request, in place of any set before. */
        public Builder cacheFlags(CacheFlag... flags) {
            EnumSet<CacheFlag> set = EnumSet.noneOf(CacheFlag.class);
            for (CacheFlag flag : flags) {
                set.add(Objects.requireNonNull(flag, "flag"));
            }
            this.cacheFlags = set;
            return this;
        }

        /** The request. */
        public HttpRequest build() {
            return new HttpRequest(this);
        }
    }
}
