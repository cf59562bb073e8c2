package io.inetkit.provider.http.cache;

import java.util.Locale;

/**
 * The directives of a {@code Cache-Control} field (RFC 9111 section 5.2) that a private cache acts
 * on; {@code s-maxage} and {@code proxy-revalidate} are for shared caches and are ignored. A
 * directive given twice, or with a value that is not a number where one is needed, counts as RFC
 * 9111 says a cache should treat it: the most restrictive reading (a bad {@code max-age} is stale).
 *
 * @param noStore {@code no-store}
 * @param noCache {@code no-cache} (with or without field names: a private cache revalidates either way)
 * @param maxAge {@code max-age} in seconds, or -1
 * @param maxStale {@code max-stale} in seconds, {@link Long#MAX_VALUE} without a value, or -1
 * @param minFresh {@code min-fresh} in seconds, or -1
 * @param mustRevalidate {@code must-revalidate}
 * @param immutable {@code immutable} (RFC 8246)
 * @param onlyIfCached {@code only-if-cached}
 * @param staleWhileRevalidate {@code stale-while-revalidate} in seconds (RFC 5861), or -1
 * @param staleIfError {@code stale-if-error} in seconds (RFC 5861), or -1
 */
public record CacheControl(boolean noStore, boolean noCache, long maxAge, long maxStale, long minFresh,
        boolean mustRevalidate, boolean immutable, boolean onlyIfCached, long staleWhileRevalidate,
        long staleIfError) {

    /** No directive at all. */
    public static final CacheControl NONE = new CacheControl(false, false, -1, -1, -1, false, false, false, -1, -1);

    /** The directives of a field's value, several lines joined with commas; null is none. */
    public static CacheControl parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        boolean noStore = false;
        boolean noCache = false;
        long maxAge = -1;
        long maxStale = -1;
        long minFresh = -1;
        boolean mustRevalidate = false;
        boolean immutable = false;
        boolean onlyIfCached = false;
        long staleWhileRevalidate = -1;
        long staleIfError = -1;
        int i = 0;
        int n = value.length();
        while (i < n) {
            int start = i;
            while (i < n && value.charAt(i) != ',' && value.charAt(i) != '=') {
                i++;
            }
            String name = value.substring(start, i).trim().toLowerCase(Locale.ROOT);
            String argument = null;
            if (i < n && value.charAt(i) == '=') {
                i++;
                while (i < n && value.charAt(i) == ' ') {
                    i++;
                }
                if (i < n && value.charAt(i) == '"') {
                    int close = i + 1;
                    StringBuilder quoted = new StringBuilder();
                    while (close < n && value.charAt(close) != '"') {
                        if (value.charAt(close) == '\\' && close + 1 < n) {
                            close++;
                        }
                        quoted.append(value.charAt(close));
                        close++;
                    }
                    argument = quoted.toString();
                    i = Math.min(close + 1, n);
                    while (i < n && value.charAt(i) != ',') {
                        i++;
                    }
                } else {
                    int end = i;
                    while (end < n && value.charAt(end) != ',') {
                        end++;
                    }
                    argument = value.substring(i, end).trim();
                    i = end;
                }
            }
            i++;
            switch (name) {
                case "no-store" -> noStore = true;
                case "no-cache" -> noCache = true;
                case "max-age" -> maxAge = least(maxAge, seconds(argument, 0));
                case "max-stale" -> maxStale = argument == null ? Long.MAX_VALUE : least(maxStale, seconds(argument, 0));
                case "min-fresh" -> minFresh = Math.max(minFresh, seconds(argument, Long.MAX_VALUE));
                case "must-revalidate" -> mustRevalidate = true;
                case "immutable" -> immutable = true;
                case "only-if-cached" -> onlyIfCached = true;
                case "stale-while-revalidate" -> staleWhileRevalidate = least(staleWhileRevalidate, seconds(argument, 0));
                case "stale-if-error" -> staleIfError = least(staleIfError, seconds(argument, 0));
                default -> {
                    // private, public, no-transform and extensions change nothing for a private cache.
                }
            }
        }
        return new CacheControl(noStore, noCache, maxAge, maxStale, minFresh, mustRevalidate, immutable,
                onlyIfCached, staleWhileRevalidate, staleIfError);
    }

    /** The smaller of two, where -1 means "not given". */
    private static long least(long current, long given) {
        return current < 0 ? given : Math.min(current, given);
    }

    /**
     * RFC 9111's delta-seconds: digits, capped at 2^31 (section 1.2.2); anything else is
     * {@code invalid}, the reading that errs on the safe side for that directive.
     */
    static long seconds(String argument, long invalid) {
        if (argument == null || argument.isEmpty()) {
            return invalid;
        }
        long value = 0;
        for (int i = 0; i < argument.length(); i++) {
            char c = argument.charAt(i);
            if (c < '0' || c > '9') {
                return invalid;
            }
            value = Math.min(value * 10 + (c - '0'), 1L << 31);
        }
        return value;
    }
}
