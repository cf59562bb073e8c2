package io.inetkit.provider.http.cookie;

import io.inetkit.http.Cookie.SameSite;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One {@code Set-Cookie} field value parsed as RFC 6265bis says: the name and value, and the
 * attributes it knows, the last of each winning, with what is malformed dropped. Whether the store
 * takes the cookie, and for which domain and path, is {@link CookieStore}'s decision.
 *
 * @param domain the {@code Domain} attribute without a leading dot, lower case; null without one
 * @param path the {@code Path} attribute; null without a valid one (the store takes the default path)
 * @param expires the expiry from {@code Max-Age}, or else {@code Expires}, capped at 400 days;
 *     {@link Instant#MIN} for a cookie that expired at once; empty for a session cookie
 */
record SetCookie(String name, String value, String domain, String path, Optional<Instant> expires,
        boolean secure, boolean httpOnly, SameSite sameSite) {

    /** The longest expiry RFC 6265bis lets a cookie have. */
    static final Duration MAX_AGE_CAP = Duration.ofDays(400);
    private static final int MAX_ATTRIBUTE_BYTES = 1024;

    /**
     * The cookie of this field value, or empty for one to ignore: a control character, no name and
     * no value, or a name and value longer than {@code maxCookieBytes} together.
     */
    static Optional<SetCookie> parse(String field, int maxCookieBytes, Instant now) {
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return Optional.empty();
            }
        }
        int semicolon = field.indexOf(';');
        String pair = semicolon < 0 ? field : field.substring(0, semicolon);
        int eq = pair.indexOf('=');
        String name = eq < 0 ? "" : trim(pair.substring(0, eq));
        String value = trim(eq < 0 ? pair : pair.substring(eq + 1));
        if (name.isEmpty() && value.isEmpty()
                || utf8Length(name) + utf8Length(value) > maxCookieBytes) {
            return Optional.empty();
        }
        String domain = null;
        String path = null;
        Optional<Instant> maxAge = null; // null: no valid Max-Age
        Optional<Instant> expires = Optional.empty();
        boolean secure = false;
        boolean httpOnly = false;
        SameSite sameSite = SameSite.DEFAULT;
        String rest = semicolon < 0 ? "" : field.substring(semicolon + 1);
        for (String av : rest.split(";", -1)) {
            int at = av.indexOf('=');
            String key = trim(at < 0 ? av : av.substring(0, at)).toLowerCase(Locale.ROOT);
            String arg = at < 0 ? "" : trim(av.substring(at + 1));
            if (utf8Length(arg) > MAX_ATTRIBUTE_BYTES) {
                continue;
            }
            switch (key) {
                case "expires" -> {
                    Optional<Instant> date = CookieDate.parse(arg);
                    if (date.isPresent()) {
                        expires = date;
                    }
                }
                case "max-age" -> {
                    Optional<Instant> age = maxAge(arg, now);
                    if (age != null) {
                        maxAge = age;
                    }
                }
                case "domain" -> {
                    if (!arg.isEmpty()) {
                        domain = (arg.startsWith(".") ? arg.substring(1) : arg).toLowerCase(Locale.ROOT);
                    }
                }
                case "path" -> path = arg.startsWith("/") ? arg : null;
                case "secure" -> secure = true;
                case "httponly" -> httpOnly = true;
                case "samesite" -> sameSite = switch (arg.toLowerCase(Locale.ROOT)) {
                    case "strict" -> SameSite.STRICT;
                    case "lax" -> SameSite.LAX;
                    case "none" -> SameSite.NONE;
                    default -> SameSite.DEFAULT;
                };
                default -> {
                    // An attribute this client does not know is ignored.
                }
            }
        }
        Optional<Instant> expiry = maxAge != null ? maxAge : expires.map(date -> capped(date, now));
        return Optional.of(new SetCookie(name, value, domain, path, expiry, secure, httpOnly, sameSite));
    }

    /** The expiry of a {@code Max-Age} value, or null for one to ignore. */
    private static Optional<Instant> maxAge(String arg, Instant now) {
        if (arg.isEmpty() || !(arg.charAt(0) == '-' || isDigit(arg.charAt(0)))) {
            return null;
        }
        for (int i = 1; i < arg.length(); i++) {
            if (!isDigit(arg.charAt(i))) {
                return null;
            }
        }
        if (arg.charAt(0) == '-' || arg.chars().allMatch(c -> c == '0')) {
            return Optional.of(Instant.MIN);
        }
        // Beyond 19 digits it is far past the cap anyway.
        long seconds = arg.length() > 18 ? Long.MAX_VALUE : Long.parseLong(arg);
        return Optional.of(seconds >= MAX_AGE_CAP.toSeconds() ? now.plus(MAX_AGE_CAP) : now.plusSeconds(seconds));
    }

    private static Instant capped(Instant date, Instant now) {
        Instant cap = now.plus(MAX_AGE_CAP);
        return date.isAfter(cap) ? cap : date;
    }

    private static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The cookie's name, never its value. */
    @Override
    public String toString() {
        return "SetCookie[" + name + "]";
    }
}
