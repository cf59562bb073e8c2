package io.inetkit.provider.ftp.internal;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import io.inetkit.ftp.FtpEntry;
import io.inetkit.ftp.FtpGetOption;
import io.inetkit.ftp.FtpPutOption;
import io.inetkit.ftp.FtpReply;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.TransferType;
import io.inetkit.spi.AbstractSession;
import io.inetkit.spi.PartFile;
import io.inetkit.spi.SessionSupport;
import io.inetkit.spi.Sockets;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPFileEntryParser;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.parser.MLSxEntryParser;
import org.apache.commons.net.io.CopyStreamException;
import org.apache.commons.net.io.SocketInputStream;

/**
 * A session handle over a shared {@link FtpConnection}: WinINet's FTP functions with its rules
 * (one transfer at a time, refusals as {@code ERROR_INTERNET_EXTENDED_ERROR} with the reply). Every
 * operation holds the connection's lock from its first command to its last reply, so handles that
 * share the connection take turns instead of mixing replies.
 */
final class FtpSessionImpl extends AbstractSession implements FtpSession {

    private static final Pattern UNIX_PERMISSIONS = Pattern.compile("^[-dlcbps]([-rwxsStT]{9})");
    private static final Pattern MLSD_MODE = Pattern.compile("(?i)(?:^|;)UNIX\\.mode=(\\d+);");
    private static final Pattern MLSD_PERM = Pattern.compile("(?i)(?:^|;)perm=([a-z]*);");

    private final FtpConnection connection;
    private final AutoCloseable canceller;
    private volatile String lastUpload = "";
    private volatile String lastDownload = "";

    FtpSessionImpl(SessionSupport support, FtpConnection connection) {
        super(support);
        this.connection = connection;
        this.canceller = connection::cancel;
    }

    /**
     * Starts an operation under the connection's lock. Until {@link #end()}, closing this session
     * cancels it ({@link FtpConnection#cancel()}): a close must not wait for a stalled server.
     */
    private FTPClient begin(boolean revivable) throws InternetException {
        ensureOpen();
        connection.begin(status(), revivable);
        support().track(canceller);
        return connection.client();
    }

    private void end() {
        support().untrack(canceller);
    }

    @Override
    public Optional<String> lastResponse() {
        String reply = connection.lastReply();
        return reply.isEmpty() ? Optional.empty() : Optional.of(reply);
    }

    // ---------------------------------------------------------------- listing

    /**
     * The listing, bounded by {@link Limits#maxListEntries()} and {@link Limits#maxListBytes()}: past
     * either, the listing is abandoned (the session goes on) and the error suggests {@link #listStream}.
     * It holds the connection's lock throughout, as every operation but the open streams does.
     */
    @Override
    public List<FtpEntry> list(String pattern) throws InternetException {
        Checks.noControlCharacters(pattern, "pattern");
        String what = "listing " + describe(pattern);
        Limits limits = connection.limits();
        return run(what, client -> {
            try (Listing listing = openListing(client, pattern, what, limits.maxListBytes())) {
                List<FtpEntry> entries = new ArrayList<>();
                FtpEntry entry;
                while ((entry = listing.next()) != null) {
                    if (entries.size() == limits.maxListEntries()) {
                        throw ListingReader.exceeded(what, connection.where(), "a listing of more than "
                                + limits.maxListEntries() + " entries", "maxListEntries");
                    }
                    entries.add(entry);
                }
                return List.copyOf(entries);
            }
        });
    }

    @Override
    public Stream<FtpEntry> listStream(String pattern) throws InternetException {
        Checks.noControlCharacters(pattern, "pattern");
        String what = "listing " + describe(pattern);
        Listing listing = run(what, client -> {
            Listing opened = openListing(client, pattern, what, Long.MAX_VALUE);
            if (opened.isOpen()) {
                connection.startTransfer(opened);
                try {
                    support().track(opened); // closed with the session
                } catch (InternetException e) {
                    opened.close();
                    throw e;
                }
            }
            return opened;
        });
        return listing.stream();
    }

