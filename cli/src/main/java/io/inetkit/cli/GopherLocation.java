package io.inetkit.cli;

import io.inetkit.InternetException;
import io.inetkit.gopher.GopherItem;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * What a {@code gopher://} URL names (RFC 4266): {@code /<type><selector>%09<search>}, a menu
 * when the path is empty; and the URL of a menu item, to print.
 */
record GopherLocation(char type, String selector, Optional<String> search) {

    static GopherLocation of(URI uri) throws InternetException {
        String raw = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            // A '?' belongs to the selector in Gopher; URI split it off as a query.
            raw += "?" + uri.getRawQuery();
        }
        if (raw.length() < 2) {
            return new GopherLocation('1', "", Optional.empty());
        }
        String rest = raw.substring(2);
        int tab = rest.toLowerCase(Locale.ROOT).indexOf("%09");
        String selector = tab < 0 ? rest : rest.substring(0, tab);
        Optional<String> search = Optional.empty();
        if (tab >= 0) {
            String after = rest.substring(tab + 3);
            int plus = after.toLowerCase(Locale.ROOT).indexOf("%09");
            search = Optional.of(Percent.decode(plus < 0 ? after : after.substring(0, plus)));
        }
        return new GopherLocation(raw.charAt(1), Percent.decode(selector), search);
    }

    /**
     * The URL of a menu item: {@code telnet://} for telnet items, the target of an {@code URL:}
     * selector, otherwise {@code gopher://} (or {@code gophers://} on the same TLS server).
     */
    static String urlOf(GopherItem item, URI menu) {
        if (item.typeCode() == '8' || item.typeCode() == 'T') {
            return "telnet://" + item.host() + (item.port() == 23 ? "" : ":" + item.port());
        }
        if (item.selector().startsWith("URL:")) {
            return item.selector().substring(4);
        }
        boolean sameServer = item.host().equalsIgnoreCase(menu.getHost())
                && item.port() == (menu.getPort() == -1 ? 70 : menu.getPort());
        String scheme = sameServer && menu.getScheme().equalsIgnoreCase("gophers") ? "gophers" : "gopher";
        return scheme + "://" + item.host() + (item.port() == 70 ? "" : ":" + item.port()) + "/" + item.typeCode()
                + Percent.encodePath(item.selector());
    }
}
