package io.inetkit.mirror;

import java.util.concurrent.ThreadLocalRandom;

/** Paths on a server whose names are joined with slashes, as FTP's and SFTP's are. */
final class TreePaths {

    private TreePaths() {
    }

    /** {@code name} inside {@code directory}; the empty directory is where the session starts. */
    static String child(String directory, String name) {
        return directory.isEmpty() ? name : directory.endsWith("/") ? directory + name : directory + "/" + name;
    }

    /**
     * Where an upload to {@code target} is written before it is renamed onto it: a hidden name
     * beside it, random so that two mirrors never write the same one, and ending in {@code .part},
     * which a mirror's deletion leaves alone.
     */
    static String partName(String target) {
        int slash = target.lastIndexOf('/');
        return target.substring(0, slash + 1) + "." + target.substring(slash + 1) + "."
                + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36) + ".part";
    }
}