    /**
     * Sends {@code MLSD} (where the server has it) or {@code LIST} for the directory of
     * {@code pattern}, keeping the names its last part matches if it has wildcards.
     *
     * @param maxBytes the most bytes the listing may have
     * @throws InternetException the server's refusal, or a system ({@code SYST}) no parser reads
     */
    private Listing openListing(FTPClient client, String pattern, String what, long maxBytes) throws IOException {
        int slash = pattern.lastIndexOf('/');
        String last = pattern.substring(slash + 1);
        boolean wildcard = Glob.hasWildcard(last);
        String directory = !wildcard ? pattern : slash < 0 ? "" : slash == 0 ? "/" : pattern.substring(0, slash);
        Pattern filter = wildcard ? Glob.compile(last) : null;
        FTPFileEntryParser parser;
        try {
            parser = connection.supportsMlsd() ? MLSxEntryParser.getInstance() : connection.listParser();
        } catch (RuntimeException e) {
            // ParserInitializationException: a SYST that names no system Commons Net has a parser for.
            throw new InternetException(InternetError.EXTENDED_ERROR, "the listing of " + describe(pattern)
                    + " from " + connection.where() + " cannot be parsed: " + e.getMessage(), connection.lastReply(),
                    e);
        }
        Socket data = connection.client().openListing(connection.supportsMlsd() ? "MLSD" : "LIST",
                directory.isEmpty() ? null : directory);
        if (data == null) {
            if (connection.supportsMlsd() && filter == null && !directory.isEmpty()
                    && FTPReply.isNegativePermanent(client.getReplyCode())) {
                // Not a directory, perhaps a file: FtpFindFirstFile finds files too.
                FTPFile one = client.mlistFile(directory);
                if (one != null) {
                    return Listing.of(this, connection, entry(one));
                }
            }
            throw connection.refused(what + " on " + connection.where() + " failed");
        }
        ListingReader reader;
        try {
            reader = new ListingReader(data.getInputStream(), Charset.forName(client.getControlEncoding()),
                    connection.limits(), maxBytes, what, connection.where());
        } catch (IOException e) {
            Sockets.closeQuietly(data);
            throw e;
        }
        return new Listing(this, connection, data, reader, parser, filter, what);
    }

    private static String describe(String pattern) {
        return pattern.isEmpty() ? "the current directory" : pattern;
    }

    static FtpEntry entry(FTPFile file) {
        String name = file.getName();
        int slash = name.lastIndexOf('/');
        if (slash >= 0 && slash < name.length() - 1) {
            name = name.substring(slash + 1);
        }
        FtpEntry.Type type = switch (file.getType()) {
            case FTPFile.FILE_TYPE -> FtpEntry.Type.FILE;
            case FTPFile.DIRECTORY_TYPE -> FtpEntry.Type.DIRECTORY;
            case FTPFile.SYMBOLIC_LINK_TYPE -> FtpEntry.Type.SYMBOLIC_LINK;
            default -> FtpEntry.Type.OTHER;
        };
        OptionalLong size = file.getSize() >= 0 ? OptionalLong.of(file.getSize()) : OptionalLong.empty();
        Optional<Instant> modified = file.getTimestamp() == null ? Optional.empty()
                : Optional.of(file.getTimestamp().toInstant());
        return new FtpEntry(name, type, size, modified, permissions(file.getRawListing()));
    }

    private static Optional<String> permissions(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        Matcher unix = UNIX_PERMISSIONS.matcher(raw);
        if (unix.find()) {
            return Optional.of(unix.group(1));
        }
        String facts = raw.indexOf(' ') > 0 ? raw.substring(0, raw.indexOf(' ')) : raw;
        Matcher mode = MLSD_MODE.matcher(facts);
        if (mode.find()) {
            try {
                return Optional.of(rwx(Integer.parseInt(mode.group(1), 8)));
            } catch (NumberFormatException e) {
                return Optional.empty(); // not an octal mode, e.g. UNIX.mode=999
            }
        }
        Matcher perm = MLSD_PERM.matcher(facts);
        return perm.find() ? Optional.of(perm.group(1)) : Optional.empty();
    }

