package io.inetkit.http;

import io.inetkit.InternetException;
import io.inetkit.Session;
import io.inetkit.internal.HttpFileDownload;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * An HTTP or HTTPS session to one site: WinINet's {@code HttpOpenRequest}, {@code HttpSendRequest}
 * and {@code HttpQueryInfo} on an {@code InternetConnect} handle of {@link io.inetkit.Service#HTTP}.
 * Nothing is sent until the first request; connections are pooled per {@link io.inetkit.Internet}.
 *
 * <pre>{@code
 * try (HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "example.org")
 *             .flags(ConnectFlag.SECURE).build());
 *      HttpResponse response = http.send(HttpRequest.get("/index.html"))) {
 *     System.out.println(response.statusCode() + " " + response.contentType().orElse("?"));
 *     response.body().transferTo(System.out);
 * }
 * }</pre>
 *
 * <p>An error status (404, 500) is a response, not an exception, unless the request asks for
 * success with {@link HttpRequest.Builder#expectSuccess()}.
 *
 * <p>Closing the session, or its {@code Internet}, from another thread cancels a {@code send} that
 * waits for its response and a body being read: the busy caller fails with
 * {@link io.inetkit.InternetError#OPERATION_CANCELLED} and the connection is closed.
 *
 * <p>Status events, each with the session's context: for each new connection of HTTP/1.1 (the
 * default), {@code RESOLVING_NAME}, {@code NAME_RESOLVED} (direct connections), then
 * {@code CONNECTING_TO_SERVER} and {@code CONNECTED_TO_SERVER} (the proxy's address through a
 * proxy) and, over TLS, {@code TLS_HANDSHAKE_COMPLETE}; for each request {@code SENDING_REQUEST},
 * then {@code REQUEST_SENT} (the body's bytes) and {@code RECEIVING_RESPONSE} once the headers are
 * in, {@code RESPONSE_RECEIVED} (the body's bytes) when the body has been read to its end,
 * {@code REDIRECT} for each redirect followed, and {@code REQUEST_COMPLETE} for an asynchronous
 * send. A request that asks for HTTP/2 runs on {@code java.net.http}, which resolves and connects
 * inside its exchanges and tells no one: for it, the resolve and connect events are not published,
 * and {@code TLS_HANDSHAKE_COMPLETE} comes once the response head has arrived. The same steps,
 * timed and keyed by call, go to the {@link io.inetkit.EventListener} of the {@code Internet}.
 */
public interface HttpSession extends Session {

    /**
     * Sends a request and returns the response once its headers have arrived; read and close its
     * body.
     *
     * @throws InternetException {@link io.inetkit.InternetError#HTTP_INVALID_HEADER} for a header
     *     with a line break, before anything is sent; the network's errors otherwise
     */
    HttpResponse send(HttpRequest request) throws InternetException;

    /**
     * Opens a connection to the session's server ahead of a request: resolved, connected (through
     * the {@code Internet}'s proxy) and, for {@code https}, its TLS handshake done, then kept idle in
     * the {@code Internet}'s pool, where the next HTTP/1.1 request to the same server and route, from
     * this session or another, takes it instead of connecting. Nothing is sent. Each call opens one
     * more connection; the pool keeps at most 8 idle ones a route, each for at most 30 s. Useful when a
     * program knows it will need several connections before it knows what to ask, as a segmented
     * download does while its first answer is on the way; a request that asks for HTTP/2 does not
     * use them. The connect's status events go to the session's callback, and its timed steps to
     * the {@code Internet}'s {@link io.inetkit.EventListener} as a call named
     * {@code preconnect ORIGIN} (for example {@code preconnect https://example.org:443}). A provider
     * without a pool of connections does nothing.
     *
     * @throws InternetException what a request's connect fails with ({@code CANNOT_CONNECT},
     *     {@code NAME_NOT_RESOLVED}, {@code TIMEOUT}, a TLS error), and {@code OPERATION_CANCELLED}
     *     when the session or its {@code Internet} is closed meanwhile
     */
    default void preconnect() throws InternetException {
    }

    /**
     * The cookie jar this session's requests use: the {@code Internet}'s, the one given to
     * {@link io.inetkit.Internet.Builder#cookieJar(CookieJar)} or, by default, the HTTP provider's
     * store for that {@code Internet}, shared by all its HTTP sessions. {@link CookieJar#none()} when
     * the session was connected with {@link io.inetkit.ConnectFlag#NO_COOKIES}.
     */
    CookieJar cookies();

    /**
     * Sends a request and writes the response's body to a local file, as {@link io.inetkit.ftp.FtpSession#get}
     * does for FTP: through a temporary file beside it, renamed to it only when the body is complete,
     * whatever the status (as the body of {@link #send} is; ask {@link HttpRequest.Builder#expectSuccess()}
     * for an exception instead).
     *
     * <p>With {@link HttpGetOption#RESUME} a GET continues what an earlier one left in the file. The
     * body comes as sent ({@link HttpRequest.Builder#contentDecoding} off), since a range counts the
     * bytes as sent. Each download keeps its validator with the file, in the extended attribute
     * {@code user.inetkit.if-range} (a strong {@code ETag}, else a {@code Last-Modified} at least a
     * second older than the response's {@code Date}: RFC 9110's strong validators), and a resumed one
     * sends it as {@code If-Range}. The server's answer decides: {@code 206} whose {@code Content-Range}
     * starts at the file's length is appended; {@code 200} (the file changed, or the server ignores
     * ranges) replaces the file from its first byte; {@code 416} when the file is complete leaves it
     * so, as curl does. A {@code 206} for any other range, or one whose {@code ETag} is not the kept
     * one, fails with {@link io.inetkit.InternetError#HTTP_INVALID_SERVER_RESPONSE} and appends
     * nothing; a local file longer than the server's fails with
     * {@link io.inetkit.InternetError#INVALID_OPERATION}. A status of 300 or more fails with
     * {@link io.inetkit.InternetError#EXTENDED_ERROR} and leaves the file as it was. Without an
     * extended attribute (a file system without them, or a file another program began), the range is
     * asked for without condition, as curl's {@code -C -} does.
     *
     * @throws InternetException {@link io.inetkit.InternetException#localFile}'s codes for the local
     *     file; the network's errors otherwise
     */
    default void get(HttpRequest request, Path localFile, HttpGetOption... options) throws InternetException {
        HttpFileDownload.get(this, request, localFile, options);
    }

    /** Sends a request on the {@link io.inetkit.Internet}'s executor. */
    default CompletableFuture<HttpResponse> sendAsync(HttpRequest request) {
        return async(() -> send(request));
    }
}
