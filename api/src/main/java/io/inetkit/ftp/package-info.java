/**
 * FTP and FTPS: {@link io.inetkit.ftp.FtpSession}, what {@code Service.FTP} connects to, with its
 * listing entries, replies and transfer types.
 *
 * <p>Arguments are non-null, and results are never null, unless a method says otherwise. Values made
 * here check themselves at once ({@code FtpReply}'s code: {@link IllegalArgumentException}); paths
 * and commands are checked when the operation runs, and refused with {@code INVALID_PARAMETER}
 * before any byte is sent.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc959">RFC 959: File Transfer Protocol</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3659">RFC 3659: Extensions to FTP (MLSD, SIZE, REST)</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4217">RFC 4217: Securing FTP with TLS</a>
 */
package io.inetkit.ftp;
