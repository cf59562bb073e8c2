package io.inetkit.testkit.script;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * What a scripted server sends, byte for byte: fixed text, generated pieces (as many as asked, or
 * without end), or pieces trickled one at a time. Text is sent as ISO-8859-1, so that each
 * {@code char} below 256 is one byte on the wire; a piece carries its own line end, if any.
 *
 * <pre>{@code
 * Reply endless = Reply.endless(i -> "123-line " + i + "\r\n");             // as fast as the client reads
 * Reply slow = Reply.trickle(Duration.ofMillis(100), i -> "123-line " + i + "\r\n");
 * Reply listing = Reply.lines(1_000_000, i -> "-rw-r--r-- 1 ftp ftp 5 Jan 01 2020 f" + i + "\r\n");
 * }</pre>
 *
 * <p>A reply that never ends is sent until the client goes away: the write then fails, which ends
 * it.
 */
@FunctionalInterface
public interface Reply {

    /**
     * Writes the reply to {@code out}, which the server flushes afterwards.
     *
     * @throws IOException when the client went away, or the server is closing
     */
    void writeTo(OutputStream out) throws IOException;

    /** The text's bytes, as ISO-8859-1. */
    static Reply text(String text) {
        return bytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** These bytes. */
    static Reply bytes(byte[] bytes) {
        byte[] copy = bytes.clone();
        return out -> out.write(copy);
    }

    /** {@code count} pieces, the i-th (from 0) being {@code piece.apply(i)}. */
    static Reply lines(long count, LongFunction<String> piece) {
        Objects.requireNonNull(piece, "piece");
        return out -> {
            for (long i = 0; i < count; i++) {
                out.write(piece.apply(i).getBytes(StandardCharsets.ISO_8859_1));
            }
        };
    }

    /** Pieces without end, as fast as the client takes them. */
    static Reply endless(LongFunction<String> piece) {
        return lines(Long.MAX_VALUE, piece);
    }

    /** Pieces without end, each flushed, one each {@code every}: a server that trickles within any read time-out. */
    static Reply trickle(Duration every, LongFunction<String> piece) {
        Objects.requireNonNull(every, "every");
        Objects.requireNonNull(piece, "piece");
        return out -> {
            for (long i = 0; ; i++) {
                out.write(piece.apply(i).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                try {
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("the server is closing");
                }
            }
        };
    }

    /** This reply, then {@code next}. */
    default Reply then(Reply next) {
        Objects.requireNonNull(next, "next");
        return out -> {
            writeTo(out);
            next.writeTo(out);
        };
    }
}
