package io.inetkit.provider.ftp.internal;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import org.apache.commons.net.MalformedServerReplyException;

/**
 * The control connection's reader, failing on a line longer than a limit: Commons Net reads a reply
 * line into memory until its line end, so a server sending an endless line would fill the heap.
 */
final class LineLimitReader extends FilterReader {

    /** Longer than any path a 257 reply names (PATH_MAX is 4096 bytes) and than any sane reply line. */
    static final int MAX_LINE_CHARS = 8192;

    private final int max;
    private int current;

    LineLimitReader(Reader in, int max) {
        super(in);
        this.max = max;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            count((char) c);
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = 0; i < n; i++) {
            count(buffer[offset + i]);
        }
        return n;
    }

    private void count(char c) throws IOException {
        if (c == '\n') {
            current = 0;
        } else if (++current > max) {
            throw new MalformedServerReplyException("the FTP server sent a reply line longer than " + max
                    + " characters");
        }
    }
}
