package io.inetkit.provider.ftp.internal;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * The most bytes a download's data connection may carry: what the server announced, by {@code SIZE}
 * or in its {@code 150 ... (N bytes)} reply. FTP's stream mode ends a file where the data connection
 * ends, so a server that sends on would be written on without end; the bytes past the announced size
 * are refused instead ({@link #check}), and the download fails as an oversized one, as curl fails it.
 * A download shorter than announced is {@link FtpSessionImpl#checkComplete}'s.
 *
 * @param limit the bytes the data connection may carry, or -1 when nothing was announced
 * @param resumed the bytes the local file had before (a resumed download), for messages
 * @param said the size as the server said it
 * @param by who said it: {@code "SIZE"} or {@code "its 150 reply"}
 */
record AnnouncedSize(long limit, long resumed, long said, String by) {

    /** Nothing announced: no bound. */
    static final AnnouncedSize NONE = new AnnouncedSize(-1, 0, -1, "");

    /**
     * The bound of a binary download: the file's {@code size} less the {@code offset} it resumes
     * from, or else the size the {@code 150} reply {@code announced}, which counts either the whole
     * file or what this transfer sends: no more than that either way. {@code -1} for one not known.
     */
    static AnnouncedSize of(long size, long announced, long offset) {
        return of(size, "SIZE", announced, offset);
    }

    /** As {@link #of(long, long, long)}, with {@code size} told by {@code sizeBy}: {@code "SIZE"}, {@code "the listing"}. */
    static AnnouncedSize of(long size, String sizeBy, long announced, long offset) {
        if (size >= 0) {
            return new AnnouncedSize(Math.max(0, size - offset), offset, size, sizeBy);
        }
        return announced >= 0 ? new AnnouncedSize(announced, 0, announced, "its 150 reply") : NONE;
    }

    /**
     * Refuses {@code received} bytes of the data connection when they are more than announced.
     *
     * @throws OversizedException past the limit
     */
    void check(long received) throws OversizedException {
        if (limit >= 0 && received > limit) {
            throw new OversizedException(this, received);
        }
    }

    /** {@code sink}, refusing the bytes past this limit before they reach it: see {@link #check}. */
    WritableByteChannel bound(WritableByteChannel sink) {
        if (limit < 0) {
            return sink;
        }
        return new WritableByteChannel() {
            private long written;

            @Override
            public int write(ByteBuffer source) throws IOException {
                check(written + source.remaining());
                int n = sink.write(source);
                written += n;
                return n;
            }

            @Override
            public boolean isOpen() {
                return sink.isOpen();
            }

            @Override
            public void close() throws IOException {
                sink.close();
            }
        };
    }

    /** A data connection that carried more than its announced size; it is stopped there. */
    static final class OversizedException extends IOException {
        private static final long serialVersionUID = 1L;

        private final AnnouncedSize size;
        private final long received;

        OversizedException(AnnouncedSize size, long received) {
            super("more than the announced " + size.limit + " bytes");
            this.size = size;
            this.received = received;
        }

        /** The error of the download: {@link InternetError#CONNECTION_ABORTED}, with both sizes. */
        InternetException error(String what, String where, String reply) {
            return new InternetException(InternetError.CONNECTION_ABORTED, what + ": the FTP server " + where
                    + " sent more than it announced: at least " + (size.resumed + received) + " bytes where "
                    + size.by + " said " + size.said + "; the transfer was stopped there", reply, this);
        }
    }
}
