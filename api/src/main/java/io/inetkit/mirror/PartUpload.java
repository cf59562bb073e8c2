package io.inetkit.mirror;

import io.inetkit.InternetException;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * An upload to a part file beside its target, renamed onto the target once it is whole: the final
 * name never holds a partial file. Where the server refuses to rename onto an existing file, the
 * target is removed first, so that the final name is absent for a moment, never partial.
 */
final class PartUpload {

    /** Sends a local file to a remote path. */
    @FunctionalInterface
    interface Put {
        void put(Path localFile, String remotePath) throws InternetException;
    }

    /** Renames a remote path. */
    @FunctionalInterface
    interface Rename {
        void rename(String from, String to) throws InternetException;
    }

    /** Removes a remote file. */
    @FunctionalInterface
    interface Delete {
        void delete(String remotePath) throws InternetException;
    }

    private final Put put;
    private final Rename rename;
    private final Delete delete;
    private final Predicate<InternetException> targetExists;

    /**
     * @param targetExists whether a refused rename was refused because the target exists, so that
     *     removing it first is the cure
     */
    PartUpload(Put put, Rename rename, Delete delete, Predicate<InternetException> targetExists) {
        this.put = put;
        this.rename = rename;
        this.delete = delete;
        this.targetExists = targetExists;
    }

    void upload(Path localFile, String target) throws InternetException {
        String part = TreePaths.partName(target);
        boolean moved = false;
        try {
            put.put(localFile, part);
            try {
                rename.rename(part, target);
            } catch (InternetException refused) {
                if (!targetExists.test(refused)) {
                    throw refused;
                }
                delete.delete(target);
                rename.rename(part, target);
            }
            moved = true;
        } finally {
            if (!moved) {
                try {
                    delete.delete(part);
                } catch (InternetException alreadyGone) {
                    // The upload may have stored nothing; the failure that matters is the one thrown.
                }
            }
        }
    }
}
