/**
 * inetkit's API: WinINet's connection model — open a root handle, connect to a site for a service,
 * run operations, close — for FTP, HTTP, Gopher and any protocol a plugin brings.
 *
 * <p>Applications compile against this module alone and put the providers they need on the module
 * or class path at run time:
 * <ul>
 *   <li>{@code io.inetkit.provider.ftp} (artifact {@code inetkit-provider-ftp}): FTP and FTPS;</li>
 *   <li>{@code io.inetkit.provider.http} ({@code inetkit-provider-http}): HTTP/1.1, HTTP/2, HTTPS;</li>
 *   <li>{@code io.inetkit.provider.gopher} ({@code inetkit-provider-gopher}): Gopher, Gopher+.</li>
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
 * <p>System properties: {@code inetkit.url.override}, a comma-separated list of the JDK's own URL
 * schemes (such as {@code ftp}) that {@link java.net.URL} should open through inetkit instead.
 *
 * @uses io.inetkit.spi.ServiceProvider
 * @provides java.net.spi.URLStreamHandlerProvider {@code java.net.URL} support for the schemes of
 *     the installed providers
 * @since 0.1
 */
module io.inetkit {
    requires org.slf4j;

    exports io.inetkit;
    exports io.inetkit.ftp;
    exports io.inetkit.http;
    exports io.inetkit.gopher;
    exports io.inetkit.spi;

    uses io.inetkit.spi.ServiceProvider;

    // new URL("gopher://...").openStream() through the installed providers.
    provides java.net.spi.URLStreamHandlerProvider with io.inetkit.internal.UrlHandlers;
}
