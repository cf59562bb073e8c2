package io.inetkit.sftp;

/** How {@link SftpSession#get} treats a local file that exists. */
public enum SftpGetOption {
    /** Fail with {@code ERROR_FILE_EXISTS} rather than replace it. */
    FAIL_IF_EXISTS,
    /**
     * Treat it as the start of the remote file and fetch only the rest, appending to it in place;
     * a local file as long as the remote one or longer fails with {@code ERROR_INVALID_PARAMETER}.
     */
    RESUME
}
