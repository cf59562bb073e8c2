package io.inetkit.http;

/** Where a response came from, as far as the {@link HttpCache} goes ({@link HttpResponse#cacheResult()}). */
public enum CacheResult {

    /** The cache was not asked: there is none, the method is not GET, or {@link CacheFlag#RELOAD}. */
    BYPASS,

    /** The cache had nothing usable: the response is the server's. */
    MISS,

    /** From the cache, without the network. */
    HIT,

    /** The server answered a conditional request with 304: the stored response, its fields updated. */
    CONDITIONAL_HIT,

    /** The server answered a conditional request with a new response, which replaced the stored one. */
    CONDITIONAL_MISS,

    /**
     * The stored response, stale, because the server could not be reached or failed and
     * {@link CacheFlag#CACHE_IF_NET_FAIL} or its {@code stale-if-error} allowed it.
     */
    STALE_ON_ERROR,

    /**
     * The stored response, stale within its {@code stale-while-revalidate} (RFC 5861): served at
     * once, while a conditional request in the background updates what is stored.
     */
    STALE_WHILE_REVALIDATE
}
