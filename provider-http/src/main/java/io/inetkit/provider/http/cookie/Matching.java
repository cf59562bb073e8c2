package io.inetkit.provider.http.cookie;

import java.net.IDN;
import java.net.URI;
import java.util.Locale;

/** RFC 6265bis's rules for which host and path a cookie belongs to. */
final class Matching {

    private Matching() {
    }

    /** The URI's host as cookies name it: lower case, ASCII, an IPv6 address without brackets. */
    static String host(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("a cookie needs an absolute http or https URI with a host: " + uri);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.toLowerCase(Locale.ROOT);
    }

    /** A {@code Domain} attribute in ASCII (IDNA), or null for one that is not a host name. */
    static String canonical(String domain) {
        try {
            String ascii = IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            return ascii.isEmpty() || ascii.endsWith(".") ? null : ascii;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether the host is the domain or a name under it; an IP address matches itself only. */
    static boolean domainMatch(String host, String domain) {
        if (host.equals(domain)) {
            return true;
        }
        return host.endsWith(domain) && host.length() > domain.length()
                && host.charAt(host.length() - domain.length() - 1) == '.' && !isIpAddress(host);
    }

    /** Whether a request path is within a cookie's path. */
    static boolean pathMatch(String requestPath, String cookiePath) {
        if (requestPath.equals(cookiePath)) {
            return true;
        }
        return requestPath.startsWith(cookiePath)
                && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
    }

    /** The path a cookie without a {@code Path} gets: the URI's path up to its last {@code /}. */
    static String defaultPath(URI uri) {
        String path = uri.getRawPath();
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return "/";
        }
        int last = path.lastIndexOf('/');
        return last == 0 ? "/" : path.substring(0, last);
    }

    /** The URI's path for matching: {@code /} when it has none. */
    static String requestPath(URI uri) {
        String path = uri.getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    /** Whether the URI's scheme is a secure one: a cookie marked {@code Secure} goes over it only. */
    static boolean secure(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme());
    }

    static boolean isIpAddress(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }
}
