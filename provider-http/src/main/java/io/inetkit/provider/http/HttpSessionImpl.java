package io.inetkit.provider.http;

import io.inetkit.ConnectFlag;
import io.inetkit.Credentials;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Limits;
import io.inetkit.http.HttpHeaders;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.HttpVersion;
import io.inetkit.http.RequestBody;
import io.inetkit.provider.http.h1.H1BodyStream;
import io.inetkit.provider.http.h1.H1Exchange;
import io.inetkit.provider.http.h1.H1Request;
import io.inetkit.provider.http.h1.H1Response;
import io.inetkit.spi.AbstractSession;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.SessionSupport;
import io.inetkit.spi.TlsSupport;
import io.inetkit.toolbox.Logs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;

/**
 * An HTTP session: sends inetkit's {@link HttpRequest} on the HTTP/1.1 engine (package
 * {@code h1}) when the exchange is HTTP/1.1, else as java.net.http's on the {@code Internet}'s
 * shared client, and follows redirects itself.
 *
 * <p>Why redirects are followed here and not by the JDK: {@code HttpClient.Redirect.NORMAL} follows
 * HTTPS to HTTP, which WinINet refuses ({@code ERROR_INTERNET_HTTPS_TO_HTTP_ON_REDIR}), it cannot
 * be turned off per request, and it would not say where it went (the {@code REDIRECT} event).
 *
 * <p>Logging: DEBUG gives one line per request and per redirect, for example
 * {@code GET http://127.0.0.1:8080/a -> 302 Found}; header values are never logged, so neither is
 * {@code Authorization}.
 */
final class HttpSessionImpl extends AbstractSession implements HttpSession {

    private static final Logger LOG = Logs.get(HttpSessionImpl.class);

