package io.inetkit;

import java.util.EnumSet;
import java.util.OptionalInt;
import java.util.Set;

/**
 * An option of {@link Internet#connect(ConnectRequest)}: WinINet's {@code dwFlags}, each named for
 * what it does, and, for those that weaken TLS, named {@code INSECURE_…} for what they weaken.
 *
 * <p>A provider says which flags apply to its service; a flag that does not apply, or two that
 * contradict each other, fail the connect with {@link InternetError#INVALID_PARAMETER}.
 *
 * <pre>{@code
 * ConnectRequest.newBuilder(Service.FTP, "ftp.example.org")
 *         .flags(ConnectFlag.PASSIVE, ConnectFlag.START_TLS)
 *         .build();
 * }</pre>
 */
public enum ConnectFlag {

    /** FTP: passive data connections (EPSV, then PASV). {@code INTERNET_FLAG_PASSIVE}. */
    PASSIVE(0x0800_0000),

    /**
     * TLS from the first byte: HTTPS, implicit FTPS, Gopher over TLS. Certificates and host names
     * are verified. {@code INTERNET_FLAG_SECURE}.
     */
    SECURE(0x0080_0000),

    /** FTP: connect in plain text and upgrade with {@code AUTH TLS} (explicit FTPS). inetkit's own. */
    START_TLS(-1),

    /**
     * Share the live connection of an open session to the same service, host, port and user
     * instead of opening another. Closing one of the handles leaves the others working.
     * {@code INTERNET_FLAG_EXISTING_CONNECT}.
     */
    EXISTING_CONNECT(0x2000_0000),

    /** HTTP: do not follow redirects. {@code INTERNET_FLAG_NO_AUTO_REDIRECT}. */
    NO_AUTO_REDIRECT(0x0020_0000),

    /** HTTP: send no credentials and answer no challenge: a 401 or 407 is the response.
     * {@code INTERNET_FLAG_NO_AUTH}. */
    NO_AUTH(0x0004_0000),
    /** HTTP: send no cookies from the {@code Internet}'s {@link io.inetkit.http.CookieJar} and keep
     * none a response sets. {@code INTERNET_FLAG_NO_COOKIES}. */
    NO_COOKIES(0x0008_0000),

    /** FTP: connect passive data connections to the address in the server's PASV reply, not to
     * the control connection's host (curl's default since 7.74 is not to). inetkit's own. */
    TRUST_PASV_ADDRESS(-1),

    /** Weakens TLS: accepts a certificate whose name does not match the host.
     * {@code INTERNET_FLAG_IGNORE_CERT_CN_INVALID}. */
    INSECURE_SKIP_HOSTNAME_CHECK(0x0000_1000),

    /** Weakens TLS: accepts an expired or not yet valid certificate.
     * {@code INTERNET_FLAG_IGNORE_CERT_DATE_INVALID}. No provider takes it yet: a connect with it
     * fails with {@link InternetError#INVALID_PARAMETER}. */
    INSECURE_ACCEPT_EXPIRED_CERTIFICATE(0x0000_2000),

    /** Weakens TLS to nothing: trusts any certificate, signed by anyone, for any host.
     * WinINet's {@code SECURITY_FLAG_IGNORE_UNKNOWN_CA} with the two above. */
    INSECURE_TRUST_ANY_CERTIFICATE(-1);

    private final int winInetFlag;

    ConnectFlag(int winInetFlag) {
        this.winInetFlag = winInetFlag;
    }

    /** The {@code INTERNET_FLAG_*} bit of this flag, or empty for inetkit's own flags. */
    public OptionalInt winInetFlag() {
        return winInetFlag == -1 ? OptionalInt.empty() : OptionalInt.of(winInetFlag);
    }

    /** Whether this flag weakens TLS verification. */
    public boolean weakensTls() {
        return name().startsWith("INSECURE_");
    }

    /**
     * The flags of a WinINet {@code dwFlags} value, for code ported from WinINet.
     *
     * @throws IllegalArgumentException if a bit is set that has no flag here
     */
    public static Set<ConnectFlag> fromWinInet(int dwFlags) {
        EnumSet<ConnectFlag> flags = EnumSet.noneOf(ConnectFlag.class);
        int rest = dwFlags;
        for (ConnectFlag flag : values()) {
            if (flag.winInetFlag != -1 && (dwFlags & flag.winInetFlag) != 0) {
                flags.add(flag);
                rest &= ~flag.winInetFlag;
            }
        }
        if (rest != 0) {
            throw new IllegalArgumentException(String.format(
                    "dwFlags 0x%08X has bits with no inetkit connect flag: 0x%08X", dwFlags, rest));
        }
        return flags;
    }
}
