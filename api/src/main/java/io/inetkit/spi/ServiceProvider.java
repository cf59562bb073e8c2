package io.inetkit.spi;

import io.inetkit.ConnectFlag;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.Session;
import java.io.InputStream;
import java.net.URI;
import java.util.Set;

/**
 * A protocol plugin: the factory that {@link java.util.ServiceLoader} finds and the
 * {@link io.inetkit.Internet} picks by {@link Service} id.
 *
 * <p>Declare it twice, once for the module path and once for the class path, naming the same class:
 *
 * <pre>{@code
 * // module-info.java
 * module com.example.echo {
 *     requires io.inetkit;
 *     exports com.example.echo;                     // the session interface and its Service
 *     provides io.inetkit.spi.ServiceProvider with com.example.echo.internal.EchoProvider;
 * }
 * // META-INF/services/io.inetkit.spi.ServiceProvider
 * com.example.echo.internal.EchoProvider
 * }</pre>
 *
 * <p>A provider is a cheap factory: it needs a public no-argument constructor that does nothing
 * slow, because every installed provider is made when a registry loads. The real work is in
 * {@link #connect(ConnectSpec, ProviderContext)}. It holds no global state: everything a connection
 * needs comes from its {@link ProviderContext}. Implementations must be thread-safe.
 */
public interface ServiceProvider {

    /** The service this provider gives: its id is WinINet's {@code dwService}. */
    Service<?> service();

    /**
     * The port to use when the request says {@link io.inetkit.Ports#DEFAULT}, for these flags
     * (HTTP: 80, or 443 with {@link ConnectFlag#SECURE}).
     */
    int defaultPort(Set<ConnectFlag> flags);

    /** The URL schemes this provider handles, lower case: {@code ftp}, {@code ftps}, ... */
    Set<String> schemes();

    /**
     * The flags this service takes, besides {@link ConnectFlag#EXISTING_CONNECT}, which the API
     * handles for every service. A request with another flag is refused before {@code connect}.
     */
    Set<ConnectFlag> supportedFlags();

    /**
     * When two installed providers give the same service id, the higher priority wins, and for the
     * same priority the provider whose class name sorts first; a warning names both. 0 by default.
     */
    default int priority() {
        return 0;
    }

    /**
     * Opens a connection. FTP logs in here; HTTP and Gopher may defer the network until the first
     * operation, as WinINet does.
     *
     * <p>The spec is already checked: host not blank and without control characters, port
     * resolved and in range, credentials resolved by WinINet's rules, flags supported.
     *
     * @throws InternetException with the WinINet error of what failed
     */
    Connection connect(ConnectSpec spec, ProviderContext context) throws InternetException;

    /**
     * The flags a URL scheme of this provider implies for {@link io.inetkit.Internet#openUrl(URI, ConnectFlag...)}:
     * {@code https}, {@code ftps} and {@code gophers} imply {@link ConnectFlag#SECURE}. None by
     * default.
     */
    default Set<ConnectFlag> schemeFlags(String scheme) {
        return Set.of();
    }

    /**
     * Opens what a URL names, for reading, on a session connected to the URL's host with its user
     * and port: the FTP file, the HTTP body, the Gopher item. WinINet's {@code InternetOpenUrl}.
     * The API closes the session when the stream is closed, or when this method fails.
     *
     * @param session a session of this provider's service
     * @param uri the absolute URL, its scheme one of {@link #schemes()}
     * @throws InternetException {@link InternetError#NOT_SUPPORTED} unless the provider overrides
     *     it; the provider's errors otherwise ({@link InternetError#INVALID_URL} for a path it
     *     cannot read)
     */
    default InputStream openUrl(Session session, URI uri) throws InternetException {
        throw new InternetException(InternetError.NOT_SUPPORTED, "the " + service().name()
                + " provider " + getClass().getName() + " does not open URLs");
    }
}
