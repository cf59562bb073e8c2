package io.inetkit.sftp;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Session;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A logged-in SFTP session ({@link io.inetkit.Service#SFTP}): the FTP session's file operations,
 * with SFTP's own additions ({@link #stat}, {@link #chmod}, links reported as such) and without
 * FTP's transfer type, which SFTP does not have. Paths are the server's: relative ones are resolved
 * against the working directory, which {@link #cd} changes on the client's side (SFTP has no
 * server-side working directory).
 *
 * <p>A download to a file ({@link #get}) is written to a {@code .part} file beside the target and
 * moved onto it only when it is complete: a failure, a close or a short file leave the target as it
 * was. Operations on one session run one at a time.
 */
public interface SftpSession extends Session {

    /**
     * The entries of a directory ({@code ""} for the working directory), with their attributes,
     * {@code .} and {@code ..} left out.
     *
     * @throws InternetException {@code ERROR_FILE_NOT_FOUND}; {@code ERROR_INTERNET_EXTENDED_ERROR}
     *     when the listing is longer than {@code Limits.maxListEntries} or {@code maxListBytes}
     */
    List<SftpEntry> list(String directory) throws InternetException;

    /** The working directory's entries. */
    default List<SftpEntry> list() throws InternetException {
        return list("");
    }

    /**
     * The entries of a directory as they arrive, of any length; close the stream (it holds the
     * session until closed).
     */
    Stream<SftpEntry> listStream(String directory) throws InternetException;

    /**
     * Downloads a file to a local file: atomically (see the class doc), checked against the size
     * the server gave when it was opened.
     *
     * @throws InternetException {@code ERROR_FILE_EXISTS} with {@link SftpGetOption#FAIL_IF_EXISTS},
     *     {@code ERROR_FILE_NOT_FOUND}, {@code ERROR_ACCESS_DENIED}, transport errors
     */
    void get(String remotePath, Path localFile, SftpGetOption... options) throws InternetException;

    /** Uploads a local file, replacing the remote one. */
    void put(Path localFile, String remotePath) throws InternetException;

    /**
     * Uploads a local file with options; without any, as {@link #put(Path, String)}.
     *
     * <pre>{@code
     * sftp.put(Path.of("big.iso"), "big.iso", SftpPutOption.RESUME);
     * }</pre>
     *
     * @throws InternetException {@code ERROR_INVALID_OPERATION} with {@link SftpPutOption#RESUME}
     *     when the remote file is longer than the local one; {@code ERROR_NOT_SUPPORTED} when the
     *     provider cannot resume uploads
     */
    default void put(Path localFile, String remotePath, SftpPutOption... options) throws InternetException {
        for (SftpPutOption option : options) {
            if (option == SftpPutOption.RESUME) {
                throw new InternetException(InternetError.NOT_SUPPORTED, "this SFTP provider cannot resume uploads");
            }
        }
        put(localFile, remotePath);
    }

    /** A stream of a remote file's bytes; close it to release the session. */
    InputStream openRead(String remotePath) throws InternetException;

    /**
     * A stream of a remote file's bytes from byte {@code offset} on (SFTP reads at an offset, so
     * nothing before it is sent); close it to release the session. Segmented downloads read each
     * segment through this.
     *
     * @throws InternetException {@code ERROR_NOT_SUPPORTED} when the provider cannot read from an
     *     offset
     */
    default InputStream openRead(String remotePath, long offset) throws InternetException {
        throw new InternetException(InternetError.NOT_SUPPORTED, "this SFTP provider cannot read from an offset");
    }

    /** A stream that writes a remote file, replacing it; close it to finish. */
    OutputStream openWrite(String remotePath) throws InternetException;

    /** Deletes a file. */
    void delete(String path) throws InternetException;

    /**
     * Renames a file or directory. SFTP version 3 never replaces: when {@code to} exists, the
     * server refuses and this fails (OpenSSH's {@code posix-rename} is not used).
     */
    void rename(String from, String to) throws InternetException;

    /** Creates a directory. */
    void mkdir(String path) throws InternetException;

    /** Removes an empty directory. */
    void rmdir(String path) throws InternetException;

    /** Changes the working directory, after checking that it is one. */
    void cd(String path) throws InternetException;

    /** The working directory, absolute. */
    String pwd() throws InternetException;

    /** A file's size in bytes. */
    long size(String path) throws InternetException;

    /** A path's attributes; a symbolic link's own, not its target's ({@code lstat}). */
    SftpEntry stat(String path) throws InternetException;

    /** Sets a path's permission bits ({@code 0644}). */
    void chmod(String path, int permissions) throws InternetException;

    /** What a symbolic link points to. */
    String readLink(String path) throws InternetException;
}
