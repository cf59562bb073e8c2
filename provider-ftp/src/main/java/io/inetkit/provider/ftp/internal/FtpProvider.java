package io.inetkit.provider.ftp.internal;

import io.inetkit.ConnectFlag;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.Session;
import io.inetkit.ftp.FtpEntry;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.FtpUrl;
import io.inetkit.spi.Connection;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.ServiceProvider;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * The FTP provider: a cheap factory, as {@link java.util.ServiceLoader} wants, because every
 * installed provider is made when a registry loads. Unlike HTTP, FTP logs in inside
 * {@link #connect}, as WinINet's {@code InternetConnect} does, so a wrong password fails there and
 * not on the first operation.
 */
public final class FtpProvider implements ServiceProvider {

    /** Port of implicit FTPS (RFC 4217 leaves it to IANA: {@code ftps} is 990). */
    static final int IMPLICIT_FTPS_PORT = 990;

    private static final Set<ConnectFlag> SUPPORTED = Set.copyOf(EnumSet.of(ConnectFlag.PASSIVE,
            ConnectFlag.SECURE, ConnectFlag.START_TLS, ConnectFlag.TRUST_PASV_ADDRESS,
            ConnectFlag.INSECURE_SKIP_HOSTNAME_CHECK, ConnectFlag.INSECURE_TRUST_ANY_CERTIFICATE));

    /** For {@link java.util.ServiceLoader}; does nothing. */
    public FtpProvider() {
    }

    @Override
    public Service<?> service() {
        return Service.FTP;
    }

    @Override
    public int defaultPort(Set<ConnectFlag> flags) {
        return flags.contains(ConnectFlag.SECURE) ? IMPLICIT_FTPS_PORT : 21;
    }

    @Override
    public Set<String> schemes() {
        return Set.of("ftp", "ftps");
    }

    @Override
    public Set<ConnectFlag> supportedFlags() {
        return SUPPORTED;
    }

    @Override
    public Connection connect(ConnectSpec spec, ProviderContext context) throws InternetException {
        return FtpConnection.open(spec, context);
    }

    @Override
    public Set<ConnectFlag> schemeFlags(String scheme) {
        return scheme.equals("ftps") ? Set.of(ConnectFlag.SECURE) : Set.of();
    }

    /**
     * RFC 1738: the path is relative to the login directory ({@code %2F} starts it at the root);
     * {@code ;type=a} asks for ASCII. A path ending in {@code /} (or none) reads the directory's
     * listing, one name a line, as curl does.
     */
    @Override
    public InputStream openUrl(Session session, URI uri) throws InternetException {
        FtpSession ftp = (FtpSession) session;
        FtpUrl target = FtpUrl.of(uri);
        String remote = target.path();
        if (target.isDirectory()) {
            StringBuilder names = new StringBuilder();
            for (FtpEntry entry : ftp.list(remote)) {
                names.append(entry.name()).append('\n');
            }
            return new ByteArrayInputStream(names.toString().getBytes(StandardCharsets.UTF_8));
        }
        return ftp.openRead(remote, target.type());
    }
}
