package io.inetkit.cli;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ftp.TransferType;
import java.net.URI;

/**
 * The remote path and transfer type of an {@code ftp://} URL, read as the FTP provider's
 * {@code openUrl} reads it (RFC 1738): relative to the login directory, {@code %2F} to start at
 * the root, {@code ;type=a} for ASCII.
 */
record FtpPath(String path, TransferType type) {

    static FtpPath of(URI uri) throws InternetException {
        String path = uri.getPath() == null ? "" : uri.getPath();
        TransferType type = TransferType.BINARY;
        int typeAt = path.lastIndexOf(";type=");
        if (typeAt >= 0) {
            String code = path.substring(typeAt + 6);
            if (!code.equals("a") && !code.equals("i")) {
                throw new InternetException(InternetError.INVALID_URL, "an FTP URL's ;type= must be a or i, not " + code);
            }
            type = code.equals("a") ? TransferType.ASCII : TransferType.BINARY;
            path = path.substring(0, typeAt);
        }
        return new FtpPath(path.startsWith("/") ? path.substring(1) : path, type);
    }

    /** Whether the URL names a directory: no path, or one ending in {@code /}. */
    boolean isDirectory() {
        return path.isEmpty() || path.endsWith("/");
    }
}
