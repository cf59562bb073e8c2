package io.inetkit.provider.ftp.internal;

import io.inetkit.ConnectFlag;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.spi.Connection;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.ServiceProvider;
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
}
