/**
 * The HTTP provider of inetkit: {@link io.inetkit.http.HttpSession} for {@code Service.HTTP}
 * (schemes {@code http} and {@code https}) on the JDK alone, so that a jlink image needs no
 * library beyond the JDK's own modules.
 *
 * <p>Two engines. Every HTTP/1.1 exchange, {@code http://} and {@code https://}, which is every
 * request that does not ask for HTTP/2, runs on the provider's own engine on {@code java.base}
 * sockets (package {@code io.inetkit.provider.http.h1}): it reads a large body straight from the
 * socket at curl's pace, gives the server's reason phrase, reports resolving and connecting, and
 * goes through SOCKS5 and {@code CONNECT} proxies on {@code io.inetkit.spi.ProxiedSocket} and to
 * HTTP proxies in absolute form. HTTP/2 runs on {@code java.net.http}, only for a request that asks
 * for it with {@code HttpVersion.HTTP_2}, as WinINet speaks HTTP/2 only when asked. What
 * {@code java.net.http} cannot do honestly fails with {@code NOT_SUPPORTED} before anything is sent,
 * and the message says to send the request as HTTP/1.1: a SOCKS proxy, which it would go around;
 * {@code INSECURE_SKIP_HOSTNAME_CHECK}, which it can honour only JVM-wide; Basic credentials for a
 * {@code CONNECT} tunnel, which it does not send; a proxy to be answered with Digest or Negotiate,
 * which it does not have. The HTTP/1.1 engine answers a proxy's 407 itself, with the API's
 * {@code io.inetkit.toolbox.auth}, as {@code ProxiedSocket} does for {@code CONNECT}.
 *
 * <p>Each request runs through a chain of stages, each with one job (the package
 * {@code io.inetkit.provider.http}): the application's {@code io.inetkit.http.Interceptor}s, the
 * request's checks, redirects, authentication, cookies, then the exchange on one of the two
 * engines. Each {@code Internet} keeps cookies in a store of this module's (RFC 6265bis's model, with
 * publicsuffix.org's list, which the module carries).
 * Both report the timed steps of each call to the {@code Internet}'s {@code io.inetkit.EventListener},
 * as far as {@code java.net.http} shows them, beside the WinINet status events.
 *
 * <p>It exports nothing: applications use the API in {@code io.inetkit} and get this module
 * through service binding.
 *
 * <pre>{@code
 * try (Internet internet = Internet.create();
 *      HttpSession http = internet.connect(Service.HTTP, "example.org");
 *      HttpResponse response = http.send(HttpRequest.get("/"))) {
 *     response.body().transferTo(System.out);
 * }
 * }</pre>
 *
 * @provides io.inetkit.spi.ServiceProvider the HTTP service, id 3
 */
module io.inetkit.provider.http {
    requires io.inetkit;
    requires java.net.http;
    requires java.security.jgss;
    requires org.slf4j;

    provides io.inetkit.spi.ServiceProvider with io.inetkit.provider.http.HttpProvider;
}
