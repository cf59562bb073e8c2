package io.inetkit.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The first bytes of a stream: FTP's data and an SFTP read run to the file's end, and a segment
 * takes its part of them.
 */
final class SegmentStream extends FilterInputStream {

    private long left;

    SegmentStream(InputStream in, long left) {
        super(in);
        this.left = left;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n > 0) {
            left -= n;
        }
        return n;
    }
}
