package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.gopher.TestGopherServer;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.script.ScriptedFtpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inetkit mirror} against the testkit's FTP and Gopher servers, through the real providers. */
class MirrorCommandTest {

    @TempDir
    static Path served;

    @TempDir
    Path work;

    @StartStop final TestFtpServer ftp = TestFtpServer.newBuilder().root(served).user("joe", "pw").build();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String ftpUrl(String path) {
        return "ftp://" + ftp.host() + ":" + ftp.port() + "/" + path;
    }

    @BeforeEach
    void tree() throws IOException {
        clear(served);
        write(served.resolve("src/a.bin"), 70_000);
        write(served.resolve("src/empty.bin"), 0);
        write(served.resolve("src/sub/b.bin"), 3_000);
        write(served.resolve("src/sub/deeper/c.bin"), 200_001);
        Files.createDirectories(served.resolve("src/none"));
    }

    private static void clear(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).filter(p -> !p.equals(dir)).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    private static void write(Path file, int size) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] bytes = new byte[size];
        new Random(size + file.toString().length()).nextBytes(bytes);
        Files.write(file, bytes);
    }

    /** Every file and directory under {@code root}, relative, with the files' bytes. */
    private static TreeMap<String, String> contents(Path root) throws IOException {
        TreeMap<String, String> map = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String key = root.relativize(p).toString();
                map.put(key, Files.isDirectory(p) ? "dir"
                        : java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(Files.readAllBytes(p))));
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        return map;
    }

    @Test
    void downloadsATreeByteForByte() throws Exception {
        Path target = work.resolve("copy");
        assertEquals(0, run("mirror", ftpUrl("src/"), target.toString()), err.toString());
        assertEquals(contents(served.resolve("src")), contents(target));
        assertEquals("", err.toString());
        try (Stream<Path> all = Files.walk(target)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().endsWith(".part")));
        }
    }

    @Test
    void uploadsATreeByteForByte() throws Exception {
        Path local = work.resolve("local");
        write(local.resolve("x.bin"), 12_345);
        write(local.resolve("d/y.bin"), 1);
        write(local.resolve("d/e/z.bin"), 100_000);
        Files.createDirectories(local.resolve("d/empty"));
        assertEquals(0, run("mirror", "-u", "joe:pw", local.toString(), ftpUrl("up/")), err.toString());
        assertEquals(contents(local), contents(served.resolve("up")));
        assertEquals("", err.toString());
        // Nothing left under a temporary name.
        try (Stream<Path> all = Files.walk(served.resolve("up"))) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().endsWith(".part")));
        }
        out.getBuffer().setLength(0);
        assertEquals(0, run("mirror", "-v", "-u", "joe:pw", local.toString(), ftpUrl("up/")), err.toString());
        assertFalse(out.toString().contains("put "), out.toString());
    }

    @Test
    void onlyNewerSkipsUnchangedFilesAndFetchesChangedOnes() throws Exception {
        Path target = work.resolve("copy");
        assertEquals(0, run("mirror", ftpUrl("src/"), target.toString()), err.toString());
        write(served.resolve("src/sub/b.bin"), 3_001); // another size
        Path same = served.resolve("src/a.bin");
        byte[] changed = Files.readAllBytes(same);
        changed[0] ^= 1;
        Files.write(same, changed); // the same size, newer
        Files.setLastModifiedTime(same, FileTime.from(Instant.now().plus(2, ChronoUnit.HOURS)));
        out.getBuffer().setLength(0);
        assertEquals(0, run("mirror", "-v", ftpUrl("src/"), target.toString()), err.toString());
        assertEquals(List.of("get a.bin", "get sub/b.bin"), out.toString().lines().sorted().toList());
        assertEquals(contents(served.resolve("src")), contents(target));
    }

    @Test
    void deleteRemovesWhatTheSourceNoLongerHas() throws Exception {
        Path target = work.resolve("copy");
        write(target.resolve("extra.bin"), 10);
        write(target.resolve("sub/old/gone.bin"), 10);
        assertEquals(0, run("mirror", ftpUrl("src/"), target.toString()), err.toString());
        assertTrue(Files.exists(target.resolve("extra.bin")), "kept without --delete");
        assertEquals(0, run("mirror", "--delete", ftpUrl("src/"), target.toString()), err.toString());
        assertEquals(contents(served.resolve("src")), contents(target));
    }

    @Test
    void deleteOnUploadRemovesWhatTheLocalTreeNoLongerHas() throws Exception {
        Path local = work.resolve("local");
        write(local.resolve("keep.bin"), 100);
        write(served.resolve("up/old.bin"), 10);
        write(served.resolve("up/olddir/x.bin"), 10);
        assertEquals(0, run("mirror", "--delete", "-u", "joe:pw", local.toString(), ftpUrl("up/")), err.toString());
        assertEquals(contents(local), contents(served.resolve("up")));
    }

    @Test
    void aDryRunPrintsWhatWouldBeDoneAndWritesNothing() throws Exception {
        Path target = work.resolve("copy");
        assertEquals(0, run("mirror", "--dry-run", ftpUrl("src/"), target.toString()), err.toString());
        assertFalse(Files.exists(target));
        assertEquals(List.of("get a.bin", "get empty.bin", "get sub/b.bin", "get sub/deeper/c.bin", "mkdir none/",
                "mkdir sub/", "mkdir sub/deeper/"), out.toString().lines().sorted().toList());

        Path local = work.resolve("local");
        write(local.resolve("x.bin"), 10);
        out.getBuffer().setLength(0);
        assertEquals(0, run("mirror", "--dry-run", "--delete", "-u", "joe:pw", local.toString(), ftpUrl("src/")),
                err.toString());
        assertTrue(out.toString().contains("put x.bin"), out.toString());
        assertTrue(out.toString().contains("delete sub/deeper/c.bin"), out.toString());
        assertTrue(Files.exists(served.resolve("src/sub/deeper/c.bin")));
        assertFalse(Files.exists(served.resolve("src/x.bin")));
    }

    @Test
    void parallelSessionsGiveTheSameTreeAndLeakNothing() throws Exception {
        for (int i = 0; i < 40; i++) {
            write(served.resolve("src/many/f" + i + ".bin"), 1000 + i * 97);
        }
        Path target = work.resolve("copy");
        assertEquals(0, run("mirror", "--parallel", "4", ftpUrl("src/"), target.toString()), err.toString());
        assertEquals(contents(served.resolve("src")), contents(target));
        // The test server's own thread pool grows with the first sessions and keeps its threads:
        // counted from here, every thread and socket left would be the command's.
        Leaks leaks = Leaks.snapshot();
        Path again = work.resolve("again");
        assertEquals(0, run("mirror", "--parallel", "4", ftpUrl("src/"), again.toString()), err.toString());
        assertEquals(contents(served.resolve("src")), contents(again));
        assertEquals(0, run("mirror", "--parallel", "4", "-u", "joe:pw", target.toString(), ftpUrl("back/")),
                err.toString());
        assertEquals(contents(served.resolve("src")), contents(served.resolve("back")));
        leaks.assertNoLeak("mirror --parallel");
    }

    @Test
    void aParallelValueOutOfRangeIsAUsageError() {
        assertEquals(2, run("mirror", "--parallel", "0", ftpUrl("src/"), work.toString()));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INVALID_PARAMETER (87): --parallel"), err.toString());
    }

    @Test
    void twoLocalDirectoriesAreAUsageError() {
        assertEquals(2, run("mirror", work.toString(), work.resolve("x").toString()));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INVALID_PARAMETER (87): mirror takes one URL"),
                err.toString());
    }

    @Test
    void symbolicLinksAreReportedNotFollowed() throws Exception {
        Path local = work.resolve("local");
        write(local.resolve("real.bin"), 10);
        Files.createSymbolicLink(local.resolve("link.bin"), local.resolve("real.bin"));
        Files.createSymbolicLink(local.resolve("up"), work);
        assertEquals(0, run("mirror", "-u", "joe:pw", local.toString(), ftpUrl("up/")), err.toString());
        assertTrue(err.toString().contains("inetkit: skipped link.bin: a symbolic link, not followed"), err.toString());
        assertTrue(err.toString().contains("inetkit: skipped up: a symbolic link, not followed"), err.toString());
        assertTrue(Files.exists(served.resolve("up/real.bin")));
        assertFalse(Files.exists(served.resolve("up/link.bin")));
        assertFalse(Files.exists(served.resolve("up/up")));
    }

    @Test
    void maxTimeEndsAMirrorWithItsOwnLineAndStatus() throws Exception {
        for (int i = 0; i < 300; i++) {
            write(served.resolve("src/slow/f" + i + ".bin"), 20_000);
        }
        Path target = work.resolve("copy");
        assertEquals(28, run("mirror", "-m", "0.3", ftpUrl("src/"), target.toString()), err.toString());
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_TIMEOUT (12002): "), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
        try (Stream<Path> all = Files.walk(work)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no part file left");
        }
    }
}
