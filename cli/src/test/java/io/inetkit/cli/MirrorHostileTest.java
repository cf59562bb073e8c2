package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.gopher.TestGopherServer;
import io.inetkit.testkit.script.ScriptedFtpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inetkit mirror} against servers that name entries to escape the target directory, link
 * menus in a loop, or fail a file in the middle of a tree.
 */
class MirrorHostileTest {

    @TempDir
    static Path served;

    @TempDir
    Path work;

    @StartStop final ScriptedFtpServer scripted = ScriptedFtpServer.create();
    @StartStop final TestGopherServer gopher = TestGopherServer.serving(served);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private static List<Path> everything(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !p.equals(root)).toList();
        }
    }

    @Test
    void ftpNamesThatWouldEscapeAreRefusedAndNothingIsWrittenOutside() throws Exception {
        // The provider already keeps only the last segment of a name with slashes ("../x" is "x"),
        // and Commons Net reads a device as a file: neither is listed here.
        scripted.data("-rw-r--r-- 1 ftp ftp 5 Jan 01 2020 C:evil\r\n"
                + "-rw-r--r-- 1 ftp ftp 5 Jan 01 2020 back\\slash\r\n"
                + "-rw-r--r-- 1 ftp ftp 5 Jan 01 2020 nul\0name\r\n"
                + "drwxr-xr-x 1 ftp ftp 5 Jan 01 2020 dir/\r\n"
                + "lrwxrwxrwx 1 ftp ftp 5 Jan 01 2020 up -> ..\r\n");
        Path target = work.resolve("in").resolve("copy");
        int status = run("mirror", "ftp://" + scripted.host() + ":" + scripted.port() + "/", target.toString());
        assertEquals(23, status, err.toString());
        String errors = err.toString();
        assertTrue(errors.contains("inetkit: ERROR_ACCESS_DENIED (5): C:evil: refused a name that starts with a drive"
                + " letter"), errors);
        assertTrue(errors.contains("inetkit: ERROR_ACCESS_DENIED (5): back\\slash: refused a name with a path"
                + " separator"), errors);
        assertTrue(errors.contains("inetkit: ERROR_ACCESS_DENIED (5): nul\\x00name: refused a name with a NUL"), errors);
        assertTrue(errors.contains("inetkit: ERROR_ACCESS_DENIED (5): dir/: refused a name with a path separator"),
                errors);
        assertTrue(errors.contains("inetkit: skipped up: a symbolic link, not followed"), errors);
        assertTrue(errors.contains(" failed"), errors);
        assertEquals(List.of(target), everything(work.resolve("in")));
        assertEquals(List.of(), everything(target));
        assertFalse(errors.chars().anyMatch(c -> c < 0x20 && c != '\n'), "no raw control character: " + errors);
    }

    @Test
    void aFileFailingMidTreeLeavesNoPartialFileAndTheExitStatusSaysSo() throws Exception {
        // The listing names a 5-byte file; the server sends the listing's 41 bytes as its content.
        scripted.reply("SIZE", "213 5\r\n");
        Path target = work.resolve("copy");
        int status = run("mirror", "ftp://" + scripted.host() + ":" + scripted.port() + "/", target.toString());
        assertTrue(status != 0, err.toString());
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_CONNECTION_ABORTED (12030): a.txt: "),
                err.toString());
        assertTrue(err.toString().contains("inetkit: mirror: 1 transferred, 0 unchanged, 0 deleted, 0 skipped, 1 failed"),
                err.toString());
        assertEquals(List.of(), everything(target));
    }

    private String item(char type, String display, String selector) {
        return type + display + "\t" + selector + "\t" + gopher.advertisedHost() + "\t" + gopher.advertisedPort() + "\r\n";
    }

    private String gopherUrl(String selector) {
        return "gopher://" + gopher.advertisedHost() + ":" + gopher.advertisedPort() + "/1" + selector;
    }

    @Test
    void gopherMenusMirrorAsDirectoriesAndALoopIsDetected() throws Exception {
        byte[] a = new byte[50_000];
        new Random(1).nextBytes(a);
        Files.createDirectories(served.resolve("g/sub"));
        Files.write(served.resolve("g/a.bin"), a);
        Files.write(served.resolve("g/sub/b.bin"), new byte[] {1, 2, 3});
        gopher.raw("/loop", (item('9', "a.bin", "/g/a.bin")
                + item('1', "self", "/loop")
                + item('1', "down", "/loop2")
                + item('9', "../evil", "/g/a.bin")
                + item('9', "x/y", "/g/a.bin")
                + item('9', "C:evil", "/g/a.bin")
                + item('7', "search", "/find")
                + "1far\t/\tother.invalid\t70\r\n"
                + "iinfo line\t\terror.host\t1\r\n.\r\n").getBytes(StandardCharsets.UTF_8));
        gopher.raw("/loop2", (item('1', "up", "/loop") + item('1', "tree", "/g") + ".\r\n")
                .getBytes(StandardCharsets.UTF_8));
        Path target = work.resolve("copy");
        int status = run("mirror", gopherUrl("/loop"), target.toString());
        assertEquals(23, status, err.toString());
        String errors = err.toString();
        assertTrue(errors.contains("inetkit: skipped self/: a loop: the directory is one of its own ancestors"), errors);
        assertTrue(errors.contains("inetkit: skipped down/up/: a loop"), errors);
        assertTrue(errors.contains("inetkit: ERROR_ACCESS_DENIED (5): ../evil: refused"), errors);
        assertTrue(errors.contains("inetkit: ERROR_ACCESS_DENIED (5): x/y: refused"), errors);
        assertTrue(errors.contains("inetkit: ERROR_ACCESS_DENIED (5): C:evil: refused"), errors);
        assertTrue(errors.contains("inetkit: skipped search: not a file or directory"), errors);
        assertTrue(errors.contains("inetkit: skipped far: an item of another server, not followed"), errors);
        assertArrayEquals(a, Files.readAllBytes(target.resolve("a.bin")));
        assertArrayEquals(a, Files.readAllBytes(target.resolve("down/tree/a.bin")));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target.resolve("down/tree/sub/b.bin")));
        assertEquals(List.of("a.bin", "down", "down/tree", "down/tree/a.bin", "down/tree/sub", "down/tree/sub/b.bin"),
                everything(target).stream().map(p -> target.relativize(p).toString()).sorted().toList());
        try (Stream<Path> top = Files.list(work)) {
            assertEquals(List.of(target), top.toList());
        }
    }

    @Test
    void aGopherTreeCannotBeATarget() throws Exception {
        assertEquals(1, run("mirror", work.toString(), gopherUrl("/g")));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_INVALID_OPERATION (12016): mirror downloads"),
                err.toString());
    }
}
