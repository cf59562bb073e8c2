package io.inetkit.http;

/**
 * WinINet's cache flags of {@code HttpOpenRequest} and {@code InternetOpenUrl}, for one request
 * ({@link HttpRequest.Builder#cacheFlags}). Without an {@link HttpCache} they change nothing but
 * {@link #PRAGMA_NOCACHE}'s header, and {@link #FROM_CACHE} fails every request.
 */
public enum CacheFlag {

    /** {@code INTERNET_FLAG_RELOAD}: not from the cache; the response still replaces the stored one. */
    RELOAD(0x8000_0000),

    /** {@code INTERNET_FLAG_NO_CACHE_WRITE} ({@code DONT_CACHE}): the response is not stored. */
    NO_CACHE_WRITE(0x0400_0000),

    /**
     * {@code INTERNET_FLAG_FROM_CACHE} ({@code OFFLINE}): from the cache only, fresh or not, without
     * touching the network; nothing stored is {@link io.inetkit.InternetError#ITEM_NOT_FOUND}.
     */
    FROM_CACHE(0x0100_0000),

    /** {@code INTERNET_FLAG_RESYNCHRONIZE}: a stored response is revalidated with the server even if fresh. */
    RESYNCHRONIZE(0x0000_0800),

    /** {@code INTERNET_FLAG_CACHE_IF_NET_FAIL}: when the server cannot be reached, the stored response, stale or not. */
    CACHE_IF_NET_FAIL(0x0001_0000),

    /**
     * {@code INTERNET_FLAG_PRAGMA_NOCACHE}: sends {@code Pragma: no-cache} and {@code Cache-Control:
     * no-cache}, so that neither a proxy nor this cache answers without the server.
     */
    PRAGMA_NOCACHE(0x0000_0100);

    private final int winInet;

    CacheFlag(int winInet) {
        this.winInet = winInet;
    }

    /** The WinINet {@code INTERNET_FLAG_*} value. */
    public int winInet() {
        return winInet;
    }
}
