/**
 * Servers on raw sockets that play a script byte for byte, for the replies no real server sends:
 * {@link io.inetkit.testkit.script.ScriptedFtpServer} answers FTP commands, and
 * {@link io.inetkit.testkit.script.ScriptedGopherServer} Gopher requests, with
 * {@link io.inetkit.testkit.script.Reply}s that may never end, trickle, or carry more than they
 * announce.
 *
 * <pre>{@code
 * @StartStop final ScriptedFtpServer ftp = ScriptedFtpServer.create()
 *         .reply("PWD", Reply.endless(i -> "257-still going " + i + "\r\n"));
 * }</pre>
 *
 * <p>Null arguments throw {@link java.lang.NullPointerException} unless a method says otherwise;
 * nothing here returns {@code null}.
 */
package io.inetkit.testkit.script;
