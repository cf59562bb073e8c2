package io.inetkit.toolbox;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The temporary file of a download to a local path ({@code FtpGetFile}'s contract): the data goes
 * to a hidden {@code .part} file beside the target, moved onto the target only when it is complete,
 * so that a failure never leaves a file under the target's name.
 *
 * <pre>{@code
 * Path temp = PartFiles.create(target);   // fails at once when the directory is missing
 * try {
 *     download(temp);
 *     PartFiles.moveOnto(temp, target);
 *     temp = null;
 * } finally {
 *     if (temp != null) {
 *         PartFiles.deleteQuietly(temp);
 *     }
 * }
 * }</pre>
 */
public final class PartFiles {

    private PartFiles() {
    }

    /**
     * Creates an empty temporary file in the target's directory, named
     * {@code .<target name>.<random>.part}.
     *
     * @throws java.nio.file.NoSuchFileException if the directory does not exist
     * @throws java.nio.file.AccessDeniedException if it may not be written
     * @throws FileSystemException if {@code target} names no file (a root)
     */
    public static Path create(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path name = absolute.getFileName();
        if (name == null || absolute.getParent() == null) {
            throw new FileSystemException(target.toString(), null, "not a path to a file");
        }
        return Files.createTempFile(absolute.getParent(), "." + name + ".", ".part");
    }

    /** Moves the complete temporary file onto the target, replacing it: atomically where the file system can. */
    public static void moveOnto(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes the temporary file of a failed download, if it is there; the failure reported matters more. */
    public static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // Best effort.
        }
    }
}
