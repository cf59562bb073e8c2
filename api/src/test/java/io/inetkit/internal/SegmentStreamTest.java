package io.inetkit.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A segment's part of a stream that runs to the file's end: by arrays, and by buffers where the stream reads into them. */
class SegmentStreamTest {

    private static final byte[] FILE = new byte[1000];

    static {
        for (int i = 0; i < FILE.length; i++) {
            FILE[i] = (byte) i;
        }
    }

    /** A stream over bytes that reads into buffers too, as a body on a socket's channel does. */
    private static final class BufferStream extends ByteArrayInputStream implements ReadableByteChannel {
        private boolean open = true;
        int largestAsked;

        BufferStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public int read(ByteBuffer target) {
            largestAsked = Math.max(largestAsked, target.remaining());
            int n = Math.min(target.remaining(), available());
            if (n == 0) {
                return -1;
            }
            target.put(buf, pos, n);
            pos += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    @Test
    void aPartOfABufferStreamReadsIntoBuffersAndStopsAtItsLength() throws IOException {
        BufferStream file = new BufferStream(FILE);
        InputStream part = SegmentStream.cut(file, 300);
        assertTrue(part instanceof ReadableByteChannel);
        ReadableByteChannel channel = (ReadableByteChannel) part;
        ByteBuffer buffer = ByteBuffer.allocateDirect(256);
        assertEquals(256, channel.read(buffer));
        assertEquals(256, buffer.limit(), "the buffer's limit is its own again");
        buffer.clear();
        assertEquals(44, channel.read(buffer));
        assertEquals(256, file.largestAsked, "the inner stream is never asked past the part");
        assertEquals(-1, channel.read(buffer));
        buffer.flip();
        byte[] tail = new byte[44];
        buffer.get(tail);
        assertArrayEquals(Arrays.copyOfRange(FILE, 256, 300), tail);
        assertEquals(700, file.available(), "the bytes after the part are left unread");
        assertTrue(channel.isOpen());
        part.close();
        assertFalse(channel.isOpen());
    }

    @Test
    void aPartOfAPlainStreamReadsByArrays() throws IOException {
        InputStream part = SegmentStream.cut(new ByteArrayInputStream(FILE), 300);
        assertFalse(part instanceof ReadableByteChannel);
        assertArrayEquals(Arrays.copyOf(FILE, 300), part.readAllBytes());
    }
}
