package io.inetkit.provider.sftp;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.sftp.SftpEntry;
import io.inetkit.sftp.SftpGetOption;
import io.inetkit.sftp.SftpPutOption;
import io.inetkit.sftp.SftpSession;
import io.inetkit.spi.AbstractSession;
import io.inetkit.spi.Deadline;
import io.inetkit.spi.PartFile;
import io.inetkit.spi.SessionSupport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * An SFTP session on its connection's one channel(). Calls run one at a time, each under its own
 * deadline, which cuts the connection when it passes; an open stream or listing holds the channel
 * until it is closed.
 */
final class SftpSessionImpl extends AbstractSession implements SftpSession {

    private static final int FILE_TYPE_BITS = 0170000;
    /** The size of an entry's attributes in {@code SSH_FXP_NAME}: flags, size, ids, permissions, times. */
    private static final int ATTRIBUTE_BYTES = 32;
    /** What a download gathers before it writes to the local file. */
    private static final int FILE_BUFFER = 512 * 1024;

    private final SftpConnection connection;
    /** The connection's: sessions sharing it ({@code EXISTING_CONNECT}) share its one channel(). */
    private final Object lock;

    SftpSessionImpl(SessionSupport support, SftpConnection connection) {
        super(support);
        this.connection = connection;
        this.lock = connection;
    }

    private ChannelSftp channel() {
        return connection.channel();
    }

    @FunctionalInterface
    private interface Call<T> {
        T run(Deadline deadline) throws SftpException, IOException;
    }

    private <T> T run(String what, Call<T> call) throws InternetException {
        ensureOpen();
        synchronized (lock) {
            checkFree(what);
            Deadline deadline = Deadline.start(connection.context());
            deadline.cuts(() -> connection.transport().cut());
            try {
                return call.run(deadline);
            } catch (SftpException | IOException | RuntimeException e) {
                throw Failures.of(connection, deadline, what, e);
            } finally {
                deadline.close();
            }
        }
    }

    private void checkFree(String what) throws InternetException {
        if (connection.holder != null) {
            throw new InternetException(InternetError.INCORRECT_HANDLE_STATE, "cannot start " + what + ": a stream or"
                    + " listing of this SFTP session is open; close it first");
        }
    }

