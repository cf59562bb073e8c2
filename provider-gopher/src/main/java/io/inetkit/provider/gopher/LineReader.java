package io.inetkit.provider.gopher;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the lines of a menu or attribute reply one at a time, never more than the line limit, and
 * counts the bytes against the reply limit. Real servers end lines with CR LF or a bare LF; both are
 * accepted, and a last line cut off by the end of the stream is returned as it is.
 */
final class LineReader {

    private final InputStream in;
    private final Limits limits;
    private final String where;
    private long total;
    private int number;

    LineReader(InputStream in, Limits limits, String where) {
        this.in = in;
        this.limits = limits;
        this.where = where;
    }

    /**
     * The next line as UTF-8 text without its terminator, or {@code null} at the end of the stream.
     *
     * @throws InternetException {@code GOPHER_PROTOCOL_ERROR} past a limit or for a NUL byte
     */
    String next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            if (++total > limits.maxMenuBytes()) {
                throw new InternetException(InternetError.GOPHER_PROTOCOL_ERROR, "the reply of " + where
                        + " is larger than " + limits.maxMenuBytes() + " bytes; raise the system property "
                        + Limits.MAX_MENU_BYTES + " if this server is trusted");
            }
            if (b == '\n') {
                break;
            }
            if (b == 0) {
                throw new InternetException(InternetError.GOPHER_PROTOCOL_ERROR, "line " + (number + 1)
                        + " of the reply of " + where + " holds a NUL byte: this is not a Gopher menu");
            }
            if (line.size() >= limits.maxLineBytes() + 1) {
                throw new InternetException(InternetError.GOPHER_PROTOCOL_ERROR, "line " + (number + 1)
                        + " of the reply of " + where + " is longer than " + limits.maxLineBytes()
                        + " bytes; raise the system property " + Limits.MAX_LINE_BYTES + " if this server is trusted");
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
        if (length > limits.maxLineBytes()) {
            throw new InternetException(InternetError.GOPHER_PROTOCOL_ERROR, "line " + number
                    + " of the reply of " + where + " is longer than " + limits.maxLineBytes()
                    + " bytes; raise the system property " + Limits.MAX_LINE_BYTES + " if this server is trusted");
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** The number of the line last returned, from 1. */
    int lineNumber() {
        return number;
    }

    /** The bytes read so far. */
    long bytesRead() {
        return total;
    }
}
