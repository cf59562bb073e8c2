package io.inetkit.internal;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Session;
import io.inetkit.sftp.SftpEntry;
import io.inetkit.sftp.SftpSession;
import java.io.InputStream;
import java.net.URI;

/**
 * An SFTP file read at an offset on a session of each connection: every opening takes the file's
 * size and modification time again ({@code lstat}), so a file that changed between segments is seen.
 * A provider without reads at an offset gives the whole file on the first connection, as an HTTP
 * server that ignores {@code Range}.
 */
public final class SftpRanges implements RangeSource {

    /** A new session, logged in. */
    @FunctionalInterface
    public interface Sessions {
        SftpSession open() throws InternetException;
    }

    private final Sessions sessions;
    private final String path;
    private final String description;

    public SftpRanges(Sessions sessions, String path, String description) {
        this.sessions = sessions;
        this.path = path;
        this.description = description;
    }

    /** The file an {@code sftp://} URL names, each connection by {@link Internet#connectUrl}. */
    public static SftpRanges of(Internet internet, URI uri, ConnectFlag... flags) throws InternetException {
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "" : uri.getPath();
        if (path.isEmpty() || path.endsWith("/")) {
            throw new InternetException(InternetError.INVALID_PARAMETER, UrlRequests.withoutPassword(uri)
                    + ": segments are for a file, not a directory");
        }
        ConnectFlag[] copy = flags.clone();
        return new SftpRanges(() -> {
            Session session = internet.connectUrl(uri, copy);
            if (!(session instanceof SftpSession sftp)) {
                session.close();
                throw new InternetException(InternetError.INVALID_OPERATION, uri.getScheme() + " is not SFTP");
            }
            return sftp;
        }, path, UrlRequests.withoutPassword(uri).toString());
    }

    /** The file at {@code path} on the server of {@code request}, each connection by {@link Internet#connect}. */
    public static SftpRanges of(Internet internet, ConnectRequest<SftpSession> request, String path) {
        return new SftpRanges(() -> internet.connect(request), path,
                "sftp://" + request.host() + ":" + request.port() + (path.startsWith("/") ? "" : "/") + path);
    }

    /** A session logs in (SSH's key exchange and authentication) before its first request. */
    @Override
    public boolean opensAhead() {
        return true;
    }

    /** True: each read names its offset. */
    @Override
    public boolean startsWhereAsked() {
        return true;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public Connection connect() throws InternetException {
        SftpSession sftp = sessions.open();
        return new Connection() {
            @Override
            public Body open(long from, long length, Body expected) throws InternetException {
                SftpEntry file = sftp.stat(path);
                if (!file.isFile()) {
                    throw new InternetException(InternetError.INVALID_PARAMETER, description + " is "
                            + (file.isDirectory() ? "a directory" : "not a regular file") + "; segments are for a file");
                }
                long size = file.size().orElse(-1);
                String validator = file.modified().map(Object::toString).orElse(null);
                InputStream data;
                try {
                    data = sftp.openRead(path, from);
                } catch (InternetException e) {
                    if (e.error() != InternetError.NOT_SUPPORTED || from != 0 || expected != null) {
                        throw e;
                    }
                    return new Body(sftp.openRead(path), 0, size, validator, true);
                }
                boolean toEnd = length < 0 || from + length >= size;
                return new Body(toEnd ? data : SegmentStream.cut(data, length), from, size, validator, false);
            }

            @Override
            public void close() {
                sftp.close();
            }
        };
    }
}
