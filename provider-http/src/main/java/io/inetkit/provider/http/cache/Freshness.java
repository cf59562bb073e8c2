package io.inetkit.provider.http.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * RFC 9111's rules for a private cache, on stored responses: which may be stored, how long each
 * is fresh and how old it is, whether a request may take it as it is, must revalidate it, or must
 * go to the server, the conditional request that revalidates it, and a 304 merged into it.
 */
public final class Freshness {

    /** Statuses a response may be stored with and given a heuristic lifetime (RFC 9110 15.1). */
    static final Set<Integer> HEURISTIC = Set.of(200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501);

    /** The longest heuristic lifetime: a file untouched for years is not taken as fresh for a year. */
    static final Duration MAX_HEURISTIC = Duration.ofDays(7);

    /** Fields about the connection, never stored nor updated from a 304 (RFC 9111 3.1 and 3.2). */
    private static final Set<String> NOT_STORED = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authentication-info");

    /** Fields of the stored body that a 304 must not change. */
    private static final Set<String> NOT_UPDATED = Set.of("content-length", "content-encoding", "content-range",
            "content-type");

    /** What a request may do with a stored response. */
    public enum Use {
        /** Serve it as it is. */
        FRESH,
        /** Ask the server with the stored validators (a conditional request). */
        REVALIDATE,
        /** Fetch it again: stale, and nothing to revalidate with. */
        FETCH
    }

    private Freshness() {
    }

    /**
     * Whether a response to a GET may be stored: a final status a cache understands, no
     * {@code no-store} either way, no {@code Vary: *}, and a lifetime it can tell or a validator.
     */
    public static boolean storable(String method, int status, List<String> headers, CacheControl request) {
        if (!"GET".equals(method) || request.noStore() || status < 200 || status == 206 || status == 304) {
            return false;
        }
        StoredResponse probe = new StoredResponse("", method, List.of(), status, "", headers, 0, 0);
        CacheControl response = CacheControl.parse(probe.joined("Cache-Control"));
        if (response.noStore() || varyNames(probe) == null) {
            return false;
        }
        return response.maxAge() >= 0 || probe.header("Expires") != null || HEURISTIC.contains(status);
    }

    /** The headers of {@code headers} a cache stores: all but those about the connection. */
    public static List<String> storedHeaders(List<String> headers) {
        List<String> kept = new ArrayList<>(headers.size());
        for (int i = 0; i < headers.size(); i += 2) {
            if (!NOT_STORED.contains(headers.get(i).toLowerCase(Locale.ROOT))) {
                kept.add(headers.get(i));
                kept.add(headers.get(i + 1));
            }
        }
        return kept;
    }

    /**
     * The names {@code Vary} lists, lower case, or null for {@code Vary: *}, which no later request
     * can match.
     */
    public static List<String> varyNames(StoredResponse response) {
        return response.varyNames();
    }

    static List<String> computeVaryNames(StoredResponse response) {
        String vary = response.joined("Vary");
        List<String> names = new ArrayList<>();
        if (vary == null) {
            return names;
        }
        for (String name : vary.split(",")) {
            String trimmed = name.trim().toLowerCase(Locale.ROOT);
            if (trimmed.equals("*")) {
                return null;
            }
            if (!trimmed.isEmpty() && !names.contains(trimmed)) {
                names.add(trimmed);
            }
        }
        return names;
    }

    /** How long the response is fresh from its generation (RFC 9111 4.2.1), in milliseconds. */
    public static long lifetimeMillis(StoredResponse response) {
        return response.lifetimeMillis();
    }

    static long computeLifetimeMillis(StoredResponse response) {
        CacheControl control = response.control();
        if (control.maxAge() >= 0) {
            return control.maxAge() * 1000;
        }
        long date = response.dateMillis();
        String expires = response.header("Expires");
        if (expires != null) {
            long at = HttpDate.parse(expires, response.responseMillis());
            return at == HttpDate.INVALID ? 0 : Math.max(0, at - date);
        }
        String lastModified = response.header("Last-Modified");
        if (lastModified != null && HEURISTIC.contains(response.status())) {
            long modified = HttpDate.parse(lastModified, response.responseMillis());
            if (modified != HttpDate.INVALID && modified < date) {
                return Math.min((date - modified) / 10, MAX_HEURISTIC.toMillis());
            }
        }
        return 0;
    }

    /** How old the response is at {@code nowMillis} (RFC 9111 4.2.3), in milliseconds. */
    public static long ageMillis(StoredResponse response, long nowMillis) {
        long date = response.dateMillis();
        long apparent = Math.max(0, response.responseMillis() - date);
        long ageValue = response.ageValueMillis();
        long delay = Math.max(0, response.responseMillis() - response.requestMillis());
        long initial = Math.max(apparent, ageValue + delay);
        long resident = Math.max(0, nowMillis - response.responseMillis());
        return initial + resident;
    }

