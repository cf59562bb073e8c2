package io.inetkit;

import io.inetkit.ftp.FtpReply;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.Optional;

/**
 * The steps a handle goes through, as WinINet's {@code INTERNET_STATUS_*} callback codes, with
 * their numbers.
 *
 * <p>A {@link StatusListener} receives them in {@link StatusEvent}s. Providers publish the ones
 * that apply to their protocol; {@link #HANDLE_CREATED} and {@link #HANDLE_CLOSING} are published
 * for every session, and {@link #HANDLE_CLOSING} is always the last event of a handle.
 *
 * <p>Each status says what its info is, the same in every provider: {@link #infoType()}, WinINet's
 * {@code lpvStatusInformation} as a type. An event may carry no info; when it carries one, it is
 * of that type. Byte counts are {@link Long}s:
 *
 * <pre>{@code
 * StatusListener progress = event -> {
 *     if (event.status() == InternetStatus.RESPONSE_RECEIVED) {
 *         event.info(Long.class).ifPresent(bytes -> System.err.println(bytes + " bytes received"));
 *     }
 * };
 * }</pre>
 */
public enum InternetStatus {
    /** Looking up the server's address; the info is the host name, a {@link String}. */
    RESOLVING_NAME(10, String.class),
    /** The address was found; the info is the {@link InetAddress}. */
    NAME_RESOLVED(11, InetAddress.class),
    /** Connecting; the info is the {@link InetSocketAddress}. */
    CONNECTING_TO_SERVER(20, InetSocketAddress.class),
    /** Connected; the info is the {@link InetSocketAddress}. */
    CONNECTED_TO_SERVER(21, InetSocketAddress.class),
    /**
     * Sending a request or command; the info, where the protocol has one, is its verb as a
     * {@link String} (FTP's commands); HTTP and Gopher send none.
     */
    SENDING_REQUEST(30, String.class),
    /** Sent; the info is the number of bytes sent, a {@link Long}: a request body's, a command line's. */
    REQUEST_SENT(31, Long.class),
    /** Waiting for the server's response; no info. */
    RECEIVING_RESPONSE(40, Void.class),
    /**
     * Received; the info is the number of bytes received, a {@link Long}: a response body's, a
     * request's reply, an FTP control reply's.
     */
    RESPONSE_RECEIVED(41, Long.class),
    /**
     * A control-connection reply arrived (not implemented in Windows); the FTP provider publishes it
     * after {@link #RESPONSE_RECEIVED}, with the reply as an {@link FtpReply}: its code and lines.
     */
    CTL_RESPONSE_RECEIVED(42, FtpReply.class),
    /** Prefetching (unused by inetkit's providers; kept for the numbering); no info. */
    PREFETCH(43, Void.class),
    /** Closing the connection to the server; no info (the event names the server). */
    CLOSING_CONNECTION(50, Void.class),
    /** The connection to the server is closed; no info. */
    CONNECTION_CLOSED(51, Void.class),
    /** A handle was created; the info is the handle, a {@link Session}. */
    HANDLE_CREATED(60, Session.class),
    /** A handle is closing; always its last event; the info is the handle, a {@link Session}. */
    HANDLE_CLOSING(70, Session.class),
    /** Looking for a proxy; no info. */
    DETECTING_PROXY(80, Void.class),
    /**
     * An asynchronous operation completed; the info is its {@link AsyncResult}: the result, or what
     * it failed with.
     */
    REQUEST_COMPLETE(100, AsyncResult.class),
    /** The request was redirected; the info is the new {@link URI}. */
    REDIRECT(110, URI.class),
    /** An interim response (for example HTTP 100 Continue) arrived; the info is its status code, an {@link Integer}. */
    INTERMEDIATE_RESPONSE(120, Integer.class),
    /** The server asks for input inetkit cannot give; no info. */
    USER_INPUT_REQUIRED(140, Void.class),
    /** The connection state changed; no info. */
    STATE_CHANGE(200, Void.class),
    /** Cookies from the cookie jar were sent with a request; the info is how many, an {@link Integer}. */
    COOKIE_SENT(320, Integer.class),
    /** A response set cookies; the info is how many {@code Set-Cookie} fields it had, an {@link Integer}. */
    COOKIE_RECEIVED(321, Integer.class),
    /** Privacy settings affected a cookie; no info. */
    PRIVACY_IMPACTED(324, Void.class),
    /** A P3P header arrived; no info. */
    P3P_HEADER(325, Void.class),
    /** A P3P policy reference arrived; no info. */
    P3P_POLICYREF(326, Void.class),
    /** Cookie history changed; no info. */
    COOKIE_HISTORY(327, Void.class),
    /**
     * inetkit's own, not WinINet's (numbered from 1000 to stay clear of WinINet's): a TLS handshake
     * completed; the info is the {@link TlsInfo} — protocol, cipher suite, ALPN protocol — once per
     * connection. WinINet tells the same through {@code INTERNET_OPTION_SECURITY_CONNECTION_INFO}.
     */
    TLS_HANDSHAKE_COMPLETE(1000, TlsInfo.class),
    /**
     * inetkit's own: the {@link io.inetkit.http.HttpCache} was asked about a request; the info is the
     * {@link io.inetkit.http.CacheResult} (hit, revalidated, miss...), once per request that reached
     * the cache. WinINet's cache tells it through {@code INTERNET_CACHE_ENTRY_INFO}.
     */
    CACHE_RESULT(1001, io.inetkit.http.CacheResult.class);

    private final int code;
    private final Class<?> infoType;

    InternetStatus(int code, Class<?> infoType) {
        this.code = code;
        this.infoType = infoType;
    }

    /** WinINet's number for this status, for example 10 for {@code INTERNET_STATUS_RESOLVING_NAME}. */
    public int code() {
        return code;
    }

    /**
     * The type of this status's info, the same in every provider: {@link Long} for byte counts,
     * {@link Void} for a status that carries none.
     */
    public Class<?> infoType() {
        return infoType;
    }

    /** Whether {@code info} may go with this status: nothing, or a value of its {@link #infoType()}. */
    public boolean accepts(Object info) {
        return info == null || infoType != Void.class && infoType.isInstance(info);
    }

    /**
     * WinINet's name, for example {@code INTERNET_STATUS_RESOLVING_NAME}; inetkit's own statuses (from
     * 1000) are named in the same form.
     */
    public String winInetName() {
        return "INTERNET_STATUS_" + name();
    }

    /** The status with this WinINet number, if there is one. */
    public static Optional<InternetStatus> fromCode(int code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst();
    }
}
