package io.inetkit.provider.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * One file's bytes in order, read on a {@link ReadChannel}. The reads ask for the file up to the
 * size the server gave; the read that covers that size comes back short at it, which ends the
 * stream, as an end-of-file answer would (a file of a whole number of reads gets one read more, at
 * its size, for that answer); a file that grew meanwhile, or one whose size the server does not
 * give, is read on to its end-of-file answer. A short reply before the size, or a reply out of
 * order, makes the stream ask again from where it is: after a short one, for no more than it gave
 * (a server's limit on a read); after one out of order, one read at a time, and one more for each
 * reply in order.
 */
final class FileRead extends InputStream {

    private static final int ATTR_SIZE = 0x1;
    private static final int ATTR_UIDGID = 0x2;
    private static final int ATTR_PERMISSIONS = 0x4;
    private static final int ATTR_ACMODTIME = 0x8;
    private static final int ATTR_EXTENDED = 0x80000000;
    private static final int TYPE_MASK = 0170000;
    private static final int TYPE_DIRECTORY = 0040000;

    private final ReadChannel channel;
    private final byte[] handle;
    private final String path;
    private final ArrayDeque<Request> pending = new ArrayDeque<>();
    private long position;
    private long nextOffset;
    /** The size to ask up to; Long.MAX_VALUE when unknown or passed. */
    private long limit = Long.MAX_VALUE;
    private boolean probed;
    private int inFlight;
    /** The length of a read: the channel's, or less where the server answers reads with less. */
    private int chunk;
    /** The rest of the data reply being handed out. */
    private int dataLeft;
    private boolean directory;
    /** The size {@code FSTAT} gave, -1 when it gave none. */
    private long size = -1;
    private boolean ended;
    private boolean closed;

    FileRead(ReadChannel channel, byte[] handle, String path, long offset) throws IOException {
        this.channel = channel;
        this.handle = handle;
        this.path = path;
        this.position = offset;
        this.nextOffset = offset;
        this.inFlight = channel.inFlight();
        this.chunk = channel.chunk();
        int id = channel.newId();
        channel.write(ReadChannel.FSTAT, id, handle);
        // One read goes with the FSTAT: a small file is then whole, and ended, in one round trip.
        send(1);
        channel.flush();
        ReadChannel.Reply reply = channel.reply();
        byte[] body = channel.small(reply, id);
        if (reply.type() == ReadChannel.ATTRS) {
            attributes(ByteBuffer.wrap(body));
        } else if (reply.type() != ReadChannel.STATUS) { // a server that cannot say: the size is unknown
            throw channel.violation("it answered FSTAT with a reply of type " + reply.type());
        }
    }

    /** Whether the server says the path is a directory. */
    boolean isDirectory() {
        return directory;
    }

    /** The file's size as the server gave it when the file was opened; -1 when it gave none. */
    long size() {
        return size;
    }

    private void attributes(ByteBuffer attrs) throws IOException {
        try {
            int flags = attrs.getInt();
            if ((flags & ATTR_SIZE) != 0) {
                long given = attrs.getLong();
                if (given >= 0) {
                    limit = given;
                    size = given;
                }
            }
            if ((flags & ATTR_UIDGID) != 0) {
                attrs.getLong();
            }
            if ((flags & ATTR_PERMISSIONS) != 0) {
                directory = (attrs.getInt() & TYPE_MASK) == TYPE_DIRECTORY;
            }
            if ((flags & ATTR_ACMODTIME) != 0) {
                attrs.getLong();
            }
            // Extended attributes, if any, are not needed: the reply's length bounded them.
            if ((flags & ATTR_EXTENDED) == 0 && attrs.hasRemaining()) {
                throw channel.violation("its FSTAT reply has " + attrs.remaining()
                        + " bytes more than its attributes");
            }
        } catch (BufferUnderflowException e) {
            throw channel.violation("its FSTAT reply is shorter than its attributes");
        }
    }

    /** Sends up to {@code count} reads, as many as may be in flight; the caller flushes. */
    private int send(int count) throws IOException {
        int sent = 0;
        for (; sent < count && pending.size() < inFlight; sent++) {
            int length;
            if (nextOffset < limit) {
                length = chunk;
            } else if (nextOffset == limit && !probed) {
                length = chunk; // the last read ended at the size: this one's answer is the end
                probed = true;
            } else {
                break;
            }
            Request read = new Request(channel.newId(), nextOffset, length);
            channel.writeRead(read.id, handle, read.offset, read.length);
            pending.add(read);
            nextOffset += length;
        }
        return sent;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("the stream is closed");
        }
        if (len == 0) {
            return 0;
        }
        try {
            while (dataLeft == 0) {
                if (ended) {
                    return -1;
                }
                next();
            }
            int n = channel.take(b, off, Math.min(len, dataLeft));
            dataLeft -= n;
            position += n;
            return n;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Reads the next reply: data to hand out, the end of the file, or one no longer wanted. */
    private void next() throws IOException {
        int room = inFlight - pending.size();
        if ((room >= Math.min(channel.batch(), inFlight) || pending.isEmpty()) && send(room) > 0) {
            channel.flush();
        }
        if (pending.isEmpty()) {
            throw new IllegalStateException("no read in flight at " + position + " of " + path);
        }
        ReadChannel.Reply reply = channel.reply();
        Request first = firstWanted();
        Request request = answered(reply.id());
        if (!request.wanted) {
            channel.discard(reply.bodyLength());
            return;
        }
        if (request != first || request.offset != position) {
            // Replies out of order: asked again from here, one at a time, so that each is next.
            channel.discard(reply.bodyLength());
            askAgainFrom(position);
            inFlight = 1;
            return;
        }
        if (reply.type() == ReadChannel.STATUS) {
            byte[] body = channel.small(reply, request.id);
            int code = body.length >= 4 ? ByteBuffer.wrap(body).getInt() : -1;
            if (code == ReadChannel.FX_EOF) {
                ended = true;
                return;
            }
            throw channel.status(body, path);
        }
        if (reply.type() != ReadChannel.DATA) {
            throw channel.violation("it answered READ with a reply of type " + reply.type());
        }
        byte[] four = new byte[4];
        channel.readFully(four, 0, 4);
        int length = ByteBuffer.wrap(four).getInt();
        if (length <= 0 || length > request.length || length != reply.bodyLength() - 4) {
            throw channel.violation("it answered a read of " + request.length + " bytes with "
                    + Integer.toUnsignedString(length) + " in a reply of " + reply.bodyLength());
        }
        dataLeft = length;
        if (inFlight < channel.inFlight()) {
            inFlight++; // in order again: back towards the full read-ahead
        }
        long end = request.offset + length;
        if (length < request.length && end == limit) {
            ended = true; // short at the size the server gave: the file ends there, as it did then
        } else if (length < request.length) {
            if (end < limit) {
                // Short before the size: the server reads no more than this at a time.
                chunk = Math.min(chunk, length);
            }
            Request after = firstWanted();
            if (after == null || after.offset != end) {
                askAgainFrom(end);
            }
        }
        if (end > limit) {
            limit = Long.MAX_VALUE; // the file grew since it was opened: read on to its end
        }
    }

    private Request answered(int id) throws IOException {
        for (var it = pending.iterator(); it.hasNext(); ) {
            Request request = it.next();
            if (request.id == id) {
                it.remove();
                return request;
            }
        }
        throw channel.violation("a reply to request " + id + ", which is not in flight");
    }

    private Request firstWanted() {
        for (Request request : pending) {
            if (request.wanted) {
                return request;
            }
        }
        return null;
    }

    private void askAgainFrom(long offset) {
        for (Request request : pending) {
            request.wanted = false;
        }
        nextOffset = offset;
        probed = false;
    }

    /**
     * Ends the read. A file read to its end, or to within two reads of it, is closed on the
     * server, its answer left for the next file's first reply to follow; any other closes the
     * channel, rather than wait for its read-ahead.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!channel.isUsable()) {
            return;
        }
        try {
            long owed = dataLeft;
            for (Request request : pending) {
                owed += request.length;
            }
            if (owed > 2L * channel.chunk()) {
                channel.close();
                return;
            }
            channel.discard(dataLeft);
            dataLeft = 0;
            while (!pending.isEmpty()) { // the end of the file, on its way
                ReadChannel.Reply reply = channel.reply();
                answered(reply.id());
                channel.discard(reply.bodyLength());
            }
            channel.write(ReadChannel.CLOSE, channel.newId(), handle);
            channel.flush();
            channel.closeSent();
        } catch (IOException | RuntimeException e) {
            channel.close();
        }
    }

    /** A read of the file, in flight or answered. */
    private static final class Request {
        final int id;
        final long offset;
        final int length;
        /** False once the stream no longer wants its reply: it asked again from another offset. */
        boolean wanted = true;

        Request(int id, long offset, int length) {
            this.id = id;
            this.offset = offset;
            this.length = length;
        }
    }
}
