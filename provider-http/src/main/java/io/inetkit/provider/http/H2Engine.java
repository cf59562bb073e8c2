package io.inetkit.provider.http;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.http.HttpHeaders;
import io.inetkit.http.HttpVersion;
import io.inetkit.http.RequestBody;
import io.inetkit.spi.Deadline;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.TransportErrors;
import io.inetkit.spi.SessionSupport;
import io.inetkit.spi.TlsSupport;
import io.inetkit.toolbox.Logs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;

/**
 * HTTP/2 on {@code java.net.http}, on the {@code Internet}'s shared {@link HttpClient}, held to what
 * the HTTP/1.1 engine promises: response heads to the {@code Limits} ({@link JdkHeadCheck}), a body
 * read that waits no longer than the read timeout ({@link BodyStream}), an upload that times out
 * only when it stops moving ({@link ProgressPublisher}), a close of the session that cancels the
 * exchange ({@link PendingExchange}), and the JDK's exceptions mapped to WinINet errors
 * ({@link Errors}).
 */
final class H2Engine implements Engine {

    private static final Logger LOG = Logs.get(H2Engine.class);

    private final SessionSupport support;
    private final HttpConnection connection;

    H2Engine(SessionSupport support, HttpConnection connection) {
        this.support = support;
        this.connection = connection;
    }

