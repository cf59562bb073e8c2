package io.inetkit.internal;

import io.inetkit.ConnectFlag;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Session;
import java.net.URI;
import java.io.InputStream;

/**
 * A remote file that can be read from any byte, over as many connections as asked: what
 * {@link Segments} needs of a protocol. HTTP gives one through {@code Range} ({@link HttpRanges}),
 * FTP through {@code REST} ({@link FtpRanges}); a protocol with reads at an offset (SFTP) joins with
 * a class of its own.
 */
public interface RangeSource {

    /** A session on {@code uri} of the given type, or a clear error when the URL is of another protocol. */
    static <S extends Session> S session(Internet internet, URI uri, ConnectFlag[] flags, Class<S> type,
            String protocol) throws InternetException {
        Session session = internet.connectUrl(uri, flags);
        if (!type.isInstance(session)) {
            session.close();
            throw new InternetException(InternetError.INVALID_OPERATION, uri + " is not an " + protocol + " URL");
        }
        return type.cast(session);
    }

    /** Opens a connection of its own (a session), for one segment at a time. */
    Connection connect() throws InternetException;

    /**
     * Whether a connection costs round trips of its own before it can ask for bytes (a login, a
     * connect and TLS handshake), so that the others are best opened while the first learns what the
     * file is. False by default.
     */
    default boolean opensAhead() {
        return false;
    }

    /**
     * Whether an answer's bytes start where they were asked (HTTP's {@code Content-Range}, SFTP's
     * reads at an offset), so that bytes past the file's announced end mean the file grew, not a
     * server that sent from byte 0 (FTP's data say nothing of where they start). False by default.
     */
    default boolean startsWhereAsked() {
        return false;
    }

    /** The file, for messages. */
    String describe();

    /** One connection to the file. */
    interface Connection extends AutoCloseable {

        /**
         * What the file is (its size and validator, in a {@link Body} without bytes) where the
         * protocol tells it before the bytes are asked (FTP's {@code SIZE} and {@code MDTM}), so that
         * the other connections can start while this one opens its data; null where only an answer
         * tells (HTTP, SFTP). The next {@link #open} on this connection reuses it.
         */
        default Body stat() throws InternetException {
            return null;
        }

        /**
         * Opens bytes {@code from} to the end of the file, or {@code length} bytes from {@code from}
         * when {@code length} is not negative. The source checks what it can itself (the range it was
         * sent) and tells the rest in the {@link Body}; {@code expected}, null at first, is what the
         * first answer said of the file, for a conditional request (HTTP's {@code If-Range}).
         */
        Body open(long from, long length, Body expected) throws InternetException;

        /** Ends the connection; a body still open ends with it. */
        @Override
        void close();
    }

    /**
     * An answer: its bytes, where they start, the file's size ({@code -1} when unknown) and validator
     * (an HTTP entity tag or date, FTP's modification time; null when none), and whether the server
     * sent the whole file instead of the range.
     */
    record Body(InputStream stream, long from, long size, String validator, boolean whole) {

        /** Whether this answer describes the same file as {@code first}: its size and validator. */
        public boolean sameFile(Body first) {
            return size == first.size && (first.validator == null || first.validator.equals(validator));
        }

        /** Closes the stream, ignoring a failure: the transfer's matters more. */
        public void close() {
            try {
                stream.close();
            } catch (java.io.IOException ignored) {
                // Done either way.
            }
        }
    }
}
