/**
 * A real FTP and FTPS server for tests: {@link io.inetkit.testkit.ftp.TestFtpServer}, Apache
 * MINA FtpServer serving a directory on a loopback port.
 *
 * <pre>{@code
 * @StartStop final TestFtpServer ftp = TestFtpServer.newBuilder().user("alice", "secret").build();
 * }</pre>
 *
 * <p>Null policy: arguments are non-null unless documented otherwise; passing {@code null}
 * throws {@link java.lang.NullPointerException}. Nothing returns {@code null}.
 *
 * <p>Protocols: RFC 959 (FTP), RFC 2428 (EPRT/EPSV), RFC 4217 (FTP over TLS).
 */
package io.inetkit.testkit.ftp;
