package io.inetkit.ftp;

/**
 * Options of {@link FtpSession#put(java.nio.file.Path, String, TransferType, FtpPutOption...)}.
 *
 * <pre>{@code
 * ftp.put(Path.of("big.iso"), "big.iso", TransferType.BINARY, FtpPutOption.RESUME);
 * }</pre>
 */
public enum FtpPutOption {
    /**
     * Continue a partial upload: ask the server's {@code SIZE} of the file and send the rest of the
     * local file with {@code APPE}; nothing when the sizes agree. Binary only.
     */
    RESUME
}
