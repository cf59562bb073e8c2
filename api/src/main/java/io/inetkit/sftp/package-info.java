/**
 * SFTP: {@link io.inetkit.sftp.SftpSession}, what {@link io.inetkit.Service#SFTP} connects to, its
 * directory entries ({@link io.inetkit.sftp.SftpEntry}) and the options only SSH has
 * ({@link io.inetkit.sftp.SftpOptions}: host keys, key files, the agent), given to
 * {@link io.inetkit.ConnectRequest.Builder#option(Object)}.
 *
 * <pre>{@code
 * try (Internet internet = Internet.create();
 *      SftpSession sftp = internet.connect(ConnectRequest.newBuilder(Service.SFTP, "files.example.com")
 *              .user("alice")
 *              .option(SftpOptions.newBuilder().identity(Path.of("/home/alice/.ssh/id_ed25519")).build())
 *              .build())) {
 *     sftp.get("report.pdf", Path.of("report.pdf"));
 * }
 * }</pre>
 */
package io.inetkit.sftp;
