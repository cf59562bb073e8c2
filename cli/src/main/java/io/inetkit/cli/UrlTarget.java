package io.inetkit.cli;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Ports;
import io.inetkit.Service;
import io.inetkit.Session;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A URL given on the command line: checked, matched to an installed service, and connected to as
 * {@code Internet.openUrl} would, for the commands that need the session itself (ls, put).
 */
final class UrlTarget {

    /** The schemes of WinINet's own services, known even when their provider is not installed. */
    private static final Map<String, Service<?>> WELL_KNOWN = Map.of(
            "ftp", Service.FTP, "ftps", Service.FTP,
            "http", Service.HTTP, "https", Service.HTTP,
            "gopher", Service.GOPHER, "gophers", Service.GOPHER);

    // What the providers' schemeFlags say; the API does not publish them to applications.
    private static final Set<String> SECURE_SCHEMES = Set.of("ftps", "https", "gophers");

    private UrlTarget() {
    }

    /** The URL, or the invalid-URL error the error line reports. */
    static URI parse(String text) throws InternetException {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InternetException(InternetError.INVALID_URL, "'" + text + "' is not a URL: " + e.getReason(), e);
        }
        if (uri.getScheme() == null) {
            throw new InternetException(InternetError.INVALID_URL,
                    "'" + text + "' has no scheme; write it as scheme://host/path");
        }
        return uri;
    }

    /**
     * Fails as a missing provider when the URL's scheme belongs to one of WinINet's services whose
     * provider this installation lacks: {@code PROTOCOL_NOT_FOUND} naming the artifact to add, rather
     * than the unknown-scheme error a scheme nobody knows gets.
     */
    static void requireProvider(Internet internet, URI uri) throws InternetException {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        Service<?> known = WELL_KNOWN.get(scheme);
        if (known != null && internet.registry().service(known.id()).isEmpty()) {
            // The API's connect names the missing artifact; it fails before anything is sent.
            internet.connect(ConnectRequest.newBuilder(known, uri.getHost() == null ? "localhost" : uri.getHost())
                    .build()).close();
        }
    }

    /**
     * The installed service for the URL's scheme.
     *
     * @throws InternetException {@code PROTOCOL_NOT_FOUND} or {@code UNRECOGNIZED_SCHEME}, as
     *     {@link #requireProvider} and {@code Internet.openUrl} have them
     */
    static Service<?> service(Internet internet, URI uri) throws InternetException {
        requireProvider(internet, uri);
        return internet.registry().serviceForScheme(uri.getScheme()).orElseThrow(() -> new InternetException(
                InternetError.UNRECOGNIZED_SCHEME, "no installed provider handles '" + uri.getScheme()
                        + ":' URLs; installed schemes: " + installedSchemes(internet)));
    }

    private static String installedSchemes(Internet internet) {
        String schemes = internet.services().stream().flatMap(info -> info.schemes().stream()).sorted()
                .collect(Collectors.joining(", "));
        return schemes.isEmpty() ? "none" : schemes;
    }

    /**
     * Connects to the URL's host and port for a service, with its user info (percent-decoded) and
     * the flags its scheme implies plus these. The URL without its password is the context of the
     * status events.
     */
    static <S extends Session> S connect(Internet internet, Service<S> service, URI uri, Set<ConnectFlag> flags)
            throws InternetException {
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InternetException(InternetError.INVALID_URL,
                    "the URL " + uri.getScheme() + "://" + (uri.getRawPath() == null ? "" : uri.getRawPath())
                            + " names no host");
        }
        Set<ConnectFlag> all = flags.isEmpty() ? EnumSet.noneOf(ConnectFlag.class) : EnumSet.copyOf(flags);
        if (SECURE_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
            all.add(ConnectFlag.SECURE);
        }
        ConnectRequest.Builder<S> builder = ConnectRequest.newBuilder(service, uri.getHost())
                .port(uri.getPort() == -1 ? Ports.DEFAULT : uri.getPort())
                .flags(all)
                .context(withoutPassword(uri));
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            builder.user(Percent.decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                builder.password(Percent.decode(userInfo.substring(colon + 1)));
            }
        }
        return internet.connect(builder.build());
    }

    /** The URL without the password of its user info, safe to print. */
    static URI withoutPassword(URI uri) {
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null || userInfo.indexOf(':') < 0) {
            return uri;
        }
        return URI.create(uri.getScheme() + "://" + userInfo.substring(0, userInfo.indexOf(':')) + "@"
                + uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1)
                + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    /** Whether an installed service is this one. */
    static boolean is(Service<?> installed, Service<?> wanted) {
        return installed.id() == wanted.id();
    }
}
