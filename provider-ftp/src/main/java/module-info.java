/**
 * FTP and FTPS for inetkit, on Apache Commons Net: WinINet's FTP functions behind
 * {@link io.inetkit.ftp.FtpSession}. Exports nothing; the API finds it through
 * {@link io.inetkit.spi.ServiceProvider}.
 *
 * <pre>{@code
 * try (Internet internet = Internet.create();
 *      FtpSession ftp = internet.connect(ConnectRequest.newBuilder(Service.FTP, "ftp.example.org")
 *              .flags(ConnectFlag.PASSIVE).build())) {
 *     ftp.get("/pub/readme.txt", Path.of("readme.txt"));
 * }
 * }</pre>
 *
 * <p>FTPS data connections resume the control connection's TLS session, as servers such as vsftpd
 * require ({@code require_ssl_reuse=YES}, its default), with TLS 1.3 and with TLS 1.2 (by session id:
 * the API's TLS contexts offer no TLS 1.2 tickets). System properties that matter:
 * <ul>
 *   <li>{@code org.apache.commons.net.ftp.ipAddressFromPasvResponse} (Commons Net's): ignored;
 *       {@link io.inetkit.ConnectFlag#TRUST_PASV_ADDRESS} decides.
 * </ul>
 *
 * @provides io.inetkit.spi.ServiceProvider FTP (service id 1), schemes {@code ftp} and {@code ftps}
 */
module io.inetkit.provider.ftp {
    requires io.inetkit;
    requires org.apache.commons.net;
    requires org.slf4j;

    provides io.inetkit.spi.ServiceProvider with io.inetkit.provider.ftp.internal.FtpProvider;
}