    @Override
    public ResponseImpl exchange(Outgoing request) throws InternetException {
        Optional<InternetException> refusal = connection.clients().refusal(request.uri(), support.spec());
        if (refusal.isPresent()) {
            LOG.debug("{} refused: {}", request.what(), refusal.get().error());
            throw refusal.get();
        }
        HttpClient client = connection.client();
        ProviderContext context = connection.context();
        String method = request.method();
        URI uri = request.uri();
        RequestBody body = request.body();
        String where = Uris.where(uri);
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(uri)
                .version(HttpClient.Version.HTTP_2);
        try {
            for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
                for (String value : header.getValue()) {
                    builder.header(header.getKey(), value);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new InternetException(InternetError.HTTP_INVALID_HEADER, "java.net.http refuses a header of "
                    + request.request() + ": " + e.getMessage() + "; it sets Host, Connection, Content-Length, Expect"
                    + " and Upgrade itself", e);
        }
        ProgressPublisher progress = null;
        try {
            OptionalLong length = body.isEmpty() ? OptionalLong.of(0) : body.length();
            if (length.isPresent() && length.getAsLong() == 0) {
                // Nothing to upload: the JDK's timeout, which ends at the headers, is exact.
                builder.timeout(request.deadline().bound(context.readTimeout())).method(method, BodyPublishers.noBody());
            } else {
                progress = new ProgressPublisher(publisher(body, length), request.events());
                builder.method(method, progress);
            }
        } catch (IOException e) {
            throw H1Engine.unreadableBody(String.valueOf(request.request()), e);
        } catch (IllegalArgumentException e) {
            throw new InternetException(InternetError.NOT_SUPPORTED, "java.net.http cannot send " + method
                    + ": " + e.getMessage(), e);
        }
        support.status().publish(InternetStatus.SENDING_REQUEST);
        PendingExchange pending;
        try (HandshakeWatch.Watcher handshake = connection.clients().handshakes().watch(uri)) {
            pending = send(client, builder.build(), request, method, uri, where, progress, context, handshake);
        }
        java.net.http.HttpResponse<InputStream> answer = pending.future().join(); // complete: send waited
        Deadline deadline = request.deadline();
        try {
            JdkHeadCheck.check(answer.headers(), context.limits(), where);
        } catch (InternetException e) {
            ((BodyStream) answer.body()).close(); // which closes an HTTP/1.1 connection, or resets an HTTP/2 stream
            LOG.debug("{} {} failed: {}", method, uri, e.error());
            throw e;
        }
        // java.net.http says nothing between the request and its headers; both steps are over now.
        support.status().publish(InternetStatus.REQUEST_SENT, progress == null ? 0L : progress.bytes());
        support.status().publish(InternetStatus.RECEIVING_RESPONSE);
        HttpVersion version = answer.version() == HttpClient.Version.HTTP_2 ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1;
        answer.sslSession().filter(connection.clients()::firstSeen).ifPresent(session -> support.status().publish(
                InternetStatus.TLS_HANDSHAKE_COMPLETE,
                TlsSupport.info(session, version == HttpVersion.HTTP_2 ? "h2" : "http/1.1")));
        BodyStream stream = ((BodyStream) answer.body()).within(deadline);
        ResponseImpl response = new ResponseImpl(answer.statusCode(), version, headers(answer.headers()), stream);
        stream.onClose(() -> support.untrack(response));
        LOG.debug("{} {} -> {}", method, uri, response.statusLine());
        return trackOrCancel(response, pending);
    }

    /**
     * Sends the request and waits for the response headers; the exchange returned is complete. A failed TLS handshake with the server is
     * reported as itself, whatever java.net.http made of it (see {@link HandshakeWatch}).
     */
    private PendingExchange send(HttpClient client, java.net.http.HttpRequest jdkRequest,
            Outgoing request, String method, URI uri, String where, ProgressPublisher progress,
            ProviderContext context, HandshakeWatch.Watcher handshake) throws InternetException {
        CompletableFuture<java.net.http.HttpResponse<InputStream>> future;
        try {
            future = client.sendAsync(jdkRequest, info -> {
                request.events().responseHeadReceived(); // on the JDK's thread, as the head arrives
                int code = info.statusCode();
                long expected = method.equals("HEAD") || code == 204 || code == 304 || code < 200
                        ? -1 : info.headers().firstValueAsLong("Content-Length").orElse(-1);
                return new BodyStream(new TransportErrors(where, context), method + " " + uri, expected,
                        context.readTimeout(), support.status(), request.events(),
                        info.version() == HttpClient.Version.HTTP_1_1);
            });
        } catch (UncheckedIOException e) {
            // HttpClients' proxy selector refused the route (fail closed): see HttpClients.refusal.
            throw e.getCause() instanceof InternetException refused ? refused
                    : Errors.ofSend(e.getCause(), where, context.connectTimeout(), context.readTimeout());
        }
        PendingExchange pending = new PendingExchange(future, method + " " + uri);
        Deadline deadline = request.deadline();
        deadline.cuts(() -> cancel(future));
        handshake.onFailure(() -> cancel(future));
        try {
            trackOrCancel(pending, pending);
            await(pending, progress, context);
            return pending;
        } catch (InternetException e) {
            InternetException failure = handshake.failure().filter(tls -> !deadline.isExpired())
                    .map(tls -> Errors.ofSend(tls, where, context.connectTimeout(), context.readTimeout()))
                    .orElse(e);
            LOG.debug("{} {} failed: {}", method, uri, failure.error());
            throw deadline.isExpired() ? deadline.error(method + " " + uri, failure) : failure;
        } catch (IOException e) {
            if (deadline.isExpired()) {
                throw deadline.error(method + " " + uri, e);
            }
            IOException cause = handshake.failure().<IOException>map(tls -> tls).orElse(e);
            InternetException failure = connection.clients().proxyFailure(uri, cause)
                    .orElseGet(() -> Errors.ofSend(cause, where, context.connectTimeout(), context.readTimeout()));
            LOG.debug("{} {} failed: {}", method, uri, failure.error());
            throw failure;
        } finally {
            support.untrack(pending);
        }
    }

    /**
     * Registers a child to be closed with the session. If the session was closed meanwhile (by another
     * thread, or by its {@code Internet}), the child is closed and the caller, who was busy, learns
     * that its operation was cancelled rather than that its handle is invalid.
     */
    private <T extends AutoCloseable> T trackOrCancel(T child, PendingExchange pending) throws InternetException {
        try {
            return support.track(child);
        } catch (InternetException e) {
            throw pending.cancelledBySession(e);
        }
    }

    /**
     * Waits for the response headers. A request without a body has the JDK's timeout; one with a body
     * fails when its upload made no progress for the write timeout (the connect timeout more before
     * the first byte), or when the headers take longer than the read timeout after the last byte.
     */
    private static java.net.http.HttpResponse<InputStream> await(PendingExchange pending, ProgressPublisher progress,
            ProviderContext context) throws IOException {
        CompletableFuture<java.net.http.HttpResponse<InputStream>> future = pending.future();
        String what = pending.what();
        long start = System.nanoTime();
        long writeTimeout = context.writeTimeout().toNanos();
        long readTimeout = context.readTimeout().toNanos();
        long firstByteTimeout = context.connectTimeout().toNanos() + writeTimeout;
        long slice = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.MILLISECONDS.toNanos(500),
                Math.min(writeTimeout, readTimeout) / 10));
        try {
            while (true) {
                long wait;
                if (progress == null) {
                    wait = Long.MAX_VALUE; // the JDK's own timeout ends this wait
                } else {
                    long last = progress.lastProgressNanos();
                    wait = last == 0 ? start + firstByteTimeout - System.nanoTime() : last + (progress.isComplete() ? readTimeout : writeTimeout) - System.nanoTime();
                }
                if (wait <= 0) {
                    cancel(future);
                    throw new InternetException(InternetError.TIMEOUT, progress.isComplete()
                            ? what + ": nothing moved for " + context.readTimeout().toMillis() + " ms after the "
                                    + progress.bytes() + " bytes of the request body; the read timeout"
                                    + " (Internet.Builder.readTimeout) ran out"
                            : what + ": nothing moved for " + context.writeTimeout().toMillis() + " ms after "
                                    + progress.bytes() + " bytes of the request body; the write timeout"
                                    + " (Internet.Builder.writeTimeout) ran out");
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

    private static HttpHeaders headers(java.net.http.HttpHeaders jdk) {
        HttpHeaders.Builder builder = HttpHeaders.newBuilder();
        jdk.map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                values.forEach(value -> builder.add(name, value));
            }
        });
        return builder.build();
    }
}
