package io.inetkit.gopher;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Ports;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@code gopher://} or {@code gophers://} URL as RFC 4266 defines it:
 * {@code gopher://host[:port]/[type[selector[%09search[%09gopher+string]]]]}, percent-encoded.
 * The one reading of Gopher URLs that {@code Internet.openUrl} and applications share. The
 * {@code %09} separators are split before decoding,
 * so a selector never gains a TAB from its own encoding; a decoded TAB, CR, LF or NUL in any part
 * is refused, as it would change the request.
 *
 * <pre>{@code
 * GopherUrl url = GopherUrl.parse("gopher://gopher.floodgap.com/7/v2/vs%09inetkit");
 * List<GopherItem> hits = gopher.search(url.selector(), url.search().orElseThrow());
 * String link = GopherUrl.of(hits.get(0), false).toString();   // gopher://host/0selector
 * }</pre>
 *
 * @param secure whether the scheme is {@code gophers}
 * @param host the host, IPv6 literals without brackets
 * @param port the port, 70 when the URL has none
 * @param type the item type character, {@code 1} for an empty path
 * @param selector the decoded selector
 * @param search the decoded search string, if the URL has one
 * @param gopherPlus the decoded Gopher+ string, if the URL has one
 */
public record GopherUrl(boolean secure, String host, int port, char type, String selector, Optional<String> search,
        Optional<String> gopherPlus) {

    /**
     * Reads a URL.
     *
     * @param url the URL as text, percent-encoded
     * @return its parts, decoded
     * @throws InternetException {@code UNRECOGNIZED_SCHEME} for another scheme, {@code INVALID_URL}
     *     for anything else that is wrong, with what and where
     */
    public static GopherUrl parse(String url) throws InternetException {
        int colon = url.indexOf("://");
        if (colon < 0) {
            throw invalid(url, "has no scheme://");
        }
        String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
        boolean secure;
        if (scheme.equals("gopher")) {
            secure = false;
        } else if (scheme.equals("gophers")) {
            secure = true;
        } else {
            throw new InternetException(InternetError.UNRECOGNIZED_SCHEME, "the URL scheme \"" + scheme
                    + "\" is not gopher or gophers");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                throw invalid(url, "holds a space or control character at index " + i + "; percent-encode it");
            }
        }
        String rest = url.substring(colon + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        int hash = path.indexOf('#');
        if (hash >= 0) {
            path = path.substring(0, hash);
        }
        if (authority.contains("@")) {
            throw invalid(url, "has user information, which gopher URLs do not take");
        }
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw invalid(url, "has an IPv6 address without its ]");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw invalid(url, "has text after the IPv6 address");
                }
                portText = after.substring(1);
            }
        } else {
            int portColon = authority.lastIndexOf(':');
            host = portColon < 0 ? authority : authority.substring(0, portColon);
            portText = portColon < 0 ? null : authority.substring(portColon + 1);
        }
        if (host.isEmpty()) {
            throw invalid(url, "has no host");
        }
        int port = Ports.GOPHER;
        if (portText != null && !portText.isEmpty()) {
            if (portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw invalid(url, "has the port \"" + portText + "\", not a number from 1 to 65535");
            }
            port = Integer.parseInt(portText);
            if (port < 1 || port > 65_535) {
                throw invalid(url, "has the port " + port + ", not from 1 to 65535");
            }
        }
        if (path.isEmpty()) {
            return new GopherUrl(secure, host, port, '1', "", Optional.empty(), Optional.empty());
        }
        String[] parts = path.substring(1).split("%09", 3);
        String typeText = decode(url, path.substring(0, 1), "type");
        if (typeText.length() != 1) {
            throw invalid(url, "has no single-character item type");
        }
        char type = typeText.charAt(0);
        String selector = decode(url, parts[0], "selector");
        Optional<String> search = parts.length > 1 ? Optional.of(decode(url, parts[1], "search")) : Optional.empty();
        Optional<String> plus = parts.length > 2 ? Optional.of(decode(url, parts[2], "Gopher+ string")) : Optional.empty();
        return new GopherUrl(secure, host, port, type, selector, search, plus);
    }

    /** The URL of a menu item: {@code gopher://host:port/Tselector}. */
    public static GopherUrl of(GopherItem item, boolean secure) {
        return new GopherUrl(secure, item.host(), item.port(), item.typeCode(), item.selector(), Optional.empty(),
                Optional.empty());
    }

    /**
     * The URL as text, every byte outside RFC 3986's unreserved characters and {@code /} encoded;
     * the port only when it is not 70.
     */
    @Override
    public String toString() {
        StringBuilder url = new StringBuilder(secure ? "gophers://" : "gopher://");
        url.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host);
        if (port != Ports.GOPHER) {
            url.append(':').append(port);
        }
        url.append('/').append(encode(String.valueOf(type))).append(encode(selector));
        search.ifPresent(s -> url.append("%09").append(encode(s)));
        gopherPlus.ifPresent(s -> url.append(search.isPresent() ? "" : "%09").append("%09").append(encode(s)));
        return url.toString();
    }

    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String decode(String url, String text, String part) throws InternetException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
                        || Character.digit(text.charAt(i + 2), 16) < 0) {
                    throw invalid(url, "has a broken percent escape in its " + part);
                }
                bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else {
                int codePoint = text.codePointAt(i);
                byte[] encoded = Character.toString(codePoint).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw invalid(url, "has a " + part + " that is not UTF-8 once decoded");
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c == '\t' || c == '\r' || c == '\n' || c == 0) {
                throw invalid(url, "has a TAB, CR, LF or NUL in its " + part);
            }
        }
        return decoded;
    }

    private static InternetException invalid(String url, String why) {
        String shown = url.length() > 200 ? url.substring(0, 200) + "..." : url;
        return new InternetException(InternetError.INVALID_URL, "the Gopher URL " + shown + " " + why);
    }
}
