package io.inetkit.provider.http.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * Responses on disk, in a folder of their own under the one the application names, shared safely
 * by any number of sessions and processes, with no journal and no lock.
 *
 * <p>An entry is two files: its body, {@code HASH-ID.body}, and its metadata, {@code HASH.meta},
 * which names the body file and holds its length and CRC32C ({@link MetaFile}); {@code HASH} is the
 * SHA-256 of the URL. Both are written under temporary names and renamed into place, body first,
 * so a reader sees an old entry whole or a new one whole, and a process killed at any point leaves
 * at most a temporary file or a body no metadata names, which {@link #trim} removes once old
 * enough that no live writer can still be about to rename it. Each read checks the metadata's CRC,
 * that the body file is there and of its length, and the body's CRC at its end: a damaged, short
 * or foreign file is a miss, and is removed. A body replaced while a reader has it open stays
 * readable to that reader (POSIX: the name goes, the file stays until closed).
 *
 * <p>The size bound counts bodies and metadata; past it, {@link #trim} removes the entries read
 * least recently (a hit sets its metadata file's time). Each store counts what it writes and
 * rescans the folder when its count passes the bound, so several processes keep it within about
 * what each writes between two scans.
 */
public final class DiskStore {

    /** The folder inside the application's: the format's version, so another version never reads it. */
    static final String FOLDER = "inetkit-http-1";

    private static final String META = ".meta";
    private static final String BODY = ".body";
    private static final String TEMPORARY = ".tmp-";

    /**
     * How old an unnamed body or a temporary file must be before {@link #trim} removes it: a writer
     * renames its body and then its metadata within microseconds, and touches its temporary file
     * with every write, so only a writer that died leaves one this old.
     */
    static final Duration ABANDONED = Duration.ofMinutes(10);

    private static final SecureRandom IDS = new SecureRandom();

    /** The bytes of small entries held in memory ({@link HotEntries}). */
    static final long HOT_BYTES = 16 << 20;

    /** The largest body held in memory. */
    static final int HOT_BODY = 64 << 10;

    /** How often a hit from memory marks its entry used on disk, for the least-recently-used order. */
    static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    /**
     * How long an entry in memory is served without looking at its metadata file: what this process
     * writes or removes it sees at once; what another process does, within this.
     */
    static final Duration RECHECK_AFTER = Duration.ofSeconds(1);

    /** How old the times on disk of an entry revalidated without change may grow before they are written. */
    static final Duration REWRITE_AFTER = Duration.ofMinutes(1);

    private final HotEntries hot = new HotEntries(HOT_BYTES);

    private final Path root;
    private final long maxBytes;
    private final Clock clock;
    private final AtomicLong estimate = new AtomicLong();

    private DiskStore(Path root, long maxBytes, Clock clock) {
        this.root = root;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /**
     * The store in {@code directory} (its folder {@value #FOLDER} made if missing), at most
     * {@code maxBytes} on disk.
     */
    public static DiskStore open(Path directory, long maxBytes, Clock clock) throws IOException {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1: " + maxBytes);
        }
        Path root = Files.createDirectories(directory.resolve(FOLDER));
        DiskStore store = new DiskStore(root, maxBytes, clock);
        store.trim();
        return store;
    }

    /** The folder the files are in. */
    public Path root() {
        return root;
    }

    /** The bound on the bytes on disk. */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * The entry for {@code url}, or null if there is none whole and undamaged; a damaged one is
     * removed. A hit counts as a use for the least-recently-used order.
     */
    public Entry get(String url) throws IOException {
        HotEntries.Hot remembered = hot.get(url);
        String hash = remembered != null ? remembered.hash : hash(url);
        Path metaFile = root.resolve(hash + META);
        if (remembered != null) {
            long now = clock.millis();
            if (now - remembered.checkedMillis < RECHECK_AFTER.toMillis()) {
                return new Entry(remembered.meta, metaFile, null, null, remembered.body);
            }
            Object fileKey = fileKey(metaFile);
            if (fileKey != null && fileKey.equals(remembered.fileKey)) {
                remembered.checkedMillis = now;
                if (now - remembered.touchedMillis > TOUCH_EVERY.toMillis()) {
                    remembered.touchedMillis = now;
                    used(metaFile);
                }
                return new Entry(remembered.meta, metaFile, null, null, remembered.body);
            }
            hot.remove(url);
        }
        MetaFile.Meta meta = readMeta(metaFile);
        if (meta == null) {
            return null;
        }
        if (!meta.response().url().equals(url) || !meta.bodyFile().startsWith(hash + "-")
                || !meta.bodyFile().endsWith(BODY) || meta.bodyFile().contains("/")) {
            discard(metaFile, null);
            return null;
        }
        Path bodyFile = root.resolve(meta.bodyFile());
        FileChannel body;
        try {
            body = FileChannel.open(bodyFile, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            discard(metaFile, null);
            return null;
        }
        if (body.size() != meta.bodyLength()) {
            body.close();
            discard(metaFile, bodyFile);
            return null;
        }
        used(metaFile);
        Object fileKey = fileKey(metaFile);
        if (meta.bodyLength() <= HOT_BODY && fileKey != null) {
            // Small: read and checked now, then served from memory until its metadata file changes.
            byte[] bytes = readWhole(body, (int) meta.bodyLength());
            CRC32C crc = new CRC32C();
            crc.update(bytes);
            if (bytes.length != meta.bodyLength() || (int) crc.getValue() != meta.bodyCrc()) {
                discard(metaFile, bodyFile);
                return null;
            }
            hot.put(url, new HotEntries.Hot(hash, fileKey, meta, bytes, clock.millis()));
            return new Entry(meta, metaFile, bodyFile, null, bytes);
        }
        return new Entry(meta, metaFile, bodyFile, body, null);
    }

    private static byte[] readWhole(FileChannel channel, int length) throws IOException {
        try (channel) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // until full or the end
            }
            return buffer.position() == length ? buffer.array() : new byte[0];
        }
    }

    /** The identity of a file (device and inode), or null if it is gone or the file system has none. */
    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Starts writing a body for {@code response}; nothing is visible until {@link Writer#commit}. */
    public Writer writer(StoredResponse response) throws IOException {
        String id = newId();
        Path temporary = root.resolve(TEMPORARY + id + BODY);
        FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new Writer(response, hash(response.url()) + "-" + id + BODY, temporary, channel);
    }

    /**
     * Replaces the metadata of {@code url}'s entry, keeping its body (a 304 merged into it). Does
     * nothing if the entry is gone or its body is no longer {@code entry}'s.
     */
    public void update(Entry entry, StoredResponse response) throws IOException {
        String url = entry.meta.response().url();
        HotEntries.Hot remembered = hot.get(url);
        if (remembered != null && entry.bytes == remembered.body
                && sameButDates(remembered.meta.response(), response)
                && response.responseMillis() - entry.meta.response().responseMillis() < REWRITE_AFTER.toMillis()) {
            // Only the times moved: kept in memory, and written when they are a while old. Another
            // process reads the older times, and revalidates a little sooner.
            HotEntries.Hot updated = new HotEntries.Hot(remembered.hash, remembered.fileKey,
                    new MetaFile.Meta(response, entry.meta.bodyFile(), entry.meta.bodyLength(), entry.meta.bodyCrc()),
                    remembered.body, clock.millis());
            hot.put(url, updated);
            return;
        }
        hot.remove(url);
        MetaFile.Meta now = readMeta(entry.metaFile);
        if (now == null || !now.bodyFile().equals(entry.meta.bodyFile())) {
            return;
        }
        MetaFile.Meta updated = new MetaFile.Meta(response, now.bodyFile(), now.bodyLength(), now.bodyCrc());
        writeMeta(entry.metaFile, updated);
        Object fileKey = fileKey(entry.metaFile);
        if (entry.bytes != null && fileKey != null) {
            hot.put(url, new HotEntries.Hot(entry.metaFile.getFileName().toString().substring(0, 64), fileKey,
                    updated, entry.bytes, clock.millis()));
        }
    }

    /** Whether two responses differ only in {@code Date} and {@code Age} (a 304 that changed nothing). */
    private static boolean sameButDates(StoredResponse a, StoredResponse b) {
        return a.status() == b.status() && withoutDates(a.headers()).equals(withoutDates(b.headers()));
    }

    private static List<String> withoutDates(List<String> headers) {
        List<String> kept = new ArrayList<>(headers.size());
        for (int i = 0; i < headers.size(); i += 2) {
            String name = headers.get(i);
            if (!name.equalsIgnoreCase("Date") && !name.equalsIgnoreCase("Age")) {
                kept.add(name.toLowerCase(java.util.Locale.ROOT));
                kept.add(headers.get(i + 1));
            }
        }
        return kept;
    }

    /** Removes {@code url}'s entry, if there is one (an unsafe method invalidated it). */
    public void remove(String url) throws IOException {
        hot.remove(url);
        Path metaFile = root.resolve(hash(url) + META);
        MetaFile.Meta meta = readMeta(metaFile);
        discard(metaFile, meta == null ? null : root.resolve(meta.bodyFile()));
    }

    /** The bytes the entries take on disk, counted from the folder. */
    public long size() throws IOException {
        return scan().total;
    }

    /**
     * Removes what a dead writer left and damaged files, then the least recently used entries
     * until the store is within its bound.
     */
    public void trim() throws IOException {
        Scan scan = scan();
        long total = scan.total;
        if (total > maxBytes) {
            scan.entries.sort((a, b) -> a.used.compareTo(b.used));
            for (Scan.Item item : scan.entries) {
                if (total <= maxBytes) {
                    break;
                }
                discard(item.meta, item.body);
                total -= item.bytes;
            }
        }
        estimate.set(total);
    }

    private Scan scan() throws IOException {
        Map<String, Path> metas = new HashMap<>();
        Map<String, List<Path>> bodies = new HashMap<>();
        Map<Path, BasicFileAttributes> attributes = new HashMap<>();
        long old = clock.millis() - ABANDONED.toMillis();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root)) {
            for (Path file : files) {
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(file, BasicFileAttributes.class);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                String name = file.getFileName().toString();
                boolean stale = attrs.lastModifiedTime().toMillis() < old;
                if (name.startsWith(TEMPORARY)) {
                    if (stale) {
                        Files.deleteIfExists(file);
                    }
                } else if (name.endsWith(META) && isHash(name, name.length() - META.length())) {
                    metas.put(name.substring(0, 64), file);
                    attributes.put(file, attrs);
                } else if (name.endsWith(BODY) && isHash(name, 64) && name.charAt(64) == '-') {
                    bodies.computeIfAbsent(name.substring(0, 64), k -> new ArrayList<>()).add(file);
                    attributes.put(file, attrs);
                } else {
                    // Not a name this store makes: a foreign file in the store's own folder.
                    deleteQuietly(file);
                }
            }
        }
        Scan scan = new Scan();
        for (Map.Entry<String, Path> meta : metas.entrySet()) {
            List<Path> candidates = bodies.remove(meta.getKey());
            MetaFile.Meta read = candidates == null || candidates.size() == 1 ? null : readMeta(meta.getValue());
            Path body = null;
            if (candidates != null) {
                for (Path candidate : candidates) {
                    boolean named = read == null ? candidates.size() == 1
                            : candidate.getFileName().toString().equals(read.bodyFile());
                    if (named) {
                        body = candidate;
                    } else if (attributes.get(candidate).lastModifiedTime().toMillis() < old) {
                        deleteQuietly(candidate);
                    }
                }
            }
            long bytes = attributes.get(meta.getValue()).size() + (body == null ? 0 : attributes.get(body).size());
            scan.entries.add(new Scan.Item(meta.getValue(), body, attributes.get(meta.getValue()).lastModifiedTime(), bytes));
            scan.total += bytes;
        }
        // Bodies whose metadata never came: a writer died between its two renames.
        for (List<Path> orphans : bodies.values()) {
            for (Path orphan : orphans) {
                if (attributes.get(orphan).lastModifiedTime().toMillis() < old) {
                    deleteQuietly(orphan);
                } else {
                    scan.total += attributes.get(orphan).size();
                }
            }
        }
        return scan;
    }

    private static final class Scan {
        record Item(Path meta, Path body, FileTime used, long bytes) {
        }

        final List<Item> entries = new ArrayList<>();
        long total;
    }

    private static boolean isHash(String name, int length) {
        if (length != 64 || name.length() < 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = name.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    private MetaFile.Meta readMeta(Path metaFile) throws IOException {
        byte[] bytes;
        try (FileChannel channel = FileChannel.open(metaFile, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > MetaFile.MAX_BYTES) {
                bytes = null;
            } else {
                ByteBuffer buffer = ByteBuffer.allocate((int) size);
                while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                    // reads until full or the end
                }
                bytes = buffer.hasRemaining() ? null : buffer.array();
            }
        } catch (NoSuchFileException e) {
            return null;
        }
        MetaFile.Meta meta = bytes == null ? null : MetaFile.decode(bytes);
        if (meta == null) {
            deleteQuietly(metaFile);
        }
        return meta;
    }

    /** Writes the metadata file and returns its length. */
    private int writeMeta(Path metaFile, MetaFile.Meta meta) throws IOException {
        Path temporary = root.resolve(TEMPORARY + newId() + META);
        byte[] bytes = MetaFile.encode(meta);
        try {
            Files.write(temporary, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.setLastModifiedTime(temporary, FileTime.from(clock.instant()));
            move(temporary, metaFile);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return bytes.length;
    }

    /** Marks an entry used now, for the least-recently-used order: its metadata file's time. */
    private void used(Path metaFile) {
        try {
            Files.setLastModifiedTime(metaFile, FileTime.from(clock.instant()));
        } catch (IOException e) {
            // The order of eviction is a hint; the entry is still good.
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the cache folder " + to.getParent() + " cannot rename atomically", e);
        }
    }

    /** Removes an entry's files, metadata first so that no reader finds a name without its body. */
    private static void discard(Path metaFile, Path bodyFile) {
        deleteQuietly(metaFile);
        if (bodyFile != null) {
            deleteQuietly(bodyFile);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Another process removed or holds it: the next scan tries again.
        }
    }

    private static String newId() {
        byte[] id = new byte[8];
        IDS.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    static String hash(String url) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(url.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A stored response, its body open for reading; close it. */
    public final class Entry implements AutoCloseable {

        private final MetaFile.Meta meta;
        private final Path metaFile;
        private final Path bodyFile;
        private final FileChannel body;
        private final byte[] bytes;

        /** An entry read from {@code body}, or held whole in {@code bytes}, already checked. */
        private Entry(MetaFile.Meta meta, Path metaFile, Path bodyFile, FileChannel body, byte[] bytes) {
            this.meta = meta;
            this.metaFile = metaFile;
            this.bodyFile = bodyFile;
            this.body = body;
            this.bytes = bytes;
        }

        /** The response as stored. */
        public StoredResponse response() {
            return meta.response();
        }

        /** The body's length. */
        public long bodyLength() {
            return meta.bodyLength();
        }

        /**
         * The body, read once; its CRC is checked at its end, where a mismatch throws and removes
         * the entry, so damage never passes as a whole body.
         */
        public InputStream body() {
            return bytes != null ? new java.io.ByteArrayInputStream(bytes) : new CheckedBody();
        }

        @Override
        public void close() throws IOException {
            if (body != null) {
                body.close();
            }
        }

        private final class CheckedBody extends InputStream {

            private final CRC32C crc = new CRC32C();
            private long read;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n = body.read(ByteBuffer.wrap(b, off, len));
                if (n < 0 || read + n > meta.bodyLength()) {
                    return end(n);
                }
                crc.update(b, off, n);
                read += n;
                if (read == meta.bodyLength()) {
                    check();
                }
                return n;
            }

            private int end(int n) throws IOException {
                if (read != meta.bodyLength() || n > 0) {
                    damaged("is " + (read + Math.max(n, 0)) + " bytes, not " + meta.bodyLength());
                }
                return -1;
            }

            private void check() throws IOException {
                if ((int) crc.getValue() != meta.bodyCrc()) {
                    damaged("does not match its checksum");
                }
            }

            private void damaged(String how) throws IOException {
                hot.remove(meta.response().url());
                discard(metaFile, bodyFile);
                throw new IOException("the cached body of " + meta.response().url() + " " + how + ": removed");
            }

            @Override
            public void close() throws IOException {
                Entry.this.close();
            }
        }
    }

    /** A body being written; {@link #commit} makes the entry visible, {@link #abort} drops it. */
    public final class Writer implements AutoCloseable {

        private final StoredResponse response;
        private final String bodyName;
        private final Path temporary;
        private final FileChannel channel;
        private final CRC32C crc = new CRC32C();
        private long written;
        private boolean done;

        private Writer(StoredResponse response, String bodyName, Path temporary, FileChannel channel) {
            this.response = response;
            this.bodyName = bodyName;
            this.temporary = temporary;
            this.channel = channel;
        }

        /** Appends body bytes; past the store's bound the write fails, and the caller aborts. */
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (written + length > maxBytes) {
                throw new IOException("the body is larger than the cache (" + maxBytes + " bytes)");
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            crc.update(bytes, offset, length);
            written += length;
        }

        /** Bytes written so far. */
        public long written() {
            return written;
        }

        /** Makes the entry visible: the body renamed into place, then its metadata. */
        public void commit() throws IOException {
            if (done) {
                throw new IllegalStateException("already committed or aborted");
            }
            done = true;
            int metaBytes;
            Path body = root.resolve(bodyName);
            Path metaFile = root.resolve(bodyName.substring(0, 64) + META);
            hot.remove(response.url());
            try {
                channel.close();
                move(temporary, body);
                MetaFile.Meta previous = readMeta(metaFile);
                metaBytes = writeMeta(metaFile, new MetaFile.Meta(response, bodyName, written, (int) crc.getValue()));
                if (previous != null && !previous.bodyFile().equals(bodyName)) {
                    deleteQuietly(root.resolve(previous.bodyFile()));
                }
            } catch (IOException | RuntimeException e) {
                deleteQuietly(temporary);
                deleteQuietly(body);
                throw e;
            }
            if (estimate.addAndGet(written + metaBytes) > maxBytes) {
                trim();
            }
        }

        @Override
        public String toString() {
            return "the cache's copy of " + response.url();
        }

        /** Drops what was written; the entry stays as it was. */
        public void abort() {
            if (done) {
                return;
            }
            done = true;
            try {
                channel.close();
            } catch (IOException e) {
                // It is deleted next.
            }
            deleteQuietly(temporary);
        }

        @Override
        public void close() {
            abort();
        }
    }

    /** For tests: the body files and temporary files in the folder. */
    List<Path> files() {
        try (var files = Files.list(root)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
