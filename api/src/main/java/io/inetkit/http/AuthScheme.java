package io.inetkit.http;

/**
 * An HTTP authentication scheme that inetkit answers a challenge with (a 401's
 * {@code WWW-Authenticate}). By default every scheme here may
 * answer and the strongest one the server offers is taken, as WinINet does; restrict them with
 * {@link io.inetkit.Internet.Builder#authSchemes}.
 */
public enum AuthScheme {

    /**
     * Basic (RFC 7617): the user and password, only encoded. Taken last, when the server offers
     * nothing stronger. Sent up front, before any challenge, only when it is the only scheme allowed.
     */
    BASIC,

    /**
     * Digest (RFC 7616) with {@code MD5}, {@code SHA-256} or their {@code -sess} forms and
     * {@code qop=auth}: the password never leaves. A server that offers only {@code qop=auth-int}
     * is refused.
     */
    DIGEST
}
