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
 * require. System properties that matter:
 * <ul>
 *   <li>{@code jdk.tls.client.enableSessionTicketExtension} (the JDK's): set it to {@code false}
 *       for TLS 1.2 servers whose session tickets live longer than the JDK's 7 days (vsftpd), so
 *       that they resume by session id instead; it is read when an {@code SSLContext} is made.
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
