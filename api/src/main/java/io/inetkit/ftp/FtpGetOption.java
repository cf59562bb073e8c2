package io.inetkit.ftp;

/**
 * Options of {@link FtpSession#get}.
 *
 * <pre>{@code
 * ftp.get("big.iso", Path.of("big.iso"), TransferType.BINARY, FtpGetOption.RESUME);
 * }</pre>
 */
public enum FtpGetOption {
    /** Fail with {@link io.inetkit.InternetError#FILE_EXISTS} if the local file exists: {@code fFailIfExists}. */
    FAIL_IF_EXISTS,
    /**
     * Continue a partial download: ask the server to start ({@code REST}) at the local file's length,
     * and write into the local file itself, so that a failure leaves what arrived for the next resume.
     */
    RESUME
}
