package io.inetkit.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the HTTP sessions of an {@link io.inetkit.Internet} keep cookies: each request, and each hop
 * of a redirect, sends what {@link #load(URI)} gives for its URI, and each response hands its
 * {@code Set-Cookie} fields to {@link #save(URI, List)}.
 *
 * <p>By default every {@code Internet} has a store of its own in memory, kept by the HTTP provider
 * as RFC 6265bis says (domains, paths, {@code Secure}, expiry, the public-suffix rule, bounded by the
 * cookie {@link io.inetkit.Limits}); {@link HttpSession#cookies()} gives it. Give another with
 * {@link io.inetkit.Internet.Builder#cookieJar(CookieJar)}: {@link #none()} keeps no cookies, as
 * OkHttp does by default, {@link #from(CookieHandler)} shares the JDK's. A session connected with
 * {@link io.inetkit.ConnectFlag#NO_COOKIES} neither sends nor keeps any.
 *
 * <pre>{@code
 * CookieJar jar = http.cookies();
 * jar.save(URI.create("https://example.org/"), List.of("lang=en; Path=/; Max-Age=3600")); // InternetSetCookie
 * List<Cookie> sent = jar.load(URI.create("https://example.org/docs"));                  // InternetGetCookie
 * }</pre>
 *
 * <p>Implementations are called from any thread, several at once; they must be thread-safe.
 *
 * @since 0.1
 */
public interface CookieJar {

    /**
     * The cookies to send with a request to this URI, in the order the {@code Cookie} field lists
     * them: longer paths first, then older first. None that has expired, none that is
     * {@linkplain Cookie#secure() secure} for a URI that is not {@code https}. WinINet's
     * {@code InternetGetCookie}.
     *
     * @param uri an absolute {@code http} or {@code https} URI
     */
    List<Cookie> load(URI uri);

    /**
     * Takes what a response from this URI set: its {@code Set-Cookie} field values as received. A
     * value that RFC 6265bis says to ignore (malformed, for another site, for a public suffix, secure
     * over plain HTTP...) is ignored, not an error. WinINet's {@code InternetSetCookie}.
     *
     * @param uri the absolute {@code http} or {@code https} URI that the response came from
     * @param setCookies the {@code Set-Cookie} field values
     */
    void save(URI uri, List<String> setCookies);

    /**
     * Every cookie held that has not expired, for example to write them to a file.
     *
     * @throws UnsupportedOperationException if this jar cannot list what it holds
     */
    List<Cookie> all();

    /**
     * Adds a cookie as it is, for example one read from a file, replacing the one of the same
     * name, domain and path; an expired cookie removes that one.
     *
     * @throws UnsupportedOperationException if this jar takes cookies only from responses
     */
    void add(Cookie cookie);

    /** A jar that keeps nothing and sends nothing. */
    static CookieJar none() {
        return NoCookies.INSTANCE;
    }

    /**
     * The JDK's cookie handler as a jar, so that inetkit shares cookies with
     * {@code java.net.http.HttpClient} or {@code HttpURLConnection} code, as OkHttp's
     * {@code JavaNetCookieJar}. The handler decides what to keep and send; an {@link IOException}
     * it throws reaches the call as an {@link UncheckedIOException}. {@link #all()} and
     * {@link #add(Cookie)} work when the handler is a {@link CookieManager}.
     */
    static CookieJar from(CookieHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return new CookieJar() {
            @Override
            public List<Cookie> load(URI uri) {
                Map<String, List<String>> fields;
                try {
                    fields = handler.get(uri, Map.of());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                List<Cookie> cookies = new ArrayList<>();
                for (Map.Entry<String, List<String>> field : fields.entrySet()) {
                    if (field.getKey().equalsIgnoreCase("Cookie")) {
                        for (String value : field.getValue()) {
                            for (String pair : value.split(";")) {
                                String trimmed = pair.trim();
                                int eq = trimmed.indexOf('=');
                                if (!trimmed.isEmpty()) {
                                    cookies.add(Cookie.of(eq < 0 ? "" : trimmed.substring(0, eq).trim(),
                                            eq < 0 ? trimmed : trimmed.substring(eq + 1).trim(),
                                            uri.getHost()));
                                }
                            }
                        }
                    }
                }
                return cookies;
            }

            @Override
            public void save(URI uri, List<String> setCookies) {
                try {
                    handler.put(uri, Map.of("Set-Cookie", List.copyOf(setCookies)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public List<Cookie> all() {
                List<Cookie> cookies = new ArrayList<>();
                for (HttpCookie cookie : manager().getCookieStore().getCookies()) {
                    String domain = cookie.getDomain() == null ? "localhost" : cookie.getDomain();
                    boolean hostOnly = !domain.startsWith(".");
                    Optional<Instant> expires = cookie.getMaxAge() < 0 ? Optional.empty()
                            : Optional.of(Instant.now().plusSeconds(cookie.getMaxAge()));
                    cookies.add(new Cookie(cookie.getName(), cookie.getValue(),
                            (hostOnly ? domain : domain.substring(1)).toLowerCase(Locale.ROOT),
                            cookie.getPath() == null ? "/" : cookie.getPath(), expires, cookie.getSecure(),
                            cookie.isHttpOnly(), hostOnly, Cookie.SameSite.DEFAULT, Instant.now()));
                }
                return cookies;
            }

            @Override
            public void add(Cookie cookie) {
                HttpCookie jdk = new HttpCookie(cookie.name(), cookie.value());
                jdk.setDomain(cookie.hostOnly() ? cookie.domain() : "." + cookie.domain());
                jdk.setPath(cookie.path());
                jdk.setSecure(cookie.secure());
                jdk.setHttpOnly(cookie.httpOnly());
                jdk.setMaxAge(cookie.expires()
                        .map(e -> Math.max(0, e.getEpochSecond() - Instant.now().getEpochSecond())).orElse(-1L));
                jdk.setVersion(0);
                manager().getCookieStore().add(URI.create((cookie.secure() ? "https://" : "http://")
                        + cookie.domain() + cookie.path()), jdk);
            }

            private CookieManager manager() {
                if (handler instanceof CookieManager manager) {
                    return manager;
                }
                throw new UnsupportedOperationException(handler.getClass().getName()
                        + " is not a java.net.CookieManager: it cannot list or take cookies");
            }

            @Override
            public String toString() {
                return "CookieJar.from(" + handler.getClass().getName() + ")";
            }
        };
    }
}
