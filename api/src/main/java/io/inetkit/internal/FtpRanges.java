package io.inetkit.internal;

import io.inetkit.ConnectFlag;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ftp.FtpReply;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.FtpUrl;
import io.inetkit.ftp.TransferType;
import java.io.InputStream;
import java.net.URI;

/**
 * An FTP file read by {@code REST} on a session of each connection, the later sessions logging in
 * while the first does. Every session asks {@code MDTM} as it logs in; the first then asks
 * {@code SIZE}, and every later opening has the provider check the {@code SIZE} it asks before
 * {@code RETR} against the first's, so a file that changed between segments is seen without a
 * round trip for the size.
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

    /** A session logs in before its first command. */
    @Override
    public boolean opensAhead() {
        return true;
    }

    @Override
    public String describe() {
        return uri.toString();
    }

    @Override
    public Connection connect() throws InternetException {
        FtpSession ftp = RangeSource.session(internet, uri, flags, FtpSession.class, "FTP");
        String modified;
        try {
            // Asked with the login, before the session is needed: a connection opened ahead has it
            // ready when its segment starts, one round trip sooner.
            modified = modified(ftp);
        } catch (InternetException | RuntimeException e) {
            ftp.close();
            throw e;
        }
        return new Connection() {
            private Body known;

            @Override
            public Body stat() throws InternetException {
                long size = ftp.size(path);
                known = new Body(InputStream.nullInputStream(), 0, size, modified, false);
                return known;
            }

            @Override
            public Body open(long from, long length, Body expected) throws InternetException {
                // What this session has just said of the file needs no asking again.
                boolean checked = known != null || expected == null;
                Body file = known != null ? known : expected != null ? later(expected) : stat();
                known = null;
                // Another session's size is checked against the SIZE that bounds this transfer, in its round trip.
                InputStream data = checked ? ftp.openRead(path, from) : ftp.openRead(path, from, file.size());
                // FTP's data say nothing of where they start: a server that ignores REST sends from byte 0.
                // The last segment is read to the file's end, where the provider's check of SIZE finds more.
                boolean toEnd = length < 0 || from + length >= file.size();
                return new Body(toEnd ? data : SegmentStream.cut(data, length), from, file.size(), file.validator(),
                        false);
            }

            /**
             * What a later segment's session finds: the size is the first's, checked by the opening;
             * the modification time is this session's, where the first had one, as no reply of the
             * transfer tells it.
             */
            private Body later(Body expected) {
                return new Body(InputStream.nullInputStream(), 0, expected.size(),
                        expected.validator() != null ? modified : null, false);
            }

            @Override
            public void close() {
                ftp.close();
            }
        };
    }

    /** The file's modification time by {@code MDTM}, null where the server gives none. */
    private String modified(FtpSession ftp) throws InternetException {
        FtpReply reply = ftp.command("MDTM " + path);
        return reply.code() == 213 ? reply.text().trim() : null;
    }
}
