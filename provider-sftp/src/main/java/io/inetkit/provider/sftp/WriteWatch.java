package io.inetkit.provider.sftp;

import io.inetkit.InternetException;
import io.inetkit.spi.Deadline;
import io.inetkit.spi.ProviderContext;

/**
 * The write time-out of an upload: JSch's writes wait, without bound, for the window a server that
 * stopped reading never opens, so each piece handed to JSch runs under a bound of its own
 * ({@link Deadline#writing}) that cuts the connection when the piece makes no progress.
 */
final class WriteWatch implements AutoCloseable {

    private final ProviderContext context;
    private final Transport transport;
    private Deadline current = Deadline.none();
    private volatile Deadline expired;

    WriteWatch(ProviderContext context, Transport transport) {
        this.context = context;
        this.transport = transport;
    }

    /** Starts the bound of the next piece, ending the last one's. */
    synchronized void next() {
        end();
        current = Deadline.writing(context);
        Deadline watched = current;
        current.cuts(() -> {
            expired = watched;
            transport.cut();
        });
    }

    private void end() {
        current.close();
        current = Deadline.none();
    }

    /** The write time-out's error, if it cut the connection; else null. */
    InternetException error(String what, Throwable cause) {
        Deadline cut = expired;
        return cut == null ? null : cut.error(what, cause);
    }

    @Override
    public synchronized void close() {
        end();
    }
}
