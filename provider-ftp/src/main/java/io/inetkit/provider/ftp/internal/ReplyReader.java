package io.inetkit.provider.ftp.internal;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The control connection's reader, in place of Commons Net's {@code CRLFLineReader}: lines end at
 * CR LF as there, and each reply is bounded by the {@link Limits} of the {@code Internet} — a line by
 * {@link Limits#maxLineBytes()}, its lines by {@link Limits#maxReplyLines()}, all its bytes by
 * {@link Limits#maxReplyBytes()} — and must arrive whole within the time-out its first read has (the
 * read time-out). {@code SO_TIMEOUT} bounds one read only: a server that sends a line a second would
 * otherwise hold a reply of 10,000 lines for hours, and one that never ends its reply would fill the
 * heap, since Commons Net keeps every line of a reply.
 *
 * <p>Commons Net reads a reply as lines of its {@code _controlInput_}, which must be a
 * {@link BufferedReader}; it calls only {@link #readLine()}, and {@link ProtectedFtpClient} calls
 * {@link #startReply()} before each reply. After a reply broke a bound the stream is at an unknown
 * place: every later read fails the same way, so that no reply is taken for another command's.
 */
final class ReplyReader extends BufferedReader {

    private final InputStream in;
    private final Socket socket;
    private final Charset charset;
    private final Limits limits;
    private final String where;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int end;
    private byte[] line = new byte[256];
    private int lines; // of the current reply
    private long bytes; // of the current reply, line ends included
    private long deadline; // System.nanoTime() by which the current reply must have ended
    private int timeoutMillis; // the socket's time-out when the reply started: what each read may wait at most
    private BrokenReplyException broken;

    /**
     * A reader of the replies that come through {@code in}, the input stream of {@code socket}, whose
     * {@code SO_TIMEOUT} it shortens as the time left for a reply runs out.
     *
     * @param socket the control socket; {@code null} for no time bound (the parsers' fuzz test)
     * @param where the server, as {@code host:port}, for messages
     */
    ReplyReader(InputStream in, Socket socket, Charset charset, Limits limits, String where) {
        super(Reader.nullReader(), 1);
        this.in = in;
        this.socket = socket;
        this.charset = charset;
        this.limits = limits;
        this.where = where;
        this.deadline = Long.MAX_VALUE;
    }

    /** A new reply starts: its bounds count from here, its time from now. */
    void startReply() throws IOException {
        lines = 0;
        bytes = 0;
        timeoutMillis = socket == null ? 0 : socket.getSoTimeout();
        deadline = timeoutMillis == 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /**
     * The next line of the reply without its CR LF, or {@code null} at the end of the stream; a last
     * line without CR LF is returned as it is, as {@code CRLFLineReader} does.
     *
     * @throws BrokenReplyException past a limit, or past the reply's time once it has begun
     */
    @Override
    public String readLine() throws IOException {
        if (broken != null) {
            throw broken;
        }
        if (lines >= limits.maxReplyLines()) {
            throw broken(Limits.exceeded(InternetError.CONNECTION_ABORTED, where, "a reply of more than "
                    + limits.maxReplyLines() + " lines", "maxReplyLines"));
        }
        int length = 0;
        while (true) {
            if (position == end && !fill()) {
                if (length == 0) {
                    return null;
                }
                break;
            }
            byte b = buffer[position++];
            if (++bytes > limits.maxReplyBytes()) {
                throw broken(Limits.exceeded(InternetError.CONNECTION_ABORTED, where, "a reply of more than "
                        + limits.maxReplyBytes() + " bytes", "maxReplyBytes"));
            }
            if (b == '\n' && length > 0 && line[length - 1] == '\r') {
                length--;
                break;
            }
            // One byte over the limit may be the CR of the line's end.
            if (length >= limits.maxLineBytes() && (length > limits.maxLineBytes() || b != '\r')) {
                throw broken(Limits.exceeded(InternetError.CONNECTION_ABORTED, where, "a reply line of more than "
                        + limits.maxLineBytes() + " bytes", "maxLineBytes"));
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, Math.min(line.length * 2, limits.maxLineBytes() + 1));
            }
            line[length++] = b;
        }
        lines++;
        return new String(line, 0, length, charset);
    }

    /** Reads more into the buffer, waiting no longer than the reply's time left; false at the end of the stream. */
    private boolean fill() throws IOException {
        int wait = timeoutMillis;
        if (deadline != Long.MAX_VALUE) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw tooSlow(null);
            }
            wait = (int) Math.min(timeoutMillis, left);
        }
        boolean shortened = wait != timeoutMillis;
        if (shortened) {
            socket.setSoTimeout(wait);
        }
        int n;
        try {
            n = in.read(buffer);
        } catch (SocketTimeoutException e) {
            throw bytes > 0 ? tooSlow(e) : e; // nothing of the reply yet: the plain time-out of a silent server
        } finally {
            if (shortened) {
                socket.setSoTimeout(timeoutMillis);
            }
        }
        if (n < 0) {
            return false;
        }
        position = 0;
        end = n;
        return true;
    }

    private BrokenReplyException tooSlow(SocketTimeoutException cause) {
        BrokenReplyException e = broken(new InternetException(InternetError.TIMEOUT, "the FTP server " + where
                + " had not ended its reply after " + timeoutMillis + " ms, the read time-out (" + lines
                + " lines and " + bytes + " bytes so far)"));
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private BrokenReplyException broken(InternetException error) {
        broken = new BrokenReplyException(error);
        return broken;
    }

    @Override
    public int read() throws IOException {
        throw new UnsupportedOperationException("replies are read by line");
    }

    @Override
    public int read(char[] chars, int offset, int length) throws IOException {
        throw new UnsupportedOperationException("replies are read by line");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * A reply that broke a bound of {@link Limits}, or its time: the control connection can no longer
     * be trusted, and {@link FtpConnection} ends it and reports {@link #error()}.
     */
    static final class BrokenReplyException extends IOException {
        private static final long serialVersionUID = 1L;

        private final InternetException error;

        BrokenReplyException(InternetException error) {
            super(error.getMessage());
            this.error = error;
        }

        /** The error to report, naming the limit. */
        InternetException error() {
            return error;
        }
    }
}
