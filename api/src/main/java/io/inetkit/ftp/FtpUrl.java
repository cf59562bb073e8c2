package io.inetkit.ftp;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * What an {@code ftp://} or {@code ftps://} URL names on its server (RFC 1738, section 3.2): a path
 * relative to the login directory ({@code %2F} starts it at the root) and a transfer type
 * ({@code ;type=a} for ASCII, {@code ;type=i} or none for binary). The one reading of FTP URLs that
 * {@code Internet.openUrl} and applications share.
 *
 * <pre>{@code
 * FtpUrl target = FtpUrl.of(URI.create("ftp://ftp.example.org/pub/README;type=a"));
 * try (InputStream in = ftp.openRead(target.path(), target.type())) { ... }   // "pub/README", ASCII
 * }</pre>
 *
 * @param path the decoded path, without the leading {@code /} that separates it from the host;
 *     empty for the login directory
 * @param type the transfer type
 */
public record FtpUrl(String path, TransferType type) {

    /** Checks the parts. */
    public FtpUrl {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
    }

    /**
     * Reads the path part of a URL.
     *
     * @throws InternetException {@link InternetError#INVALID_URL} for a {@code ;type=} other than
     *     {@code a} or {@code i}
     */
    public static FtpUrl of(URI uri) throws InternetException {
        String path = uri.getPath() == null ? "" : uri.getPath();
        TransferType type = TransferType.BINARY;
        int typeAt = path.lastIndexOf(";type=");
        if (typeAt >= 0) {
            String code = path.substring(typeAt + 6).toLowerCase(Locale.ROOT);
            if (!code.equals("a") && !code.equals("i")) {
                throw new InternetException(InternetError.INVALID_URL,
                        "an FTP URL's ;type= must be a or i, not " + code);
            }
            type = code.equals("a") ? TransferType.ASCII : TransferType.BINARY;
            path = path.substring(0, typeAt);
        }
        return new FtpUrl(path.startsWith("/") ? path.substring(1) : path, type);
    }

    /** Whether the URL names a directory: no path, or one ending in {@code /}. */
    public boolean isDirectory() {
        return path.isEmpty() || path.endsWith("/");
    }
}