    private static final int DRAIN_LIMIT = 64 * 1024;
    /** Headers that java.net.http sets itself, or that would break its message framing. */
    private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length", "connection", "upgrade",
            "expect", "transfer-encoding");

    private final HttpConnection connection;
    private final URI origin;
    private volatile String last;

    HttpSessionImpl(SessionSupport support, HttpConnection connection) {
        super(support);
        this.connection = connection;
        String host = spec().host().indexOf(':') >= 0 ? "[" + spec().host() + "]" : spec().host();
        this.origin = URI.create((connection.secure() ? "https" : "http") + "://" + host + ":" + spec().port());
    }

    @Override
    public Optional<String> lastResponse() {
        return Optional.ofNullable(last);
    }

    @Override
    public HttpResponse send(HttpRequest request) throws InternetException {
        ensureOpen();
        validate(request);
        URI uri = resolveTarget(request.target());
        HttpClient client = null; // made on first use: HTTP/1.1 needs none
        ProviderContext context = connection.context();
        boolean follow = request.followRedirects().orElse(!spec().has(ConnectFlag.NO_AUTO_REDIRECT));
        String method = request.method();
        RequestBody body = request.body();
        for (int redirects = 0; ; redirects++) {
            ResponseImpl response = exchange(client, context, request, method, uri, body);
            int code = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (!follow || !isRedirect(code) || location.isEmpty()) {
                return deliver(request, response);
            }
            URI next = redirectTarget(uri, location.get(), response);
            int limit = context.limits().maxRedirects();
            if (redirects + 1 > limit) {
                response.close();
                last = response.statusLine();
                // The limit's standard message, with the reply kept for lastResponse().
                String message = Limits.exceeded(InternetError.HTTP_REDIRECT_FAILED, where(uri), "more than " + limit
                        + " redirects for " + request.method() + " " + request.target() + " on " + where(origin)
                        + ", the last to " + next, "maxRedirects").getMessage();
                throw new InternetException(InternetError.HTTP_REDIRECT_FAILED, message, response.statusLine(), null);
            }
            drainAndClose(response);
            if (code == 303 || (code == 301 || code == 302) && method.equals("POST")) {
                method = method.equals("HEAD") ? "HEAD" : "GET";
                body = RequestBody.empty();
            }
            LOG.debug("{} {} -> {} redirects to {}", method, uri, code, next);
            status().publish(InternetStatus.REDIRECT, next);
            uri = next;
        }
    }

    private HttpResponse deliver(HttpRequest request, ResponseImpl response) throws InternetException {
        last = response.statusLine();
        if (request.expectSuccess() && response.statusCode() >= 400) {
            response.close();
            throw new InternetException(InternetError.EXTENDED_ERROR, request.method() + " " + request.target()
                    + " on " + where(origin) + " failed: " + response.statusLine(), response.statusLine(), null);
        }
        return response;
    }

    private ResponseImpl exchange(HttpClient client, ProviderContext context, HttpRequest request, String method,
            URI uri, RequestBody body) throws InternetException {
        HttpHeaders outgoing = outgoing(request, context, sameOrigin(uri));
        if (version(request, uri) == HttpClient.Version.HTTP_1_1) {
            return exchangeH1(context, method, uri, outgoing, body);
        }
        return exchangeJdk(client == null ? connection.client() : client, context, request, method, uri, body,
                outgoing);
    }

    /** The header fields to send: the request's, the agent, and Basic credentials for the session's own site. */
    private HttpHeaders outgoing(HttpRequest request, ProviderContext context, boolean sameOrigin) {
        HttpHeaders.Builder builder = HttpHeaders.newBuilder();
        for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
            String lower = header.getKey().toLowerCase(Locale.ROOT);
            if (!sameOrigin && (lower.equals("authorization") || lower.equals("cookie"))) {
                continue; // never hand the session's secrets to another site
            }
            for (String value : header.getValue()) {
                builder.add(header.getKey(), value);
            }
        }
        if (request.headers().firstValue("User-Agent").isEmpty()) {
            builder.add("User-Agent", context.agent());
        }
        Credentials credentials = spec().credentials();
        if (sameOrigin && !credentials.isAnonymous() && request.headers().firstValue("Authorization").isEmpty()) {
            String pair = credentials.user() + ":" + credentials.password();
            builder.add("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return builder.build();
    }

    /** An HTTP/1.1 exchange on the engine of package {@code h1}: its own sockets and pool. */
    private ResponseImpl exchangeH1(ProviderContext context, String method, URI uri, HttpHeaders outgoing,
            RequestBody body) throws InternetException {
        OptionalLong length;
        try {
            length = body.isEmpty() ? OptionalLong.of(0) : body.length();
        } catch (IOException e) {
            throw unreadableBody(method + " " + uri, e);
        }
        H1Exchange exchange = new H1Exchange(connection.pool(), context, spec(), status(),
                new H1Request(method, uri, outgoing, body, length));
        String what = method + " " + uri;
        try {
            support().track(exchange);
        } catch (InternetException e) {
            throw cancelledBySession(what, e);
        }
        H1Response answer;
        try {
            answer = exchange.send();
        } catch (InternetException e) {
            LOG.debug("{} failed: {}", what, e.error());
            throw e;
        } catch (IOException e) {
            InternetException failure = Errors.ofSend(e, where(uri), context.connectTimeout(), context.readTimeout());
            LOG.debug("{} failed: {}", what, failure.error());
            throw failure;
        } finally {
            support().untrack(exchange);
        }
        H1BodyStream stream = answer.body();
        ResponseImpl response = new ResponseImpl(answer.head().status(), HttpVersion.HTTP_1_1,
                answer.head().headers(), answer.head().reason(), stream);
        response.bodyRoute(exchange.bodyRoute());
        stream.onClose(() -> support().untrack(response));
        LOG.debug("{} -> {}", what, response.statusLine());
        try {
            return support().track(response);
        } catch (InternetException e) {
            response.close();
            throw cancelledBySession(what, e);
        }
    }

    private static InternetException cancelledBySession(String what, Throwable cause) {
        return new InternetException(InternetError.OPERATION_CANCELLED, what + " was cancelled: its session or"
                + " its Internet was closed while it waited for the response", cause);
    }

    private ResponseImpl exchangeJdk(HttpClient client, ProviderContext context, HttpRequest request, String method,
            URI uri, RequestBody body, HttpHeaders outgoing) throws InternetException {
        String where = where(uri);
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(uri)
                .version(version(request, uri));
        try {
            for (Map.Entry<String, List<String>> header : outgoing.map().entrySet()) {
                for (String value : header.getValue()) {
                    builder.header(header.getKey(), value);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new InternetException(InternetError.HTTP_INVALID_HEADER, "java.net.http refuses a header of "
                    + request + ": " + e.getMessage() + "; it sets Host, Connection, Content-Length, Expect and"
                    + " Upgrade itself", e);
        }
        ProgressPublisher progress = null;
        try {
            OptionalLong length = body.isEmpty() ? OptionalLong.of(0) : body.length();
            if (length.isPresent() && length.getAsLong() == 0) {
                // Nothing to upload: the JDK's timeout, which ends at the headers, is exact.
                builder.timeout(context.readTimeout()).method(method, BodyPublishers.noBody());
            } else {
                progress = new ProgressPublisher(publisher(body, length));
                builder.method(method, progress);
            }
        } catch (IOException e) {
            throw unreadableBody(String.valueOf(request), e);
        } catch (IllegalArgumentException e) {
            throw new InternetException(InternetError.NOT_SUPPORTED, "java.net.http cannot send " + method
                    + ": " + e.getMessage(), e);
        }
        status().publish(InternetStatus.SENDING_REQUEST);
        java.net.http.HttpResponse<InputStream> answer;
        PendingExchange pending = new PendingExchange(client.sendAsync(builder.build(), info -> {
            int code = info.statusCode();
            long expected = method.equals("HEAD") || code == 204 || code == 304 || code < 200
                    ? -1 : info.headers().firstValueAsLong("Content-Length").orElse(-1);
            return new BodyStream(where, expected, context.readTimeout(), status(),
                    info.version() == HttpClient.Version.HTTP_1_1);
        }), method + " " + uri);
        try {
            trackOrCancel(pending, pending);
            answer = await(pending, progress, context);
        } catch (InternetException e) {
            LOG.debug("{} {} failed: {}", method, uri, e.error());
            throw e;
        } catch (IOException e) {
            InternetException failure = connection.clients().proxyFailure(uri, e)
                    .orElseGet(() -> Errors.ofSend(e, where, context.connectTimeout(), context.readTimeout()));
            LOG.debug("{} {} failed: {}", method, uri, failure.error());
            throw failure;
        } finally {
            support().untrack(pending);
        }
        try {
            JdkHeadCheck.check(answer.headers(), context.limits(), where);
        } catch (InternetException e) {
            ((BodyStream) answer.body()).close(); // which closes an HTTP/1.1 connection, or resets an HTTP/2 stream
            LOG.debug("{} {} failed: {}", method, uri, e.error());
            throw e;
        }
        // java.net.http says nothing between the request and its headers; both steps are over now.
        status().publish(InternetStatus.REQUEST_SENT, progress == null ? 0L : progress.bytes());
        status().publish(InternetStatus.RECEIVING_RESPONSE);
        HttpVersion version = answer.version() == HttpClient.Version.HTTP_2 ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1;
        answer.sslSession().filter(connection.clients()::firstSeen).ifPresent(session -> status().publish(
                InternetStatus.TLS_HANDSHAKE_COMPLETE,
                TlsSupport.info(session, version == HttpVersion.HTTP_2 ? "h2" : "http/1.1")));
        BodyStream stream = (BodyStream) answer.body();
        ResponseImpl response = new ResponseImpl(answer.statusCode(), version, headers(answer.headers()), stream);
        stream.onClose(() -> support().untrack(response));
        LOG.debug("{} {} -> {}", method, uri, response.statusLine());
        return trackOrCancel(response, pending);
    }

    /**
     * Registers a child to be closed with the session. If the session was closed meanwhile (by another
     * thread, or by its {@code Internet}), the child is closed and the caller, who was busy, learns
     * that its operation was cancelled rather than that its handle is invalid.
     */
    private <T extends AutoCloseable> T trackOrCancel(T child, PendingExchange pending) throws InternetException {
        try {
            return support().track(child);
        } catch (InternetException e) {
            throw pending.cancelledBySession(e);
        }
    }

    /**
     * Waits for the response headers. A request without a body has the JDK's timeout; one with a body
     * fails when its upload made no progress for the read timeout (the connect timeout more before
     * the first byte), or when the headers take longer than the read timeout after the last byte.
     */
    private static java.net.http.HttpResponse<InputStream> await(PendingExchange pending, ProgressPublisher progress,
            ProviderContext context) throws IOException {
        CompletableFuture<java.net.http.HttpResponse<InputStream>> future = pending.future();
        String what = pending.what();
        long start = System.nanoTime();
        long readTimeout = context.readTimeout().toNanos();
        long firstByteTimeout = context.connectTimeout().toNanos() + readTimeout;
        long slice = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.MILLISECONDS.toNanos(500),
                readTimeout / 10));
        try {
            while (true) {
                long wait;
                if (progress == null) {
                    wait = Long.MAX_VALUE; // the JDK's own timeout ends this wait
                } else {
                    long last = progress.lastProgressNanos();
                    wait = last == 0 ? start + firstByteTimeout - System.nanoTime() : last + readTimeout - System.nanoTime();
                }
                if (wait <= 0) {
                    cancel(future);
                    throw new InternetException(InternetError.TIMEOUT, what + ": nothing moved for "
                            + context.readTimeout().toMillis() + " ms after " + progress.bytes()
                            + " bytes of the request body; the read timeout of the Internet ran out");
                }
                try {
                    // Progress is looked at a few times per read timeout.
                    return future.get(Math.min(wait, slice), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // Look at the progress again.
                }
            }
        } catch (InterruptedException e) {
            cancel(future);
            Thread.currentThread().interrupt();
            throw new InternetException(InternetError.OPERATION_CANCELLED, what + " was interrupted", e);
        } catch (CancellationException e) {
            throw pending.cancelledBySession(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CancellationException) {
                throw pending.cancelledBySession(cause);
            }
            if (cause instanceof UncheckedIOException) {
                cause = cause.getCause();
            }
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            if (cause instanceof IllegalArgumentException) {
                throw new InternetException(InternetError.INVALID_PARAMETER, what + " refused by java.net.http: "
                        + cause.getMessage(), cause);
            }
            throw new InternetException(InternetError.INTERNAL_ERROR, what + " failed: " + cause, cause);
        }
    }

    /** Cancels the exchange (JDK 16+ aborts it); a response that won the race is closed. */
    static void cancel(CompletableFuture<java.net.http.HttpResponse<InputStream>> future) {
        if (!future.cancel(true) && future.isDone() && !future.isCompletedExceptionally()) {
            try {
                InputStream body = future.join().body();
                if (body != null) {
                    body.close();
                }
            } catch (IOException | RuntimeException ignored) {
                // Giving the exchange up; nothing to report.
            }
        }
    }

    private static BodyPublisher publisher(RequestBody body, OptionalLong length) throws IOException {
        InputStream first = body.open();
        boolean[] used = new boolean[1];
        BodyPublisher stream = BodyPublishers.ofInputStream(() -> {
            synchronized (used) {
                if (!used[0]) {
                    used[0] = true;
                    return first;
                }
            }
            try {
                return body.open(); // the JDK resends, for example after a dropped keep-alive connection
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return length.isPresent() ? BodyPublishers.fromPublisher(stream, length.getAsLong()) : stream;
    }

    /**
     * The version asked for, else HTTP/2 over TLS (negotiated by ALPN, HTTP/1.1 if the server has
     * no HTTP/2) and HTTP/1.1 in the clear: asking for HTTP/2 there makes the JDK send an
     * {@code Upgrade: h2c} that many servers and proxies mishandle.
     */
    private static HttpClient.Version version(HttpRequest request, URI uri) {
        HttpVersion wanted = request.version()
                .orElse(uri.getScheme().equalsIgnoreCase("https") ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1);
        return wanted == HttpVersion.HTTP_2 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
    }

    private static HttpHeaders headers(java.net.http.HttpHeaders jdk) {
        HttpHeaders.Builder builder = HttpHeaders.newBuilder();
        jdk.map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                values.forEach(value -> builder.add(name, value));
            }
        });
        return builder.build();
    }

    private void validate(HttpRequest request) throws InternetException {
        String method = request.method();
        if (method.isEmpty() || !method.chars().allMatch(HttpSessionImpl::isTokenChar)) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "the method \"" + printable(method)
                    + "\" is not an HTTP token");
        }
        for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
            String name = header.getKey();
            if (name.isEmpty() || !name.chars().allMatch(HttpSessionImpl::isTokenChar)) {
                throw new InternetException(InternetError.HTTP_INVALID_HEADER, "the header name \""
                        + printable(name) + "\" of " + request.method() + " " + printable(request.target())
                        + " has a line break, a space or another character a header name cannot have");
            }
            for (String value : header.getValue()) {
                if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
                    throw new InternetException(InternetError.HTTP_INVALID_HEADER, "the value of header " + name
                            + " of " + request.method() + " " + printable(request.target())
                            + " has a line break (CR or LF); one header cannot carry another");
                }
            }
            if (SET_BY_CLIENT.contains(name.toLowerCase(Locale.ROOT))) {
                throw new InternetException(InternetError.HTTP_INVALID_HEADER, "the header " + name + " of "
                        + request.method() + " " + printable(request.target()) + " cannot be set: java.net.http"
                        + " sets it itself (Content-Length from the RequestBody's length, Host from the session)");
            }
        }
    }

    private URI resolveTarget(String target) throws InternetException {
        if (target.equals("*")) {
            throw new InternetException(InternetError.NOT_SUPPORTED, "the asterisk target (OPTIONS *) cannot be"
                    + " sent: java.net.http always sends a path; use OPTIONS / instead");
        }
        if (!target.startsWith("/")) {
            throw new InternetException(InternetError.INVALID_URL, "the target \"" + printable(target)
                    + "\" must start with /: it is relative to the session's host " + where(origin));
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new InternetException(InternetError.INVALID_URL, "the target \"" + printable(target)
                        + "\" has a space, a line break or a control character; percent-encode it");
            }
        }
        try {
            if (target.startsWith("//")) {
                // Alone, "//x/y" would name the host x: after the origin it stays a path.
                return new URI(origin + target);
            }
            // Resolving copies the origin's parsed authority: a request parses only its own target.
            return origin.resolve(new URI(target));
        } catch (URISyntaxException e) {
            throw new InternetException(InternetError.INVALID_URL, "the target \"" + printable(target)
                    + "\" is not a valid path and query: " + e.getReason() + "; percent-encode it", e);
        }
    }

    /**
     * A body that cannot be read: the local file's error when it names a file (as an FTP upload of
     * one has it: FILE_NOT_FOUND, ACCESS_DENIED), a bad argument otherwise.
     */
    private static InternetException unreadableBody(String what, IOException e) {
        if (e instanceof FileSystemException file && file.getFile() != null) {
            return InternetException.localFile("cannot read the body of " + what + " from", Path.of(file.getFile()), e);
        }
        return new InternetException(InternetError.INVALID_PARAMETER, "cannot read the body of " + what + ": "
                + e.getMessage(), e);
    }

    private URI redirectTarget(URI from, String location, ResponseImpl response) throws InternetException {
        URI next;
        try {
            next = from.resolve(new URI(location.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            response.close();
            last = response.statusLine();
            throw new InternetException(InternetError.HTTP_REDIRECT_FAILED, where(from) + " redirected to \""
                    + printable(location) + "\", which is not a valid URI", response.statusLine(), e);
        }
        if (next.getUserInfo() != null) {
            // Credentials in a Location would reach the logs and the REDIRECT event; they are never sent.
            try {
                next = new URI(next.getScheme(), null, next.getHost(), next.getPort(), next.getPath(), next.getQuery(),
                        next.getFragment());
            } catch (URISyntaxException e) {
                response.close();
                throw new InternetException(InternetError.HTTP_REDIRECT_FAILED, where(from)
                        + " redirected to a URI with credentials that cannot be removed", response.statusLine(), e);
            }
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (from.getScheme().equals("https") && scheme.equals("http")) {
            response.close();
            last = response.statusLine();
            throw new InternetException(InternetError.HTTPS_TO_HTTP_ON_REDIR, where(from)
                    + " redirected from HTTPS to plain HTTP (" + next + "); refused so that nothing leaves"
                    + " unencrypted; send the request to that URI yourself if you mean it", response.statusLine(), null);
        }
        if (next.getPort() > 65_535) {
            // URI takes any number; a socket address would throw IllegalArgumentException.
            response.close();
            last = response.statusLine();
            throw new InternetException(InternetError.HTTP_REDIRECT_FAILED, where(from) + " redirected to "
                    + next + ", whose port is not from 1 to 65535", response.statusLine(), null);
        }
        if (!scheme.equals("http") && !scheme.equals("https") || next.getHost() == null) {
            response.close();
            last = response.statusLine();
            throw new InternetException(InternetError.REDIRECT_SCHEME_CHANGE, where(from) + " redirected to "
                    + next + ", which is not an HTTP URI", response.statusLine(), null);
        }
        return next;
    }

    private static void drainAndClose(ResponseImpl response) {
        // Reading a short redirect body to its end lets the connection go back to the pool.
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[8192];
            int total = 0;
            int n;
            while (total < DRAIN_LIMIT && (n = in.read(buffer)) >= 0) {
                total += n;
            }
        } catch (IOException e) {
            LOG.debug("dropped the body of a redirect: {}", e.toString());
        }
    }

    private boolean sameOrigin(URI uri) {
        return uri.getScheme().equalsIgnoreCase(origin.getScheme()) && uri.getHost().equalsIgnoreCase(origin.getHost())
                && port(uri) == origin.getPort();
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static String where(URI uri) {
        return uri.getHost() + ":" + port(uri);
    }

    private static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }

    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    /** The text with line breaks and other controls shown as escapes, for messages. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                out.append("\\r");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c < ' ' || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
