package io.inetkit;

/**
 * Port numbers with a name, WinINet's {@code INTERNET_DEFAULT_*_PORT}.
 *
 * <p>{@link #DEFAULT} (0, WinINet's {@code INTERNET_INVALID_PORT_NUMBER}) asks for the default port
 * of the service, which its provider knows: 21 for FTP, 70 for Gopher, 80 for HTTP and 443 for HTTP
 * with {@link ConnectFlag#SECURE}.
 *
 * <pre>{@code
 * ConnectRequest.newBuilder(Service.HTTP, "example.org").port(Ports.DEFAULT).build();
 * }</pre>
 */
public final class Ports {

    /** Use the service's default port: {@code INTERNET_INVALID_PORT_NUMBER}. */
    public static final int DEFAULT = 0;
    /** {@code INTERNET_DEFAULT_FTP_PORT}. */
    public static final int FTP = 21;
    /** {@code INTERNET_DEFAULT_GOPHER_PORT}. */
    public static final int GOPHER = 70;
    /** {@code INTERNET_DEFAULT_HTTP_PORT}. */
    public static final int HTTP = 80;
    /** {@code INTERNET_DEFAULT_HTTPS_PORT}. */
    public static final int HTTPS = 443;
    /** {@code INTERNET_DEFAULT_SOCKS_PORT}. */
    public static final int SOCKS = 1080;
    /** The highest TCP port. */
    public static final int MAX = 65_535;

    private Ports() {
    }
}