    /** JSch reads {@code *} and {@code ?} in paths as patterns: escaped, a path names one file. */
    static String literal(String path) {
        StringBuilder out = new StringBuilder(path.length() + 8);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '*' || c == '?' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String checked(String path, String name) throws InternetException {
        Objects.requireNonNull(path, name);
        if (path.indexOf('\0') >= 0) {
            throw new InternetException(InternetError.INVALID_PARAMETER, name + " holds a NUL character");
        }
        return path;
    }

    private static String directory(String path) throws InternetException {
        return checked(path, "directory").isEmpty() ? "." : path;
    }

    // ---------------------------------------------------------------- listings

    @Override
    public List<SftpEntry> list(String directory) throws InternetException {
        String path = directory(directory);
        int maxEntries = connection.context().limits().maxListEntries();
        long maxBytes = connection.context().limits().maxListBytes();
        return run("listing " + path, deadline -> {
            List<SftpEntry> entries = new ArrayList<>();
            long[] bytes = new long[1];
            String[] over = new String[1];
            channel().ls(literal(path), entry -> {
                if (isDot(entry.getFilename())) {
                    return ChannelSftp.LsEntrySelector.CONTINUE;
                }
                // What the server sent for the entry: its name, its long name and the attributes' few bytes.
                bytes[0] += entry.getFilename().length() + entry.getLongname().length() + ATTRIBUTE_BYTES;
                if (entries.size() >= maxEntries) {
                    over[0] = "more than Limits.maxListEntries (" + maxEntries + ") entries";
                } else if (bytes[0] > maxBytes) {
                    over[0] = "more than Limits.maxListBytes (" + maxBytes + ") bytes";
                } else {
                    entries.add(entry(entry.getFilename(), entry.getAttrs()));
                    return ChannelSftp.LsEntrySelector.CONTINUE;
                }
                return ChannelSftp.LsEntrySelector.BREAK;
            });
            if (over[0] != null) {
                throw new InternetException(InternetError.EXTENDED_ERROR, "the listing of " + path + " on "
                        + connection.where() + " has " + over[0] + "; raise the limit or use listStream");
            }
            return List.copyOf(entries);
        });
    }

    @Override
    public Stream<SftpEntry> listStream(String directory) throws InternetException {
        String path = directory(directory);
        ensureOpen();
        synchronized (lock) {
            checkFree("listing " + path);
            Listing listing = new Listing(connection, path, this::released);
            connection.holder = listing;
            try {
                support().track(listing);
                listing.start();
            } catch (InternetException e) {
                listing.close();
                throw e;
            }
            return listing.stream();
        }
    }

    private void released(AutoCloseable closed) {
        synchronized (lock) {
            if (connection.holder == closed) {
                connection.holder = null;
            }
        }
        support().untrack(closed);
    }

    static boolean isDot(String name) {
        return name.equals(".") || name.equals("..");
    }

    static SftpEntry entry(String name, SftpATTRS attrs) {
        int flags = attrs.getFlags();
        SftpEntry.Type type;
        if ((flags & SftpATTRS.SSH_FILEXFER_ATTR_PERMISSIONS) == 0) {
            type = SftpEntry.Type.OTHER;
        } else if (attrs.isLink()) {
            type = SftpEntry.Type.SYMBOLIC_LINK;
        } else if (attrs.isDir()) {
            type = SftpEntry.Type.DIRECTORY;
        } else if (attrs.isReg()) {
            type = SftpEntry.Type.FILE;
        } else {
            type = SftpEntry.Type.OTHER;
        }
        OptionalLong size = (flags & SftpATTRS.SSH_FILEXFER_ATTR_SIZE) != 0 ? OptionalLong.of(attrs.getSize())
                : OptionalLong.empty();
        Optional<Instant> modified = (flags & SftpATTRS.SSH_FILEXFER_ATTR_ACMODTIME) != 0
                ? Optional.of(Instant.ofEpochSecond(attrs.getMTime() & 0xffff_ffffL)) : Optional.empty();
        OptionalInt permissions = (flags & SftpATTRS.SSH_FILEXFER_ATTR_PERMISSIONS) != 0
                ? OptionalInt.of(attrs.getPermissions() & ~FILE_TYPE_BITS) : OptionalInt.empty();
        boolean ids = (flags & SftpATTRS.SSH_FILEXFER_ATTR_UIDGID) != 0;
        return new SftpEntry(name, type, size, modified, permissions,
                ids ? OptionalInt.of(attrs.getUId()) : OptionalInt.empty(),
                ids ? OptionalInt.of(attrs.getGId()) : OptionalInt.empty());
    }

    // ---------------------------------------------------------------- transfers

    @Override
    public void get(String remotePath, Path localFile, SftpGetOption... options) throws InternetException {
        checked(remotePath, "remotePath");
        Objects.requireNonNull(localFile, "localFile");
        List<SftpGetOption> chosen = Arrays.asList(options);
        boolean failIfExists = chosen.contains(SftpGetOption.FAIL_IF_EXISTS);
        Path target = localFile.toAbsolutePath();
        if (failIfExists && Files.exists(target)) {
            throw new InternetException(InternetError.FILE_EXISTS, target + " exists; nothing was downloaded");
        }
        String what = "downloading " + remotePath;
        run(what, deadline -> {
            long offset = chosen.contains(SftpGetOption.RESUME) && Files.isRegularFile(target) ? Files.size(target) : 0;
            // On the reading channel the file is opened first, and FSTAT, sent with its first read, gives
            // its size: no round trip of its own for a STAT.
            FileRead opened = openFile(remotePath, offset);
            try {
                long expected = opened != null ? opened.size() : statSize(remotePath);
                if (offset > 0 && expected >= 0 && offset >= expected) {
                    if (offset == expected) {
                        return null; // already complete
                    }
                    throw new InternetException(InternetError.INVALID_OPERATION, target + " is longer (" + offset
                            + " bytes) than " + remotePath + " (" + expected + "); cannot resume");
                }
                status().publish(InternetStatus.RECEIVING_RESPONSE);
                FileRead handed = opened;
                opened = null; // download closes it
                download(remotePath, target, offset, expected, handed, failIfExists, deadline, what);
            } finally {
                if (opened != null) {
                    opened.close();
                }
            }
            return null;
        });
    }

    /**
     * The file opened on the reading channel from {@code offset}, refused when it is a directory;
     * null where the server refused the reading channel, and JSch reads.
     */
    private FileRead openFile(String remotePath, long offset) throws SftpException, IOException {
        ReadChannel reads = connection.reads();
        if (reads == null) {
            return null;
        }
        FileRead file = reads.read(absolute(remotePath), offset);
        if (file.isDirectory()) {
            file.close();
            throw new InternetException(InternetError.INVALID_OPERATION, remotePath + " on " + connection.where()
                    + " is a directory");
        }
        return file;
    }

    /** The remote file's size by STAT, -1 when the server gives none; refused when it is a directory. */
    private long statSize(String remotePath) throws SftpException, InternetException {
        SftpATTRS attrs = channel().stat(literal(remotePath));
        if (attrs.isDir()) {
            throw new InternetException(InternetError.INVALID_OPERATION, remotePath + " on " + connection.where()
                    + " is a directory");
        }
        return (attrs.getFlags() & SftpATTRS.SSH_FILEXFER_ATTR_SIZE) != 0 ? attrs.getSize() : -1;
    }

    /**
     * Reads the file into a {@code .part} file beside {@code target}, or onto its end from {@code offset},
     * going on over a new connection where one drops, within the retry policy; {@code opened}, the
     * file already opened at {@code offset} or null, is read first and closed here.
     */
    private void download(String remotePath, Path target, long offset, long expected, FileRead opened,
            boolean failIfExists, Deadline deadline, String what) throws InternetException, IOException {
        FileRead first = opened;
        try {
            Resumes resumes = new Resumes(connection.context().retries());
            try (PartFile part = offset > 0 ? null : PartFile.beside(target)) {
                Path file = part == null ? target : part.path();
                long have = offset;
                while (true) {
                    try {
                        FileRead from = first;
                        first = null;
                        have += fetch(remotePath, file, target, have, have > 0, expected, from, deadline, what);
                        break;
                    } catch (InternetException failure) {
                        long now = Files.exists(file) ? Files.size(file) : have;
                        String why = resumable(failure, deadline, expected);
                        if (why == null || !resumes.hasLeft()) {
                            throw resumes.after(failure);
                        }
                        resumes.failed(why + " after " + now + " bytes", what, deadline, support(), failure);
                        connection.reconnect();
                        have = now;
                    }
                }
                if (expected >= 0 && have != expected) {
                    throw new InternetException(InternetError.CONNECTION_ABORTED, "the download of " + remotePath
                            + " from " + connection.where() + " ended after " + have + " of " + expected + " bytes");
                }
                status().publish(InternetStatus.RESPONSE_RECEIVED, have - offset);
                if (part != null) {
                    if (failIfExists && Files.exists(target)) {
                        throw new InternetException(InternetError.FILE_EXISTS, target + " appeared during the"
                                + " download; nothing was written to it");
                    }
                    part.commit();
                }
            }
        } finally {
            if (first != null) {
                first.close();
            }
        }
    }

    /**
     * Why a download that failed may go on where it stopped, on a new connection, or null: the
     * connection dropped or ended early, the size the server gave can check the file's end, and
     * neither the deadline nor a close ended it.
     */
    private String resumable(InternetException failure, Deadline deadline, long expected) {
        if (expected < 0 || failure.getCause() instanceof Counting.Oversized || deadline.isExpired() || connection.isClosed()
                || !isOpen()) {
            return null;
        }
        return switch (failure.error()) {
            case CONNECTION_RESET -> "the connection was reset";
            case CONNECTION_ABORTED -> "the connection ended";
            default -> null;
        };
    }

    /** One try of a download into {@code file} from {@code offset}: how many bytes it wrote. */
    private long fetch(String remotePath, Path file, Path target, long offset, boolean append, long expected,
            FileRead opened, Deadline deadline, String what) throws InternetException {
        long received;
        long room = expected >= 0 ? expected - offset : Long.MAX_VALUE;
        try (Counting out = new Counting(open(file, append), room, target)) {
            try {
                copy(remotePath, offset, opened, out);
            } finally {
                received = out.count;
            }
            out.finish();
            if (out.failure != null) {
                throw InternetException.localFile("cannot write", target, out.failure);
            }
        } catch (SftpException | IOException | RuntimeException e) {
            if (e instanceof InternetException internet) {
                throw internet;
            }
            Throwable cause = e instanceof SftpException ? e.getCause() : e;
            if (cause instanceof Counting.LocalFailure local) {
                throw InternetException.localFile("cannot write", target, local.cause);
            }
            if (cause instanceof Counting.Oversized) {
                throw new InternetException(InternetError.CONNECTION_ABORTED, "the download of " + remotePath
                        + " from " + connection.where() + " went on past the " + expected + " bytes the server gave"
                        + " as its size; stopped", cause);
            }
            throw Failures.of(connection, deadline, what, e);
        }
        if (expected >= 0 && offset + received != expected) {
            throw new InternetException(InternetError.CONNECTION_ABORTED, "the download of " + remotePath
                    + " from " + connection.where() + " ended after " + (offset + received) + " of "
                    + expected + " bytes");
        }
        return received;
    }

    /**
     * Copies the remote file from {@code offset} into {@code out}: from {@code opened} where the file
     * was opened there already, else from a new opening.
     */
    private void copy(String remotePath, long offset, FileRead opened, OutputStream out)
            throws SftpException, IOException {
        if (opened != null) {
            read(opened, out);
            return;
        }
        ReadChannel reads = connection.reads();
        if (reads == null) {
            try {
                channel().get(literal(remotePath), out, null, ChannelSftp.RESUME, offset);
            } catch (SftpException e) {
                if (e.getCause() instanceof Counting.LocalFailure || e.getCause() instanceof Counting.Oversized) {
                    // JSch leaves the read-ahead's replies unread: the channel is out of step, so it ends.
                    connection.transport().cut();
                }
                throw e;
            }
            return;
        }
        read(reads.read(absolute(remotePath), offset), out);
    }

    /** Copies the file to its end into {@code out}, and closes it. */
    private static void read(FileRead file, OutputStream out) throws IOException {
        // A failure closes the reading channel, read-ahead and all; the session's channel is untouched.
        try (FileRead in = file) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        }
    }

