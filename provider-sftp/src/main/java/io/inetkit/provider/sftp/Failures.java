package io.inetkit.provider.sftp;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.spi.Deadline;
import java.io.IOException;
import java.net.SocketTimeoutException;

/** An SFTP call's failure as a WinINet error: the server's status, or what cut the connection. */
final class Failures {

    private Failures() {
    }

    static InternetException of(SftpConnection connection, Deadline deadline, String what, Exception e) {
        return of(connection, deadline, null, what, e);
    }

    static InternetException of(SftpConnection connection, Deadline deadline, WriteWatch writes, String what,
            Exception e) {
        if (e instanceof InternetException internet) {
            return internet;
        }
        InternetException slowWrite = writes == null ? null : writes.error(what + " on " + connection.where(), e);
        if (slowWrite != null) {
            return slowWrite;
        }
        if (deadline.isExpired()) {
            return deadline.error(what + " on " + connection.where(), e);
        }
        if (connection.isClosed()) {
            return new InternetException(InternetError.OPERATION_CANCELLED, what + " on " + connection.where()
                    + ": the session was closed", e);
        }
        IOException failure = connection.transport().failure();
        if (failure == null && e instanceof SocketTimeoutException silent) {
            failure = silent; // the reading channel's wait for a reply
        }
        if (failure == null && e.getCause() instanceof IOException io) {
            failure = io;
        }
        if (failure != null) {
            return connection.errors().of(what, failure);
        }
        if (!connection.isUsable()) {
            return new InternetException(InternetError.CONNECTION_ABORTED, what + " on " + connection.where()
                    + ": the SSH connection ended (" + e.getMessage() + ")", e);
        }
        int code = e instanceof SftpException sftp ? sftp.id
                : e instanceof ReadChannel.StatusException status ? status.code : -1;
        InternetError error = switch (code) {
            case ChannelSftp.SSH_FX_NO_SUCH_FILE -> InternetError.FILE_NOT_FOUND;
            case ChannelSftp.SSH_FX_PERMISSION_DENIED -> InternetError.ACCESS_DENIED;
            case ChannelSftp.SSH_FX_OP_UNSUPPORTED -> InternetError.NOT_SUPPORTED;
            case ChannelSftp.SSH_FX_FAILURE -> InternetError.EXTENDED_ERROR;
            case ChannelSftp.SSH_FX_BAD_MESSAGE -> InternetError.INVALID_OPERATION;
            default -> null;
        };
        if (error != null) {
            return new InternetException(error, what + " on " + connection.where() + ": the server said "
                    + e.getMessage(), e.getMessage(), e);
        }
        return new InternetException(InternetError.CONNECTION_ABORTED, what + " on " + connection.where()
                + ": the SSH connection ended (" + e.getMessage() + ")", e);
    }
}
