package io.inetkit.mirror;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.sftp.SftpEntry;
import io.inetkit.sftp.SftpSession;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * An SFTP session's tree. Every path it sends is absolute, so that nothing depends on the session's
 * working directory; a listing reports links as links ({@code lstat}), so none is followed.
 */
final class SftpTree implements RemoteTree {

    private final SftpSession sftp;
    private String home;

    SftpTree(SftpSession sftp) {
        this.sftp = sftp;
    }

    @Override
    public Stream<TreeEntry> list(String directory) throws InternetException {
        String absolute = absolute(directory);
        try {
            // A listing reports a missing directory only once streamed; the mirror makes a missing
            // upload target when the listing fails at once, as FTP's 550 to CWD.
            sftp.stat(absolute);
        } catch (InternetException e) {
            throw e.error() == InternetError.FILE_NOT_FOUND
                    ? new InternetException(InternetError.EXTENDED_ERROR, e.getMessage(), e) : e;
        }
        return sftp.listStream(absolute).map(entry -> entry(absolute, entry));
    }

    private TreeEntry entry(String directory, SftpEntry entry) {
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
        sftp.get(absolute(file.location()), localFile);
    }

    @Override
    public String child(String directory, String name) {
        return TreePaths.child(directory, name);
    }

    @Override
    public void mkdir(String directory) throws InternetException {
        sftp.mkdir(absolute(directory));
    }

    @Override
    public void upload(Path localFile, String location) throws InternetException {
        String target = absolute(location);
        // SFTP version 3 never renames onto an existing file.
        new PartUpload(sftp::put, sftp::rename, sftp::delete,
                refused -> refused.error() != InternetError.FILE_NOT_FOUND && exists(target))
                .upload(localFile, target);
    }

    private boolean exists(String path) {
        try {
            sftp.stat(path);
            return true;
        } catch (InternetException e) {
            return false;
        }
    }

    @Override
    public void delete(TreeEntry entry) throws InternetException {
        sftp.delete(absolute(entry.location()));
    }

    @Override
    public void rmdir(String directory) throws InternetException {
        sftp.rmdir(absolute(directory));
    }

    private String absolute(String path) throws InternetException {
        if (path.startsWith("/")) {
            return path;
        }
        if (home == null) {
            home = sftp.pwd();
        }
        return path.isEmpty() ? home : child(home, path);
    }
}
