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
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A second SFTP channel of the SSH session, for reading files, on which the provider speaks SFTP
 * version 3 itself: a file's reads, 2 MiB of them, are all in flight from the first round trip,
 * they travel several to an SSH packet, and each asks for as much as the server takes (255 KiB
 * from OpenSSH's sftp-server, which says so in {@code limits@openssh.com}). JSch's
 * {@code ChannelSftp} opens its read-ahead one read per reply, asks 32 KiB at a time, and sends
 * each read in a packet of its own, each encrypted, padded with random bytes and written alone.
 *
 * <p>This class holds the channel and its SFTP packets; {@link FileRead} reads one file on it, one
 * file at a time. A file read to its end is closed without waiting for the server's answer, which
 * the next file's first reply is read after; a file left early closes the channel instead, and the
 * session opens another for the next file, so that no read-ahead is waited for.
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
    static final int CLOSE = 4;
    private static final int READ = 5;
    static final int FSTAT = 8;
    private static final int EXTENDED = 200;
    private static final int EXTENDED_REPLY = 201;
    static final int STATUS = 101;
    private static final int HANDLE = 102;
    static final int DATA = 103;
    static final int ATTRS = 105;
    static final int FX_EOF = 1;
    private static final int FXF_READ = 1;

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
        int id = nextId++;
        send(message(EXTENDED, id, "limits@openssh.com".getBytes(StandardCharsets.US_ASCII), 0));
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

    int newId() {
        return nextId++;
    }

    /**
     * A request: its length, type, id and a string (a path, a handle, an extension's name), with
     * room for {@code more} bytes after it, which the caller puts before {@link #send}.
     */
    private static ByteBuffer message(int type, int id, byte[] string, int more) {
        ByteBuffer message = ByteBuffer.allocate(4 + 1 + 4 + 4 + string.length + more);
        return message.putInt(message.capacity() - 4).put((byte) type).putInt(id)
                .putInt(string.length).put(string);
    }

    /** Queues a request; a {@link #flush} sends it, with the others queued. */
    private void send(ByteBuffer message) throws IOException {
        out.write(message.array());
    }

    /** Queues a request on a handle ({@code FSTAT}, {@code CLOSE}). */
    void write(int type, int id, byte[] handle) throws IOException {
        send(message(type, id, handle, 0));
    }

    /** Queues a {@code READ}. */
    void writeRead(int id, byte[] handle, long offset, int length) throws IOException {
        send(message(READ, id, handle, 8 + 4).putLong(offset).putInt(length));
    }

    void flush() throws IOException {
        out.flush();
    }

    /** A CLOSE was sent: its answer comes before the next file's first. */
    void closeSent() {
        unansweredCloses++;
    }

    int chunk() {
        return chunk;
    }

    int inFlight() {
        return inFlight;
    }

    int batch() {
        return batch;
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
            int id = nextId++;
            send(message(OPEN, id, path.getBytes(StandardCharsets.UTF_8), 4 + 4).putInt(FXF_READ).putInt(0));
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
            return new FileRead(this, handle, path, offset);
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
    record Reply(int length, int type, int id) {
        int bodyLength() {
            return length - 5;
        }
    }

    Reply reply() throws IOException {
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
    byte[] small(Reply reply, int id) throws IOException {
        if (reply.id != id) {
            throw violation("a reply to request " + reply.id + " where " + id + " was awaited");
        }
        byte[] body = new byte[reply.bodyLength()];
        readFully(body, 0, body.length);
        return body;
    }

    IOException status(byte[] body, String path) {
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

    InternetException violation(String what) {
        broken = true;
        return new InternetException(InternetError.CONNECTION_ABORTED, "the SFTP server " + where
                + " broke the protocol: " + what + "; the channel was closed");
    }

    /** A reply longer than data may be, or than {@link Limits#maxReplyBytes()} lets others be. */
    private InternetException tooLong(int length) {
        broken = true;
        String what = "a reply of " + Integer.toUnsignedString(length) + " bytes";
        if (length > maxReply) {
            return Limits.exceeded(InternetError.CONNECTION_ABORTED, "the SFTP server " + where,
                    what + ", more than " + maxReply, "maxReplyBytes");
        }
        return violation(what + ", more than the read asked for");
    }

    void readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = take(b, off, len);
            off += n;
            len -= n;
        }
    }

    int take(byte[] b, int off, int len) throws IOException {
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

    void discard(long n) throws IOException {
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
}
