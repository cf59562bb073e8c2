package io.inetkit.internal;

import io.inetkit.ConnectFlag;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Session;
import io.inetkit.ftp.FtpReply;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.FtpUrl;
import io.inetkit.ftp.TransferType;
import java.io.InputStream;
import java.net.URI;

/**
 * An FTP file read by {@code REST} on a session of each connection: every opening asks {@code SIZE}
 * and {@code MDTM} again, so a file that changed between segments is seen.
 */
public final class FtpRanges implements RangeSource {

    private final Internet internet;
    private final URI uri;
    private final ConnectFlag[] flags;
    private final String path;

    public FtpRanges(Internet internet, URI uri, ConnectFlag... flags) throws InternetException {
        FtpUrl file = FtpUrl.of(uri);
        if (file.isDirectory() || file.type() != TransferType.BINARY) {
            throw new InternetException(InternetError.INVALID_PARAMETER, uri + ": segments are for a binary file,"
                    + " not a directory or an ASCII transfer");
        }
        this.internet = internet;
        this.uri = uri;
        this.flags = flags.clone();
        this.path = file.path();
    }

    @Override
    public String describe() {
        return uri.toString();
    }

    @Override
    public Connection connect() throws InternetException {
        Session session = internet.connectUrl(uri, flags);
        if (!(session instanceof FtpSession ftp)) {
            session.close();
            throw new InternetException(InternetError.INVALID_OPERATION, uri + " is not an FTP URL");
        }
        return new Connection() {
            @Override
            public Body open(long from, long length, Body expected) throws InternetException {
                long size = ftp.size(path);
                FtpReply modified = ftp.command("MDTM " + path);
                String validator = modified.code() == 213 ? modified.text().trim() : null;
                InputStream data = ftp.openRead(path, from);
                // FTP's data say nothing of where they start: a server that ignores REST sends from byte 0.
                // The last segment is read to the file's end, where the provider's check of SIZE finds more.
                boolean toEnd = length < 0 || from + length >= size;
                return new Body(toEnd ? data : new SegmentStream(data, length), from, size, validator, false);
            }

            @Override
            public void close() {
                ftp.close();
            }
        };
    }
}
