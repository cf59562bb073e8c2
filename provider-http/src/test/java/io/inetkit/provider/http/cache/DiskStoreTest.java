package io.inetkit.provider.http.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache's store on a real file system: what is visible, when, and what damage does. */
class DiskStoreTest {

    private static final String URL = "http://example.test/a";

    @TempDir
    Path directory;

    private final MutableClock clock = new MutableClock(Instant.now());

    private DiskStore open(long maxBytes) throws IOException {
        return DiskStore.open(directory, maxBytes, clock);
    }

    private static StoredResponse response(String url, String etag) {
        return new StoredResponse(url, "GET", List.of("Accept-Encoding", "gzip"), 200, "OK",
                List.of("Content-Type", "text/plain", "ETag", etag), 1_000, 2_000);
    }

    private static void put(DiskStore store, String url, byte[] body) throws IOException {
        DiskStore.Writer writer = store.writer(response(url, "\"" + body.length + "\""));
        writer.write(body, 0, body.length);
        writer.commit();
    }

    private static byte[] read(DiskStore.Entry entry) throws IOException {
        try (InputStream body = entry.body()) {
            return body.readAllBytes();
        }
    }

    @Test
    void aCommittedEntryIsReadBackWithItsMetadataAndBody() throws IOException {
        DiskStore store = open(1 << 20);
        byte[] body = "hello, cache".getBytes(StandardCharsets.UTF_8);
        put(store, URL, body);
        DiskStore.Entry entry = store.get(URL);
        assertNotNull(entry);
        assertEquals(response(URL, "\"12\""), entry.response());
        assertArrayEquals(body, read(entry));
        assertNull(store.get("http://example.test/other"));
    }

    @Test
    void nothingIsVisibleBeforeCommitAndAnAbortLeavesNoFile() throws IOException {
        DiskStore store = open(1 << 20);
        DiskStore.Writer writer = store.writer(response(URL, "\"1\""));
        writer.write(new byte[100], 0, 100);
        assertNull(store.get(URL));
        writer.abort();
        assertNull(store.get(URL));
        assertEquals(List.of(), store.files());
    }

