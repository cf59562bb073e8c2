package io.inetkit.cli;

import io.inetkit.InternetException;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.FtpUrl;
import io.inetkit.ftp.TransferType;
import io.inetkit.http.HttpResponse;

/**
 * The size a download will have, for the progress line's bar, or -1 when it is not known: what
 * counts is the bytes written, so a size is only taken where it is the size of those bytes.
 */
final class ExpectedSize {

    static final long UNKNOWN = -1;

    private ExpectedSize() {
    }

    /**
     * HTTP: the {@code Content-Length}. The library drops it from a response whose body it decodes,
     * where it no longer counts the bytes read; a body left as sent keeps it.
     */
    static long http(HttpResponse response) {
        return response.contentLength().orElse(UNKNOWN);
    }

    /**
     * FTP: the file's {@code SIZE}, in binary mode only (ASCII changes line ends); unknown for a
     * directory, or when the server has no {@code SIZE} or refuses it.
     */
    static long ftp(FtpSession ftp, FtpUrl file) {
        if (file.isDirectory() || file.type() != TransferType.BINARY) {
            return UNKNOWN;
        }
        try {
            long size = ftp.size(file.path());
            return size >= 0 ? size : UNKNOWN;
        } catch (InternetException e) {
            return UNKNOWN; // the download says what is wrong, if anything is
        }
    }
}
