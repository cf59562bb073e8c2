package io.inetkit.testkit.http;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A request as {@link TestHttpServer} received it: request line, headers, body and which
 * connection it came on. Immutable.
 *
 * <pre>{@code
 * RecordedRequest request = server.takeRequest();
 * assertEquals("POST", request.method());
 * assertEquals("/upload?x=1", request.target());
 * assertEquals(Optional.of("text/plain"), request.header("content-type"));
 * assertEquals("hello", request.bodyText());
 * assertEquals(1, request.requestOnConnection());  // the second request on a kept-alive connection
 * }</pre>
 *
 * <p>The body is kept up to the server's {@linkplain TestHttpServer.Builder#recordBodyLimit(int)
 * record limit}; {@link #bodySize()} counts all of it.
 */
public final class RecordedRequest {

    private final String method;
    private final URI target;
    private final String protocol;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final long bodySize;
    private final long sequenceNumber;
    private final int connectionIndex;
    private final int requestOnConnection;
    private final InetSocketAddress remoteAddress;
    private final String tlsProtocol;

    RecordedRequest(String method, URI target, String protocol, Map<String, List<String>> headers, byte[] body,
            long bodySize, long sequenceNumber, int connectionIndex, int requestOnConnection,
            InetSocketAddress remoteAddress, String tlsProtocol) {
        this.method = method;
        this.target = target;
        this.protocol = protocol;
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = body;
        this.bodySize = bodySize;
        this.sequenceNumber = sequenceNumber;
        this.connectionIndex = connectionIndex;
        this.requestOnConnection = requestOnConnection;
        this.remoteAddress = remoteAddress;
        this.tlsProtocol = tlsProtocol;
    }

    /** The method, for example {@code GET}. */
    public String method() {
        return method;
    }

    /** The request target as sent: path and query, for example {@code /a/b?c=d}. */
    public String target() {
        return target.getRawQuery() == null ? target.getRawPath() : target.getRawPath() + "?" + target.getRawQuery();
    }

    /** The raw path, without the query. */
    public String path() {
        return target.getRawPath();
    }

    /** The raw query, without the {@code ?}. */
    public Optional<String> query() {
        return Optional.ofNullable(target.getRawQuery());
    }

    /** The protocol of the request line, for example {@code HTTP/1.1}. */
    public String protocol() {
        return protocol;
    }

    /** All headers; names match case-insensitively. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header, matched case-insensitively. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** A copy of the recorded body: all of it, or the first bytes up to the record limit. */
    public byte[] body() {
        return body.clone();
    }

    /** The recorded body as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The size of the whole body as received, also when only part of it was recorded. */
    public long bodySize() {
        return bodySize;
    }

    /** Whether the body was bigger than the record limit and {@link #body()} holds only its start. */
    public boolean bodyTruncated() {
        return bodySize > body.length;
    }

    /** The position of this request among all the server received, from 0. */
    public long sequenceNumber() {
        return sequenceNumber;
    }

    /**
     * Which connection the request came on: 0 for the first connection the server saw a request
     * on, 1 for the next. Connections are told apart by the client's address and port.
     */
    public int connectionIndex() {
        return connectionIndex;
    }

    /** The position of this request on its connection, from 0; above 0 means the connection was reused. */
    public int requestOnConnection() {
        return requestOnConnection;
    }

    /** The client's address and port. */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** The TLS protocol of an HTTPS request, for example {@code TLSv1.3}; empty for plain HTTP. */
    public Optional<String> tlsProtocol() {
        return Optional.ofNullable(tlsProtocol);
    }

    @Override
    public String toString() {
        return "RecordedRequest[#" + sequenceNumber + " " + method + " " + target() + ", " + bodySize + " body bytes"
                + ", connection " + connectionIndex + "/" + requestOnConnection + "]";
    }
}
