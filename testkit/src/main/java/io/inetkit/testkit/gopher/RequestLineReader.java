package io.inetkit.testkit.gopher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reads one request line of bounded length, so that a client cannot make the server buffer without end. */
final class RequestLineReader {

    /** Thrown when the line is longer than allowed. */
    static final class LineTooLongException extends IOException {
        LineTooLongException(int limit) {
            super("request line longer than " + limit + " bytes");
        }
    }

    private RequestLineReader() {
    }

    /**
     * The line up to CR LF or LF, decoded as UTF-8; empty when the client closed before sending a
     * byte. A line the client ends by closing, without a terminator, still counts.
     */
    static Optional<String> read(InputStream in, int limit) throws IOException {
        byte[] buffer = new byte[Math.min(limit, 256)];
        int length = 0;
        while (true) {
            int b = in.read();
            if (b == -1) {
                return length == 0 ? Optional.empty() : Optional.of(decode(buffer, length));
            }
            if (b == '\n') {
                if (length > 0 && buffer[length - 1] == '\r') {
                    length--;
                }
                return Optional.of(decode(buffer, length));
            }
            if (length == limit) {
                throw new LineTooLongException(limit);
            }
            if (length == buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, Math.min(limit + 1, buffer.length * 2));
            }
            buffer[length++] = (byte) b;
        }
    }

    private static String decode(byte[] bytes, int length) {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
