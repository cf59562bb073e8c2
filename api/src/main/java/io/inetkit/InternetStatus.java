package io.inetkit;

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
 * <pre>{@code
 * StatusListener progress = event -> {
 *     if (event.status() == InternetStatus.RESPONSE_RECEIVED) {
 *         event.info().ifPresent(bytes -> System.err.print("\r" + bytes + " bytes"));
 *     }
 * };
 * }</pre>
 */
public enum InternetStatus {
    /** Looking up the server's address; the info is the host name. */
    RESOLVING_NAME(10),
    /** The address was found; the info is the {@link java.net.InetAddress}. */
    NAME_RESOLVED(11),
    /** Connecting; the info is the {@link java.net.InetSocketAddress}. */
    CONNECTING_TO_SERVER(20),
    /** Connected; the info is the {@link java.net.InetSocketAddress}. */
    CONNECTED_TO_SERVER(21),
    /** Sending a request or command. */
    SENDING_REQUEST(30),
    /**
     * Sent; the info is what the provider knows: the number of bytes as a {@link Long} (HTTP,
     * Gopher), or the command's verb as a {@link String} (FTP).
     */
    REQUEST_SENT(31),
    /** Waiting for the server's response. */
    RECEIVING_RESPONSE(40),
    /**
     * Received; the info is what the provider knows: the number of bytes as a {@link Long} (HTTP,
     * Gopher), or the reply code as an {@link Integer} (FTP control replies).
     */
    RESPONSE_RECEIVED(41),
    /**
     * A control-connection reply arrived (not implemented in Windows); the FTP provider publishes it
     * with the reply text as a {@link String}, after {@link #RESPONSE_RECEIVED}.
     */
    CTL_RESPONSE_RECEIVED(42),
    /** Prefetching (unused by inetkit's providers; kept for the numbering). */
    PREFETCH(43),
    /** Closing the connection to the server. */
    CLOSING_CONNECTION(50),
    /** The connection to the server is closed. */
    CONNECTION_CLOSED(51),
    /** A handle was created; the info is the handle. */
    HANDLE_CREATED(60),
    /** A handle is closing; always its last event. */
    HANDLE_CLOSING(70),
    /** Looking for a proxy. */
    DETECTING_PROXY(80),
    /** An asynchronous operation completed; the info is its result or the exception it failed with. */
    REQUEST_COMPLETE(100),
    /** The request was redirected; the info is the new URI. */
    REDIRECT(110),
    /** An interim response (for example HTTP 100 Continue) arrived. */
    INTERMEDIATE_RESPONSE(120),
    /** The server asks for input inetkit cannot give. */
    USER_INPUT_REQUIRED(140),
    /** The connection state changed. */
    STATE_CHANGE(200),
    /** Cookies were sent. */
    COOKIE_SENT(320),
    /** Cookies were received. */
    COOKIE_RECEIVED(321),
    /** Privacy settings affected a cookie. */
    PRIVACY_IMPACTED(324),
    /** A P3P header arrived. */
    P3P_HEADER(325),
    /** A P3P policy reference arrived. */
    P3P_POLICYREF(326),
    /** Cookie history changed. */
    COOKIE_HISTORY(327),
    /**
     * inetkit's own, not WinINet's (numbered from 1000 to stay clear of WinINet's): a TLS handshake
     * completed; the info is the {@link TlsInfo} — protocol, cipher suite, ALPN protocol — once per
     * connection. WinINet tells the same through {@code INTERNET_OPTION_SECURITY_CONNECTION_INFO}.
     */
    TLS_HANDSHAKE_COMPLETE(1000);

    private final int code;

    InternetStatus(int code) {
        this.code = code;
    }

    /** WinINet's number for this status, for example 10 for {@code INTERNET_STATUS_RESOLVING_NAME}. */
    public int code() {
        return code;
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
