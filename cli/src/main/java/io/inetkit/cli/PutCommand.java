package io.inetkit.cli;

import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Session;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.FtpUrl;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.HttpVersion;
import io.inetkit.http.RequestBody;
import io.inetkit.sftp.SftpSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.ArgSpec;

/** {@code inetkit put FILE URL}: an FTP upload (STOR) or an HTTP PUT of a local file. */
final class PutCommand extends CliCommand {

    private final ConnectionOptions connection = new ConnectionOptions();
    private final ContinueAt continueAt = new ContinueAt();
    private Path file;
    private String url;

    PutCommand() {
        super("put", "Upload FILE to an ftp:// or ftps:// URL (STOR), an sftp:// URL or an http:// or https:// URL"
                + " (PUT). A URL ending"
                + " in / gets the file's name.");
    }

    @Override
    List<ArgSpec> arguments() {
        List<ArgSpec> arguments = new ArrayList<>();
        connection.addTo(arguments);
        arguments.add(CommandModel.parameter(0, this, "file")
                .paramLabel("FILE").description("The local file to send.").build());
        arguments.add(CommandModel.parameter(1, this, "url")
                .paramLabel("URL").description("Where to put it.").build());
        continueAt.addTo(arguments);
        return arguments;
    }

    @Override
    ExitStatus.Activity activity() {
        return ExitStatus.Activity.UPLOAD;
    }

    @Override
    boolean verbose() {
        return connection.verbose;
    }

    @Override
    boolean showsErrors() {
        return connection.silent.showsErrors();
    }

    @Override
    public Integer call() throws IOException {
        URI uri = connection.withUser(UrlTarget.parse(url), err);
        long size = checkReadable(file);
        try (Internet internet = connection.internet(uri.getScheme(), err, stop);
             Session session = UrlTarget.connect(internet, uri, connection.flags(internet, uri), connection.ssh)) {
            Progress progress = connection.progress(err).expect(size);
            if (continueAt.given()) {
                if (session instanceof FtpSession ftp) {
                    ResumeTransfer.upload(ftp, uri, file, progress);
                } else if (session instanceof SftpSession sftp) {
                    ResumeTransfer.upload(sftp, uri, file, progress);
                } else {
                    throw new InternetException(InternetError.INVALID_PARAMETER, "-C - continues uploads to FTP and"
                            + " SFTP; " + uri.getScheme() + ": URLs cannot");
                }
            } else if (session instanceof FtpSession ftp) {
                ftp(ftp, uri, progress);
            } else if (session instanceof SftpSession sftp) {
                SftpTarget.put(sftp, uri, file, progress);
            } else if (session instanceof HttpSession http) {
                http(http, uri, size, progress);
            } else {
                throw new InternetException(InternetError.INVALID_OPERATION, "put sends to FTP, SFTP and HTTP servers; "
                        + uri.getScheme() + ": URLs take no uploads");
            }
            progress.done();
        }
        return 0;
    }

    /** The file's size, after checking that it is a file this process can read: nothing is sent otherwise. */
    private static long checkReadable(Path file) throws InternetException {
        if (Files.isDirectory(file)) {
            throw new InternetException(InternetError.FILE_NOT_FOUND, file + " is a directory, not a file;"
                    + " nothing was sent");
        }
        try (InputStream probe = Files.newInputStream(file)) {
            return Files.size(file);
        } catch (IOException e) {
            throw InternetException.localFile("cannot read", file, e);
        }
    }

    private void ftp(FtpSession ftp, URI uri, Progress progress) throws IOException {
        ftp(ftp, uri, file, progress);
    }

    /** {@code file} stored at the URL's path, under the file's own name if the path ends in /. */
    static void ftp(FtpSession ftp, URI uri, Path file, Progress progress) throws IOException {
        FtpUrl path = FtpUrl.of(uri);
        String remote = path.isDirectory() ? path.path() + file.getFileName() : path.path();
        try (InputStream in = Files.newInputStream(file)) {
            // The stream rather than FtpSession.put, to count bytes for the progress line; closing it
            // waits for the server's verdict on the STOR.
            try (OutputStream out = ftp.openWrite(remote, path.type())) {
                Progress.copy(in, out, progress);
            }
        }
    }

    /** The path and query of an HTTP upload of {@code file} to the URL: the file's name after a path ending in /. */
    static String httpTarget(URI uri, Path file) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (path.endsWith("/")) {
            path += Percent.encodePath(file.getFileName().toString());
        }
        return path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private void http(HttpSession http, URI uri, long size, Progress progress) throws InternetException {
        String target = httpTarget(uri, file);
        HttpRequest put = HttpRequest.newBuilder(target)
                .method("PUT")
                .header("Content-Type", "application/octet-stream")
                .body(RequestBody.ofStream(() -> progress.counting(Files.newInputStream(file)), size))
                .build();
        try (HttpResponse response = http.send(put)) {
            int status = response.statusCode();
            if (status < 200 || status > 299) {
                String line = (response.version() == HttpVersion.HTTP_2 ? "HTTP/2 " : "HTTP/1.1 ")
                        + status + (response.reasonPhrase().isEmpty() ? "" : " " + response.reasonPhrase());
                throw new InternetException(InternetError.EXTENDED_ERROR, "PUT " + target + " on " + uri.getHost()
                        + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + " failed: " + line, line, null);
            }
        }
    }
}
