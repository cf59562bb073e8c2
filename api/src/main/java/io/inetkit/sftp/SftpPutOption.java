package io.inetkit.sftp;

/** How {@link SftpSession#put(java.nio.file.Path, String, SftpPutOption...)} treats a remote file that exists. */
public enum SftpPutOption {
    /**
     * Continue a partial upload: take the remote file's size ({@link SftpSession#stat}) and send the
     * rest of the local file, appended from there; nothing when the sizes agree. A remote file longer
     * than the local one fails with {@code ERROR_INVALID_OPERATION}.
     */
    RESUME
}
