/**
 * Real server programs of the system, run by tests on loopback ports:
 * {@link io.inetkit.testkit.daemon.SystemDaemon}, and on it the proxies
 * {@link io.inetkit.testkit.daemon.DanteServer} (SOCKS5) and {@link io.inetkit.testkit.daemon.Tinyproxy} (HTTP),
 * and OpenSSH's SFTP server {@link io.inetkit.testkit.daemon.Sshd}.
 *
 * <p>Arguments are non-null unless documented otherwise.
 */
package io.inetkit.testkit.daemon;
