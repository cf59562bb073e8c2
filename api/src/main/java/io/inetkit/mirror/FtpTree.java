package io.inetkit.mirror;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ftp.FtpEntry;
import io.inetkit.ftp.FtpSession;
import java.nio.file.Path;
import java.util.stream.Stream;

/** An FTP session's tree. Every path it sends is absolute, so that no command depends on the last {@code CWD}. */
final class FtpTree implements RemoteTree {

    private final FtpSession ftp;
    private final PartUpload uploads;
    private String home;

    FtpTree(FtpSession ftp) {
        this.ftp = ftp;
        // Some servers (Apache FtpServer) refuse to rename onto an existing file, with a 5xx reply.
        this.uploads = new PartUpload(ftp::put, ftp::rename, ftp::delete,
                refused -> refused.error() == InternetError.EXTENDED_ERROR);
    }

    @Override
    public Stream<TreeEntry> list(String directory) throws InternetException {
        String absolute = absolute(directory);
        // CWD and a listing of the current directory: a path given to LIST would be a pattern on
        // servers that glob, and a directory named "a*" would list something else.
        ftp.cd(absolute);
        return ftp.listStream().map(entry -> entry(absolute, entry));
    }

    private TreeEntry entry(String directory, FtpEntry entry) {
        TreeEntry.Kind kind = switch (entry.type()) {
            case FILE -> TreeEntry.Kind.FILE;
            case DIRECTORY -> TreeEntry.Kind.DIRECTORY;
            case SYMBOLIC_LINK -> TreeEntry.Kind.LINK;
            case OTHER -> TreeEntry.Kind.SPECIAL;
        };
        return new TreeEntry(entry.name(), kind, entry.size(), entry.modified(), child(directory, entry.name()));
    }

    @Override
    public void download(TreeEntry file, Path localFile) throws InternetException {
        // The lister's size, moments old, in place of a SIZE per file: the session checks it
        // against the size the server gives as the transfer begins, so a changed file fails.
        if (file.size().isPresent() && file.size().getAsLong() >= 0) {
            ftp.get(file.location(), localFile, file.size().getAsLong());
        } else {
            ftp.get(file.location(), localFile);
        }
    }

    @Override
    public String child(String directory, String name) {
        return TreePaths.child(directory, name);
    }

    @Override
    public void mkdir(String directory) throws InternetException {
        ftp.mkdir(absolute(directory));
    }

    @Override
    public void upload(Path localFile, String location) throws InternetException {
        uploads.upload(localFile, absolute(location));
    }

    @Override
    public void delete(TreeEntry entry) throws InternetException {
        ftp.delete(absolute(entry.location()));
    }

    @Override
    public void rmdir(String directory) throws InternetException {
        String absolute = absolute(directory);
        // Out of it first: the listing that found it empty left the session inside, and servers
        // refuse to remove the working directory.
        int slash = absolute.lastIndexOf('/', absolute.length() - 2);
        ftp.cd(slash <= 0 ? "/" : absolute.substring(0, slash));
        ftp.rmdir(absolute);
    }

    private String absolute(String path) throws InternetException {
        if (path.startsWith("/")) {
            return path;
        }
        if (home == null) {
            home = ftp.pwd();
        }
        return path.isEmpty() ? home : child(home, path);
    }
}
