package io.inetkit.http;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One cookie as a cookie store keeps it (RFC 6265bis): what a {@code Set-Cookie} field set, with the
 * domain and path it was scoped to. Immutable. {@link #toString()} names the cookie and never shows
 * its value, so a cookie in a log or a message gives no session away.
 *
 * @param name the cookie's name; may be empty for a nameless cookie ({@code Set-Cookie: value})
 * @param value the cookie's value, as the server sent it
 * @param domain the host ({@link #hostOnly()}) or domain, in lower case, in ASCII (IDNA)
 * @param path the path it is sent for, starting with {@code /}
 * @param expires when it expires; empty for a session cookie, which lives as long as its store
 * @param secure sent over HTTPS only, and set only from HTTPS
 * @param httpOnly not for scripts: stored and kept, with no effect on an HTTP client
 * @param hostOnly sent to exactly {@link #domain()}, not to its subdomains: no {@code Domain} attribute
 * @param sameSite the {@code SameSite} attribute, stored; see {@link SameSite}
 * @param created when it was first stored, which orders cookies of equal path length
 * @since 0.1
 */
public record Cookie(String name, String value, String domain, String path, Optional<Instant> expires,
        boolean secure, boolean httpOnly, boolean hostOnly, SameSite sameSite, Instant created) {

    /**
     * The {@code SameSite} attribute. A browser withholds a {@code Strict} or {@code Lax} cookie from a
     * request another site started; an HTTP client has no other site: every request is the
     * application's own, so inetkit treats every request as same-site and sends the cookie whatever
     * this says. It is stored for applications that pass cookies on to a browser.
     */
    public enum SameSite {
        /** No {@code SameSite} attribute, or one with an unknown value. */
        DEFAULT,
        /** {@code SameSite=Strict}. */
        STRICT,
        /** {@code SameSite=Lax}. */
        LAX,
        /** {@code SameSite=None}, which needs {@code Secure}. */
        NONE
    }

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException for a name or value with a control character or {@code ;}, a
     *     name with {@code =}, an empty domain, or a path that does not start with {@code /}
     */
    public Cookie {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(sameSite, "sameSite");
        Objects.requireNonNull(created, "created");
        if (unfit(name) || name.indexOf('=') >= 0 || unfit(value)) {
            throw new IllegalArgumentException("cookie " + name.replaceAll("\\p{Cntrl}", "?")
                    + ": a name or value must not hold control characters or ';' (or '=' in the name)");
        }
        if (domain.isEmpty() || unfit(domain) || domain.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("cookie " + name + ": the domain must be a host name");
        }
        domain = domain.toLowerCase(Locale.ROOT);
        if (!path.startsWith("/") || unfit(path)) {
            throw new IllegalArgumentException("cookie " + name + ": the path must start with /");
        }
    }

    /**
     * A session cookie for exactly this host and path {@code /}, created now: what curl's
     * {@code -b 'name=value'} and a hand-made cookie need.
     */
    public static Cookie of(String name, String value, String host) {
        return new Cookie(name, value, host, "/", Optional.empty(), false, false, true, SameSite.DEFAULT,
                Instant.now());
    }

    /** Whether it has expired at this instant. */
    public boolean isExpired(Instant now) {
        return expires.isPresent() && !expires.get().isAfter(now);
    }

    /** Whether it outlives its store: it has an expiry. */
    public boolean isPersistent() {
        return expires.isPresent();
    }

    /** {@code name=value}, or the value alone for a nameless cookie: as a {@code Cookie} field holds it. */
    public String pair() {
        return name.isEmpty() ? value : name + "=" + value;
    }

    /** The cookie without its value: {@code Cookie[name @ domain/path]}. */
    @Override
    public String toString() {
        return "Cookie[" + name + " @ " + (hostOnly ? "" : ".") + domain + path + (secure ? ", secure" : "")
                + (expires.map(e -> ", expires " + e).orElse(", session")) + "]";
    }

    private static boolean unfit(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f || c == ';') {
                return true;
            }
        }
        return false;
    }
}