    private static OutputStream open(Path file, boolean append) throws IOException {
        OutputStream out = append ? Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                : Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.CREATE);
        // JSch hands over at most one SFTP packet (32 KiB) at a time: gathered, the file takes fewer writes.
        return new BufferedOutputStream(out, FILE_BUFFER);
    }

    @Override
    public void put(Path localFile, String remotePath) throws InternetException {
        put(localFile, remotePath, new SftpPutOption[0]);
    }

    @Override
    public void put(Path localFile, String remotePath, SftpPutOption... options) throws InternetException {
        Objects.requireNonNull(localFile, "localFile");
        checked(remotePath, "remotePath");
        if (!Files.isRegularFile(localFile)) {
            throw new InternetException(InternetError.FILE_NOT_FOUND, localFile + " is not a readable file");
        }
        boolean resume = Arrays.asList(options).contains(SftpPutOption.RESUME);
        String what = "uploading " + remotePath;
        run(what, deadline -> {
            long size = Files.size(localFile);
            long from = resume ? remoteSize(remotePath) : 0;
            if (from > size) {
                throw new InternetException(InternetError.INVALID_OPERATION, remotePath + " on " + connection.where()
                        + " is longer (" + from + " bytes) than " + localFile + " (" + size + "); cannot resume");
            }
            if (resume && from == size) {
                return null; // already complete
            }
            try (WriteWatch writes = new WriteWatch(connection.context(), connection.transport());
                 InputStream in = new Watched(Files.newInputStream(localFile), writes)) {
                in.skipNBytes(from);
                status().publish(InternetStatus.SENDING_REQUEST, remotePath);
                try {
                    // APPEND writes from the remote file's end, which is where the local file was skipped to.
                    channel().put(in, literal(remotePath), from > 0 ? ChannelSftp.APPEND : ChannelSftp.OVERWRITE);
                } catch (SftpException | RuntimeException e) {
                    throw Failures.of(connection, deadline, writes, what, e);
                }
            }
            SftpATTRS written = channel().stat(literal(remotePath));
            if ((written.getFlags() & SftpATTRS.SSH_FILEXFER_ATTR_SIZE) != 0 && written.getSize() != size) {
                throw new InternetException(InternetError.CONNECTION_ABORTED, "the upload of " + localFile + " to "
                        + remotePath + " on " + connection.where() + " left " + written.getSize() + " of " + size
                        + " bytes");
            }
            status().publish(InternetStatus.REQUEST_SENT, size);
            return null;
        });
    }

    @Override
    public InputStream openRead(String remotePath) throws InternetException {
        return openRead(remotePath, 0);
    }

    @Override
    public InputStream openRead(String remotePath, long offset) throws InternetException {
        checked(remotePath, "remotePath");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be 0 or more: " + offset);
        }
        return openStream("reading " + remotePath, deadline -> new Streams.Read(reading(remotePath, offset),
                connection, deadline, "reading " + remotePath, this::released));
    }

    /** A remote file's bytes from {@code offset}: on the reading channel, or with JSch where it was refused. */
    private InputStream reading(String remotePath, long offset) throws SftpException, IOException {
        ReadChannel reads = connection.reads();
        if (reads == null) {
            return channel().get(literal(remotePath), null, offset);
        }
        FileRead file = reads.read(absolute(remotePath), offset);
        if (file.isDirectory()) {
            file.close();
            throw new InternetException(InternetError.INVALID_OPERATION, remotePath + " on " + connection.where()
                    + " is a directory");
        }
        return file;
    }

    /** The path as JSch would send it: SFTP keeps the working directory on the client. */
    private String absolute(String path) throws SftpException {
        if (path.startsWith("/")) {
            return path;
        }
        String directory = channel().pwd();
        return directory.endsWith("/") ? directory + path : directory + "/" + path;
    }

    /** The size of a remote file, 0 when there is none yet (an upload to resume that never began). */
    private long remoteSize(String remotePath) throws SftpException, InternetException {
        SftpATTRS attrs;
        try {
            attrs = channel().stat(literal(remotePath));
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return 0;
            }
            throw e;
        }
        if (attrs.isDir()) {
            throw new InternetException(InternetError.INVALID_OPERATION, remotePath + " on " + connection.where()
                    + " is a directory");
        }
        if ((attrs.getFlags() & SftpATTRS.SSH_FILEXFER_ATTR_SIZE) == 0) {
            throw new InternetException(InternetError.NOT_SUPPORTED, connection.where() + " gives no size for "
                    + remotePath + ", so an upload to it cannot resume");
        }
        return attrs.getSize();
    }

    @Override
    public OutputStream openWrite(String remotePath) throws InternetException {
        checked(remotePath, "remotePath");
        return openStream("writing " + remotePath, deadline -> {
            OutputStream out = channel().put(literal(remotePath), ChannelSftp.OVERWRITE);
            return new Streams.Write(out, connection, deadline, "writing " + remotePath, this::released);
        });
    }

    private <T extends AutoCloseable> T openStream(String what, Call<T> call) throws InternetException {
        ensureOpen();
        synchronized (lock) {
            checkFree(what);
            // The stream's deadline runs until its close.
            Deadline deadline = Deadline.start(connection.context());
            deadline.cuts(() -> connection.transport().cut());
            T stream;
            try {
                stream = call.run(deadline);
            } catch (SftpException | IOException | RuntimeException e) {
                deadline.close();
                throw Failures.of(connection, deadline, what, e);
            }
            connection.holder = stream;
            try {
                support().track(stream);
            } catch (InternetException e) {
                try {
                    stream.close();
                } catch (Exception ignored) {
                    // closed anyway
                }
                throw e;
            }
            return stream;
        }
    }

    // ---------------------------------------------------------------- files and directories

    @Override
    public void delete(String path) throws InternetException {
        checked(path, "path");
        run("deleting " + path, deadline -> {
            channel().rm(literal(path));
            return null;
        });
    }

    @Override
    public void rename(String from, String to) throws InternetException {
        checked(from, "from");
        checked(to, "to");
        run("renaming " + from + " to " + to, deadline -> {
            // SFTP version 3's rename refuses an existing target; JSch would use posix-rename, which replaces.
            try {
                channel().lstat(literal(to));
                throw new InternetException(InternetError.FILE_EXISTS, to + " exists on " + connection.where()
                        + "; SFTP's rename does not replace it (delete it first)");
            } catch (SftpException e) {
                if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    throw e;
                }
            }
            channel().rename(literal(from), literal(to));
            return null;
        });
    }

    @Override
    public void mkdir(String path) throws InternetException {
        checked(path, "path");
        run("making directory " + path, deadline -> {
            channel().mkdir(literal(path));
            return null;
        });
    }

    @Override
    public void rmdir(String path) throws InternetException {
        checked(path, "path");
        run("removing directory " + path, deadline -> {
            channel().rmdir(literal(path));
            return null;
        });
    }

    @Override
    public void cd(String path) throws InternetException {
        checked(path, "path");
        run("changing directory to " + path, deadline -> {
            channel().cd(literal(path));
            return null;
        });
    }

    @Override
    public String pwd() throws InternetException {
        return run("reading the working directory", deadline -> channel().pwd());
    }

    @Override
    public long size(String path) throws InternetException {
        checked(path, "path");
        return run("reading the size of " + path, deadline -> {
            SftpATTRS attrs = channel().stat(literal(path));
            if ((attrs.getFlags() & SftpATTRS.SSH_FILEXFER_ATTR_SIZE) == 0) {
                throw new InternetException(InternetError.EXTENDED_ERROR, connection.where() + " gave no size for "
                        + path);
            }
            return attrs.getSize();
        });
    }

    @Override
    public SftpEntry stat(String path) throws InternetException {
        checked(path, "path");
        return run("reading the attributes of " + path, deadline -> entry(path, channel().lstat(literal(path))));
    }

    @Override
    public void chmod(String path, int permissions) throws InternetException {
        checked(path, "path");
        if (permissions < 0 || permissions > 07777) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "permissions must be from 0 to 07777: "
                    + Integer.toOctalString(permissions));
        }
        run("changing the permissions of " + path, deadline -> {
            channel().chmod(permissions, literal(path));
            return null;
        });
    }

    @Override
    public String readLink(String path) throws InternetException {
        checked(path, "path");
        return run("reading the link " + path, deadline -> channel().readlink(literal(path)));
    }

    /** A local file that JSch reads for an upload: each piece it takes is sent under a write time-out. */
    private static final class Watched extends java.io.FilterInputStream {

        private final WriteWatch writes;

        Watched(InputStream in, WriteWatch writes) {
            super(in);
            this.writes = writes;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            writes.next();
            return super.read(b, off, len);
        }
    }

    /** An output stream that counts, and keeps a local write failure apart from the server's. */
    private static final class Counting extends OutputStream {

        private final OutputStream out;
        private final long room;
        private final Path target;
        long count;
        IOException failure;

        /** @param room how many bytes the file may take: the rest of the size the server gave */
        Counting(OutputStream out, long room, Path target) {
            this.out = out;
            this.room = room;
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > room - count) {
                throw new Oversized();
            }
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw new LocalFailure(e);
            }
            count += len;
        }

        /** Writes out what is gathered; a failure is the local file's, kept in {@link #failure}. */
        void finish() {
            try {
                out.flush();
            } catch (IOException e) {
                failure = e;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                    throw InternetException.localFile("cannot write", target, e);
                }
            }
        }

        /** A server that sends more than the file's size: what it sends is not the file it described. */
        static final class Oversized extends IOException {
            private static final long serialVersionUID = 1L;

            Oversized() {
                super("more bytes than the file's size");
            }
        }

        static final class LocalFailure extends IOException {
            private static final long serialVersionUID = 1L;
            final transient IOException cause;

            LocalFailure(IOException cause) {
                super(cause.getMessage(), cause);
                this.cause = cause;
            }
        }
    }
}
