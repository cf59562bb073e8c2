package io.inetkit.cli;

import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Session;
import io.inetkit.ftp.FtpEntry;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.FtpUrl;
import io.inetkit.gopher.GopherItem;
import io.inetkit.gopher.GopherSession;
import io.inetkit.gopher.GopherUrl;
import io.inetkit.sftp.SftpEntry;
import io.inetkit.sftp.SftpSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Model.ArgSpec;

/** {@code inetkit ls URL}: an FTP directory listing or a Gopher menu, one entry a line. */
final class LsCommand extends CliCommand {

    private final ConnectionOptions connection = new ConnectionOptions();
    private String url;

    LsCommand() {
        super("ls", "List an FTP or SFTP directory (type, permissions, size, UTC time, name) or a Gopher menu (type, display"
                + " text, URL), one entry a line.");
    }

    @Override
    List<ArgSpec> arguments() {
        List<ArgSpec> arguments = new ArrayList<>();
        connection.addTo(arguments);
        arguments.add(CommandModel.parameter(0, this, "url")
                .paramLabel("URL").description("An ftp://, ftps:// or sftp:// directory, or a gopher:// menu.").build());
        return arguments;
    }

    @Override
    ExitStatus.Activity activity() {
        return ExitStatus.Activity.LIST;
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
        try (Internet internet = connection.internet(uri.getScheme(), err, stop);
             Session session = UrlTarget.connect(internet, uri, connection.flags(internet, uri), connection.ssh)) {
            // Each entry is printed as it is handed over, so that a streamed listing can feed these
            // loops one entry at a time; Listing makes every field of it printable.
            if (session instanceof FtpSession ftp) {
                try (Stream<FtpEntry> entries = entries(ftp, FtpUrl.of(uri).path())) {
                    for (Iterator<FtpEntry> each = entries.iterator(); each.hasNext(); ) {
                        out.println(Listing.ftp(each.next()));
                    }
                } catch (UncheckedIOException failure) {
                    throw unwrapped(failure);
                }
            } else if (session instanceof SftpSession sftp) {
                try (Stream<SftpEntry> entries = sftp.listStream(SftpTarget.path(uri))) {
                    for (Iterator<SftpEntry> each = entries.iterator(); each.hasNext(); ) {
                        out.println(Listing.sftp(each.next()));
                    }
                } catch (UncheckedIOException failure) {
                    throw unwrapped(failure);
                }
            } else if (session instanceof GopherSession gopher) {
                try (Stream<GopherItem> items = gopher(gopher, uri)) {
                    for (Iterator<GopherItem> each = items.iterator(); each.hasNext(); ) {
                        out.println(Listing.gopher(each.next(), uri));
                    }
                } catch (UncheckedIOException failure) {
                    throw unwrapped(failure);
                }
            } else {
                throw new InternetException(InternetError.INVALID_OPERATION, "ls lists FTP and SFTP directories and"
                        + " Gopher menus; " + uri.getScheme() + ": URLs have no listing (use inetkit get)");
            }
        }
        out.flush();
        return 0;
    }

    /**
     * A directory's entries, a file's own entry, or a pattern's matches. A listing of a missing
     * directory is empty, not an error, on many servers; changing into it first gives the server's
     * refusal instead, as curl does.
     */
    private static Stream<FtpEntry> entries(FtpSession ftp, String path) throws InternetException {
        if (path.isEmpty() || path.indexOf('*') >= 0 || path.indexOf('?') >= 0) {
            return ftp.listStream(path);
        }
        try {
            ftp.cd(path);
        } catch (InternetException notADirectory) {
            if (notADirectory.error() != InternetError.EXTENDED_ERROR) {
                throw notADirectory;
            }
            // A file's own entry: one, which list() holds as well as a stream would.
            List<FtpEntry> file = path.endsWith("/") ? List.of() : ftp.list(path);
            if (file.isEmpty()) {
                throw notADirectory;
            }
            return file.stream();
        }
        return ftp.listStream();
    }

    /**
     * The failure a listing stream met after its first entry, as the one exception the error line
     * reports: streams wrap it, as {@code Files.list} does.
     */
    private static IOException unwrapped(UncheckedIOException failure) {
        return failure.getCause();
    }

    private static Stream<GopherItem> gopher(GopherSession gopher, URI uri) throws InternetException {
        GopherUrl location = GopherUrl.parse(uri.toString());
        if (location.type() != '1' && !(location.type() == '7' && location.search().isPresent())) {
            throw new InternetException(InternetError.GOPHER_INCORRECT_LOCATOR_TYPE, "ls lists Gopher menus (type 1)"
                    + " and searches (type 7 with a %09 query); this URL names an item of type '" + location.type()
                    + "' (use inetkit get)");
        }
        // A search's results are a list, bounded by Limits.maxListEntries; a menu streams.
        return location.search().isPresent()
                ? gopher.search(location.selector(), location.search().get()).stream()
                : gopher.menuStream(location.selector());
    }
}
