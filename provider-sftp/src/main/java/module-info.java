/**
 * The SFTP provider: SFTP version 3 over SSH-2 ({@code sftp}, port 22), behind
 * {@link io.inetkit.Service#SFTP} (id 22), on the JSch engine ({@code com.jcraft.jsch}, the
 * maintained fork). It exports nothing: applications use {@link io.inetkit.sftp.SftpSession} and
 * {@link io.inetkit.sftp.SftpOptions} from the API, and the provider comes in through service
 * binding. It is built on the provider contract ({@code io.inetkit.spi}) alone, as a third party's
 * provider would be.
 *
 * <p>Host keys are checked against an OpenSSH {@code known_hosts} file; see
 * {@link io.inetkit.sftp.SftpOptions}. What a server may send is bounded by the
 * {@link io.inetkit.Limits} of the {@code Internet}: {@link io.inetkit.Limits#maxListEntries()} and
 * {@link io.inetkit.Limits#maxListBytes()} for a listing returned whole by {@code list} ({@code listStream} reads one of any length);
 * {@link io.inetkit.Limits#maxReplyBytes()} for a reply other than data on the channel that reads
 * files; JSch bounds each SSH packet. It reads no system properties but {@code user.home} (the default
 * {@code known_hosts}).
 *
 * @provides io.inetkit.spi.ServiceProvider {@code Service.SFTP} (id 22), scheme {@code sftp},
 *     default port 22
 * @since 0.1.0
 */
module io.inetkit.provider.sftp {
    requires io.inetkit;
    requires com.jcraft.jsch;

    provides io.inetkit.spi.ServiceProvider with io.inetkit.provider.sftp.SftpProvider;
}
