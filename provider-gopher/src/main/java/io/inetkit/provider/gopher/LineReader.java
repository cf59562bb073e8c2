package io.inetkit.provider.gopher;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the lines of a menu or attribute reply one at a time, never more than
 * {@link Limits#maxLineBytes()}, and counts the bytes against the bound of the whole {@link Reply}.
 * Real servers end lines with CR LF or a bare LF; both are accepted, and a last line cut off by the
 * end of the stream is returned as it is.
 */
final class LineReader {

    /** What is read, which says what bounds the whole. */
    enum Reply {
        /** A menu returned whole: {@link Limits#maxListBytes()}. */
        MENU,
        /** A menu read one item at a time: no bound on the whole. */
        STREAMED_MENU,
        /** A Gopher+ attribute reply: {@link Limits#maxReplyBytes()}. */
        ATTRIBUTES
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final Reply reply;
    private final long maxBytes;
    private final String where;
    private long total;
    private int number;

    /**
     * @param where the server, as {@code host:port}, for messages
     */
    LineReader(InputStream in, Limits limits, Reply reply, String where) {
        this.in = in;
        this.maxLineBytes = limits.maxLineBytes();
        this.reply = reply;
        this.maxBytes = switch (reply) {
            case MENU -> limits.maxListBytes();
            case STREAMED_MENU -> Long.MAX_VALUE;
            case ATTRIBUTES -> limits.maxReplyBytes();
        };
        this.where = where;
    }

    /**
     * The next line as UTF-8 text without its terminator, or {@code null} at the end of the stream.
     *
     * @throws InternetException {@code GOPHER_PROTOCOL_ERROR} past a limit, naming it, or for a NUL byte
     */
    String next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            if (++total > maxBytes) {
                throw reply == Reply.MENU ? Replies.exceeded(where, "a menu of more than " + maxBytes + " bytes",
                        "maxListBytes") : Replies.exceeded(where, "an attribute reply of more than " + maxBytes
                        + " bytes", "maxReplyBytes");
            }
            if (b == '\n') {
                break;
            }
            if (b == 0) {
                throw new InternetException(InternetError.GOPHER_PROTOCOL_ERROR, "line " + (number + 1)
                        + " of the reply of " + where + " holds a NUL byte: this is not a Gopher menu");
            }
            if (line.size() >= maxLineBytes + 1) {
                throw tooLong(number + 1);
            }
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        number++;
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        if (length > maxLineBytes) {
            throw tooLong(number);
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private InternetException tooLong(int line) {
        return Replies.exceeded(where, "a line of more than " + maxLineBytes + " bytes at line " + line,
                "maxLineBytes");
    }

    /** The server, as {@code host:port}. */
    String where() {
        return where;
    }

    /** The number of the line last returned, from 1. */
    int lineNumber() {
        return number;
    }
}
