package io.inetkit.cli;

import io.inetkit.ConnectFlag;
import io.inetkit.Internet;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.Session;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.FtpUrl;
import io.inetkit.gopher.GopherItemType;
import io.inetkit.gopher.GopherSession;
import io.inetkit.gopher.GopherUrl;
import io.inetkit.spi.PartFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code get URL -o FILE}: the URL's content into FILE, which appears only when complete. Where the
 * protocol has a download to a file (an FTP file, a Gopher document) it is the library's, with its
 * direct-buffer route from the socket into the file; anything else (HTTP, listings, menus, other
 * schemes) is the stream {@code open} gives, copied into a {@link PartFile}: through a direct buffer
 * where the stream reads into one (an HTTP/1.1 body on a plain connection: from its socket's
 * channel), else through a heap array. Either way the
 * {@code .part} file lies beside FILE, where {@link Stop} and {@link PartProgress} find it.
 */
final class SaveToFile {

    /** Opens the URL's content as a stream, for what has no download of its own. */
    interface Opener {
        InputStream open() throws IOException;
    }

    private SaveToFile() {
    }

    /**
     * Saves the URL's content into {@code target}.
     *
     * @param opener the stream, for a URL the protocol has no download of its own for
     */
    static void save(Internet internet, URI uri, ConnectFlag[] flags, Path target, Opener opener,
            Progress progress, Stop stop) throws IOException {
        save(internet, uri, flags, target, opener, progress, stop, true);
    }

    /**
     * Saves the URL's content into {@code target}, through the protocol's own download only if
     * {@code library} allows it (a Gopher+ view has none: it is the stream).
     */
    static void save(Internet internet, URI uri, ConnectFlag[] flags, Path target, Opener opener,
            Progress progress, Stop stop, boolean library) throws IOException {
        stop.downloadTo(target);
        try {
            Optional<Download> own = library ? own(internet, uri, progress) : Optional.empty();
            if (own.isPresent()) {
                // The library reports no bytes as they come: the progress is its .part file's size.
                try (PartProgress watch = PartProgress.of(target, progress);
                     Session session = internet.connectUrl(uri, flags)) {
                    own.get().run(session, target);
                }
                progress.at(Files.size(target)); // the whole file, also when no line watched it grow
            } else {
                stream(opener, target, progress, stop); // the copy counts for itself
            }
        } finally {
            stop.downloadTo(null);
        }
    }

    /** A protocol's own download to a file. */
    private interface Download {
        void run(Session session, Path target) throws IOException;
    }

    /** The session's own download, where the URL names a file of a protocol that has one. */
    private static Optional<Download> own(Internet internet, URI uri, Progress progress) throws InternetException {
        Optional<Service<?>> service = internet.registry().serviceForScheme(uri.getScheme().toLowerCase(Locale.ROOT));
        if (service.filter(Service.FTP::equals).isPresent()) {
            FtpUrl file = FtpUrl.of(uri);
            if (!file.isDirectory()) { // a directory is its listing, which only the stream gives
                return Optional.of((session, target) -> {
                    FtpSession ftp = (FtpSession) session;
                    if (progress.enabled()) {
                        progress.expect(ExpectedSize.ftp(ftp, file)); // one SIZE more, for a person watching
                    }
                    ftp.get(file.path(), target, file.type());
                });
            }
        } else if (service.filter(Service.GOPHER::equals).isPresent()) {
            GopherUrl url = GopherUrl.parse(uri.toString());
            GopherItemType type = GopherItemType.fromCode(url.type());
            // A menu and a search are their locator lines, which only the stream gives.
            if (type != GopherItemType.DIRECTORY && type != GopherItemType.INDEX_SERVER) {
                return Optional.of((session, target) -> ((GopherSession) session).get(url.selector(), type, target));
            }
        }
        return Optional.empty();
    }

    private static void stream(Opener opener, Path target, Progress progress, Stop stop) throws IOException {
        try (InputStream in = opener.open(); PartFile part = PartFile.beside(target)) {
            if (in instanceof ReadableByteChannel channel) {
                try (FileChannel out = FileChannel.open(part.path(), StandardOpenOption.WRITE,
                        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    Progress.copy(channel, out, progress);
                }
            } else {
                try (OutputStream out = Files.newOutputStream(part.path())) {
                    Progress.copy(in, out, progress);
                }
            }
            // A cancelled transfer may look like one that ended: never rename what a stop cut short.
            stop.check();
            part.commit();
        }
    }
}
