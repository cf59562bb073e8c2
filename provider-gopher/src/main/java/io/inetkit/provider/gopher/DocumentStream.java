package io.inetkit.provider.gopher;

import io.inetkit.spi.SessionSupport;
import io.inetkit.toolbox.BodyInput;
import java.io.IOException;
import java.io.InputStream;

/**
 * A document as it arrives, never held whole. A text document (types {@code 0}, {@code 4},
 * {@code 6}, {@code h}) ends at a line holding only {@code .} or where the server closes (many
 * modern servers send files as they are, without the terminator), and a leading {@code ..} is
 * read as {@code .}, undoing RFC 1436's dot-stuffing; line ends are left as the server sent them.
 * A binary document is every byte until the server closes. A Gopher+ reply that announced its
 * length ({@code +N}) is exactly that many bytes, text or not. The socket is closed at the end, on
 * a failure and on {@link #close()}.
 */
final class DocumentStream extends BodyInput {

    private final Exchange exchange;
    private final InputStream in;
    private final boolean text;
    private final SessionSupport support;
    /** The bytes a Gopher+ reply announced ({@code +N}) and not yet read, or -1 when it announced none. */
    private long remaining = -1;
    /** Text only: whether the next byte starts a line. */
    private boolean lineStart = true;
    /** Text only: a byte read ahead that must be delivered next, or -1. */
    private int pending = -1;
    /** Text only: a second byte read ahead, delivered after {@link #pending}, or -1. */
    private int pendingAfter = -1;
    private boolean terminated;

    DocumentStream(Exchange exchange, String selector, boolean text, SessionSupport support) {
        // No status here: the exchange reports the reply with the bytes that came over the wire.
        super(exchange.errors(), "reading the document \"" + selector + "\"", null);
        this.exchange = exchange;
        bounded(exchange.deadline());
        this.in = exchange.in();
        this.text = text;
        this.support = support;
    }

    /**
     * A Gopher+ reply of {@code length} bytes ({@code +N}): exactly those are the document, and a
     * server that closes before them has cut it short.
     */
    DocumentStream announced(long length) {
        remaining = length;
        return this;
    }

    @Override
    protected int fill(byte[] buffer, int offset, int length) throws IOException {
        if (terminated) {
            return -1;
        }
        if (remaining >= 0) {
            return fillAnnounced(buffer, offset, length);
        }
        return text ? readText(buffer, offset, length) : in.read(buffer, offset, length);
    }

    private int fillAnnounced(byte[] buffer, int offset, int length) throws IOException {
        if (remaining == 0) {
            return terminate(0);
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            throw errors.endedEarly(doing(), "with " + remaining + " of the " + (received() + remaining)
                    + " bytes the Gopher+ reply announced still to come");
        }
        remaining -= n;
        return n;
    }

    @Override
    protected void ended(long bytes) {
        exchange.replyReceived();
        exchange.close();
    }

    @Override
    protected void abandon() {
        exchange.close();
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

    /** The terminator line: the bytes before it are delivered, the next read ends the document. */
    private int terminate(int count) {
        terminated = true;
        ended(received() + count); // at once: nothing after the terminator is the document's
        return count == 0 ? -1 : count;
    }

    @Override
    public int available() throws IOException {
        return isClosed() || isEnded() || terminated || text && remaining < 0 ? 0
                : (int) Math.min(in.available(), remaining < 0 ? Integer.MAX_VALUE : remaining);
    }

    @Override
    protected void release() {
        exchange.close();
        support.untrack(this);
    }
}
