package io.inetkit.http;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A private HTTP cache on disk, as WinINet's URL cache and OkHttp's {@code Cache}: responses to GET
 * kept under a folder the application names, within a size bound, served and revalidated by RFC
 * 9111's rules. Give one to {@link io.inetkit.Internet.Builder#httpCache}; sessions of that
 * {@code Internet}, other {@code Internet}s and other processes may share the folder.
 *
 * <p>The cache keeps its files in a folder of its own inside {@code directory}
 * ({@code inetkit-http-1}) and removes from that folder only what it did not write or what is
 * damaged; nothing else in {@code directory} is touched.
 */
public final class HttpCache {

    private final Path directory;
    private final long maxBytes;

    private HttpCache(Path directory, long maxBytes) {
        this.directory = directory;
        this.maxBytes = maxBytes;
    }

    /**
     * A cache in {@code directory} (made when first used) of at most {@code maxBytes} on disk; past
     * it the entries used least recently are removed.
     *
     * @throws IllegalArgumentException if {@code maxBytes} is less than 1
     */
    public static HttpCache onDisk(Path directory, long maxBytes) {
        Objects.requireNonNull(directory, "directory");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1: " + maxBytes);
        }
        return new HttpCache(directory.toAbsolutePath().normalize(), maxBytes);
    }

    /** The folder the cache's own folder is in. */
    public Path directory() {
        return directory;
    }

    /** The bound on the bytes the cache takes on disk. */
    public long maxBytes() {
        return maxBytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HttpCache that && directory.equals(that.directory) && maxBytes == that.maxBytes;
    }

    @Override
    public int hashCode() {
        return directory.hashCode() * 31 + Long.hashCode(maxBytes);
    }

    @Override
    public String toString() {
        return "HttpCache[" + directory + ", " + maxBytes + " bytes]";
    }
}
