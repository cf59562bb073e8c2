package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.Internet;
import io.inetkit.InternetException;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -O} names and {@code --create-dirs}. */
class OutputOptionsTest {

    @StartStop final TestHttpServer http = TestHttpServer.newBuilder()
            .dispatcher(request -> TestResponse.ok("hello")).build();

    @TempDir Path local;

    private final Internet internet = Internet.newBuilder().registry(Providers.registry()).build();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void close() {
        internet.close();
    }

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String name(String url) throws InternetException {
        return OutputOptions.name(URI.create(url), internet);
    }

    @Test
    void theNameIsTheLastPathSegmentAsTheUrlSpellsIt() throws Exception {
        assertEquals("file.tar.gz", name("http://h/dir/file.tar.gz?x=1#f"));
        assertEquals("a%20b.txt", name("https://h/a%20b.txt"), "not decoded, as curl");
        assertEquals("notes.txt", name("ftp://h/pub/notes.txt;type=a"));
        assertEquals("about.txt", name("gopher://h/0/docs/about.txt"));
        assertEquals("about", name("gopher://h/0about"), "the selector's, without the item type");
    }

    @Test
    void aUrlWithoutAFileNameOrWithADirectoryNameIsRefusedWith23() {
        for (String url : new String[] {"http://h/", "http://h", "ftp://h/pub/", "gopher://h/", "gopher://h/1/",
                "http://h/a/..", "http://h/a/.", "gopher://h/0/a/..",
                "gopher://h/0a%2Fb%2F", "gopher://h/0a%7Fb", "gopher://h/0a%C2%85b", "gopher://h/0a%5Cb"}) {
            ExitStatus.Known refused = assertThrows(ExitStatus.Known.class, () -> name(url), url);
            assertEquals(23, ExitStatus.of(refused, ExitStatus.Activity.DOWNLOAD), url);
            assertTrue(refused.getMessage().startsWith("-O: the URL"), refused.getMessage());
        }
    }

    @Test
    void remoteNameAndOutputTogetherAreRefused() {
        assertEquals(2, run("get", "-O", "-o", local.resolve("x").toString(), url("/f")));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INVALID_PARAMETER (87): give -o FILE or -O, not both"),
                err.toString());
    }

    @Test
    void remoteNameWithoutANameWritesNothingAnd23() {
        assertEquals(23, run("get", "-O", url("/")));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INVALID_PARAMETER (87): -O: the URL has no file name"),
                err.toString());
    }

    @Test
    void createDirsMakesTheMissingDirectoriesAsCurlDoes() throws Exception {
        Path file = local.resolve("a/b/page.txt");
        assertEquals(0, run("get", "--create-dirs", url("/page.txt"), "-o", file.toString()), err.toString());
        assertEquals("hello", Files.readString(file));
        // curl's mode, rwxr-x---, less what the umask takes away: never anything for others.
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(local.resolve("a/b")));
        assertTrue(mode.startsWith("rwx") && mode.endsWith("---") && mode.charAt(4) != 'w', mode);
    }

    @Test
    void withoutCreateDirsAMissingDirectoryIs23AndNothingIsMade() throws Exception {
        Path file = local.resolve("none/page.txt");
        assertEquals(23, run("get", url("/page.txt"), "-o", file.toString()));
        assertTrue(err.toString().startsWith("inetkit: ERROR_FILE_NOT_FOUND (2): "), err.toString());
        assertFalse(Files.exists(local.resolve("none")));
    }

    @Test
    void createDirsUnderAFileIs23() throws Exception {
        Files.writeString(local.resolve("plain"), "x");
        assertEquals(23, run("get", "--create-dirs", url("/page.txt"), "-o", local.resolve("plain/sub/f").toString()));
        assertTrue(err.toString().contains("--create-dirs: cannot create the directory"), err.toString());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + http.address().getPort() + path;
    }
}
