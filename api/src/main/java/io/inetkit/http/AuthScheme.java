package io.inetkit.http;

/**
 * An HTTP authentication scheme that inetkit answers a challenge with (a 401's
 * {@code WWW-Authenticate}, or an HTTP proxy's 407). By default Basic and Digest may answer a
 * server and the strongest one it offers is taken, as WinINet does; choose others with
 * {@link io.inetkit.Internet.Builder#authSchemes}. A proxy's are chosen with
 * {@link io.inetkit.ProxyConfig#withAuthSchemes}: Basic alone by default, as curl's.
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
    DIGEST,

    /**
     * Negotiate (RFC 4559, SPNEGO with Kerberos) through the JDK's GSS-API, with the Kerberos
     * credentials the JVM has: those of the {@code Subject} the request is sent under
     * ({@code Subject.doAs}), or, with {@code javax.security.auth.useSubjectCredsOnly=false}, those
     * JAAS finds (a ticket cache). Not among the defaults, as curl's {@code --negotiate}: it tells the
     * server who the user is. Taken before Digest when offered. Without Kerberos credentials for the
     * server, the challenge is answered by another scheme or comes back as the response.
     */
    NEGOTIATE
}
