/** An in-process SFTP server: {@link io.inetkit.testkit.sftp.TestSftpServer}. */
package io.inetkit.testkit.sftp;
