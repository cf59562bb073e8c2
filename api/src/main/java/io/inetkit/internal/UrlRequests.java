package io.inetkit.internal;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Ports;
import io.inetkit.Session;
import io.inetkit.spi.ServiceProvider;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** The connect request a URL stands for: its host, port and user info, and its scheme's flags. */
public final class UrlRequests {

    private UrlRequests() {
    }

    /** Checks that the URL is absolute with a host, as every provider's URLs are. */
    public static URI check(URI uri) throws InternetException {
        if (!uri.isAbsolute() || uri.isOpaque()) {
            throw invalid(uri, "is not an absolute URL such as ftp://host/path");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid(uri, "names no host");
        }
        return uri;
    }

    /** The connect request for a URL, for the provider that handles its scheme. */
    public static ConnectRequest<?> forUrl(URI uri, ServiceProvider provider, ConnectFlag... extra)
            throws InternetException {
        if (uri.getPort() > Ports.MAX) {
            throw invalid(uri, "names port " + uri.getPort() + ", past 65535");
        }
        ConnectRequest.Builder<? extends Session> builder = ConnectRequest.newBuilder(provider.service(), uri.getHost())
                .port(uri.getPort() == -1 ? Ports.DEFAULT : uri.getPort())
                .flags(provider.schemeFlags(uri.getScheme().toLowerCase(java.util.Locale.ROOT)))
                .flags(extra)
                .context(withoutPassword(uri));
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            builder.user(decode(uri, colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                builder.password(decode(uri, userInfo.substring(colon + 1)));
            }
        }
        return builder.build();
    }

    /**
     * The URL without the password of its user info: the session's context object, which status
     * events print.
     */
    public static URI withoutPassword(URI uri) {
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null || userInfo.indexOf(':') < 0) {
            return uri;
        }
        // From the raw parts: the multi-argument constructor would quote the user's '%' escapes again.
        String rawUser = userInfo.substring(0, userInfo.indexOf(':'));
        return URI.create(uri.getScheme() + "://" + rawUser + "@" + uri.getHost()
                + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment()));
    }

    /** Percent-decodes user info as UTF-8; {@code +} stays a plus sign, as RFC 3986 has it. */
    static String decode(URI uri, String text) throws InternetException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw invalid(uri, "has a '%' escape cut short in its user info");
                }
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw invalid(uri, "has a bad '%' escape in its user info");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static InternetException invalid(URI uri, String why) {
        // Never the user info: it may hold a password.
        String shown = uri.getScheme() + "://" + (uri.getHost() == null ? "" : uri.getHost())
                + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + (uri.getRawPath() == null ? "" : uri.getRawPath());
        return new InternetException(InternetError.INVALID_URL, "the URL " + shown + " " + why);
    }
}
