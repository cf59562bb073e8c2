package io.inetkit.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * The first bytes of a stream: FTP's data and an SFTP read run to the file's end, and a segment
 * takes its part of them. A stream that reads into buffers ({@link ReadableByteChannel}) gives a
 * part that does too ({@link #cut}), so that a segment still reads its socket's channel.
 */
class SegmentStream extends FilterInputStream {

    long left;

    private SegmentStream(InputStream in, long left) {
        super(in);
        this.left = left;
    }

    /** The first {@code left} bytes of {@code in}, read into buffers where {@code in} can be. */
    static InputStream cut(InputStream in, long left) {
        return in instanceof ReadableByteChannel ? new Channel(in, left) : new SegmentStream(in, left);
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

    /** The part of a stream that reads into buffers. */
    private static final class Channel extends SegmentStream implements ReadableByteChannel {

        private final ReadableByteChannel channel;

        Channel(InputStream in, long left) {
            super(in, left);
            this.channel = (ReadableByteChannel) in;
        }

        @Override
        public int read(ByteBuffer target) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int end = target.limit();
            target.limit(target.position() + (int) Math.min(target.remaining(), left));
            int n;
            try {
                n = channel.read(target);
            } finally {
                target.limit(end);
            }
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }
    }
}
