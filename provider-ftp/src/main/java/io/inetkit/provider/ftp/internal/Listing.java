package io.inetkit.provider.ftp.internal;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ftp.FtpEntry;
import io.inetkit.spi.Sockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPFileEntryParser;

/**
 * A listing in progress: the data connection of a {@code LIST} or {@code MLSD}, read and parsed one
 * entry at a time with Commons Net's entry parser, which {@code FTPListParseEngine} would have run on
 * the whole listing in memory. {@link #next()} gives the entries, then confirms the transfer with the
 * server's reply; {@link #close()} before the end abandons it: the data connection is closed and the
 * server's answer to that (426, or 226 if it had sent all) read, so that the session goes on.
 * The parser's {@code preParse}, which sees the whole listing in Commons Net, sees the first line only:
 * what it removes comes first (UNIX's {@code total} line, MVS's header).
 */
final class Listing implements AutoCloseable {

    private final FtpSessionImpl session;
    private final FtpConnection connection;
    private final Socket data;
    private final ListingReader reader;
    private final FTPFileEntryParser parser;
    private final Pattern filter;
    private final String what;
    private FtpEntry single; // the one entry of a listing that is not one (see of)
    private boolean first = true;
    private boolean done;
    private volatile boolean abandoned; // closed before its end: reading on must not look like the end

    /**
     * @param data the listing's data connection, open
     * @param filter the names to keep, or {@code null} for all
     * @param what the operation, for messages: {@code "listing /pub"}
     */
    Listing(FtpSessionImpl session, FtpConnection connection, Socket data, ListingReader reader,
            FTPFileEntryParser parser, Pattern filter, String what) {
        this.session = session;
        this.connection = connection;
        this.data = data;
        this.reader = reader;
        this.parser = parser;
        this.filter = filter;
        this.what = what;
    }

    /** The listing of one file, known without a data connection (MLST). */
    static Listing of(FtpSessionImpl session, FtpConnection connection, FtpEntry entry) {
        Listing listing = new Listing(session, connection, null, null, null, null, "");
        listing.single = entry;
        return listing;
    }

    /** Whether a data connection is open: the session is busy until the listing ends. */
    boolean isOpen() {
        return data != null && !done;
    }

    /**
     * The entries as a stream, one {@link #next()} per entry taken, whose close is {@link #close()}.
     * As in {@link java.nio.file.Files#list}, a failure while the stream is read is an
     * {@link UncheckedIOException} around the {@link InternetException}.
     */
    Stream<FtpEntry> stream() {
        Spliterator<FtpEntry> entries = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(Consumer<? super FtpEntry> action) {
                FtpEntry entry;
                try {
                    entry = next();
                } catch (InternetException e) {
                    throw new UncheckedIOException(e);
                }
                if (entry == null) {
                    return false;
                }
                action.accept(entry);
                return true;
            }
        };
        return StreamSupport.stream(entries, false).onClose(this::close);
    }

    /**
     * The next entry, or {@code null} once the listing ended and the server confirmed it. Lines no
     * parser understands are skipped, as are {@code .} and {@code ..}, and the names the filter
     * does not match. After a failure the listing is over.
     *
     * @throws InternetException the data connection's failure, a bound of the {@code Limits}, a line
     *     a parser fails on ({@link InternetError#EXTENDED_ERROR}), or the server's refusal at the end
     */
    FtpEntry next() throws InternetException {
        if (data == null) {
            FtpEntry entry = single;
            single = null;
            return entry;
        }
        if (abandoned) {
            throw session.isOpen() ? new InternetException(InternetError.INVALID_HANDLE, "the " + what + " from "
                    + connection.where() + " failed or was closed before its end")
                    : connection.cancelledError(what, null);
        }
        try {
            return read();
        } catch (InternetException e) {
            abandoned = true;
            throw e;
        }
    }

    private FtpEntry read() throws InternetException {
        while (!done) {
            String line;
            try {
                reader.startEntry();
                line = parser.readNextEntry(reader);
            } catch (InternetException e) {
                throw abandon(e); // past a bound
            } catch (IOException e) {
                done = true;
                synchronized (connection) {
                    Sockets.closeQuietly(data);
                    InternetException failure = session.dataFailure(e, what);
                    end();
                    throw failure;
                }
            }
            if (line == null) {
                finish();
                return null;
            }
            FtpEntry entry;
            try {
                entry = parse(line);
            } catch (RuntimeException e) {
                // Commons Net's parsers throw unchecked exceptions on lines they cannot read
                // (NumberFormatException on MLSD's size=x, for one).
                throw abandon(new InternetException(InternetError.EXTENDED_ERROR, what + " from "
                        + connection.where() + ": a line of the listing cannot be parsed: " + e.getMessage(), e));
            }
            if (entry != null) {
                return entry;
            }
        }
        if (abandoned) {
            // Closed from another thread while this one read: what came is not the whole listing.
            throw connection.cancelledError(what, null);
        }
        return null;
    }

    private FtpEntry parse(String line) {
        if (first) {
            first = false;
            List<String> kept = parser.preParse(new ArrayList<>(List.of(line)));
            if (kept.isEmpty()) {
                return null;
            }
            line = kept.get(0);
        }
        FTPFile file = parser.parseFTPEntry(line);
        if (file == null) {
            return null; // a line no parser understood
        }
        FtpEntry entry = FtpSessionImpl.entry(file);
        boolean dots = entry.name().equals(".") || entry.name().equals("..");
        return dots || filter != null && !filter.matcher(entry.name()).matches() ? null : entry;
    }

    /** The end of the data: the server's reply says whether the listing is whole. */
    private void finish() throws InternetException {
        done = true;
        synchronized (connection) {
            try {
                Sockets.closeQuietly(data);
                if (!connection.client().completePendingCommand()) {
                    throw connection.refused(what + " on " + connection.where() + " failed");
                }
            } catch (InternetException e) {
                throw e;
            } catch (IOException e) {
                throw connection.failure(e, "finishing the " + what);
            } finally {
                end();
            }
        }
    }

    /** Ends the listing early, for {@code failure}: the data connection closed, the server's answer read. */
    private InternetException abandon(InternetException failure) {
        close();
        return failure;
    }

    /**
     * Abandons the listing if it has not ended: see the class comment. Closing the session closes it
     * too, and then cancels the connection instead of waiting for the server.
     */
    @Override
    public void close() {
        if (data == null || done) {
            return;
        }
        done = true;
        abandoned = true;
        if (!session.isOpen()) {
            connection.cancel(); // a reader blocked in another thread fails now
            end();
            return;
        }
        synchronized (connection) {
            Sockets.closeQuietly(data);
            connection.settleAfterDataFailure(); // the server's 426 or 226 for the abandoned listing
            end();
        }
    }

    private void end() {
        connection.endTransfer(this);
        session.untrack(this);
    }
}
