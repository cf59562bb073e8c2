package io.inetkit.spi;

import io.inetkit.EventListener;
import io.inetkit.Limits;
import io.inetkit.RetryPolicy;
import io.inetkit.ProxyConfig;
import io.inetkit.http.AuthScheme;
import io.inetkit.http.Authenticator;
import io.inetkit.http.CookieJar;
import io.inetkit.http.HttpCache;
import io.inetkit.http.Interceptor;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * What a provider gets from the {@link io.inetkit.Internet} it connects for: the settings of
 * {@code InternetOpen}, the status publisher of the connect, and a place for resources that live as
 * long as the {@code Internet}. Providers keep no global state; everything comes from here.
 *
 * <pre>{@code
 * HttpClient client = context.shared(HttpClient.class, () -> HttpClient.newBuilder()
 *         .connectTimeout(context.connectTimeout())
 *         .sslContext(context.sslContext())
 *         .build());
 * }</pre>
 */
public interface ProviderContext {

    /** The user agent: the {@code User-Agent} header, the FTP client name. */
    String agent();

    /** How long to wait for a connection, including TLS handshakes. */
    Duration connectTimeout();

    /** How long any read may wait for the next byte: replies, bodies, data connections. */
    Duration readTimeout();

    /**
     * How long any write may wait for the server to take in a byte: requests, uploads, bodies. A
     * blocking socket write ignores {@code SO_TIMEOUT}; bound it with the shared
     * {@link io.inetkit.toolbox.WriteWatchdog}. Defaults to {@link #readTimeout()} for contexts
     * made before there was a write timeout.
     */
    default Duration writeTimeout() {
        return readTimeout();
    }

    /**
     * How long one whole operation may take, if the {@code Internet} sets a bound: a connect, each
     * session operation, a request, from its start to the close of the stream or body it returns.
     * Honour it with {@link Deadline#start(ProviderContext)}. Empty by default.
     */
    default Optional<Duration> deadline() {
        return Optional.empty();
    }

    /** Whether to send local files with {@code sendfile}; see {@link io.inetkit.Internet.Builder#zeroCopy}. */
    default boolean zeroCopy() {
        return false;
    }

    /**
     * The socket receive buffer to ask for, in bytes: 0 for the kernel's auto-tuning, -1 (the
     * default) for the provider's own choice; see {@link io.inetkit.Internet.Builder#receiveBufferSize}.
     */
    default int receiveBufferSize() {
        return -1;
    }

    /**
     * {@link #connectTimeout()} in the milliseconds {@code Socket.connect} takes: at least 1, since
     * 0 there means no time-out at all (a timeout under a millisecond must not turn into forever).
     */
    default int connectTimeoutMillis() {
        return socketMillis(connectTimeout());
    }

    /** {@link #readTimeout()} in the milliseconds {@code Socket.setSoTimeout} takes: at least 1, as above. */
    default int readTimeoutMillis() {
        return socketMillis(readTimeout());
    }

    /** {@link #writeTimeout()} in milliseconds, at least 1, as above. */
    default int writeTimeoutMillis() {
        return socketMillis(writeTimeout());
    }

    private static int socketMillis(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /** The proxy settings. */
    ProxyConfig proxy();

    /** The bounds on what a server may send; {@link Limits#defaults()} unless the {@code Internet} sets others. */
    default Limits limits() {
        return Limits.defaults();
    }

    /** When a failed operation is tried again; {@link RetryPolicy#none()} unless the {@code Internet} sets a policy. */
    default RetryPolicy retries() {
        return RetryPolicy.none();
    }

    /**
     * Whether HTTP requests ask for compressed bodies and decode them; see
     * {@link io.inetkit.Internet.Builder#contentDecoding}. On by default.
     */
    default boolean contentDecoding() {
        return true;
    }

    /** The HTTP cache the {@code Internet} was given, if any. */
    default Optional<HttpCache> httpCache() {
        return Optional.empty();
    }

    /** The TLS context for {@link io.inetkit.ConnectFlag#SECURE} and upgrades; verifies by default. */
    SSLContext sslContext();

    /** The executor for asynchronous work. */
    Executor executor();

    /**
     * The {@link io.inetkit.Internet}'s listener of timed call steps, if one was set; report to it
     * through {@link CallEvents}. Empty by default.
     */
    default Optional<EventListener> eventListener() {
        return Optional.empty();
    }

    /**
     * The {@link io.inetkit.Internet}'s HTTP interceptors, in the order they run: for the HTTP
     * provider, which runs them once per call before its own stages. Empty by default.
     */
    default List<Interceptor> httpInterceptors() {
        return List.of();
    }

    /**
     * The {@link io.inetkit.Internet}'s authenticator, which gives HTTP credentials on demand; empty
     * by default.
     */
    default Optional<Authenticator> httpAuthenticator() {
        return Optional.empty();
    }

    /** The HTTP authentication schemes that may answer a challenge; Basic and Digest by default. */
    default Set<AuthScheme> httpAuthSchemes() {
        return EnumSet.of(AuthScheme.BASIC, AuthScheme.DIGEST);
    }

    /**
     * The cookie jar the {@link io.inetkit.Internet}'s builder was given, if any: for the HTTP
     * provider, which keeps a store of its own per {@code Internet} (through {@link #shared}) when
     * this is empty. Empty by default.
     */
    default Optional<CookieJar> cookieJar() {
        return Optional.empty();
    }

    /** Where to report the steps of this connect; events carry the connect's context object. */
    StatusPublisher status();

    /**
     * The resource stored under this key for the {@code Internet}, made with the factory the first
     * time. If it is {@link AutoCloseable}, it is closed when the {@code Internet} closes, after its
     * sessions. Use it for what all sessions of an {@code Internet} share, such as a connection pool.
     *
     * @throws IllegalStateException if the {@code Internet} is closed
     */
    <T> T shared(Class<T> key, Supplier<? extends T> factory);
}
