package io.inetkit.provider.ftp.internal;

import io.inetkit.InternetException;
import io.inetkit.ftp.TransferType;
import io.inetkit.toolbox.BodyInput;
import java.io.IOException;
import java.io.InputStream;

/**
 * The stream of {@code openRead}: WinINet's {@code FtpOpenFile} handle for reading. The end of the
 * data is only trusted once the server confirmed the transfer and the byte count matches what it
 * announced, so the final {@code -1} comes after that check; a failure surfaces from {@code read}
 * as an {@link InternetException}. Bytes past the announced size are never returned: the read that
 * meets them fails, and the data connection is closed. Closing early abandons the transfer and frees the session; closing
 * the session during a transfer cancels it ({@link FtpConnection#cancel()}).
 */
final class TransferInputStream extends BodyInput {

    private final FtpSessionImpl session;
    private final FtpConnection connection;
    private final InputStream data;
    private final String remotePath;
    private final long offset;
    private final long expected;
    private final TransferType type;
    private final AnnouncedSize announced;
    private boolean finished;

    TransferInputStream(FtpSessionImpl session, FtpConnection connection, InputStream data, String remotePath,
            long offset, long expected, TransferType type, AnnouncedSize announced) {
        // No status here: FTP reports its replies, the 226 included, from the control connection.
        super(connection.errors(), "reading " + remotePath, null);
        this.session = session;
        this.connection = connection;
        this.data = data;
        this.remotePath = remotePath;
        this.offset = offset;
        this.expected = expected;
        this.type = type;
        this.announced = announced;
    }

    @Override
    protected int fill(byte[] b, int off, int len) throws IOException {
        if (finished) {
            return -1;
        }
        long count = received();
        int n;
        try {
            // No more than one byte past the announced size: enough to know that the server sends on.
            n = data.read(b, off, announced.limit() < 0 ? len : (int) Math.min(len, announced.limit() - count + 1));
            if (n > 0) {
                announced.check(count + n);
            }
        } catch (AnnouncedSize.OversizedException e) {
            finished = true;
            synchronized (connection) {
                closeData();
                InternetException failure = session.oversized(e, "reading " + remotePath);
                connection.endTransfer(this);
                throw failure;
            }
        }
        if (n < 0) {
            finish(count);
        }
        return n;
    }

    /** A failure of the data connection: the server's verdict is read, the transfer ends. */
    @Override
    protected InternetException failure(IOException e) {
        if (e instanceof InternetException internet) {
            return internet;
        }
        InternetException failure = session.dataFailure(e, doing());
        finished = true;
        closeData();
        connection.endTransfer(this);
        return failure;
    }

    @Override
    public int available() throws IOException {
        return isClosed() || finished ? 0 : data.available();
    }

    private void finish(long count) throws InternetException {
        finished = true;
        synchronized (connection) {
            try {
                closeData();
                if (!connection.client().completePendingCommand()) {
                    throw connection.refused("reading " + remotePath + " from " + connection.where() + " failed");
                }
                session.checkComplete(remotePath, offset, count, expected, type);
            } catch (InternetException e) {
                throw e;
            } catch (IOException e) {
                throw connection.failure(e, "finishing the download of " + remotePath);
            } finally {
                connection.endTransfer(this);
            }
        }
    }

    private void closeData() {
        try {
            data.close();
        } catch (IOException ignored) {
            // The data connection is done either way.
        }
    }

    @Override
    protected void release() {
        if (!finished && !session.isOpen()) {
            // The session is closing: a reader blocked in another thread fails now, and nothing
            // waits for a server that may have stalled.
            finished = true;
            connection.cancel();
            connection.endTransfer(this);
        } else if (!finished) {
            finished = true;
            synchronized (connection) {
                closeData();
                connection.settleAfterDataFailure(); // the server's 426 or 226 for the abandoned transfer
                connection.endTransfer(this);
            }
        }
        session.untrack(this);
    }
}
