package io.inetkit.mirror;

import io.inetkit.InternetException;

/**
 * What a mirror does, as it does it. Paths are relative to the mirrored directories, their parts
 * joined by {@code /}, and hold the server's names unchanged: a listener that prints them makes
 * them printable. Called from the walking thread and from the transfer threads, one call at a time.
 */
public interface MirrorListener {

    /** What a mirror does to an entry. */
    enum Action {
        /** A file fetched from the server. */
        DOWNLOAD,
        /** A file stored on the server. */
        UPLOAD,
        /** A directory made. */
        MKDIR,
        /** A file or directory that the source no longer has, removed. */
        DELETE
    }

    /** An action decided: in a dry run, that is all that happens. */
    default void action(Action action, String path) {
    }

    /** An entry left alone: a link, a special file, a loop, an entry of another server. */
    default void skipped(String path, String why) {
    }

    /** A failure: the mirror goes on with the next entry. */
    default void failed(String path, InternetException failure) {
    }
}
