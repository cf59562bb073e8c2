package io.inetkit.ftp;

import io.inetkit.InternetException;
import io.inetkit.Session;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A logged-in FTP or FTPS session: WinINet's FTP functions on an {@code InternetConnect} handle of
 * {@link io.inetkit.Service#FTP}.
 *
 * <pre>{@code
 * try (FtpSession ftp = internet.connect(ConnectRequest.newBuilder(Service.FTP, "ftp.example.org")
 *         .flags(ConnectFlag.PASSIVE).build())) {
 *     for (FtpEntry entry : ftp.list("/pub/*.txt")) {
 *         System.out.println(entry.name() + " " + entry.size().orElse(-1));
 *     }
 *     ftp.get("/pub/readme.txt", Path.of("readme.txt"));
 * }
 * }</pre>
 *
 * <p>As in WinINet, one transfer runs at a time: while a stream from {@link #openRead} or
 * {@link #openWrite} is open, every other operation fails with
 * {@link io.inetkit.InternetError#FTP_TRANSFER_IN_PROGRESS}; closing the stream ends the transfer.
 * A path, user or password holding CR, LF or NUL is refused before anything is sent. A server's
 * refusal fails with its reply in {@link InternetException#serverReply()} and {@link #lastResponse()},
 * and the error Wine's WinINet gives it: 530 {@link io.inetkit.InternetError#LOGIN_FAILURE}, 421
 * {@link io.inetkit.InternetError#FTP_DROPPED}, 425 {@link io.inetkit.InternetError#CANNOT_CONNECT},
 * 426 {@link io.inetkit.InternetError#CONNECTION_ABORTED}, a refused PASV
 * {@link io.inetkit.InternetError#FTP_NO_PASSIVE_MODE}, any other
 * {@link io.inetkit.InternetError#EXTENDED_ERROR}. Local files that cannot be read or written fail
 * with {@link io.inetkit.InternetError#FILE_NOT_FOUND}, {@link io.inetkit.InternetError#ACCESS_DENIED}
 * or {@link io.inetkit.InternetError#DISK_FULL}.
 */
public interface FtpSession extends Session {

    /**
     * Lists a directory, or the entries matching a pattern: WinINet's {@code FtpFindFirstFile}, all
     * entries at once. The listing is held in memory, so it is bounded: past
     * {@link io.inetkit.Limits#maxListEntries()} entries or {@link io.inetkit.Limits#maxListBytes()}
     * bytes from the server it fails with {@link io.inetkit.InternetError#CONNECTION_ABORTED}, naming
     * the limit, and the session goes on. {@link #listStream(String)} reads a listing of any length.
     *
     * @param pattern a directory, a file, or a wildcard pattern such as {@code *.txt} or
     *     {@code /pub/*.iso}; empty for the current directory
     */
    List<FtpEntry> list(String pattern) throws InternetException;

    /** Lists the current directory. */
    default List<FtpEntry> list() throws InternetException {
        return list("");
    }

    /**
     * Lists a directory, or the entries matching a pattern, one entry at a time: WinINet's
     * {@code FtpFindFirstFile} and {@code InternetFindNextFile}, as {@link java.nio.file.Files#list}
     * has them. Each entry is read from the server as the stream is consumed and is not kept, so a
     * listing of any length takes the memory of one entry (bounded by
     * {@link io.inetkit.Limits#maxLineBytes()}).
     *
     * <pre>{@code
     * try (Stream<FtpEntry> entries = ftp.listStream("/pub")) {
     *     entries.filter(FtpEntry::isFile)
     *             .limit(100)
     *             .forEach(e -> System.out.println(e.name() + " " + e.size().orElse(-1)));
     * }
     * }</pre>
     *
     * <p>Errors before the first entry (a refusal such as 550, a closed session, a data connection
     * that cannot be opened) are thrown from this method. Errors while the stream is read (the data
     * connection failing, an entry longer than the limit, the server refusing the listing at its end)
     * are thrown as an {@link java.io.UncheckedIOException} whose cause is the
     * {@link InternetException}.
     *
     * <p>The stream holds the session's data connection: until it is closed, or read to its end,
     * other operations fail with {@link io.inetkit.InternetError#FTP_TRANSFER_IN_PROGRESS}, as with
     * {@link #openRead}. Close it, best with try-with-resources. Closing it early closes the data
     * connection and reads the server's answer to that (426, or 226 if it had sent everything) for at
     * most the read time-out (5 s at most); the session then goes on. A server that does not answer in
     * that time has its connection ended, and the session's later operations fail with
     * {@link io.inetkit.InternetError#FTP_DROPPED}. Closing the session closes the stream. The stream
     * is not thread-safe, and is sequential.
     *
     * @param pattern a directory, a file, or a wildcard pattern such as {@code *.txt} or
     *     {@code /pub/*.iso}; empty for the current directory
     */
    Stream<FtpEntry> listStream(String pattern) throws InternetException;

    /** Lists the current directory one entry at a time: see {@link #listStream(String)}. */
    default Stream<FtpEntry> listStream() throws InternetException {
        return listStream("");
    }

    /**
     * Downloads a file to a local path: {@code FtpGetFile}. The data goes to a temporary file beside
     * the target, renamed to it only when the transfer is complete, so a failure never leaves a
     * partial file under the target's name. With {@link FtpGetOption#RESUME} the data goes into the
     * target itself, from its length on ({@code REST}), so that a failure leaves what arrived there
     * for the next resume; a target as long as the remote file is left as it is.
     * Closing the session, or interrupting the thread, during the download ends it with
     * {@link io.inetkit.InternetError#OPERATION_CANCELLED}: an interrupt at once in binary passive
     * mode over plain FTP without a proxy, where the data comes through a channel, and otherwise at
     * the next block of data the file gets, which a stalled server delays to the read timeout.
     *
     * @throws InternetException {@link io.inetkit.InternetError#FILE_EXISTS} if the target exists
     *     and {@link FtpGetOption#FAIL_IF_EXISTS} is given
     */
    void get(String remotePath, Path localFile, TransferType type, FtpGetOption... options)
            throws InternetException;

    /** Downloads a file in binary mode, replacing the local file. */
    default void get(String remotePath, Path localFile) throws InternetException {
        get(remotePath, localFile, TransferType.BINARY);
    }

    /**
     * Downloads a file in binary mode, replacing the local file, when a listing just gave its
     * length: as {@link #get(String, Path)}, with {@code listedSize} in place of the {@code SIZE}
     * that would be asked first, which saves a round trip per file of a tree. The download must be
     * {@code listedSize} bytes long, and the size the server's {@code 150} reply gives (its size at
     * the moment the transfer began), where it gives one, must be the same: a file that changed
     * since it was listed fails with {@link io.inetkit.InternetError#CONNECTION_ABORTED}, as a
     * short one does, and nothing is left under the local file's name. An implementation that does
     * not know the listing's worth may ignore it, as this default does, and ask the server.
     *
     * @param listedSize the file's length in bytes, as listed
     * @throws IllegalArgumentException if {@code listedSize} is negative
     */
    default void get(String remotePath, Path localFile, long listedSize) throws InternetException {
        if (listedSize < 0) {
            throw new IllegalArgumentException("a listed size cannot be negative: " + listedSize);
        }
        get(remotePath, localFile);
    }

    /**
     * Uploads a local file: {@code FtpPutFile}. FTP ends a file by closing the data connection, so
     * a connection cut early can look to the server like the end of a shorter file. After a binary
     * upload the provider therefore asks the server's {@code SIZE} (where the server has it): a
     * shorter file is removed and the upload fails with
     * {@link io.inetkit.InternetError#CONNECTION_ABORTED}. ASCII uploads are not checked.
     * Interrupting the thread during the upload ends it with
     * {@link io.inetkit.InternetError#OPERATION_CANCELLED}, at the next block of the file; when the
     * server then answers success for the part it received (within a few seconds), that part is
     * removed. Where it answers failure the file is left as the server keeps it, which a server that
     * stores atomically keeps as the earlier version.
     */
    void put(Path localFile, String remotePath, TransferType type) throws InternetException;

    /**
     * Uploads a local file with options. With {@link FtpPutOption#RESUME} (binary only) the upload
     * continues what an earlier one left on the server: {@code SIZE} of the remote file (none there:
     * the whole file), then the local file from that offset with {@code APPE}, as curl's
     * {@code -C -} does; the local file must be at least as long as the remote one. A resumed upload
     * that fails leaves on the server what it received, for the next resume, and a complete one is
     * checked with {@code SIZE} against the local file's length.
     *
     * @throws InternetException {@link io.inetkit.InternetError#INVALID_OPERATION} when the remote
     *     file is longer than the local one; {@link io.inetkit.InternetError#NOT_SUPPORTED} when the
     *     server has no {@code SIZE}, or the provider cannot resume uploads
     */
    default void put(Path localFile, String remotePath, TransferType type, FtpPutOption... options)
            throws InternetException {
        for (FtpPutOption option : options) {
            if (option == FtpPutOption.RESUME) {
                throw new InternetException(io.inetkit.InternetError.NOT_SUPPORTED,
                        "this FTP provider cannot resume uploads");
            }
        }
        put(localFile, remotePath, type);
    }

    /** Uploads a local file in binary mode. */
    default void put(Path localFile, String remotePath) throws InternetException {
        put(localFile, remotePath, TransferType.BINARY);
    }

    /**
     * Opens a file for reading: {@code FtpOpenFile} with {@code GENERIC_READ}. Close the stream to
     * end the transfer; reading ends early with an {@link InternetException} if the transfer fails.
     */
    InputStream openRead(String remotePath, TransferType type) throws InternetException;

    /**
     * Opens a file for reading in binary mode from a byte offset: {@code REST} then {@code RETR}, for
     * a resumed or segmented download. The stream ends at the file's end; close it earlier to read
     * only a part, which aborts the transfer and leaves the session usable.
     *
     * @throws InternetException {@link io.inetkit.InternetError#INVALID_PARAMETER} for a negative
     *     offset; the server's refusal of {@code REST} as for any command
     */
    InputStream openRead(String remotePath, long offset) throws InternetException;

    /**
     * As {@link #openRead(String, long)}, for a file known to be {@code size} bytes long (a segment of
     * a file whose size an earlier session learned): the {@code SIZE} that bounds the transfer must
     * say {@code size}, or nothing is read. The default asks {@link #size} first; a provider that asks
     * {@code SIZE} before {@code RETR} anyway checks that answer, with no round trip more.
     *
     * @throws InternetException {@link io.inetkit.InternetError#FORCE_RETRY} when the file has another
     *     size now; {@link io.inetkit.InternetError#INVALID_PARAMETER} for a negative offset or size
     */
    default InputStream openRead(String remotePath, long offset, long size) throws InternetException {
        if (size < 0) {
            throw new InternetException(io.inetkit.InternetError.INVALID_PARAMETER, "size " + size + " is negative");
        }
        long now = size(remotePath);
        if (now != size) {
            throw new InternetException(io.inetkit.InternetError.FORCE_RETRY, remotePath + " is " + now
                    + " bytes now, not " + size + ": it changed");
        }
        return openRead(remotePath, offset);
    }

    /**
     * Opens a file for writing: {@code FtpOpenFile} with {@code GENERIC_WRITE}. Closing the stream
     * ends the transfer and reports the server's verdict as an {@link InternetException}; a binary
     * upload is checked with {@code SIZE} as {@link #put(Path, String, TransferType)} describes.
     */
    OutputStream openWrite(String remotePath, TransferType type) throws InternetException;

    /** Deletes a file: {@code FtpDeleteFile}, DELE. */
    void delete(String path) throws InternetException;

    /** Renames a file or directory: {@code FtpRenameFile}, RNFR and RNTO. */
    void rename(String from, String to) throws InternetException;

    /** Creates a directory: {@code FtpCreateDirectory}, MKD. */
    void mkdir(String path) throws InternetException;

    /** Removes an empty directory: {@code FtpRemoveDirectory}, RMD. */
    void rmdir(String path) throws InternetException;

    /** Changes the current directory: {@code FtpSetCurrentDirectory}, CWD. */
    void cd(String path) throws InternetException;

    /** The current directory: {@code FtpGetCurrentDirectory}, PWD. */
    String pwd() throws InternetException;

    /** The size of a file in bytes: {@code FtpGetFileSize}, SIZE. */
    long size(String path) throws InternetException;

    /**
     * Sends a raw command and returns the reply, whatever its code: {@code FtpCommand}. A command
     * that needs a data connection (LIST, RETR, STOR...) or changes the session's state behind its
     * back (USER, PASS, AUTH, PASV, PORT...) is refused with
     * {@link io.inetkit.InternetError#INVALID_OPERATION}; use the operations above.
     */
    FtpReply command(String command) throws InternetException;
}