    @Test
    void aTruncatedBodyIsAMissAndIsRemoved() throws IOException {
        DiskStore store = open(1 << 20);
        put(store, URL, new byte[1000]);
        Path body = only(store, ".body");
        try (var channel = java.nio.channels.FileChannel.open(body, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(999);
        }
        assertNull(store.get(URL));
        assertEquals(List.of(), store.files());
    }

    @Test
    void aDamagedLargeBodyFailsAtItsEndAndIsRemoved() throws IOException {
        DiskStore store = open(1 << 20);
        put(store, URL, new byte[DiskStore.HOT_BODY + 1000]);
        damage(only(store, ".body"));
        DiskStore.Entry entry = store.get(URL);
        assertNotNull(entry, "same length: only the checksum can tell, at the end");
        IOException damaged = assertThrows(IOException.class, () -> read(entry));
        assertTrue(damaged.getMessage().contains("checksum"), damaged.getMessage());
        assertNull(store.get(URL));
        assertEquals(List.of(), store.files());
    }

    @Test
    void aDamagedSmallBodyIsAMissBeforeAByteIsServed() throws IOException {
        DiskStore store = open(1 << 20);
        put(store, URL, new byte[1000]);
        damage(only(store, ".body"));
        assertNull(store.get(URL));
        assertEquals(List.of(), store.files());
    }

    @Test
    void aSmallEntryInMemoryIsDroppedWhenAnotherWriterReplacesItsFiles() throws IOException {
        DiskStore mine = open(1 << 20);
        DiskStore other = open(1 << 20); // as another process would: its own memory, the same folder
        put(mine, URL, "first".getBytes(StandardCharsets.UTF_8));
        assertEquals("first", new String(read(mine.get(URL)), StandardCharsets.UTF_8));
        assertEquals("first", new String(read(mine.get(URL)), StandardCharsets.UTF_8), "from memory");
        put(other, URL, "second".getBytes(StandardCharsets.UTF_8));
        assertEquals("first", new String(read(mine.get(URL)), StandardCharsets.UTF_8), "not looked at within a second");
        clock.advance(DiskStore.RECHECK_AFTER);
        assertEquals("second", new String(read(mine.get(URL)), StandardCharsets.UTF_8));
        other.remove(URL);
        clock.advance(DiskStore.RECHECK_AFTER);
        assertNull(mine.get(URL));
    }

    private static void damage(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
    }

    @Test
    void aDamagedOrForeignMetadataFileIsAMissAndIsRemoved() throws IOException {
        DiskStore store = open(1 << 20);
        put(store, URL, new byte[10]);
        Path meta = only(store, ".meta");
        byte[] bytes = Files.readAllBytes(meta);
        for (int i = 0; i < bytes.length; i += 7) {
            byte[] damaged = bytes.clone();
            damaged[i] ^= 0x40;
            Files.write(meta, damaged);
            assertNull(store.get(URL), "a flipped bit at " + i);
            Files.write(meta, bytes);
        }
        Files.write(meta, "not a cache file".getBytes(StandardCharsets.UTF_8));
        assertNull(store.get(URL));
        assertTrue(Files.notExists(meta));
    }

    @Test
    void aForeignFileInTheStoresFolderIsRemovedAndNothingOutsideIsTouched() throws IOException {
        Path mine = Files.writeString(directory.resolve("notes.txt"), "the application's own");
        DiskStore store = open(1 << 20);
        Path foreign = Files.writeString(store.root().resolve("evil.meta"), "x");
        Path lookalike = Files.write(store.root().resolve(DiskStore.hash(URL) + ".meta"), new byte[64]);
        store.trim();
        assertTrue(Files.notExists(foreign));
        assertNull(store.get(URL));
        assertTrue(Files.notExists(lookalike));
        assertEquals("the application's own", Files.readString(mine));
    }

    @Test
    void whatADeadWriterLeftIsRemovedOnlyOnceItIsOld() throws IOException {
        DiskStore store = open(1 << 20);
        DiskStore.Writer dead = store.writer(response(URL, "\"1\""));
        dead.write(new byte[10], 0, 10);
        // A writer killed between its two renames leaves a body no metadata names.
        Path orphan = store.root().resolve(DiskStore.hash(URL) + "-0123456789abcdef.body");
        Files.write(orphan, new byte[10]);
        store.trim();
        assertEquals(2, store.files().size(), "young: a live writer may own them");
        clock.advance(DiskStore.ABANDONED.plusMinutes(1));
        store.trim();
        assertEquals(List.of(), store.files());
        assertNull(store.get(URL));
    }

    @Test
    void pastItsBoundTheStoreDropsTheLeastRecentlyUsedEntries() throws IOException {
        DiskStore store = open(10_000);
        for (int i = 0; i < 3; i++) {
            put(store, "http://example.test/" + i, new byte[2_500]);
            clock.advance(Duration.ofSeconds(1));
        }
        assertNotNull(store.get("http://example.test/0"), "a use: 0 is now the most recent");
        clock.advance(Duration.ofSeconds(1));
        put(store, "http://example.test/3", new byte[2_500]);
        assertNull(store.get("http://example.test/1"), "the least recently used");
        assertNotNull(store.get("http://example.test/0"));
        assertNotNull(store.get("http://example.test/2"));
        assertNotNull(store.get("http://example.test/3"));
        assertTrue(store.size() <= 10_000, "size " + store.size());
    }

    @Test
    void aBodyLargerThanTheStoreIsRefusedWhileWritten() throws IOException {
        DiskStore store = open(1_000);
        DiskStore.Writer writer = store.writer(response(URL, "\"1\""));
        writer.write(new byte[600], 0, 600);
        assertThrows(IOException.class, () -> writer.write(new byte[600], 0, 600));
        writer.abort();
        assertEquals(List.of(), store.files());
    }

    @Test
    void aReaderKeepsTheBodyItOpenedWhenTheEntryIsReplaced() throws IOException {
        DiskStore store = open(1 << 20);
        put(store, URL, "old body".getBytes(StandardCharsets.UTF_8));
        DiskStore.Entry old = store.get(URL);
        put(store, URL, "the new body".getBytes(StandardCharsets.UTF_8));
        assertEquals("old body", new String(read(old), StandardCharsets.UTF_8));
        assertEquals("the new body", new String(read(store.get(URL)), StandardCharsets.UTF_8));
        assertEquals(2, store.files().size(), "the old body is gone: one meta, one body");
    }

    @Test
    void anUpdateKeepsTheBodyAndReplacesTheMetadata() throws IOException {
        DiskStore store = open(1 << 20);
        put(store, URL, "body".getBytes(StandardCharsets.UTF_8));
        DiskStore.Entry entry = store.get(URL);
        StoredResponse revalidated = response(URL, "\"new\"");
        store.update(entry, revalidated);
        DiskStore.Entry again = store.get(URL);
        assertEquals("\"new\"", again.response().header("etag"));
        assertEquals("body", new String(read(again), StandardCharsets.UTF_8));
        store.remove(URL);
        assertNull(store.get(URL));
        assertEquals(List.of(), store.files());
    }

    @Test
    void thirtyTwoSessionsOnOneEntryEachSeeAWholeVersionOrNothing() throws Exception {
        DiskStore store = open(64 << 20);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<Future<?>> tasks = new ArrayList<>();
        for (int t = 0; t < 32; t++) {
            int version = t;
            tasks.add(pool.submit(() -> {
                start.await();
                Random random = new Random(version);
                for (int i = 0; i < 40; i++) {
                    if (random.nextBoolean()) {
                        put(store, URL, version(version, 20_000 + random.nextInt(20_000)));
                    } else {
                        DiskStore.Entry entry = store.get(URL);
                        if (entry != null) {
                            seen.add(check(read(entry)));
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> task : tasks) {
            task.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertTrue(seen.size() > 1, "reads saw " + seen);
        // Writers that raced leave bodies no metadata names; once old, they go.
        clock.advance(DiskStore.ABANDONED.plusMinutes(1));
        store.trim();
        assertEquals(2, store.files().size(), "one entry, not " + store.files().size() + " files");
        check(read(store.get(URL)));
    }

    /** A body that says which version it is and how long, so that a mix of two is detected. */
    private static byte[] version(int version, int length) {
        byte[] body = new byte[length];
        String head = version + ":" + length + ":";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(headBytes, 0, body, 0, headBytes.length);
        for (int i = headBytes.length; i < length; i++) {
            body[i] = (byte) (version * 31 + i);
        }
        return body;
    }

    private static String check(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 16), StandardCharsets.US_ASCII);
        String[] parts = text.split(":", 3);
        int version = Integer.parseInt(parts[0]);
        int length = Integer.parseInt(parts[1]);
        assertArrayEquals(version(version, length), body, "a whole version " + version);
        return parts[0];
    }

    private static Path only(DiskStore store, String suffix) {
        List<Path> matching = store.files().stream().filter(f -> f.toString().endsWith(suffix)).toList();
        assertEquals(1, matching.size(), store.files().toString());
        return matching.get(0);
    }

    /** A clock the test moves; file times the store compares against it are set from it too. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
