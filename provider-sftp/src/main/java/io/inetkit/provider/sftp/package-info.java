/** SFTP on JSch: the provider, its connection (SSH session and SFTP channel) and its session. */
package io.inetkit.provider.sftp;
