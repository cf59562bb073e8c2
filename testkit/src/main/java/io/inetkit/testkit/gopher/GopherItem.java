package io.inetkit.testkit.gopher;

import java.util.Objects;

/**
 * One line of a Gopher menu: an item type, the text a user sees, a selector and where it lives.
 *
 * <p>An item made by {@link #of(char, String, String)} has no host of its own: the server that
 * sends it fills in its own advertised host and port, so search handlers need not know them.
 *
 * <pre>{@code
 * server.search("/find", query -> List.of(
 *         GopherItem.of('0', "Result for " + query, "/docs/a.txt"),
 *         GopherItem.info("1 match")));
 * }</pre>
 *
 * @param type the RFC 1436 item type, for example {@code '0'} text, {@code '1'} menu, {@code '7'}
 *     search; not TAB, CR, LF or the period that ends a menu
 * @param display the text shown to the user; must not contain TAB, CR or LF
 * @param selector the selector to send back for the item; must not contain TAB, CR or LF
 * @param host the host serving the item, or empty for the server that sends the menu
 * @param port the port serving the item, or {@code 0} for the server that sends the menu
 * @param gopherPlus whether the line ends with {@code TAB +}, marking a Gopher+ item
 */
public record GopherItem(char type, String display, String selector, String host, int port,
        boolean gopherPlus) {

    /**
     * Checks that no field would break the menu line it is written to.
     *
     * @throws IllegalArgumentException if a field holds TAB, CR or LF, or the port or type is invalid
     */
    public GopherItem {
        requireLineSafe(display, "display");
        requireLineSafe(selector, "selector");
        requireLineSafe(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (type == '\t' || type == '\r' || type == '\n' || type == '.') {
            throw new IllegalArgumentException("not an item type: " + (int) type);
        }
    }

    /** An item on the server that sends the menu. */
    public static GopherItem of(char type, String display, String selector) {
        return new GopherItem(type, display, selector, "", 0, false);
    }

    /** An item on another server. */
    public static GopherItem remote(char type, String display, String selector, String host, int port) {
        return new GopherItem(type, display, selector, host, port, false);
    }

    /** An informational line (type {@code i}): text only, not selectable. */
    public static GopherItem info(String text) {
        return new GopherItem('i', text, "", "null.host", 1, false);
    }

    /** An error line (type {@code 3}), as servers send for a missing item. */
    public static GopherItem error(String text) {
        return new GopherItem('3', text, "", "error.host", 1, false);
    }

    /** This item marked as a Gopher+ item. */
    public GopherItem withGopherPlus() {
        return new GopherItem(type, display, selector, host, port, true);
    }

    /**
     * The menu line, CRLF included, with an empty host and port replaced by the given ones.
     */
    String menuLine(String defaultHost, int defaultPort) {
        String h = host.isEmpty() ? defaultHost : host;
        int p = host.isEmpty() && port == 0 ? defaultPort : port;
        return type + display + '\t' + selector + '\t' + h + '\t' + p + (gopherPlus ? "\t+" : "") + "\r\n";
    }

    private static void requireLineSafe(String value, String name) {
        Objects.requireNonNull(value, name);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\t' || c == '\r' || c == '\n') {
                throw new IllegalArgumentException(name + " must not contain TAB, CR or LF: " + value);
            }
        }
    }
}
