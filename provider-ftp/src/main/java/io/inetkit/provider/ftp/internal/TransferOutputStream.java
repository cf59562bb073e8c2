package io.inetkit.provider.ftp.internal;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The stream of {@code openWrite}: WinINet's {@code FtpOpenFile} handle for writing. Closing it
 * ends the data connection and waits for the server's verdict, so a refused or failed upload is an
 * {@link InternetException} from {@code close()}, never silence. A binary upload the server took is
 * then checked with {@code SIZE} against the bytes written ({@link UploadCheck}).
 */
final class TransferOutputStream extends OutputStream {

    private final FtpSessionImpl session;
    private final FtpConnection connection;
    private final OutputStream data;
    private final String remotePath;
    private final UploadCheck check;
    private final boolean binary;
    private long written;
    private boolean closed;
    private boolean failed;

    TransferOutputStream(FtpSessionImpl session, FtpConnection connection, OutputStream data, String remotePath,
            boolean binary) {
        this.session = session;
        this.connection = connection;
        this.data = data;
        this.remotePath = remotePath;
        this.check = new UploadCheck(connection, remotePath);
        this.binary = binary;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed || failed) {
            throw new InternetException(InternetError.INVALID_HANDLE, "the upload stream of " + remotePath
                    + " is " + (closed ? "closed" : "failed"));
        }
        try {
            data.write(b, off, len);
            written += len;
        } catch (IOException e) {
            throw fail(e);
        }
    }

    @Override
    public void flush() throws IOException {
        if (!closed && !failed) {
            try {
                data.flush();
            } catch (IOException e) {
                throw fail(e);
            }
        }
    }

    /** Ends the transfer after a failed write: the stream is unusable, the session free again. */
    private InternetException fail(IOException e) {
        failed = true;
        closeData();
        // The transfer is still registered, so no other operation runs on the connection meanwhile.
        InternetException failure = check.afterFailure(session.dataFailure(e, "writing " + remotePath),
                connection.client().getReplyCode());
        connection.endTransfer(this);
        return failure;
    }

    private void closeData() {
        try {
            data.close();
        } catch (IOException ignored) {
            // Reported through the server's reply.
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        session.untrack(this);
        if (failed) {
            return;
        }
        if (!session.isOpen()) {
            // The session is closing: the upload is abandoned, not completed, and nothing waits.
            failed = true;
            connection.cancel();
            connection.endTransfer(this);
            return;
        }
        synchronized (connection) {
            try {
                try {
                    data.close(); // flushes, then ends the data connection: end of file for the server
                } catch (IOException e) {
                    throw check.afterFailure(session.dataFailure(e, "finishing the upload of " + remotePath),
                            connection.client().getReplyCode());
                }
                if (!connection.client().completePendingCommand()) {
                    throw connection.refused("uploading " + remotePath + " to " + connection.where() + " failed");
                }
                if (binary) {
                    check.verify(written);
                }
            } catch (InternetException e) {
                throw e;
            } catch (IOException e) {
                throw connection.failure(e, "finishing the upload of " + remotePath);
            } finally {
                connection.endTransfer(this);
            }
        }
    }
}
