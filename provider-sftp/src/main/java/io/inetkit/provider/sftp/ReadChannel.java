package io.inetkit.provider.sftp;

import com.jcraft.jsch.Channel;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import io.inetkit.spi.ProviderContext;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * A second SFTP channel of the SSH session, for reading files, on which the provider speaks SFTP
 * version 3 itself: a file's reads, 2 MiB of them, are all in flight from the first round trip,
 * they travel several to an SSH packet, and each asks for as much as the server takes (255 KiB
 * from OpenSSH's sftp-server, which says so in {@code limits@openssh.com}). JSch's
 * {@code ChannelSftp} opens its read-ahead one read per reply, asks 32 KiB at a time, and sends
 * each read in a packet of its own, each encrypted, padded with random bytes and written alone.
 *
 * <p>One file is read at a time. A file read to its end is closed without waiting for the
 * server's answer, which the next file's first reply is read after; a file left early closes the
 * channel instead, and the session opens another for the next file, so that no read-ahead is
 * waited for.
 */
final class ReadChannel {

    /**
     * A read where the server gives no limits: its reply, with its 13 bytes of header, fills one
     * 32 KiB channel packet, which every server takes (OpenSSH's client reads as much).
     */
    static final int CHUNK = 32 * 1024 - 13;
    /** The largest read asked for where the server's limits allow it: OpenSSH's sftp-server's own. */
    static final int MAX_CHUNK = 256 * 1024 - 1024;
    /** What the reads in flight ask for: JSch's window for the channel; and at most this many reads. */
    static final int IN_FLIGHT_BYTES = 2 * 1024 * 1024;
    static final int MAX_IN_FLIGHT = 64;
    /** The longest file handle: SFTP's own bound. */
    static final int MAX_HANDLE = 256;

    private static final int OPEN = 3;
    private static final int CLOSE = 4;
    private static final int READ = 5;
    private static final int FSTAT = 8;
    private static final int EXTENDED = 200;
    private static final int EXTENDED_REPLY = 201;
    private static final int STATUS = 101;
    private static final int HANDLE = 102;
    private static final int DATA = 103;
    private static final int ATTRS = 105;
    static final int FX_EOF = 1;
    private static final int FXF_READ = 1;
    private static final int ATTR_SIZE = 0x1;
    private static final int ATTR_UIDGID = 0x2;
    private static final int ATTR_PERMISSIONS = 0x4;
    private static final int ATTR_ACMODTIME = 0x8;
    private static final int ATTR_EXTENDED = 0x80000000;
    private static final int TYPE_MASK = 0170000;
    private static final int TYPE_DIRECTORY = 0040000;

    private final Channel channel;
    private final Inbox inbox;
    private final OutputStream out;
    private final int readTimeoutMillis;
    /** The most bytes of a reply other than data: {@link Limits#maxReplyBytes()}. */
    private final int maxReply;
    private final String where;
    /** The length of a read, reads in flight, and reads sent together once that many are answered. */
    private int chunk = CHUNK;
    private int inFlight = IN_FLIGHT_BYTES / (CHUNK + 13);
    private int batch = inFlight / 4;
    private final byte[] header = new byte[9];
    private int nextId;
    /** CLOSE requests sent whose answers are not read yet. */
    private int unansweredCloses;
    private boolean broken;

    private ReadChannel(Channel channel, Inbox inbox, OutputStream out, ProviderContext context,
            String where) {
        this.channel = channel;
        this.inbox = inbox;
        this.out = out;
        this.readTimeoutMillis = context.readTimeoutMillis();
        this.maxReply = context.limits().maxReplyBytes();
        this.where = where;
    }

    /**
     * Opens the channel: a second {@code ChannelSftp}, which JSch connects (the {@code sftp}
     * subsystem, {@code INIT} and {@code VERSION}) with the 2 MiB window and 32 KiB packets it gives
     * its SFTP channels alone (a plain subsystem channel gets 1 MiB and 16 KiB: twice the packets,
     * and a window smaller than the reads in flight). JSch reads nothing more on it after that, and
     * its bytes are taken from JSch through {@code setOutputStream}. A server that refuses a second
     * channel (OpenSSH's {@code MaxSessions 1}) or the subsystem throws here, and the caller reads
     * with JSch.
     */
    static ReadChannel open(com.jcraft.jsch.Session session, ProviderContext context, String where)
            throws JSchException, IOException {
        ChannelSftp channel = (ChannelSftp) session.openChannel("sftp");
        channel.connect(context.connectTimeoutMillis());
        int version;
        try {
            version = channel.getServerVersion();
        } catch (com.jcraft.jsch.SftpException e) {
            version = -1;
        }
        if (version < 3) {
            channel.disconnect();
            throw new IOException("the server speaks SFTP version " + version);
        }
        // What a server answering as asked can have sent unread: the reads in flight, and replies of
        // other kinds (a handle, attributes, a status) around them.
        Inbox inbox = new Inbox(IN_FLIGHT_BYTES + IN_FLIGHT_BYTES / 8 + 2 * context.limits().maxReplyBytes());
        channel.setOutputStream(inbox);
        ReadChannel reads = new ReadChannel(channel, inbox, channel.getOutputStream(), context, where);
        if ("1".equals(channel.getExtension("limits@openssh.com"))) {
            try {
                reads.askLimits();
            } catch (IOException | RuntimeException e) {
                channel.disconnect();
                throw e;
            }
        }
        return reads;
    }

    /**
     * Asks the server's limits (OpenSSH's {@code limits@openssh.com}): where it takes reads larger
     * than 32 KiB, fewer of them ask for the same bytes, and the server reads the file in fewer,
     * larger pieces. A reply spans several channel packets then.
     */
    private void askLimits() throws IOException {
        byte[] name = "limits@openssh.com".getBytes(StandardCharsets.US_ASCII);
        int id = nextId++;
        ByteBuffer request = ByteBuffer.allocate(4 + 1 + 4 + 4 + name.length);
        request.putInt(request.capacity() - 4).put((byte) EXTENDED).putInt(id).putInt(name.length).put(name);
        out.write(request.array());
        out.flush();
        Reply reply = reply();
        byte[] body = small(reply, id);
        if (reply.type != EXTENDED_REPLY || body.length < 16) {
            return; // not after all: 32 KiB reads
        }
        long maxRead = ByteBuffer.wrap(body).getLong(8); // after the longest packet: the longest read
        if (maxRead <= 0 || maxRead > MAX_CHUNK) {
            maxRead = MAX_CHUNK; // 0: no limit of the server's own
        }
        chunk = (int) maxRead;
        inFlight = Math.max(4, Math.min(MAX_IN_FLIGHT, IN_FLIGHT_BYTES / (chunk + 13)));
        batch = Math.max(1, inFlight / 4);
    }

    boolean isUsable() {
        return !broken && channel.isConnected() && !channel.isClosed();
    }

    void close() {
        broken = true;
        channel.disconnect();
    }

    /**
     * Opens {@code path} (absolute) and reads it from {@code offset}: its bytes, with the file's
     * size as the server gave it when opened, or -1.
     */
    FileRead read(String path, long offset) throws IOException {
        if (broken) {
            throw new IOException("the reading channel is closed");
        }
        boolean opened = false;
        try {
            answerCloses();
            byte[] name = path.getBytes(StandardCharsets.UTF_8);
            int id = nextId++;
            ByteBuffer open = ByteBuffer.allocate(4 + 1 + 4 + 4 + name.length + 4 + 4);
            open.putInt(open.capacity() - 4).put((byte) OPEN).putInt(id).putInt(name.length).put(name)
                    .putInt(FXF_READ).putInt(0);
            out.write(open.array());
            out.flush();
            Reply reply = reply();
            byte[] body = small(reply, id);
            if (reply.type == STATUS) {
                throw status(body, path);
            }
            if (reply.type != HANDLE) {
                throw violation("it answered OPEN with a reply of type " + reply.type);
            }
            ByteBuffer handleReply = ByteBuffer.wrap(body);
            int handleLength = handleReply.getInt();
            if (handleLength < 0 || handleLength > MAX_HANDLE || handleLength != handleReply.remaining()) {
                throw violation("its file handle is " + handleLength + " bytes long (at most " + MAX_HANDLE + ")");
            }
            byte[] handle = new byte[handleLength];
            handleReply.get(handle);
            opened = true;
            return new FileRead(handle, path, offset);
        } catch (IOException | RuntimeException e) {
            if (opened || !(e instanceof StatusException)) {
                close(); // else the server refused the open, and the channel is in step for the next
            }
            throw e;
        }
    }

    private void answerCloses() throws IOException {
        while (unansweredCloses > 0) {
            Reply reply = reply();
            small(reply, reply.id);
            if (reply.type != STATUS) {
                throw violation("it answered CLOSE with a reply of type " + reply.type);
            }
            unansweredCloses--;
        }
    }

    /** A reply's length, type and request id; its body is left in the inbox. */
    private record Reply(int length, int type, int id) {
        int bodyLength() {
            return length - 5;
        }
    }

    private Reply reply() throws IOException {
        readFully(header, 0, 9);
        ByteBuffer fields = ByteBuffer.wrap(header);
        int length = fields.getInt();
        int type = fields.get() & 0xff;
        int id = fields.getInt();
        if (length < 5) {
            throw violation("a reply of " + Integer.toUnsignedString(length) + " bytes");
        }
        if (length > (type == DATA ? 9 + chunk : maxReply)) {
            throw tooLong(length);
        }
        return new Reply(length, type, id);
    }

    /** The body of a reply other than data, after its id, for the request {@code id}. */
    private byte[] small(Reply reply, int id) throws IOException {
        if (reply.id != id) {
            throw violation("a reply to request " + reply.id + " where " + id + " was awaited");
        }
        byte[] body = new byte[reply.bodyLength()];
        readFully(body, 0, body.length);
        return body;
    }

    private IOException status(byte[] body, String path) {
        ByteBuffer status = ByteBuffer.wrap(body);
        int code = status.remaining() >= 4 ? status.getInt() : -1;
        String message = "";
        if (status.remaining() >= 4) {
            int length = status.getInt();
            if (length >= 0 && length <= status.remaining()) {
                byte[] text = new byte[length];
                status.get(text);
                message = new String(text, StandardCharsets.UTF_8);
            }
        }
        return new StatusException(code, message.isEmpty() ? "status " + code + " for " + path : message);
    }

    private InternetException violation(String what) {
        broken = true;
        return new InternetException(InternetError.CONNECTION_ABORTED, "the SFTP server " + where
                + " broke the protocol: " + what + "; the channel was closed");
    }

    /** A reply longer than data may be, or than {@link Limits#maxReplyBytes()} lets others be. */
    private InternetException tooLong(int length) {
        broken = true;
        String what = "a reply of " + Integer.toUnsignedString(length) + " bytes";
        return length > maxReply ? Limits.exceeded(InternetError.CONNECTION_ABORTED, "the SFTP server " + where, what
                + ", more than " + maxReply, "maxReplyBytes") : violation(what + ", more than the read asked for");
    }

    private void readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = take(b, off, len);
            off += n;
            len -= n;
        }
    }

    private int take(byte[] b, int off, int len) throws IOException {
        int n = inbox.read(b, off, len, readTimeoutMillis);
        if (n < 0) {
            broken = true;
            String overflow = inbox.overflow();
            if (overflow != null) {
                throw violation(overflow);
            }
            throw new EOFException("the SFTP channel closed");
        }
        return n;
    }

    private void discard(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        while (n > 0) {
            n -= take(scratch, 0, (int) Math.min(n, scratch.length));
        }
    }

    /** An SFTP status other than success, for {@link Failures}. */
    static final class StatusException extends IOException {
        private static final long serialVersionUID = 1L;
        final int code;

        StatusException(int code, String message) {
            super(message);
            this.code = code;
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

    /**
     * One file's bytes in order. The reads ask for the file up to the size the server gave; the
     * read that covers that size comes back short at it, which ends the stream, as an end-of-file
     * answer would (a file of a whole number of reads gets one read more, at its size, for that
     * answer); a file that grew meanwhile is read on to its end. A short reply before the size, or
     * a reply out of order, makes the stream ask again from where it is: after a short one, for no
     * more than it gave (a server's limit on a read); after one out of order, one read at a time,
     * and one more for each reply in order.
     */
    final class FileRead extends InputStream {

        private final byte[] handle;
        private final String path;
        private final ArrayDeque<Request> pending = new ArrayDeque<>();
        private long position;
        private long nextOffset;
        /** The size to ask up to; Long.MAX_VALUE when unknown or passed. */
        private long limit = Long.MAX_VALUE;
        private boolean probed;
        private int inFlight = ReadChannel.this.inFlight;
        /** The length of a read: the channel's, or less where the server answers reads with less. */
        private int chunk = ReadChannel.this.chunk;
        /** The rest of the data reply being handed out. */
        private int dataLeft;
        private long size = -1;
        private boolean directory;
        private boolean ended;
        private boolean closed;

        private FileRead(byte[] handle, String path, long offset) throws IOException {
            this.handle = handle;
            this.path = path;
            this.position = offset;
            this.nextOffset = offset;
            int id = nextId++;
            ByteBuffer fstat = ByteBuffer.allocate(4 + 1 + 4 + 4 + handle.length);
            fstat.putInt(fstat.capacity() - 4).put((byte) FSTAT).putInt(id).putInt(handle.length).put(handle);
            out.write(fstat.array());
            // One read goes with the FSTAT: a small file is then whole, and ended, in one round trip.
            send(1);
            out.flush();
            Reply reply = reply();
            byte[] body = small(reply, id);
            if (reply.type == ATTRS) {
                attributes(ByteBuffer.wrap(body));
            } else if (reply.type != STATUS) { // a server that cannot say: the size is unknown
                throw violation("it answered FSTAT with a reply of type " + reply.type);
            }
            if (size >= 0) {
                limit = size;
            }
        }

        /** The file's size when opened, or -1 when the server gave none. */
        long size() {
            return size;
        }

        /** Whether the server says the path is a directory. */
        boolean isDirectory() {
            return directory;
        }

        private void attributes(ByteBuffer attrs) throws IOException {
            try {
                int flags = attrs.getInt();
                if ((flags & ATTR_SIZE) != 0) {
                    size = attrs.getLong();
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
                    throw violation("its FSTAT reply has " + attrs.remaining() + " bytes more than its attributes");
                }
            } catch (java.nio.BufferUnderflowException e) {
                throw violation("its FSTAT reply is shorter than its attributes");
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
                Request read = new Request(nextId++, nextOffset, length);
                ByteBuffer message = ByteBuffer.allocate(4 + 1 + 4 + 4 + handle.length + 8 + 4);
                message.putInt(message.capacity() - 4).put((byte) READ).putInt(read.id).putInt(handle.length)
                        .put(handle).putLong(read.offset).putInt(read.length);
                out.write(message.array());
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
            java.util.Objects.checkFromIndexSize(off, len, b.length);
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
                int n = take(b, off, Math.min(len, dataLeft));
                dataLeft -= n;
                position += n;
                return n;
            } catch (IOException | RuntimeException e) {
                ReadChannel.this.close();
                throw e;
            }
        }

        /** Reads the next reply: data to hand out, the end of the file, or one no longer wanted. */
        private void next() throws IOException {
            int room = inFlight - pending.size();
            if ((room >= Math.min(batch, inFlight) || pending.isEmpty()) && send(room) > 0) {
                out.flush();
            }
            if (pending.isEmpty()) {
                throw new IllegalStateException("no read in flight at " + position + " of " + path);
            }
            Reply reply = reply();
            Request first = firstWanted();
            Request request = answered(reply.id);
            if (!request.wanted) {
                discard(reply.bodyLength());
                return;
            }
            if (request != first || request.offset != position) {
                // Replies out of order: asked again from here, one at a time, so that each is next.
                discard(reply.bodyLength());
                askAgainFrom(position);
                inFlight = 1;
                return;
            }
            if (reply.type == STATUS) {
                byte[] body = small(reply, request.id);
                int code = body.length >= 4 ? ByteBuffer.wrap(body).getInt() : -1;
                if (code == FX_EOF) {
                    ended = true;
                    return;
                }
                throw status(body, path);
            }
            if (reply.type != DATA) {
                throw violation("it answered READ with a reply of type " + reply.type);
            }
            byte[] four = new byte[4];
            readFully(four, 0, 4);
            int length = ByteBuffer.wrap(four).getInt();
            if (length <= 0 || length > request.length || length != reply.bodyLength() - 4) {
                throw violation("it answered a read of " + request.length + " bytes with "
                        + Integer.toUnsignedString(length) + " in a reply of " + reply.bodyLength());
            }
            dataLeft = length;
            if (inFlight < ReadChannel.this.inFlight) {
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
            throw violation("a reply to request " + id + ", which is not in flight");
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
            if (broken) {
                return;
            }
            try {
                long owed = dataLeft;
                for (Request request : pending) {
                    owed += request.length;
                }
                if (owed > 2L * ReadChannel.this.chunk) {
                    ReadChannel.this.close();
                    return;
                }
                discard(dataLeft);
                dataLeft = 0;
                while (!pending.isEmpty()) { // the end of the file, on its way
                    Reply reply = reply();
                    answered(reply.id);
                    discard(reply.bodyLength());
                }
                ByteBuffer message = ByteBuffer.allocate(4 + 1 + 4 + 4 + handle.length);
                message.putInt(message.capacity() - 4).put((byte) CLOSE).putInt(nextId++).putInt(handle.length)
                        .put(handle);
                out.write(message.array());
                out.flush();
                unansweredCloses++;
            } catch (IOException | RuntimeException e) {
                ReadChannel.this.close();
            }
        }
    }
}
