package io.inetkit.cli;

import io.inetkit.ConnectFlag;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.Session;
import io.inetkit.ftp.FtpGetOption;
import io.inetkit.ftp.FtpPutOption;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.FtpUrl;
import io.inetkit.http.HttpGetOption;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpSession;
import io.inetkit.sftp.SftpGetOption;
import io.inetkit.sftp.SftpPutOption;
import io.inetkit.sftp.SftpSession;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * {@code -C -}: a download continued into the output file itself, or an FTP upload continued on the
 * server, by the library's resume ({@link HttpGetOption#RESUME}, {@link FtpGetOption#RESUME},
 * {@link FtpPutOption#RESUME}), with curl's exit statuses for what cannot resume: 33 for a server
 * that answered another range, 36 for a file longer on the side that should be the shorter.
 */
final class ResumeTransfer {

    /** Makes the HTTP request the command's options ask for, on its session. */
    interface HttpRequests {
        HttpRequest make(HttpSession session, URI uri) throws InternetException;
    }

    private ResumeTransfer() {
    }

    /** {@code get -C - -o FILE}: HTTP, FTP and SFTP files; anything else has no way to continue. */
    static void download(Internet internet, URI uri, ConnectFlag[] flags, SshOptions ssh, Path target,
            HttpRequests requests, Progress progress) throws IOException {
        Service<?> service = internet.registry().serviceForScheme(uri.getScheme().toLowerCase(Locale.ROOT))
                .orElse(null);
        boolean ftpFile = Service.FTP.equals(service) && !FtpUrl.of(uri).isDirectory();
        if (!Service.HTTP.equals(service) && !ftpFile && !Service.SFTP.equals(service)) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "-C - continues HTTP, FTP and SFTP files; "
                    + uri.getScheme() + ": " + (Service.FTP.equals(service) ? "listings" : "URLs") + " cannot");
        }
        // The library reports no bytes as they come: the progress is the file's length.
        try (PartProgress watch = PartProgress.growing(target, progress);
             Session session = UrlTarget.connect(internet, uri, Set.of(flags), ssh)) {
            if (session instanceof HttpSession http) {
                http.get(requests.make(http, uri), target, HttpGetOption.RESUME);
            } else if (session instanceof SftpSession sftp) {
                String path = SftpTarget.path(uri);
                if (progress.enabled()) {
                    progress.expect(sftp.size(path));
                }
                sftp.get(path, target, SftpGetOption.RESUME);
            } else {
                FtpUrl file = FtpUrl.of(uri);
                FtpSession ftp = (FtpSession) session;
                if (progress.enabled()) {
                    progress.expect(ExpectedSize.ftp(ftp, file));
                }
                ftp.get(file.path(), target, file.type(), FtpGetOption.RESUME);
            }
        } catch (InternetException e) {
            throw known(e);
        }
        if (Files.isRegularFile(target)) {
            progress.at(Files.size(target));
        }
    }

    /** {@code put -C -} to FTP: what the server's file lacks of {@code file}. */
    static void upload(FtpSession ftp, URI uri, Path file, Progress progress) throws IOException {
        FtpUrl path = FtpUrl.of(uri);
        String remote = path.isDirectory() ? path.path() + file.getFileName() : path.path();
        try {
            ftp.put(file, remote, path.type(), FtpPutOption.RESUME);
        } catch (InternetException e) {
            throw known(e);
        }
        progress.at(Files.size(file));
    }

    /**
     * curl's statuses: 33 (CURLE_RANGE_ERROR) for a server that answered another range than the
     * rest of the file, 36 (CURLE_BAD_DOWNLOAD_RESUME) for a resume point past the other side's end.
     */
    /** {@code put -C -} to SFTP: what the server's file lacks of {@code file}, appended from its end. */
    static void upload(SftpSession sftp, URI uri, Path file, Progress progress) throws IOException {
        try {
            sftp.put(file, SftpTarget.remote(uri, file), SftpPutOption.RESUME);
        } catch (InternetException e) {
            throw known(e);
        }
        progress.at(Files.size(file));
    }

    private static RuntimeException known(InternetException e) throws InternetException {
        boolean cannot = String.valueOf(e.getMessage()).contains("cannot resume");
        if (cannot && e.error() == InternetError.HTTP_INVALID_SERVER_RESPONSE) {
            return new ExitStatus.Known(e, ExitStatus.RANGE_ERROR);
        }
        if (cannot && e.error() == InternetError.INVALID_OPERATION) {
            return new ExitStatus.Known(e, ExitStatus.BAD_RESUME);
        }
        throw e;
    }
}