    /**
     * What a request with {@code request}'s directives may do with {@code stored} at
     * {@code nowMillis} (RFC 9111 4.2 and 5.2.1).
     */
    public static Use use(StoredResponse stored, CacheControl request, long nowMillis) {
        CacheControl response = stored.control();
        boolean canRevalidate = stored.header("ETag") != null || stored.header("Last-Modified") != null;
        Use otherwise = canRevalidate ? Use.REVALIDATE : Use.FETCH;
        if (request.noCache() || response.noCache()) {
            return otherwise;
        }
        long age = ageMillis(stored, nowMillis);
        long lifetime = lifetimeMillis(stored);
        // An immutable response (RFC 8246) does not change while fresh: a reload's max-age=0 keeps it.
        if (request.maxAge() >= 0 && age > request.maxAge() * 1000 && !(response.immutable() && age < lifetime)) {
            return otherwise;
        }
        long needed = request.minFresh() >= 0 ? saturatedMillis(request.minFresh()) : 0;
        if (lifetime - age > needed) {
            return Use.FRESH;
        }
        // Stale: only the request's max-stale lets it be served, never past must-revalidate.
        if (!response.mustRevalidate() && request.maxStale() >= 0
                && age - lifetime <= saturatedMillis(request.maxStale())) {
            return Use.FRESH;
        }
        return otherwise;
    }

    /** Whether the response is fresh and says it never changes while fresh ({@code immutable}, RFC 8246). */
    public static boolean immutable(StoredResponse stored, long nowMillis) {
        return stored.control().immutable() && ageMillis(stored, nowMillis) < lifetimeMillis(stored);
    }

    /**
     * Whether a stale response may be served while it is revalidated, by its
     * {@code stale-while-revalidate} (RFC 5861): stale within that window, and neither it nor the
     * request asks for revalidation first ({@code no-cache}, {@code must-revalidate}, the request's
     * {@code max-age}).
     */
    public static boolean servableWhileRevalidating(StoredResponse stored, CacheControl request, long nowMillis) {
        CacheControl response = stored.control();
        if (response.staleWhileRevalidate() < 0 || response.mustRevalidate() || response.noCache()
                || request.noCache() || request.maxAge() >= 0) {
            return false;
        }
        long stale = ageMillis(stored, nowMillis) - lifetimeMillis(stored);
        return stale >= 0 && stale <= saturatedMillis(response.staleWhileRevalidate());
    }

    /** Whether a stale response may stand in for a failure, by its {@code stale-if-error} (RFC 5861). */
    public static boolean servableOnError(StoredResponse stored, long nowMillis) {
        CacheControl response = stored.control();
        if (response.mustRevalidate() || response.staleIfError() < 0) {
            return false;
        }
        return ageMillis(stored, nowMillis) - lifetimeMillis(stored) <= response.staleIfError() * 1000;
    }

    private static long saturatedMillis(long seconds) {
        return seconds > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : seconds * 1000;
    }

    /** The validators that make a request conditional on {@code stored}: name, value pairs. */
    public static List<String> conditions(StoredResponse stored) {
        List<String> conditions = new ArrayList<>(4);
        String etag = stored.header("ETag");
        if (etag != null) {
            conditions.add("If-None-Match");
            conditions.add(etag);
        }
        String lastModified = stored.header("Last-Modified");
        if (lastModified != null) {
            conditions.add("If-Modified-Since");
            conditions.add(lastModified);
        }
        return conditions;
    }

    /**
     * {@code stored} with a 304's header fields in place of its own of the same names (RFC 9111
     * 3.2), its times those of the revalidation.
     */
    public static StoredResponse merge(StoredResponse stored, List<String> notModified, long requestMillis,
            long responseMillis) {
        List<String> replaced = new ArrayList<>();
        for (int i = 0; i < notModified.size(); i += 2) {
            String name = notModified.get(i).toLowerCase(Locale.ROOT);
            if (!NOT_STORED.contains(name) && !NOT_UPDATED.contains(name) && !replaced.contains(name)) {
                replaced.add(name);
            }
        }
        List<String> merged = new ArrayList<>();
        for (int i = 0; i < stored.headers().size(); i += 2) {
            if (!replaced.contains(stored.headers().get(i).toLowerCase(Locale.ROOT))) {
                merged.add(stored.headers().get(i));
                merged.add(stored.headers().get(i + 1));
            }
        }
        for (int i = 0; i < notModified.size(); i += 2) {
            if (replaced.contains(notModified.get(i).toLowerCase(Locale.ROOT))) {
                merged.add(notModified.get(i));
                merged.add(notModified.get(i + 1));
            }
        }
        return new StoredResponse(stored.url(), stored.method(), stored.varyHeaders(), stored.status(),
                stored.reason(), merged, requestMillis, responseMillis);
    }
}
