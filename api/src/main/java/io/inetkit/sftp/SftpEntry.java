package io.inetkit.sftp;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A directory entry or the attributes of one path, as the server reports them (SFTP version 3's
 * {@code ATTRS}); a server may leave any attribute out. A symbolic link is reported as such, not
 * followed.
 *
 * @param name the entry's name (in a listing) or the path asked for ({@code stat})
 * @param type what it is
 * @param size its size in bytes
 * @param modified its modification time
 * @param permissions its POSIX permission bits ({@code 0644}), without the file-type bits
 * @param uid the owner's numeric id
 * @param gid the group's numeric id
 */
public record SftpEntry(String name, Type type, OptionalLong size, Optional<Instant> modified,
        OptionalInt permissions, OptionalInt uid, OptionalInt gid) {

    /** What a path names. */
    public enum Type {
        /** A regular file. */
        FILE,
        /** A directory. */
        DIRECTORY,
        /** A symbolic link, not followed. */
        SYMBOLIC_LINK,
        /** Anything else (device, pipe, socket), or a type the server did not give. */
        OTHER
    }

    /** Checks the fields. */
    public SftpEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(permissions, "permissions");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(gid, "gid");
    }

    /** Whether it is a regular file. */
    public boolean isFile() {
        return type == Type.FILE;
    }

    /** Whether it is a directory. */
    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    /** Whether it is a symbolic link. */
    public boolean isSymbolicLink() {
        return type == Type.SYMBOLIC_LINK;
    }
}
