package io.inetkit.provider.sftp;

import io.inetkit.ConnectFlag;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.Session;
import io.inetkit.sftp.SftpSession;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.Connection;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.ServiceProvider;
import java.io.InputStream;
import java.net.URI;
import java.util.Set;

/**
 * The SFTP provider as {@link java.util.ServiceLoader} finds it. {@link #connect} connects and logs
 * in, as FTP's does: the host key and the credentials are checked before a session exists.
 */
public final class SftpProvider implements ServiceProvider {

    /** SSH's port. */
    static final int DEFAULT_PORT = 22;

    /** Made by the service loader. */
    public SftpProvider() {
    }

    @Override
    public Service<?> service() {
        return Service.SFTP;
    }

    @Override
    public int defaultPort(Set<ConnectFlag> flags) {
        return DEFAULT_PORT;
    }

    @Override
    public Set<String> schemes() {
        return Set.of("sftp");
    }

    @Override
    public Set<ConnectFlag> supportedFlags() {
        return Set.of();
    }

    @Override
    public Connection connect(ConnectSpec spec, ProviderContext context) throws InternetException {
        return SftpConnection.open(spec, context);
    }

    /** A file's bytes; a URL naming a directory fails as {@code openRead} does. */
    @Override
    public InputStream openUrl(Session session, URI uri) throws InternetException {
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "." : uri.getPath();
        return ((SftpSession) session).openRead(path);
    }
}