    private static String rwx(int mode) {
        String letters = "rwxrwxrwx";
        StringBuilder text = new StringBuilder(9);
        for (int i = 0; i < 9; i++) {
            text.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return text.toString();
    }

    // ---------------------------------------------------------------- transfers

    @Override
    public void get(String remotePath, Path localFile, TransferType type, FtpGetOption... options)
            throws InternetException {
        get(remotePath, localFile, type, -1, options);
    }

    @Override
    public void get(String remotePath, Path localFile, long listedSize) throws InternetException {
        if (listedSize < 0) {
            throw new IllegalArgumentException("a listed size cannot be negative: " + listedSize);
        }
        get(remotePath, localFile, TransferType.BINARY, listedSize);
    }

    /** {@code listedSize}: the length a listing gave, in place of SIZE; -1 to ask the server. */
    private void get(String remotePath, Path localFile, TransferType type, long listedSize, FtpGetOption... options)
            throws InternetException {
        Checks.path(remotePath, "remote path");
        Objects.requireNonNull(localFile, "localFile");
        Objects.requireNonNull(type, "type");
        Set<FtpGetOption> chosen = options.length == 0 ? EnumSet.noneOf(FtpGetOption.class)
                : EnumSet.copyOf(Arrays.asList(options));
        boolean failIfExists = chosen.contains(FtpGetOption.FAIL_IF_EXISTS);
        Path target = localFile.toAbsolutePath();
        if (failIfExists && Files.exists(target)) {
            throw new InternetException(InternetError.FILE_EXISTS, target + " exists; nothing was downloaded");
        }
        String what = "downloading " + remotePath;
        run(what, true, ignored -> {
            PartFile part = null;
            boolean transferring = false;
            try {
                boolean resume = chosen.contains(FtpGetOption.RESUME);
                long offset = resume && Files.isRegularFile(target) ? Files.size(target) : 0;
                Resumption resumption = new Resumption(connection, support(), what, offset);
                resumption.ensureLoggedIn();
                Path file = null;
                long expected = -1;
                long from = offset;
                InternetException changed = null;
                while (true) {
                    try {
                        connection.type(type);
                        if (file == null) {
                            expected = type != TransferType.BINARY ? -1 : listedSize >= 0 ? listedSize
                                    : remoteSize(connection.client(), remotePath);
                            if (offset > 0 && expected >= 0 && offset >= expected) {
                                if (offset == expected) {
                                    return null; // already complete
                                }
                                throw new InternetException(InternetError.INVALID_OPERATION, target + " is longer ("
                                        + offset + " bytes) than " + remotePath + " (" + expected + "); cannot resume");
                            }
                            // Resuming, the target itself: a failure leaves what came for the next resume.
                            part = resume ? null : PartFile.beside(target);
                            file = part == null ? target : part.path();
                            resumption.expect(type, expected);
                        } else if (resumption.takeLoggedInAgain() && expected >= 0) {
                            // A new control connection: the file must be the one the first part came from.
                            long now = remoteSize(connection.client(), remotePath);
                            if (now != expected) {
                                throw new InternetException(InternetError.CONNECTION_ABORTED, remotePath + " on "
                                        + connection.where() + " changed while it was downloaded: SIZE said "
                                        + expected + " bytes, and " + now + " after a new login", connection.lastReply(),
                                        null);
                            }
                            if (from == expected) {
                                break; // every byte came; only the 226 was lost with the control connection
                            }
                        }
                        long start = from;
                        long size = expected;
                        String sizeBy = listedSize >= 0 ? "the listing" : "SIZE";
                        long received;
                        if (type == TransferType.BINARY && connection.client().channelRoute()) {
                            transferring = true;
                            received = getFile(remotePath, start, expected, sizeBy, file, target);
                        } else {
                            // The 150 reply comes once the transfer has begun: the bound is taken at the first write.
                            received = getStream(connection.client(), remotePath, start, file, target,
                                    () -> announced(type, size, sizeBy, start));
                            transferring = true;
                        }
                        // Before the length check, whose failure may be resumed: a changed file must not be.
                        changed = listedSize >= 0 ? changedSinceListed(remotePath, start, listedSize) : null;
                        if (changed != null) {
                            break;
                        }
                        checkComplete(remotePath, start, received, expected, type);
                        break;
                    } catch (InternetException e) {
                        // A data or control connection cut mid-file: REST at the file's end, RETR, append.
                        from = resumption.next(e, file);
                    } catch (IOException e) {
                        if (local(e) || e instanceof CopyStreamException || connection.deadlineExpired()) {
                            throw e;
                        }
                        // The control connection failed between the transfer's commands.
                        from = resumption.next(connection.failure(e, what), file);
                    }
                }
                if (changed != null) {
                    throw changed;
                }
                if (part != null) {
                    moveIntoPlace(part, failIfExists);
                }
            } catch (IOException e) {
                boolean local = local(e);
                if (e instanceof InternetException || connection.deadlineExpired()) {
                    throw e; // run() reports the deadline's cut as such
                }
                if (!transferring && local) {
                    // Before RETR (no directory, no space for the temporary file) there is no reply to wait for.
                    throw InternetException.localFile("cannot write", target, e);
                }
                if (local || e instanceof CopyStreamException) {
                    throw localFailure(e, target);
                }
                throw e; // the connection's failure, which run() maps
            } finally {
                if (part != null) {
                    part.close(); // deletes it unless it was moved into place
                }
            }
            return null;
        });
    }

    /** Whether a failure is the local file system's. */
    private static boolean local(IOException e) {
        return e.getClass().getName().startsWith("java.nio.file");
    }

    /**
     * RETR with Commons Net's {@code retrieveFile}, through a stream: ASCII, TLS data connections,
     * active mode, proxies. Returns the bytes written to the local file, which are never more than
     * {@code announced} at the first write.
     */
    private long getStream(FTPClient client, String remotePath, long offset, Path file, Path target,
            Supplier<AnnouncedSize> announced) throws IOException {
        lastDownload = FileDownload.STREAM;
        LocalOutput out = new LocalOutput(offset > 0
                ? Files.newOutputStream(file, StandardOpenOption.APPEND)
                : Files.newOutputStream(file), announced);
        boolean ok;
        try (out) {
            client.setRestartOffset(offset);
            ok = client.retrieveFile(remotePath, out);
        } catch (CopyStreamException e) {
            // Commons Net closed the data connection on its way out.
            if (e.getIOException() instanceof AnnouncedSize.OversizedException oversized) {
                throw oversized(oversized, "downloading " + remotePath);
            }
            throw out.localFailure != null ? localFailure(out.localFailure, target)
                    : dataFailure(e, "downloading " + remotePath);
        }
        if (!ok) {
            throw connection.refused("downloading " + remotePath + " from " + connection.where() + " failed");
        }
        return out.count;
    }

    /**
     * A binary RETR in passive mode over plain FTP, no proxy: from the data connection's channel through the
     * connection's direct buffer into {@code file} (see FileDownload). Returns the bytes received.
     *
     * @param file the temporary file, or the target itself when resuming at {@code offset}
     */
    private long getFile(String remotePath, long offset, long expected, String sizeBy, Path file, Path target)
            throws IOException {
        String what = "downloading " + remotePath;
        FileChannel out;
        try {
            out = offset > 0 ? FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                    : FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw InternetException.localFile("cannot write", target, e);
        }
        try (out) {
            ProtectedFtpClient client = connection.client();
            client.setRestartOffset(offset);
            Socket data = client.openFileDownload(remotePath);
            if (data == null) {
                throw connection.refused(what + " from " + connection.where() + " failed");
            }
            FileDownload download = new FileDownload(client,
                    connection.directBuffer(expected < 0 ? -1 : expected - offset));
            lastDownload = FileDownload.route(data);
            long received;
            try {
                received = download.receive(data, out, announced(TransferType.BINARY, expected, sizeBy, offset));
            } catch (IOException e) {
                InternetException failure = e instanceof AnnouncedSize.OversizedException oversized
                        ? oversized(oversized, what) : download.localFailure() != null
                        ? localFailure(download.localFailure(), target) : dataFailure(e, what);
                settleLateReplies(download.keepAlive());
                throw failure;
            }
            InternetException refusal = client.completePendingCommand() ? null
                    : connection.refused(what + " from " + connection.where() + " failed");
            settleLateReplies(download.keepAlive());
            if (refusal != null) {
                throw refusal;
            }
            return received;
        }
    }

    /**
     * How the last download of this handle came in, set when its data connection opened: {@link FileDownload#CHANNEL}
     * or {@link FileDownload#STREAM}. For tests.
     */
    String lastDownload() {
        return lastDownload;
    }

    /** The connection this handle runs on. For tests. */
    FtpConnection connection() {
        return connection;
    }

    /** SIZE, or -1 when the server has no SIZE or refuses it for this file. */
    private long remoteSize(FTPClient client, String path) throws IOException {
        if (!connection.supportsSize()) {
            return -1;
        }
        return askSize(client, path);
    }

    /** SIZE, or -1 when the server refuses it for this file. */
    private long askSize(FTPClient client, String path) throws IOException {
        if (client.sendCommand("SIZE", path) != FTPReply.FILE_STATUS) {
            return -1;
        }
        return parseSize(client.getReplyStrings()[0]);
    }

    static long parseSize(String line) {
        try {
            return Long.parseLong(line.substring(3).trim());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * The most bytes a download's data connection may carry, from {@code SIZE} ({@code size}) or the
     * {@code 150} reply, once that came. None for ASCII, whose line ends change the length.
     */
    private AnnouncedSize announced(TransferType type, long size, long offset) {
        return announced(type, size, "SIZE", offset);
    }

    /** As {@link #announced(TransferType, long, long)}, with {@code size} told by {@code sizeBy}. */
    private AnnouncedSize announced(TransferType type, long size, String sizeBy, long offset) {
        return type == TransferType.BINARY ? AnnouncedSize.of(size, sizeBy, connection.announcedSize(), offset)
                : AnnouncedSize.NONE;
    }

    /**
     * A download of a listed size: the listing may be older than the transfer, and a file that
     * changed since then must not pass as complete at its old length, so the size the 150 reply
     * gave (the file's as the transfer began) must be the listed one, when the reply gives one.
     */
    private InternetException changedSinceListed(String remotePath, long offset, long listedSize) {
        long announced = connection.announcedSize();
        // The 150 reply counts the whole file or, resumed, what this transfer sends.
        if (announced >= 0 && announced != listedSize && announced != listedSize - offset) {
            return new InternetException(InternetError.CONNECTION_ABORTED, remotePath + " on " + connection.where()
                    + " changed since it was listed: the listing said " + listedSize + " bytes, and the server "
                    + announced + " as the download began", connection.lastReply(), null);
        }
        return null;
    }

    /** A download shorter than announced is an error even after a 226: curl's "partial file". */
    void checkComplete(String remotePath, long offset, long received, long expected, TransferType type)
            throws InternetException {
        long total = offset + received;
        // An ASCII download's length changes with line ends (a CRLF file read on Unix shrinks), so
        // the size a 150 reply gives, counted on the server's disk, says nothing about it.
        long announced = type == TransferType.BINARY ? connection.announcedSize() : -1;
        long promised = expected >= 0 ? expected : announced >= 0 && total < announced && received < announced
                ? announced : -1;
        if (promised >= 0 && total < promised) {
            throw new InternetException(InternetError.CONNECTION_ABORTED, "the download of " + remotePath + " from "
                    + connection.where() + " ended after " + total + " of " + promised + " bytes",
                    connection.lastReply(), null);
        }
    }

    private static void moveIntoPlace(PartFile part, boolean failIfExists) throws InternetException {
        if (failIfExists && Files.exists(part.target())) {
            throw new InternetException(InternetError.FILE_EXISTS, part.target() + " appeared during the download; "
                    + "nothing was written to it");
        }
        part.commit();
    }

    private InternetException localFailure(IOException e, Path target) {
        IOException cause = e instanceof CopyStreamException c && c.getIOException() != null ? c.getIOException() : e;
        connection.settleAfterDataFailure();
        return InternetException.localFile("cannot write", target, cause);
    }

    /** A download the server sent more of than it announced, its data connection closed: the server's verdict is read. */
    InternetException oversized(AnnouncedSize.OversizedException e, String what) {
        connection.settleAfterDataFailure();
        return e.error(what, connection.where(), connection.lastReply());
    }

    /** A failure of the data connection: the server's verdict is read, then the error reported. */
    InternetException dataFailure(IOException e, String what) {
        IOException cause = e instanceof CopyStreamException c && c.getIOException() != null ? c.getIOException() : e;
        if (connection.isCancelled() || connection.deadlineExpired() || cause instanceof java.net.SocketTimeoutException
                || cause instanceof javax.net.ssl.SSLException) {
            return connection.failure(cause, what);
        }
        connection.settleAfterDataFailure();
        InternetException mapped = connection.errors().of(what, cause);
        return new InternetException(mapped.error(), mapped.getMessage(), connection.lastReply(), e);
    }

    @Override
    public void put(Path localFile, String remotePath, TransferType type) throws InternetException {
        Checks.path(remotePath, "remote path");
        Objects.requireNonNull(localFile, "localFile");
        Objects.requireNonNull(type, "type");
        if (!Files.isRegularFile(localFile)) {
            throw new InternetException(InternetError.FILE_NOT_FOUND, localFile + " is not a file; nothing was sent");
        }
        run("uploading " + remotePath, uploadsLogInAgain(), ignored -> {
            loggedInForUpload();
            ProtectedFtpClient client = connection.client();
            // TLS data connections, active mode, proxies and ASCII keep Commons Net's storeFile.
            if (type == TransferType.BINARY && connection.client().channelRoute()) {
                putFile(localFile, remotePath);
                return null;
            }
            UploadCheck check = new UploadCheck(connection, remotePath);
            long sent;
            try (CountingInput in = new CountingInput(Files.newInputStream(localFile))) {
                connection.type(type);
                lastUpload = FileUpload.STREAM;
                if (!client.storeFile(remotePath, in)) {
                    throw connection.refused("uploading " + remotePath + " to " + connection.where() + " failed");
                }
                sent = in.count;
            } catch (CopyStreamException e) {
                InternetException failure = dataFailure(e, "uploading " + remotePath);
                throw check.afterFailure(failure, client.getReplyCode());
            }
            if (type == TransferType.BINARY) {
                check.verify(sent);
            }
            return null;
        });
    }

    @Override
    public void put(Path localFile, String remotePath, TransferType type, FtpPutOption... options)
            throws InternetException {
        if (!Arrays.asList(options).contains(FtpPutOption.RESUME)) {
            put(localFile, remotePath, type);
            return;
        }
        Checks.path(remotePath, "remote path");
        Objects.requireNonNull(localFile, "localFile");
        if (type != TransferType.BINARY) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "an ASCII upload cannot resume: line ends"
                    + " change its length, so no remote size names a local offset");
        }
        if (!Files.isRegularFile(localFile)) {
            throw new InternetException(InternetError.FILE_NOT_FOUND, localFile + " is not a file; nothing was sent");
        }
        String what = "uploading " + remotePath;
        run(what, uploadsLogInAgain(), ignored -> {
            loggedInForUpload();
            ProtectedFtpClient client = connection.client();
            connection.type(TransferType.BINARY);
            long local;
            try {
                local = Files.size(localFile);
            } catch (IOException e) {
                throw InternetException.localFile("cannot read", localFile, e);
            }
            long offset = remoteOffset(client, remotePath);
            if (offset > local) {
                throw new InternetException(InternetError.INVALID_OPERATION, remotePath + " on " + connection.where()
                        + " is longer (" + offset + " bytes) than " + localFile + " (" + local + "); cannot resume",
                        connection.lastReply(), null);
            }
            if (offset == local) {
                return null; // already complete
            }
            lastUpload = FileUpload.STREAM;
            long sent;
            try (InputStream file = Files.newInputStream(localFile);
                 CountingInput in = new CountingInput(file)) {
                long skipped = 0;
                while (skipped < offset) {
                    long n = file.skip(offset - skipped); // the file's own stream: skipping is a seek
                    if (n <= 0) {
                        throw InternetException.localFile("cannot read", localFile,
                                new java.io.EOFException("the file got shorter than " + offset + " bytes"));
                    }
                    skipped += n;
                }
                // APPE, as curl's -C - sends: REST before STOR is optional in RFC 3659, APPE is in RFC 959.
                if (!client.appendFile(remotePath, in)) {
                    throw connection.refused(what + " to " + connection.where() + " failed");
                }
                sent = in.count;
            } catch (CopyStreamException e) {
                // What arrived stays on the server: the next resume sends the rest.
                throw dataFailure(e, what);
            }
            long stored = remoteSize(client, remotePath);
            if (stored >= 0 && stored != local) {
                throw new InternetException(InternetError.CONNECTION_ABORTED, "the upload of " + remotePath + " to "
                        + connection.where() + " is incomplete although the server answered success: the server has "
                        + stored + " bytes of " + local + " (" + sent + " sent from " + offset + "); resume it again",
                        connection.lastReply(), null);
            }
            return null;
        });
    }

    /** Where a resumed upload starts: the remote file's size, or 0 when there is none. */
    private long remoteOffset(ProtectedFtpClient client, String remotePath) throws IOException {
        if (!connection.supportsSize()) {
            throw new InternetException(InternetError.NOT_SUPPORTED, connection.where() + " has no SIZE, so no upload"
                    + " to it can resume", connection.lastReply(), null);
        }
        int code = client.sendCommand("SIZE", remotePath);
        if (code == FTPReply.FILE_STATUS) {
            long size = parseSize(client.getReplyStrings()[0]);
            if (size < 0) {
                throw new InternetException(InternetError.CONNECTION_ABORTED, connection.where() + " broke the"
                        + " protocol: its SIZE reply names no size", connection.lastReply(), null);
            }
            return size;
        }
        if (code == FTPReply.FILE_UNAVAILABLE) {
            return 0; // no such file yet: the whole of it
        }
        throw connection.refused("asking the size of " + remotePath + " on " + connection.where() + " failed");
    }

    /**
     * A binary upload in passive mode over plain FTP, no proxy: through the connection's direct buffer, or with
     * sendfile when zero-copy is on, where the data connection allows it (see FileUpload).
     */
    private void putFile(Path localFile, String remotePath) throws IOException {
        String what = "uploading " + remotePath;
        FileChannel file;
        try {
            file = FileChannel.open(localFile);
        } catch (IOException e) {
            throw InternetException.localFile("cannot read", localFile, e);
        }
        try (file) {
            connection.type(TransferType.BINARY);
            ProtectedFtpClient client = connection.client();
            Socket data = client.openFileUpload(remotePath);
            if (data == null) {
                throw connection.refused(what + " to " + connection.where() + " failed");
            }
            FileUpload upload = new FileUpload(client, connection.directBuffer(file.size()));
            UploadCheck check = new UploadCheck(connection, remotePath);
            lastUpload = FileUpload.route(data, client.zeroCopy());
            long sent;
            try {
                sent = upload.send(file, data);
            } catch (IOException e) {
                InternetException failure = dataFailure(e, what);
                int verdict = client.getReplyCode(); // before the NOOPs' late replies replace it
                settleLateReplies(upload.keepAlive());
                throw check.afterFailure(failure, verdict);
            }
            InternetException refusal = client.completePendingCommand() ? null
                    : connection.refused(what + " to " + connection.where() + " failed");
            settleLateReplies(upload.keepAlive());
            if (refusal != null) {
                throw refusal;
            }
            check.verify(sent);
        }
    }

    /** Reads the replies of unanswered NOOPs, or ends the connection: later replies must match their commands. */
    private void settleLateReplies(ControlKeepAlive keepAlive) {
        if (!keepAlive.hasLateReplies() || !connection.isUsable()) {
            return;
        }
        try {
            keepAlive.readLateReplies();
        } catch (IOException e) {
            connection.markBroken();
        }
    }

    /**
     * How the last upload of this handle went out, set when its data connection opened: {@link FileUpload#SENDFILE},
     * {@link FileUpload#CHANNEL} or {@link FileUpload#STREAM}. For tests.
     */
    String lastUpload() {
        return lastUpload;
    }

    @Override
    public InputStream openRead(String remotePath, TransferType type) throws InternetException {
        Objects.requireNonNull(type, "type");
        return openRead(remotePath, type, 0);
    }

    @Override
    public InputStream openRead(String remotePath, long offset) throws InternetException {
        if (offset < 0) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "offset " + offset + " is negative");
        }
        return openRead(remotePath, TransferType.BINARY, offset, -1);
    }

    @Override
    public InputStream openRead(String remotePath, long offset, long size) throws InternetException {
        if (offset < 0 || size < 0) {
            throw new InternetException(InternetError.INVALID_PARAMETER, (offset < 0 ? "offset " + offset : "size "
                    + size) + " is negative");
        }
        return openRead(remotePath, TransferType.BINARY, offset, size);
    }

    private InputStream openRead(String remotePath, TransferType type, long offset) throws InternetException {
        return openRead(remotePath, type, offset, -1);
    }

    /** {@code known}: the size the caller knows the file by, checked against SIZE before RETR; -1 for none. */
    private InputStream openRead(String remotePath, TransferType type, long offset, long known)
            throws InternetException {
        Checks.path(remotePath, "remote path");
        String what = offset > 0 ? "opening " + remotePath + " at byte " + offset : "opening " + remotePath;
        return run(what, true, ignored -> {
            // Until the stream is returned, a dropped control connection is replaced as get's is;
            // a stream already returned is not: its reader has had bytes the next try would repeat.
            Resumption resumption = new Resumption(connection, support(), what, 0);
            resumption.ensureLoggedIn();
            InputStream data = null;
            Socket dataSocket = null;
            long expected;
            while (true) {
                try {
                    ProtectedFtpClient client = connection.client();
                    connection.type(type);
                    // The caller's size came from this server's SIZE: it is asked even where FEAT omits it.
                    expected = known >= 0 ? askSize(client, remotePath)
                            : type == TransferType.BINARY ? remoteSize(client, remotePath) : -1;
                    if (known >= 0 && expected != known) {
                        break;
                    }
                    if (offset > 0) {
                        client.setRestartOffset(offset);
                    }
                    if (type == TransferType.BINARY) {
                        // As retrieveFileStream, from a channel's socket where passive and plain: see TransferInputStream.
                        dataSocket = client.openFileDownload(remotePath);
                        data = dataSocket == null ? null
                                : new SocketInputStream(dataSocket, dataSocket.getInputStream());
                    } else {
                        data = client.retrieveFileStream(remotePath);
                    }
                    if (data == null) {
                        throw connection.refused(what + " on " + connection.where() + " failed");
                    }
                    break;
                } catch (InternetException e) {
                    resumption.next(e, null);
                } catch (IOException e) {
                    if (connection.deadlineExpired()) {
                        throw e;
                    }
                    resumption.next(connection.failure(e, what), null);
                }
            }
            if (known >= 0 && expected != known) {
                throw new InternetException(InternetError.FORCE_RETRY, remotePath + " on " + connection.where()
                        + " changed: SIZE says " + (expected < 0 ? "nothing" : expected + " bytes") + " where "
                        + known + " bytes were expected; nothing was read", connection.lastReply(), null);
            }
            TransferInputStream stream = new TransferInputStream(this, connection, data, dataSocket, remotePath, offset,
                    expected, type, announced(type, expected, offset));
            connection.startTransfer(stream);
            return support().track(stream);
        });
    }

    @Override
    public OutputStream openWrite(String remotePath, TransferType type) throws InternetException {
        Checks.path(remotePath, "remote path");
        Objects.requireNonNull(type, "type");
        return run("opening " + remotePath + " for writing", uploadsLogInAgain(), ignored -> {
            loggedInForUpload();
            ProtectedFtpClient client = connection.client();
            connection.type(type);
            OutputStream data = client.storeFileStream(remotePath);
            if (data == null) {
                throw connection.refused("opening " + remotePath + " for writing on " + connection.where()
                        + " failed");
            }
            TransferOutputStream stream = new TransferOutputStream(this, connection, data, remotePath,
                    type == TransferType.BINARY);
            connection.startTransfer(stream);
            return support().track(stream);
        });
    }

    /**
     * Whether an upload may start on a control connection that dropped, after a new login: only
     * when the policy lets what is not idempotent be tried again
     * ({@link io.inetkit.RetryPolicy#retryNonIdempotent()}), as for an HTTP {@code POST}. An upload cut
     * mid-way is never sent again: the server may have kept its first part.
     */
    private boolean uploadsLogInAgain() {
        return connection.retries().retryNonIdempotent();
    }

    private void loggedInForUpload() throws InternetException {
        if (connection.needsNewLogin()) {
            connection.logInAgain(new io.inetkit.toolbox.RetryBudget(connection.retries()), support());
        }
    }

    void untrack(AutoCloseable stream) {
        support().untrack(stream);
    }

    // ---------------------------------------------------------------- simple commands

    @Override
    public void delete(String path) throws InternetException {
        Checks.path(path, "path");
        simple("deleting " + path, c -> c.deleteFile(path));
    }

    @Override
    public void rename(String from, String to) throws InternetException {
        Checks.path(from, "source path");
        Checks.path(to, "target path");
        simple("renaming " + from + " to " + to, c -> c.rename(from, to));
    }

    @Override
    public void mkdir(String path) throws InternetException {
        Checks.path(path, "path");
        simple("creating directory " + path, c -> c.makeDirectory(path));
    }

    @Override
    public void rmdir(String path) throws InternetException {
        Checks.path(path, "path");
        simple("removing directory " + path, c -> c.removeDirectory(path));
    }

    @Override
    public void cd(String path) throws InternetException {
        Checks.path(path, "path");
        simple("changing directory to " + path, c -> {
            boolean changed = c.changeWorkingDirectory(path);
            if (changed) {
                connection.changedDirectory(path);
            }
            return changed;
        });
    }

    @Override
    public String pwd() throws InternetException {
        return run("asking for the current directory", client -> {
            String directory = client.printWorkingDirectory();
            if (directory == null) {
                throw connection.refused("asking " + connection.where() + " for the current directory failed");
            }
            return directory;
        });
    }

    @Override
    public long size(String path) throws InternetException {
        Checks.path(path, "path");
        return run("asking for the size of " + path, client -> {
            connection.type(TransferType.BINARY); // SIZE counts bytes in binary mode only
            if (client.sendCommand("SIZE", path) != FTPReply.FILE_STATUS) {
                throw connection.refused("asking " + connection.where() + " for the size of " + path + " failed");
            }
            long size = parseSize(client.getReplyStrings()[0]);
            if (size < 0) {
                throw new InternetException(InternetError.EXTENDED_ERROR, "the FTP server " + connection.where()
                        + " sent a SIZE reply without a number", connection.lastReply(), null);
            }
            return size;
        });
    }

    @Override
    public FtpReply command(String command) throws InternetException {
        Checks.noControlCharacters(command, "command");
        String line = command.strip();
        if (line.isEmpty()) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "the command is empty");
        }
        int space = line.indexOf(' ');
        String verb = space < 0 ? line : line.substring(0, space);
        String args = space < 0 ? null : line.substring(space + 1);
        if (FtpConnection.isRefusedCommand(verb)) {
            throw new InternetException(InternetError.INVALID_OPERATION, verb.toUpperCase(Locale.ROOT)
                    + " would open a data connection or change the session behind its back; use FtpSession's "
                    + "operations instead");
        }
        return run("sending " + verb, client -> {
            int code = client.sendCommand(verb, args);
            if (code == FTPReply.SERVICE_NOT_AVAILABLE) {
                connection.markBroken();
            } else if (FTPReply.isPositiveCompletion(code)) {
                rememberDirectory(verb.toUpperCase(Locale.ROOT), args);
            }
            return new FtpReply(code, List.of(client.getReplyStrings()));
        });
    }

    /** A directory change sent as a raw command, remembered as {@link #cd} remembers its own. */
    private void rememberDirectory(String verb, String args) {
        switch (verb) {
            case "CWD", "XCWD" -> connection.changedDirectory(args == null ? "" : args);
            case "CDUP", "XCUP" -> connection.changedDirectory("..");
            default -> {
                // not a directory change
            }
        }
    }

    private interface Operation<T> {
        T run(FTPClient client) throws IOException;
    }

    /**
     * Runs one operation on the connection: one at a time, cancelled when the session closes from
     * another thread; an {@link IOException} becomes the WinINet error of {@code what}.
     */
    private <T> T run(String what, Operation<T> operation) throws InternetException {
        return run(what, false, operation);
    }

    /**
     * As {@link #run(String, Operation)}; with {@code revivable}, the operation starts even when the
     * control connection dropped, and logs in again itself ({@link Revival}).
     */
    private <T> T run(String what, boolean revivable, Operation<T> operation) throws InternetException {
        synchronized (connection) {
            FTPClient client = begin(revivable);
            try {
                return operation.run(client);
            } catch (IOException e) {
                throw connection.failure(e, what);
            } finally {
                connection.endOperation();
                end();
            }
        }
    }

    private interface ClientCall {
        boolean run(FTPClient client) throws IOException;
    }

    private void simple(String what, ClientCall call) throws InternetException {
        run(what, client -> {
            if (!call.run(client)) {
                throw connection.refused(what + " on " + connection.where() + " failed");
            }
            return null;
        });
    }

    /** The local file of an upload: counts the bytes read, which binary mode sends unchanged. */
    /**
     * Neither the data socket of the stream route (a plain one) nor the local file's stream
     * ({@code Files.newInputStream}, {@code Files.newOutputStream}) heeds an interrupt, so a transfer
     * there would run to its end: the interrupt is seen at the next block of the file, and ends the
     * transfer as the channel route's does.
     */
    private static void heedInterrupt() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("the thread was interrupted");
        }
    }

    private static final class CountingInput extends java.io.FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            heedInterrupt();
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            heedInterrupt();
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("an upload reads its file whole"); // skipped bytes would not be sent
        }
    }

    /**
     * The local file of a download: counts bytes, refuses those past the announced size, and
     * remembers its own failures.
     */
    private static final class LocalOutput extends FilterOutputStream {
        long count;
        IOException localFailure;
        private final Supplier<AnnouncedSize> announcement;
        private AnnouncedSize announced;

        LocalOutput(OutputStream out, Supplier<AnnouncedSize> announcement) {
            super(out);
            this.announcement = announcement;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            heedInterrupt();
            if (announced == null) {
                announced = announcement.get();
            }
            announced.check(count + len);
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                localFailure = e;
                throw e;
            }
            count += len;
        }
    }
}
