package io.inetkit.provider.http;

import io.inetkit.ConnectFlag;
import io.inetkit.EventListener;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.http.CookieJar;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.Interceptor;
import io.inetkit.provider.http.cookie.CookieStore;
import io.inetkit.spi.AbstractSession;
import io.inetkit.spi.CallEvents;
import io.inetkit.spi.Deadline;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.SessionSupport;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP session: runs each request through the application's interceptors, then the chain of
 * stages (see the package documentation), and keeps the last status line for {@link #lastResponse()}.
 *
 * <p>Logging: DEBUG gives one line per request and per redirect, for example
 * {@code GET http://127.0.0.1:8080/a -> HTTP/1.1 302 Found}; header values are never logged, so
 * neither is {@code Authorization}.
 */
final class HttpSessionImpl extends AbstractSession implements HttpSession {

    private final URI origin;
    private final ProviderContext context;
    private final List<Interceptor> interceptors;
    private final Optional<EventListener> listener;
    private final RequestChecks checks;
    private final Stage.Next stages;
    private final CookieJar cookies;
    private final H1Engine h1;
    private volatile String last;

    HttpSessionImpl(SessionSupport support, HttpConnection connection) {
        super(support);
        String host = spec().host().indexOf(':') >= 0 ? "[" + spec().host() + "]" : spec().host();
        this.origin = URI.create((connection.secure() ? "https" : "http") + "://" + host + ":" + spec().port());
        ProviderContext context = connection.context();
        this.context = context;
        this.interceptors = context.httpInterceptors();
        this.listener = context.eventListener();
        this.checks = new RequestChecks(origin, context.agent());
        this.cookies = spec().has(ConnectFlag.NO_COOKIES) ? CookieJar.none() : context.cookieJar()
                .orElseGet(() -> context.shared(CookieStore.class, () -> new CookieStore(context.limits())));
        this.h1 = new H1Engine(support, connection);
        // The chain of a call, in order. Later stages (retries, a cache, content decoding) go
        // in here, each a line of its own, without touching the others.
        this.stages = Stage.chain(
                new FollowRedirects(origin, !spec().has(ConnectFlag.NO_AUTO_REDIRECT), context.limits(), status(),
                        line -> last = line),
                new Authentication(origin, spec().credentials(), !spec().has(ConnectFlag.NO_AUTH),
                        context.httpAuthenticator(), context.httpAuthSchemes(), context.limits()),
                new Cookies(cookies, status()),
                new ContentDecoding(context.contentDecoding(), context.limits()),
                new Caching(() -> CacheStores.of(context), status(), Clock.systemUTC(), context.executor(), this::send),
                new Retries(context.retries(), support),
                new Exchange(h1, new H2Engine(support, connection)));
    }

    @Override
    public CookieJar cookies() {
        return cookies;
    }

    @Override
    public void preconnect() throws InternetException {
        ensureOpen();
        h1.preconnect(origin);
    }

    @Override
    public Optional<String> lastResponse() {
        return Optional.ofNullable(last);
    }

    @Override
    public HttpResponse send(HttpRequest request) throws InternetException {
        Objects.requireNonNull(request, "request");
        ensureOpen();
        CallEvents events = CallEvents.start(listener, support(), request.toString());
        try {
            HttpResponse response = interceptors.isEmpty() ? call(request, events)
                    : new ApplicationChain(interceptors, request, this, next -> call(next, events)).proceed(request);
            String line = ResponseImpl.statusLine(response);
            last = line;
            if (request.expectSuccess() && response.statusCode() >= 400) {
                response.close();
                throw new InternetException(InternetError.EXTENDED_ERROR, request.method() + " " + request.target()
                        + " on " + Uris.where(origin) + " failed: " + line, line, null);
            }
            if (events.isEnabled()) {
                if (response instanceof ResponseImpl own) {
                    own.observe(events); // the call ends with its body
                } else {
                    events.callEnd(); // an interceptor's own response: the call ends here
                }
            }
            return response;
        } catch (InternetException e) {
            events.callFailed(e);
            throw e;
        } catch (RuntimeException e) {
            if (events.isEnabled()) {
                events.callFailed(new InternetException(InternetError.INTERNAL_ERROR, request + " failed: " + e, e));
            }
            throw e;
        }
    }

    /**
     * The provider's stages: the request checked, then the chain, under the call's deadline. The
     * deadline lapses on its own once the body has ended: by then no connection is left for it to cut.
     */
    private ResponseImpl call(HttpRequest request, CallEvents events) throws InternetException {
        Deadline deadline = request.deadline()
                .map(bound -> Deadline.start(context, bound, "HttpRequest.Builder.deadline"))
                .orElseGet(() -> Deadline.start(context));
        try {
            return stages.proceed(checks.check(request, events, deadline));
        } catch (InternetException e) {
            deadline.close();
            throw deadline.isExpired() && e.error() != InternetError.TIMEOUT
                    ? deadline.error(request.method() + " " + request.target() + " on " + Uris.where(origin), e) : e;
        } catch (RuntimeException e) {
            deadline.close();
            throw e;
        }
    }
}
