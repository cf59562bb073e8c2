package io.inetkit.provider.gopher;

import io.inetkit.spi.SessionSupport;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A document as it arrives, never held whole. A text document (types {@code 0}, {@code 4},
 * {@code 6}, {@code h}) ends at a line holding only {@code .} or where the server closes (many
 * modern servers send files as they are, without the terminator), and a leading {@code ..} is
 * read as {@code .}, undoing RFC 1436's dot-stuffing; line ends are left as the server sent them.
 * A binary document is every byte until the server closes. Failures are {@code InternetException}s;
 * the socket is closed at the end, on a failure and on {@link #close()}.
 */
final class DocumentStream extends InputStream {

    private final Exchange exchange;
    private final InputStream in;
    private final boolean text;
    private final SessionSupport support;
    /** Text only: whether the next byte starts a line. */
    private boolean lineStart = true;
    /** Text only: a byte read ahead that must be delivered next, or -1. */
    private int pending = -1;
    /** Text only: a second byte read ahead, delivered after {@link #pending}, or -1. */
    private int pendingAfter = -1;
    private boolean ended;
    private boolean closed;

    DocumentStream(Exchange exchange, boolean text, SessionSupport support) {
        this.exchange = exchange;
        this.in = exchange.in();
        this.text = text;
        this.support = support;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (closed) {
            throw new IOException("the Gopher document from " + exchange.where() + " is closed");
        }
        if (ended) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        try {
            int n = text ? readText(buffer, offset, length) : in.read(buffer, offset, length);
            if (n < 0) {
                end();
            }
            return n;
        } catch (IOException e) {
            ended = true;
            throw exchange.failure(e, "reading a document");
        }
    }

    private int readText(byte[] buffer, int offset, int length) throws IOException {
        int count = 0;
        while (count < length) {
            if (count > 0 && pending < 0 && in.available() == 0) {
                break; // return what is there rather than wait for more
            }
            int b;
            if (pending >= 0) {
                b = pending;
                pending = -1;
            } else {
                b = in.read();
            }
            if (b < 0) {
                return count == 0 ? -1 : count;
            }
            if (lineStart && b == '.') {
                int next = in.read();
                if (next < 0 || next == '\n') {
                    return terminate(count);
                }
                if (next == '\r') {
                    int after = in.read();
                    if (after < 0 || after == '\n') {
                        return terminate(count);
                    }
                    // ".\rX": not the terminator; keep everything
                    buffer[offset + count++] = '.';
                    pending = '\r';
                    pendingAfter = after;
                    lineStart = false;
                    continue;
                }
                lineStart = false;
                if (next == '.') {
                    buffer[offset + count++] = '.'; // ".." is a stuffed "."
                } else {
                    buffer[offset + count++] = '.';
                    pending = next; // a lone leading dot the server did not stuff: keep it
                }
                continue;
            }
            buffer[offset + count++] = (byte) b;
            lineStart = b == '\n';
            if (pending < 0 && pendingAfter >= 0) {
                pending = pendingAfter;
                pendingAfter = -1;
            }
        }
        return count;
    }

    private int terminate(int count) {
        ended = true;
        end();
        return count == 0 ? -1 : count;
    }

    private void end() {
        ended = true;
        exchange.replyReceived();
        exchange.close();
    }

    @Override
    public int available() throws IOException {
        return closed || ended || text ? 0 : in.available();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        exchange.close();
        support.untrack(this);
    }
}
