package io.inetkit.cli;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.sftp.SftpSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * An sftp:// URL on the command line: connected with the SSH options, which {@code openUrl} and
 * {@code connectUrl} cannot carry, and its path read as curl reads it ({@code /~/} is the home folder).
 */
final class SftpTarget {

    private SftpTarget() {
    }

    /** Whether the installed provider of the URL's scheme is SFTP's. */
    static boolean is(Internet internet, URI uri) {
        return internet.registry().serviceForScheme(uri.getScheme().toLowerCase(Locale.ROOT))
                .filter(Service.SFTP::equals).isPresent();
    }

    /** A session to the URL's site, logged in with the URL's user info (percent-decoded) and the SSH options. */
    static SftpSession connect(Internet internet, URI uri, Set<ConnectFlag> flags, SshOptions ssh)
            throws InternetException {
        return internet.connect(request(uri, flags, ssh));
    }

    /** The request for a session to the URL's site: its user info (percent-decoded) and the SSH options. */
    static ConnectRequest<SftpSession> request(URI uri, Set<ConnectFlag> flags, SshOptions ssh)
            throws InternetException {
        if (uri.getHost() == null) {
            throw new InternetException(InternetError.INVALID_URL, "an sftp:// URL needs a host: sftp://host/path");
        }
        ConnectRequest.Builder<SftpSession> request = ConnectRequest.newBuilder(Service.SFTP, uri.getHost())
                .flags(flags).context(withoutPassword(uri)).option(ssh.options(System.getenv()));
        if (uri.getPort() != -1) {
            request.port(uri.getPort());
        }
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            request.user(decode(colon < 0 ? info : info.substring(0, colon)));
            if (colon >= 0) {
                request.password(decode(info.substring(colon + 1)));
            }
        }
        return request.build();
    }

    /**
     * The server's path the URL names: absolute, as curl's, except under {@code /~/}, which is the
     * home folder the session starts in; none is that folder.
     */
    static String path(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.equals("/~") || path.equals("/~/")) {
            return ".";
        }
        if (path.startsWith("/~/")) {
            return path.substring(3);
        }
        return path.isEmpty() ? "." : path;
    }

    /** The URL's file as a stream that closes its session; its size goes to the progress line if one shows. */
    static InputStream open(Internet internet, URI uri, Set<ConnectFlag> flags, SshOptions ssh, Progress progress)
            throws InternetException {
        SftpSession session = connect(internet, uri, flags, ssh);
        try {
            String path = path(uri);
            if (progress.enabled()) {
                progress.expect(session.size(path));
            }
            InputStream in = session.openRead(path);
            return SessionBody.of(in, session);
        } catch (InternetException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** {@code file} stored at the URL's path, under the file's own name if the path ends in /. */
    static void put(SftpSession sftp, URI uri, Path file, Progress progress) throws IOException {
        String remote = remote(uri, file);
        if (!progress.enabled()) {
            // SftpSession.put keeps a bounded number of writes in flight and checks the size the file
            // ends with; the stream waits for every reply whenever the SSH window runs short, which
            // cost a 512 MiB upload to OpenSSH's sshd 12-20% more time and a third more system CPU.
            sftp.put(file, remote);
            progress.at(Files.size(file));
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            // The stream, to count bytes for the progress line as they go.
            try (OutputStream out = sftp.openWrite(remote)) {
                Progress.copy(in, out, progress);
            }
        }
    }

    /** The remote file an upload of {@code file} to {@code uri} writes: a URL ending in / takes the file's name. */
    static String remote(URI uri, Path file) {
        String path = path(uri);
        return uri.getPath() != null && uri.getPath().endsWith("/")
                ? (path.equals(".") ? "" : path) + file.getFileName() : path;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL without its password, for status events. */
    private static URI withoutPassword(URI uri) {
        String info = uri.getRawUserInfo();
        if (info == null || info.indexOf(':') < 0) {
            return uri;
        }
        try {
            return new URI(uri.getScheme() + "://" + info.substring(0, info.indexOf(':')) + "@"
                    + uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf('@') + 1)
                    + (uri.getRawPath() == null ? "" : uri.getRawPath()));
        } catch (URISyntaxException e) {
            return URI.create(uri.getScheme() + "://" + uri.getHost());
        }
    }
}
