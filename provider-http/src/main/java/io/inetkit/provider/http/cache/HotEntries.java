package io.inetkit.provider.http.cache;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small entries of a {@link DiskStore} held in memory: their metadata, their body, and the identity
 * of their metadata file (its inode) when they were read. An entry is trusted only while that file
 * is still the same one: any writer, in this process or another, replaces it by a rename, which
 * makes a new file. So a hit costs at most one {@code stat} a second instead of two opens and two
 * reads. Bounded in bytes; the least recently used go first.
 */
final class HotEntries {

    /** One entry in memory. */
    static final class Hot {
        final String hash;
        final Object fileKey;
        final MetaFile.Meta meta;
        final byte[] body;
        volatile long touchedMillis;
        volatile long checkedMillis;

        Hot(String hash, Object fileKey, MetaFile.Meta meta, byte[] body, long nowMillis) {
            this.hash = hash;
            this.fileKey = fileKey;
            this.meta = meta;
            this.body = body;
            this.touchedMillis = nowMillis;
            this.checkedMillis = nowMillis;
        }

        long bytes() {
            return body.length + 512L; // the metadata, roughly
        }
    }

    private final long maxBytes;
    private final Map<String, Hot> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    HotEntries(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    synchronized Hot get(String url) {
        return entries.get(url);
    }

    synchronized void put(String url, Hot hot) {
        Hot old = entries.put(url, hot);
        bytes += hot.bytes() - (old == null ? 0 : old.bytes());
        for (Iterator<Hot> eldest = entries.values().iterator(); bytes > maxBytes && eldest.hasNext(); ) {
            bytes -= eldest.next().bytes();
            eldest.remove();
        }
    }

    synchronized void remove(String url) {
        Hot old = entries.remove(url);
        if (old != null) {
            bytes -= old.bytes();
        }
    }

    synchronized void clear() {
        entries.clear();
        bytes = 0;
    }
}
