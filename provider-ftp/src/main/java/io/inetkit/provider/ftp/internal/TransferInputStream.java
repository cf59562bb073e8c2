package io.inetkit.provider.ftp.internal;

import io.inetkit.InternetException;
import io.inetkit.ftp.TransferType;
import io.inetkit.toolbox.BodyInput;
import io.inetkit.toolbox.WriteWatchdog;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * The stream of {@code openRead}: WinINet's {@code FtpOpenFile} handle for reading. The end of the
 * data is only trusted once the server confirmed the transfer and the byte count matches what it
 * announced, so the final {@code -1} comes after that check; a failure surfaces from {@code read}
 * as an {@link InternetException}. Bytes past the announced size are never returned: the read that
 * meets them fails, and the data connection is closed. Closing early abandons the transfer and frees the session; closing
 * the session during a transfer cancels it ({@link FtpConnection#cancel()}).
 *
 * <p>A binary transfer read into a buffer ({@link #read(ByteBuffer)}, as segmented downloads read)
 * over a data socket with a channel (passive, plain, no proxy) comes from that channel, each read
 * watched for the data time-out: into a direct buffer, no byte is copied in memory.
 */
final class TransferInputStream extends BodyInput {

    private final FtpSessionImpl session;
    private final FtpConnection connection;
    private final InputStream data;
    private final Socket dataSocket; // null where the stream is all there is (ASCII)
    private final String remotePath;
    private final long offset;
    private final long expected;
    private final TransferType type;
    private final AnnouncedSize announced;
    private boolean finished;
    private volatile WriteWatchdog.Reads reads; // of the data socket's channel, from the first buffer read that can
    private boolean streamOnly; // no channel reads: no socket with a channel

    /** @param dataSocket the data connection under {@code data}, for channel reads; null for none */
    TransferInputStream(FtpSessionImpl session, FtpConnection connection, InputStream data, Socket dataSocket,
            String remotePath, long offset, long expected, TransferType type, AnnouncedSize announced) {
        // No status here: FTP reports its replies, the 226 included, from the control connection.
        super(connection.errors(), "reading " + remotePath, null);
        this.session = session;
        this.connection = connection;
        this.data = data;
        this.dataSocket = dataSocket;
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
            n = data.read(b, off, most(len, count));
            announced(n, count);
        } catch (AnnouncedSize.OversizedException e) {
            throw oversized(e);
        }
        if (n < 0) {
            finish(count);
        }
        return n;
    }

    @Override
    protected int fill(ByteBuffer target) throws IOException {
        if (finished) {
            return -1;
        }
        if (!readsChannel()) {
            return super.fill(target);
        }
        long count = received();
        int n;
        int end = target.limit();
        target.limit(target.position() + most(target.remaining(), count));
        try {
            n = reads.read(target);
            announced(n, count);
        } catch (AnnouncedSize.OversizedException e) {
            throw oversized(e);
        } finally {
            target.limit(end);
        }
        if (n < 0) {
            finish(count);
        }
        return n;
    }

    /** Whether buffer reads come from the data socket's channel: starts their watch at the first. */
    private boolean readsChannel() {
        if (reads == null && !streamOnly) {
            ProtectedFtpClient client = connection.client();
            reads = dataSocket != null && dataSocket.getChannel() != null
                    ? client.watchdog().reads(dataSocket, client.getDataTimeout()) : null;
            streamOnly = reads == null;
        }
        return reads != null;
    }

    /** No more than one byte past the announced size: enough to know that the server sends on. */
    private int most(int length, long count) {
        return announced.limit() < 0 ? length : (int) Math.min(length, announced.limit() - count + 1);
    }

    private void announced(int n, long count) throws AnnouncedSize.OversizedException {
        if (n > 0) {
            announced.check(count + n);
        }
    }

    private InternetException oversized(AnnouncedSize.OversizedException e) {
        finished = true;
        synchronized (connection) {
            closeData();
            InternetException failure = session.oversized(e, "reading " + remotePath);
            connection.endTransfer(this);
            return failure;
        }
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
        WriteWatchdog.Reads watch = reads;
        if (watch != null) {
            watch.close();
        }
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
