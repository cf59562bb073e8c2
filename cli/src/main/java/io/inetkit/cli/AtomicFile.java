package io.inetkit.cli;

import io.inetkit.InternetException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that it appears under its name only when complete: a failed transfer leaves
 * nothing under the name, and never a partial file that looks whole.
 */
final class AtomicFile {

    /** Writes the content. */
    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    /**
     * Writes {@code target} through a temporary file beside it, which {@code stop} knows of so that
     * a halt removes it too, and which is renamed only if the command was not stopped meanwhile.
     */
    static void write(Path target, Writer writer, Stop stop) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temporary;
        try {
            temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".part");
        } catch (IOException e) {
            // Before any byte is fetched: the output place itself is wrong.
            throw InternetException.localFile("cannot write", absolute, e);
        }
        stop.partFile(temporary);
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                writer.write(out);
            }
            // A cancelled transfer may look like one that ended: never rename what a stop cut short.
            stop.check();
            try {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
            stop.partFile(null);
        }
    }
}
