package io.inetkit.mirror;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ftp.FtpSession;
import io.inetkit.gopher.GopherSession;
import io.inetkit.sftp.SftpSession;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A server's directory tree as {@link Mirror} walks it: a directory's entries as a stream, a file
 * fetched into a local file, and, on a server that takes uploads, directories made and files
 * stored and removed. One tree is one session; a mirror with parallel transfers is given several.
 * A provider's own session type becomes a tree through a few lines like {@link #of(FtpSession)}.
 */
public interface RemoteTree {

    /**
     * The entries of a directory, streamed as the server sends them; closing the stream ends the
     * listing. A failure after the first entry is thrown as an {@code UncheckedIOException}
     * around the {@link InternetException}.
     *
     * @param directory a directory's location, as the mirror was given it or as {@link TreeEntry#location()}
     */
    Stream<TreeEntry> list(String directory) throws InternetException;

    /**
     * Fetches a file into {@code localFile} whole or not at all: through a part file beside it
     * ({@code io.inetkit.spi.PartFile}), moved onto it only when complete.
     */
    void download(TreeEntry file, Path localFile) throws InternetException;

    /** The location of an entry named {@code name} inside {@code directory}, for one that does not exist yet. */
    String child(String directory, String name);

    /** Makes a directory. */
    default void mkdir(String directory) throws InternetException {
        throw readOnly();
    }

    /**
     * Stores a local file at {@code location} whole or not at all: under a temporary name first,
     * renamed onto {@code location} only when the server has it all.
     */
    default void upload(Path localFile, String location) throws InternetException {
        throw readOnly();
    }

    /** Removes a file (or link, or special file). */
    default void delete(TreeEntry entry) throws InternetException {
        throw readOnly();
    }

    /** Removes an empty directory. */
    default void rmdir(String directory) throws InternetException {
        throw readOnly();
    }

    /** An FTP session's directories, by absolute paths; relative ones are taken from the login directory. */
    static RemoteTree of(FtpSession ftp) {
        return new FtpTree(ftp);
    }

    /**
     * An SFTP session's directories, by absolute paths; relative ones are taken from the login
     * directory. Symbolic links are {@link TreeEntry.Kind#LINK}: reported, never followed.
     */
    static RemoteTree of(SftpSession sftp) {
        return new SftpTree(sftp);
    }

    /**
     * A Gopher server's menus as directories. Items of another host or port than {@code host} and
     * {@code port} (the server's, as a menu names it) are {@link TreeEntry.Kind#ELSEWHERE}.
     */
    static RemoteTree of(GopherSession gopher, String host, int port) {
        return new GopherTree(gopher, host, port);
    }

    private static InternetException readOnly() {
        return new InternetException(InternetError.NOT_SUPPORTED, "this server's tree takes no uploads");
    }
}
