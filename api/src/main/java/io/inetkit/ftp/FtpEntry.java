package io.inetkit.ftp;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One entry of an FTP directory listing: WinINet's {@code WIN32_FIND_DATA}, with what the server
 * told (MLSD facts, or a parsed LIST line). What the server did not tell is empty.
 *
 * <pre>{@code
 * ftp.list("/pub").stream()
 *         .filter(FtpEntry::isFile)
 *         .forEach(e -> System.out.println(e.name() + " " + e.size().orElse(-1)));
 * }</pre>
 *
 * @param name the file name, without directory
 * @param type what kind of entry it is
 * @param size the size in bytes
 * @param modified when it was last modified
 * @param permissions the permissions as the server shows them, for example {@code rw-r--r--}
 */
public record FtpEntry(String name, Type type, OptionalLong size, Optional<Instant> modified,
        Optional<String> permissions) {

    /** Kinds of entries. */
    public enum Type {
        /** A regular file. */
        FILE,
        /** A directory. */
        DIRECTORY,
        /** A symbolic link. */
        SYMBOLIC_LINK,
        /** Anything else, or unknown. */
        OTHER
    }

    /** Checks the fields. */
    public FtpEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(permissions, "permissions");
    }

    /** Whether it is a regular file. */
    public boolean isFile() {
        return type == Type.FILE;
    }

    /** Whether it is a directory. */
    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }
}
