package io.inetkit.mirror;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One entry of a {@link RemoteTree}'s directory, as its server named it.
 *
 * @param name the entry's name within its directory, unchecked: {@link Mirror} refuses a name that
 *     would leave the target directory
 * @param kind what it is
 * @param size its size in bytes, where the listing says
 * @param modified when it last changed, where the listing says
 * @param location what the tree needs to open, list or remove it (an FTP path, a Gopher type and
 *     selector); two directories with the same location are the same directory
 */
public record TreeEntry(String name, Kind kind, OptionalLong size, Optional<Instant> modified, String location) {

    /** What an entry is. */
    public enum Kind {
        /** A file, mirrored. */
        FILE,
        /** A directory (a Gopher menu), walked into. */
        DIRECTORY,
        /** A symbolic link: reported, never followed. */
        LINK,
        /** Anything else (a device, a Gopher search or telnet item): reported, not mirrored. */
        SPECIAL,
        /** An entry on another server (a Gopher item of another host): reported, not followed. */
        ELSEWHERE
    }

    /** Checks that no field is null. */
    public TreeEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(location, "location");
    }
}
