package io.inetkit.provider.http;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A body decoded as it is read, from {@code gzip} (RFC 1952, members one after another as gzip
 * writes them) or {@code deflate} (RFC 9110 says zlib-wrapped, RFC 1950; browsers also take it
 * raw, RFC 1951, and so does this). It holds one input buffer and an {@link Inflater}, never the
 * body. What the wire delivers is checked whole: the gzip header, the CRC and size, zlib's
 * checksum; a body that ends inside the data, or has bytes after it, fails with
 * {@link InternetError#DECODING_FAILED}, as a wrong byte does, rather than ending early or quietly.
 * The decoded bytes are bounded by {@link Limits#maxDecodingRatio()}.
 *
 * <p>A read that fails closes the body under it, which drops its connection (its state is
 * unknown); a read of a closed body fails as the body under it does.
 */
final class DecodedBody extends InputStream {

    /** The codings decoded. */
    enum Coding {
        GZIP, DEFLATE;

        /** The coding of a lower-case {@code Content-Encoding}, or null for one not decoded here. */
        static Coding of(String name) {
            return switch (name) {
                case "gzip", "x-gzip" -> GZIP;
                case "deflate" -> DEFLATE;
                default -> null;
            };
        }
    }

    private static final int INPUT = 64 * 1024;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final InputStream wire;
    private final Coding coding;
    private final int maxRatio;
    private final String what;
    private final String where;
    private final byte[] input = new byte[INPUT];
    private final CRC32 crc = new CRC32();
    private int position;
    private int end;
    private long encoded; // bytes taken from the wire
    private long decoded; // of the whole body
    private long memberDecoded; // of this gzip member, for its ISIZE
    private Inflater inflater;
    private boolean started;
    private boolean finished;
    private InternetException failure;
    private volatile boolean closed;

    /**
     * @param wire the body as sent
     * @param what the request, {@code GET http://host/path}, for messages
     * @param where the server, {@code host:port}, for messages
     */
    DecodedBody(InputStream wire, Coding coding, int maxRatio, String what, String where) {
        this.wire = Objects.requireNonNull(wire, "wire");
        this.coding = coding;
        this.maxRatio = maxRatio;
        this.what = what;
        this.where = where;
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
            return wire.read(buffer, offset, length); // fails as the closed body does
        }
        if (failure != null) {
            throw new InternetException(failure.error(), failure.getMessage(), failure);
        }
        if (length == 0) {
            return 0;
        }
        if (finished) {
            return -1;
        }
        try {
            return decode(buffer, offset, length);
        } catch (DataFormatException e) {
            throw failed(corrupt(e.getMessage() == null ? "the data is not valid " + name() : e.getMessage(), e));
        } catch (InternetException e) {
            throw failed(e);
        } catch (RuntimeException e) {
            // Inflater's own failures after a close from another thread, for one.
            throw failed(closed ? new InternetException(InternetError.OPERATION_CANCELLED, "reading the body of "
                    + what + " was cancelled: the body was closed", e) : corrupt(e.toString(), e));
        }
    }

    private int decode(byte[] buffer, int offset, int length) throws IOException, DataFormatException {
        if (!started) {
            if (!more()) {
                // An empty body is an empty document, however it says it is encoded, as curl reads it.
                return end();
            }
            startMember();
            started = true;
        }
        while (true) {
            int n = inflater.inflate(buffer, offset, length);
            if (n > 0) {
                counted(buffer, offset, n);
                return n;
            }
            if (inflater.finished()) {
                position = end - inflater.getRemaining();
                if (!endMember()) {
                    return end();
                }
            } else if (inflater.needsDictionary()) {
                throw corrupt("its zlib data needs a preset dictionary, which HTTP has no way to give");
            } else if (inflater.needsInput()) {
                if (!more()) {
                    throw corrupt("the body ended inside the " + name() + " data: it was cut short");
                }
                inflater.setInput(input, position, end - position);
                position = end;
            }
        }
    }

    private void counted(byte[] buffer, int offset, int n) throws InternetException {
        decoded += n;
        if (coding == Coding.GZIP) {
            crc.update(buffer, offset, n);
            memberDecoded += n;
        }
        if (decoded > Limits.DECODING_ALLOWANCE && decoded > maxRatio * encoded) {
            throw Limits.exceeded(InternetError.DECODING_FAILED, where, "a " + name() + " body for " + what
                    + " that decodes to more than " + maxRatio + " times its size (" + decoded + " bytes from "
                    + encoded + ")", "maxDecodingRatio");
        }
    }

    /** Reads the next member's header (gzip) or the stream's kind (deflate) and makes its inflater. */
    private void startMember() throws IOException {
        if (coding == Coding.DEFLATE) {
            int first = input[position] & 0xff;
            int second = position + 1 < end ? input[position + 1] & 0xff : -1;
            if (second < 0 && more(2)) {
                second = input[position + 1] & 0xff;
            }
            // A zlib header: method 8, a window of at most 32 KiB, and a check of the two bytes.
            boolean zlib = second >= 0 && (first & 0x0f) == 8 && first >> 4 <= 7 && (first << 8 | second) % 31 == 0;
            inflater = new Inflater(!zlib);
        } else {
            if (next() != 0x1f || next() != 0x8b) {
                throw corrupt("it does not start as gzip data does");
            }
            if (next() != 8) {
                throw corrupt("its gzip member uses a compression method other than deflate");
            }
            int flags = next();
            skip(6); // modification time, extra flags, operating system
            if ((flags & FEXTRA) != 0) {
                skip(next() | next() << 8);
            }
            if ((flags & FNAME) != 0) {
                skipString();
            }
            if ((flags & FCOMMENT) != 0) {
                skipString();
            }
            if ((flags & FHCRC) != 0) {
                skip(2);
            }
            crc.reset();
            memberDecoded = 0;
            if (inflater == null) {
                inflater = new Inflater(true);
            } else {
                inflater.reset();
            }
        }
        inflater.setInput(input, position, end - position);
        position = end;
    }

    /**
     * Checks the end of a member (gzip's CRC and size; zlib's checksum the inflater checked) and
     * whether another follows: true for another gzip member, false at the body's end.
     */
    private boolean endMember() throws IOException {
        if (coding == Coding.GZIP) {
            long expectedCrc = readInt();
            long expectedSize = readInt();
            if (expectedCrc != crc.getValue()) {
                throw corrupt("its gzip checksum does not match the data");
            }
            if (expectedSize != (memberDecoded & 0xffff_ffffL)) {
                throw corrupt("its gzip trailer gives another size than the data's");
            }
        }
        if (position == end && !more()) {
            return false;
        }
        if (coding == Coding.GZIP && (input[position] & 0xff) == 0x1f) {
            startMember();
            return true;
        }
        throw corrupt("bytes follow the end of its " + name() + " data");
    }

    private long readInt() throws IOException {
        return next() | next() << 8 | next() << 16 | (long) next() << 24;
    }

    private void skipString() throws IOException {
        while (next() != 0) {
            // a file name or comment, which the body's reader has no use for
        }
    }

    private void skip(int bytes) throws IOException {
        for (int i = 0; i < bytes; i++) {
            next();
        }
    }

    /** The next byte of the header or trailer. */
    private int next() throws IOException {
        if (position == end && !more()) {
            throw corrupt("the body ended inside a " + name() + " header or trailer: it was cut short");
        }
        return input[position++] & 0xff;
    }

    /** Reads more of the wire into an empty input buffer; false at its end. */
    private boolean more() throws IOException {
        int n;
        do {
            n = wire.read(input, 0, INPUT);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        position = 0;
        end = n;
        encoded += n;
        return true;
    }

    /** Reads at least {@code bytes} more of the wire after what the buffer holds; false at its end. */
    private boolean more(int bytes) throws IOException {
        if (position > 0) {
            System.arraycopy(input, position, input, 0, end - position);
            end -= position;
            position = 0;
        }
        while (end - position < bytes) {
            int n = wire.read(input, end, INPUT - end);
            if (n < 0) {
                return false;
            }
            end += n;
            encoded += n;
        }
        return true;
    }

    private int end() {
        finished = true;
        releaseInflater();
        return -1;
    }

    private String name() {
        return coding == Coding.GZIP ? "gzip" : "deflate";
    }

    private InternetException corrupt(String detail) {
        return corrupt(detail, null);
    }

    private InternetException corrupt(String detail, Throwable cause) {
        return new InternetException(InternetError.DECODING_FAILED, "the " + name() + " body of " + what
                + " from " + where + " cannot be decoded after " + decoded + " bytes: " + detail + "; to get it as"
                + " sent, ask without decoding (HttpRequest.Builder.contentDecoding(false))", cause);
    }

    private InternetException failed(InternetException e) {
        failure = e;
        try {
            wire.close();
        } catch (IOException ignored) {
            // The body streams of this provider do not fail to close.
        }
        releaseInflater();
        return e;
    }

    private void releaseInflater() {
        if (inflater != null) {
            inflater.end();
        }
    }

    @Override
    public int available() throws IOException {
        return 0;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            wire.close();
        } finally {
            // Inflater's methods lock it: a read in another thread fails at its next step.
            releaseInflater();
        }
    }
}
