/**
 * inetkit's API: WinINet's connection model — open a root handle, connect to a site for a service,
 * run operations, close — for FTP, HTTP, Gopher and any protocol a plugin brings.
 *
 * <p>Applications compile against this module alone and put the providers they need on the module
 * or class path at run time:
 * <ul>
 *   <li>{@code io.inetkit.provider.ftp} (artifact {@code inetkit-provider-ftp}): FTP and FTPS;</li>
 *   <li>{@code io.inetkit.provider.http} ({@code inetkit-provider-http}): HTTP/1.1, HTTP/2, HTTPS;</li>
 *   <li>{@code io.inetkit.provider.gopher} ({@code inetkit-provider-gopher}): Gopher, Gopher+;</li>
 *   <li>{@code io.inetkit.provider.sftp} ({@code inetkit-provider-sftp}): SFTP over SSH-2.</li>
 * </ul>
 *
 * <pre>{@code
 * module com.example.app {
 *     requires io.inetkit;
 * }
 * // java --module-path app.jar:inetkit-api.jar:inetkit-provider-ftp.jar:... -m com.example.app/...
 * }</pre>
 *
 * <p>A third party adds a protocol by implementing {@link io.inetkit.spi.ServiceProvider} with a
 * {@link io.inetkit.Service} id of its own, without any change here.
 *
 * <p>TLS: this module {@code requires jdk.crypto.ec}, so that every runtime image that links it —
 * the {@code inetkit} command's, and an application's own, made with {@code jlink --add-modules
 * com.example.app,io.inetkit.provider.ftp} — speaks what today's servers ask for: ECDHE key
 * exchange (X25519, P-256, P-384) and ECDSA certificates. On JDK 17 to 21 the JDK's elliptic-curve
 * code lives in that module, and an image without it fails the handshake with most servers
 * ({@code handshake_failure}); from JDK 22 on, the code is in {@code java.base} and the module is
 * empty. Connections offer TLS 1.3 and 1.2 with forward-secret cipher suites only
 * ({@link io.inetkit.spi.TlsSupport}) and trust what {@link io.inetkit.Trust} names: the runtime's
 * {@code lib/security/cacerts} by default. The FTP control encoding is UTF-8 (RFC 2640), which
 * {@code java.base} has, so no image needs {@code jdk.charsets}.
 *
 * <p>System properties: {@code inetkit.url.override}, a comma-separated list of the JDK's own URL
 * schemes (such as {@code ftp}) that {@link java.net.URL} should open through inetkit instead.
 *
 * @uses io.inetkit.spi.ServiceProvider
 * @provides java.net.spi.URLStreamHandlerProvider {@code java.net.URL} support for the schemes of
 *     the installed providers
 * @since 0.1
 */
@SuppressWarnings("module") // the providers of the qualified export are compiled after this module
module io.inetkit {
    requires org.slf4j;
    // ECDHE and ECDSA for TLS in every image that links the API: see the module documentation.
    requires jdk.crypto.ec;
    // Negotiate (SPNEGO) for a proxy's CONNECT challenge, which ProxiedSocket answers for every provider.
    requires java.security.jgss;

    exports io.inetkit;
    exports io.inetkit.ftp;
    exports io.inetkit.http;
    exports io.inetkit.gopher;
    exports io.inetkit.sftp;
    exports io.inetkit.spi;
    // Shared by inetkit's own providers, not an API.
    exports io.inetkit.toolbox to io.inetkit.provider.ftp, io.inetkit.provider.http, io.inetkit.provider.gopher;
    exports io.inetkit.toolbox.auth to io.inetkit.provider.ftp, io.inetkit.provider.http, io.inetkit.provider.gopher;

    uses io.inetkit.spi.ServiceProvider;
    // To find out, as SLF4J does, whether the application has a binding (io.inetkit.toolbox.Logs).
    uses org.slf4j.spi.SLF4JServiceProvider;

    // new URL("gopher://...").openStream() through the installed providers.
    provides java.net.spi.URLStreamHandlerProvider with io.inetkit.internal.UrlHandlers;
}
