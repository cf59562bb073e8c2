package io.inetkit.provider.http.cookie;

import io.inetkit.Limits;
import io.inetkit.http.Cookie;
import io.inetkit.http.CookieJar;
import io.inetkit.toolbox.Logs;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The HTTP provider's cookie store, one per {@code Internet}, in memory: RFC 6265bis's storage model
 * and retrieval, with the public-suffix rule and the cookie {@link Limits}. Thread-safe: one lock,
 * held for a look-up over at most {@link Limits#maxCookies()} cookies.
 *
 * <p>Logging: DEBUG names each cookie ignored or evicted and why; never a value.
 */
public final class CookieStore implements CookieJar {

    private static final Logger LOG = Logs.get(CookieStore.class);
    private static final Comparator<Entry> SEND_ORDER = Comparator
            .<Entry>comparingInt(e -> -e.cookie.path().length())
            .thenComparing(e -> e.cookie.created())
            .thenComparingLong(e -> e.sequence);

    private final Limits limits;
    private final Clock clock;
    private final PublicSuffixes suffixes;
    private final Map<Key, Entry> cookies = new LinkedHashMap<>(); // guarded by this
    private long sequence; // guarded by this: orders cookies created in the same instant

    /** A store with the provider's public-suffix list, on the system clock. */
    public CookieStore(Limits limits) {
        this(limits, Clock.systemUTC(), null);
    }

    /** @param suffixes the list, or null for the shipped one, read when a cookie first needs it */
    CookieStore(Limits limits, Clock clock, PublicSuffixes suffixes) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = clock;
        this.suffixes = suffixes;
    }

    @Override
    public List<Cookie> load(URI uri) {
        String host = Matching.host(uri);
        String path = Matching.requestPath(uri);
        boolean secure = Matching.secure(uri);
        Instant now = clock.instant();
        List<Entry> matches = new ArrayList<>();
        synchronized (this) {
            removeExpired(now);
            for (Entry entry : cookies.values()) {
                Cookie cookie = entry.cookie;
                if ((cookie.hostOnly() ? host.equals(cookie.domain()) : Matching.domainMatch(host, cookie.domain()))
                        && Matching.pathMatch(path, cookie.path()) && (secure || !cookie.secure())) {
                    entry.lastAccess = ++sequence;
                    matches.add(entry);
                }
            }
        }
        matches.sort(SEND_ORDER);
        List<Cookie> sent = new ArrayList<>(matches.size());
        for (Entry entry : matches) {
            sent.add(entry.cookie);
        }
        return sent;
    }

    @Override
    public void save(URI uri, List<String> setCookies) {
        String host = Matching.host(uri);
        boolean secure = Matching.secure(uri);
        Instant now = clock.instant();
        int taken = 0;
        for (String field : setCookies) {
            if (++taken > limits.maxSetCookies()) {
                LOG.debug("{} set more than {} cookies in one response (Limits.maxSetCookies): the rest ignored",
                        host, limits.maxSetCookies());
                return;
            }
            Optional<SetCookie> parsed = SetCookie.parse(field, limits.maxCookieBytes(), now);
            if (parsed.isEmpty()) {
                LOG.debug("ignored a malformed or oversized Set-Cookie from {}", host);
                continue;
            }
            store(parsed.get(), uri, host, secure, now);
        }
    }

    @Override
    public List<Cookie> all() {
        Instant now = clock.instant();
        synchronized (this) {
            removeExpired(now);
            List<Cookie> all = new ArrayList<>(cookies.size());
            for (Entry entry : cookies.values()) {
                all.add(entry.cookie);
            }
            return all;
        }
    }

    @Override
    public void add(Cookie cookie) {
        Objects.requireNonNull(cookie, "cookie");
        put(cookie, clock.instant());
    }

    /** RFC 6265bis's storage model for a parsed field: the checks that decide its domain and path. */
    private void store(SetCookie set, URI uri, String host, boolean secureRequest, Instant now) {
        String name = set.name();
        String domain = host;
        boolean hostOnly = true;
        if (set.domain() != null) {
            String attribute = Matching.canonical(set.domain());
            if (attribute == null) {
                ignore(name, host, "its Domain is not a host name");
                return;
            }
            if (!attribute.equals(host) && suffixes().isPublicSuffix(attribute)) {
                ignore(name, host, "its Domain " + attribute + " is a public suffix");
                return;
            }
            if (!Matching.domainMatch(host, attribute)) {
                ignore(name, host, "its Domain " + attribute + " does not cover the host");
                return;
            }
            if (!suffixes().isPublicSuffix(attribute)) {
                domain = attribute;
                hostOnly = false;
            }
        }
        String path = set.path() != null ? set.path() : Matching.defaultPath(uri);
        if (set.secure() && !secureRequest) {
            ignore(name, host, "it is Secure and came over plain HTTP");
            return;
        }
        if (set.sameSite() == Cookie.SameSite.NONE && !set.secure()) {
            ignore(name, host, "it is SameSite=None without Secure");
            return;
        }
        String lowerName = name.toLowerCase(Locale.ROOT);
        if (lowerName.startsWith("__secure-") && !set.secure()) {
            ignore(name, host, "a __Secure- cookie must be Secure");
            return;
        }
        if (lowerName.startsWith("__host-") && !(set.secure() && hostOnly && "/".equals(set.path()))) {
            ignore(name, host, "a __Host- cookie must be Secure, without Domain, with Path=/");
            return;
        }
        String lowerValue = set.value().toLowerCase(Locale.ROOT);
        if (name.isEmpty() && (lowerValue.startsWith("__secure-") || lowerValue.startsWith("__host-"))) {
            ignore(name, host, "a nameless cookie must not look like a prefixed one");
            return;
        }
        Optional<Instant> expires = set.expires();
        if (expires.isPresent() && expires.get().equals(Instant.MIN)) {
            expires = Optional.of(now.minusSeconds(1));
        }
        Cookie cookie = new Cookie(name, set.value(), domain, path, expires, set.secure(), set.httpOnly(), hostOnly,
                set.sameSite(), now);
        synchronized (this) { // the check and the put as one, against a secure cookie stored between them
            if (!set.secure() && !secureRequest && shadowsSecure(name, domain, path)) {
                ignore(name, host, "plain HTTP may not replace a Secure cookie");
                return;
            }
            put(cookie, now);
        }
    }

    /** Puts a cookie in place of its namesake, keeping that one's creation time, then bounds the store. */
    private void put(Cookie cookie, Instant now) {
        Key key = new Key(cookie.name(), cookie.domain(), cookie.hostOnly(), cookie.path());
        synchronized (this) {
            Entry old = cookies.remove(key);
            if (cookie.isExpired(now)) {
                return; // an expired cookie only deletes
            }
            Cookie kept = old == null ? cookie : new Cookie(cookie.name(), cookie.value(), cookie.domain(),
                    cookie.path(), cookie.expires(), cookie.secure(), cookie.httpOnly(), cookie.hostOnly(),
                    cookie.sameSite(), old.cookie.created());
            Entry entry = new Entry(kept, old == null ? ++sequence : old.sequence);
            entry.lastAccess = ++sequence;
            cookies.put(key, entry);
            evict(cookie.domain(), now);
        }
    }

    /** Expired cookies first; then the least recently used of the domain, then of all. */
    private void evict(String domain, Instant now) {
        removeExpired(now);
        long inDomain = cookies.values().stream().filter(e -> e.cookie.domain().equals(domain)).count();
        while (inDomain-- > limits.maxCookiesPerDomain()) {
            removeLeastRecent(domain, "Limits.maxCookiesPerDomain");
        }
        while (cookies.size() > limits.maxCookies()) {
            removeLeastRecent(null, "Limits.maxCookies");
        }
    }

    private void removeLeastRecent(String domain, String limit) {
        Entry oldest = null;
        for (Entry entry : cookies.values()) {
            if ((domain == null || entry.cookie.domain().equals(domain))
                    && (oldest == null || entry.lastAccess < oldest.lastAccess)) {
                oldest = entry;
            }
        }
        if (oldest != null) {
            Cookie cookie = oldest.cookie;
            cookies.remove(new Key(cookie.name(), cookie.domain(), cookie.hostOnly(), cookie.path()));
            LOG.debug("evicted cookie {} of {} ({})", cookie.name(), cookie.domain(), limit);
        }
    }

    private void removeExpired(Instant now) {
        for (Iterator<Entry> it = cookies.values().iterator(); it.hasNext(); ) {
            if (it.next().cookie.isExpired(now)) {
                it.remove();
            }
        }
    }

    /** Guarded by this. */
    private boolean shadowsSecure(String name, String domain, String path) {
        for (Entry entry : cookies.values()) {
            Cookie old = entry.cookie;
            if (old.secure() && old.name().equals(name)
                    && (Matching.domainMatch(domain, old.domain()) || Matching.domainMatch(old.domain(), domain))
                    && Matching.pathMatch(path, old.path())) {
                return true;
            }
        }
        return false;
    }

    private PublicSuffixes suffixes() {
        return suffixes != null ? suffixes : PublicSuffixes.shipped();
    }

    private static void ignore(String name, String host, String why) {
        LOG.debug("ignored cookie {} from {}: {}", Logs.printable(name), host, why);
    }

    @Override
    public synchronized String toString() {
        return "CookieStore[" + cookies.size() + " cookies]";
    }

    private record Key(String name, String domain, boolean hostOnly, String path) {
    }

    private static final class Entry {
        final Cookie cookie;
        final long sequence;
        long lastAccess;

        Entry(Cookie cookie, long sequence) {
            this.cookie = cookie;
            this.sequence = sequence;
        }
    }
}
