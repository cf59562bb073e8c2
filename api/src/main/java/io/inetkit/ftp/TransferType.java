package io.inetkit.ftp;

/**
 * How FTP moves a file's bytes: WinINet's {@code FTP_TRANSFER_TYPE_*}.
 *
 * <pre>{@code
 * ftp.get("notes.txt", Path.of("notes.txt"), TransferType.ASCII);
 * }</pre>
 */
public enum TransferType {
    /** Text: line ends converted ({@code TYPE A}); {@code FTP_TRANSFER_TYPE_ASCII} = 1. */
    ASCII(1),
    /** Bytes as they are ({@code TYPE I}); {@code FTP_TRANSFER_TYPE_BINARY} = 2. */
    BINARY(2);

    private final int winInetValue;

    TransferType(int winInetValue) {
        this.winInetValue = winInetValue;
    }

    /** WinINet's value. */
    public int winInetValue() {
        return winInetValue;
    }
}
