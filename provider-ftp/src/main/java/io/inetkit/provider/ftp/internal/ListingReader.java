package io.inetkit.provider.ftp.internal;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * The lines of a listing's data connection, as Commons Net's entry parsers read them
 * ({@link org.apache.commons.net.ftp.FTPFileEntryParser#readNextEntry}), each bounded: an entry, from
 * {@link #startEntry()} on, holds at most {@link Limits#maxLineBytes()} bytes however many lines the
 * parser joins into it (VMS's do), and the whole listing at most {@code maxBytes}. Commons Net's own
 * {@code FTPListParseEngine} reads a listing whole into memory, so an endless one filled the heap.
 * Lines end with LF, a CR before it dropped, as the {@link BufferedReader} that engine uses reads
 * them; a lone CR, which that reader also takes for a line end, stays in the line here, where no
 * parser reads it: no listing ends its lines with CR alone.
 */
final class ListingReader extends BufferedReader {

    private final InputStream in;
    private final Charset charset;
    private final Limits limits;
    private final long maxBytes;
    private final String what;
    private final String where;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int end;
    private byte[] line = new byte[256];
    private long entryBytes;
    private long bytes;

    /**
     * @param maxBytes the most bytes of the whole listing, {@link Long#MAX_VALUE} for any number
     * @param what the operation, for messages: {@code "listing /pub"}
     * @param where the server, as {@code host:port}, for messages
     */
    ListingReader(InputStream in, Charset charset, Limits limits, long maxBytes, String what, String where) {
        super(Reader.nullReader(), 1);
        this.in = in;
        this.charset = charset;
        this.limits = limits;
        this.maxBytes = maxBytes;
        this.what = what;
        this.where = where;
    }

    /**
     * The error of a listing past a bound of the {@link Limits}: {@link InternetError#CONNECTION_ABORTED},
     * naming the limit; for the bounds of a listing returned whole, the streamed listing too.
     *
     * @param sent what the server sent, such as "a listing of more than 100000 entries"
     */
    static InternetException exceeded(String what, String where, String sent, String limit) {
        InternetException e = Limits.exceeded(InternetError.CONNECTION_ABORTED, where, sent, limit);
        String stream = limit.startsWith("maxList") ? ", or read it with FtpSession.listStream(String), which holds"
                + " one entry at a time" : "";
        return new InternetException(e.error(), what + ": " + e.getMessage() + stream);
    }

    /** The next entry starts: its bound counts from here. */
    void startEntry() {
        entryBytes = 0;
    }

    /**
     * The next line without its line end, or {@code null} at the end of the listing.
     *
     * @throws InternetException {@link InternetError#CONNECTION_ABORTED} past a bound, naming it
     */
    @Override
    public String readLine() throws IOException {
        int length = 0;
        while (true) {
            if (position == end) {
                int n = in.read(buffer);
                if (n < 0) {
                    if (length == 0) {
                        return null;
                    }
                    break;
                }
                position = 0;
                end = n;
            }
            byte b = buffer[position++];
            if (++bytes > maxBytes) {
                throw exceeded(what, where, "a listing of more than " + maxBytes + " bytes", "maxListBytes");
            }
            if (b == '\n') {
                break;
            }
            if (++entryBytes > limits.maxLineBytes() + 1) { // + 1: the CR of a line end
                throw exceeded(what, where, "a listing entry of more than " + limits.maxLineBytes() + " bytes",
                        "maxLineBytes");
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, Math.min(line.length * 2, limits.maxLineBytes() + 1));
            }
            line[length++] = b;
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return new String(line, 0, length, charset);
    }

    @Override
    public int read() throws IOException {
        throw new UnsupportedOperationException("listings are read by line");
    }

    @Override
    public int read(char[] chars, int offset, int length) throws IOException {
        throw new UnsupportedOperationException("listings are read by line");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
