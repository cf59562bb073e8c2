package io.inetkit.provider.ftp.internal;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.io.IOException;
import org.apache.commons.net.ftp.FTPReply;

/**
 * Keeps a short upload from looking complete. Stream mode ends a file by closing the data
 * connection (RFC 959), so a connection cut after N bytes looks to the server like the end of an
 * N-byte file: it stores the prefix and answers 226. After a binary upload the server took,
 * {@link #verify} asks {@code SIZE} and compares it with the bytes sent; a shorter file is removed
 * with {@code DELE} and reported as {@link InternetError#CONNECTION_ABORTED}.
 *
 * <p>Not checked: ASCII uploads (line ends change the size) and servers without {@code SIZE} or
 * refusing it for the file. After a failure seen on the data connection, {@link #afterFailure}
 * removes the file only if the server still answered success: then it took a prefix for the whole
 * and has already replaced any earlier file with it. When the server itself reported the failure
 * (426, 451, ...) the file is left as it is: a server that stores atomically (ProFTPD's
 * HiddenStores, Pure-FTPd's NoTruncate) then still holds the earlier version intact, which a DELE
 * would destroy, and nothing may be lost.
 */
final class UploadCheck {

    private final FtpConnection connection;
    private final String remotePath;

    UploadCheck(FtpConnection connection, String remotePath) {
        this.connection = connection;
        this.remotePath = remotePath;
    }

    /**
     * After a binary upload of {@code sent} bytes that the server answered with success: one
     * {@code SIZE}, and on a mismatch the error, with the partial file removed.
     */
    void verify(long sent) throws IOException {
        if (!connection.supportsSize()) {
            return;
        }
        ProtectedFtpClient client = connection.client();
        if (client.sendCommand("SIZE", remotePath) != FTPReply.FILE_STATUS) {
            return; // refused for this file: nothing to compare with
        }
        String sizeReply = connection.lastReply();
        long stored = FtpSessionImpl.parseSize(client.getReplyStrings()[0]);
        if (stored < 0 || stored == sent) {
            return;
        }
        String fate = stored < sent ? "the data connection ended early; " + removePartialFile()
                : "someone else wrote to the file, which was left as it is";
        throw new InternetException(InternetError.CONNECTION_ABORTED, "the upload of " + remotePath + " to "
                + connection.where() + " is incomplete although the server answered success: the server has "
                + stored + " bytes, " + sent + " were sent; " + fate, sizeReply, null);
    }

    /**
     * After a failure of the data connection: when the server's reply to the transfer
     * ({@code verdict}, read before any later reply) was success anyway, it keeps a prefix as the
     * file, which is removed.
     */
    InternetException afterFailure(InternetException failure, int verdict) {
        if (!connection.isUsable() || !FTPReply.isPositiveCompletion(verdict)) {
            return failure;
        }
        String fate = removePartialFile();
        return new InternetException(failure.error(), failure.getMessage() + "; the server answered " + verdict
                + " for the part it received: " + fate, failure.serverReply().orElse(null), failure.getCause());
    }

    /** DELE, best effort: its failure is named, not thrown, since the upload's failure is the news. */
    private String removePartialFile() {
        try {
            if (connection.client().deleteFile(remotePath)) {
                return "the partial file was removed";
            }
            return "removing the partial file failed (" + FtpConnection.firstLine(connection.lastReply())
                    + "), so it is still there";
        } catch (IOException e) {
            connection.markBroken();
            return "removing the partial file failed (" + e.getMessage() + "), so it may still be there";
        }
    }
}
