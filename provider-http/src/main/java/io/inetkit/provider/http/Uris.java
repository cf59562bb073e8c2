package io.inetkit.provider.http;

import java.net.URI;

/** What several stages say about URIs and texts in the same words. */
final class Uris {

    private Uris() {
    }

    /** The port of an http or https URI, its scheme's default when it names none. */
    static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** {@code host:port}, for messages. */
    static String where(URI uri) {
        return uri.getHost() + ":" + port(uri);
    }

    /** Whether two URIs have the same scheme, host and port. */
    static boolean sameOrigin(URI uri, URI origin) {
        return uri.getScheme().equalsIgnoreCase(origin.getScheme()) && uri.getHost().equalsIgnoreCase(origin.getHost())
                && port(uri) == port(origin);
    }

    /** The text with line breaks and other controls shown as escapes, for messages. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                out.append("\\r");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c < ' ' || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
