package io.inetkit.spi;

import io.inetkit.InternetException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The temporary file of a download to a local path, {@code FtpGetFile}'s contract: the data goes to
 * a hidden {@code .part} file beside the target, moved onto the target only when it is complete and
 * deleted otherwise, so that a failure or a cancel never leaves a file under the target's name. Every
 * download to a file in inetkit goes through one, and so can a third party's.
 *
 * <pre>{@code
 * try (PartFile part = PartFile.beside(target)) {   // fails at once when the directory is missing
 *     download(part.path());
 *     part.commit();                                // onto the target, replacing it
 * }                                                 // not committed: the .part is deleted
 * }</pre>
 */
public final class PartFile implements AutoCloseable {

    private static final String SUFFIX = ".part";

    private final Path path;
    private final Path target;
    private volatile boolean committed;

    private PartFile(Path path, Path target) {
        this.path = path;
        this.target = target;
    }

    /**
     * Creates an empty temporary file in the target's directory, named
     * {@code .<target name>.<random>.part}.
     *
     * @throws InternetException {@code FILE_NOT_FOUND} when the directory does not exist,
     *     {@code ACCESS_DENIED} when it may not be written ({@link InternetException#localFile})
     */
    public static PartFile beside(Path target) throws InternetException {
        Path absolute = target.toAbsolutePath();
        Path name = absolute.getFileName();
        try {
            if (name == null || absolute.getParent() == null) {
                throw new FileSystemException(target.toString(), null, "not a path to a file");
            }
            return new PartFile(create(absolute.getParent(), "." + name + "."), absolute);
        } catch (IOException e) {
            throw InternetException.localFile("cannot write", absolute, e);
        }
    }

    /**
     * A new empty file of a name no other has (created exclusively, so a guessed name is harmless). Not {@code Files.createTempFile}, whose files are
     * readable by their owner alone: the download becomes the user's file, which gets the
     * permissions of any new file (the umask's), as curl's and wget's do.
     */
    private static Path create(Path directory, String prefix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            // 63 random bits: the unsigned text of a negative long goes through BigInteger, which showed in
            // the profile of a mirror of small files.
            Path candidate = directory.resolve(prefix + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36)
                    + SUFFIX);
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 99) {
                    throw e;
                }
            }
        }
    }

    /**
     * The names that the temporary files of downloads to {@code target} have, as a glob in the
     * target's directory ({@link java.nio.file.FileSystem#getPathMatcher}): to find them from outside
     * the download, such as to show its progress or to remove what a halted process left.
     */
    public static String glob(Path target) {
        return "." + target.toAbsolutePath().getFileName() + ".*" + SUFFIX;
    }

    /** The temporary file, to write the download to. */
    public Path path() {
        return path;
    }

    /** The file the download is for. */
    public Path target() {
        return target;
    }

    /**
     * Moves the complete temporary file onto the target, replacing it: atomically where the file
     * system can.
     *
     * @throws InternetException {@link InternetException#localFile}'s codes when the move fails;
     *     the temporary file is deleted on {@link #close()}
     */
    public void commit() throws InternetException {
        try {
            try {
                Files.move(path, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(path, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw InternetException.localFile("cannot write", target, e);
        }
        committed = true;
    }

    /** Whether {@link #commit()} moved the file onto the target. */
    public boolean isCommitted() {
        return committed;
    }

    /** Deletes the temporary file unless it was committed, ignoring a failure to: the download's matters more. */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // Best effort.
        }
    }
}
