package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.gopher.TestGopherServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inetkit ls} against the testkit's real FTP and Gopher servers, through the real providers. */
class LsCommandTest {

    @TempDir
    static Path served;

    @StartStop final TestFtpServer ftp = TestFtpServer.newBuilder().root(served).build();
    @StartStop final TestGopherServer gopher = TestGopherServer.serving(served);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void files() throws Exception {
        Files.writeString(served.resolve("hello.txt"), "hello\n");
        Files.createDirectories(served.resolve("pub").resolve("sub"));
        Files.write(served.resolve("pub").resolve("two words.bin"), new byte[1234]);
    }

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String ftpUrl(String path) {
        return "ftp://" + ftp.host() + ":" + ftp.port() + "/" + path;
    }

    @Test
    void listsAnFtpDirectoryOneEntryALineNameLast() {
        assertEquals(0, run("ls", ftpUrl("pub/")), err.toString());
        List<String> lines = out.toString().lines().sorted().toList();
        assertEquals(2, lines.size(), out.toString());
        assertTrue(lines.get(0).matches("- \\S+ +1234 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d two words\\.bin"), lines.get(0));
        assertTrue(lines.get(1).startsWith("d ") && lines.get(1).endsWith(" sub"), lines.get(1));
        assertEquals("", err.toString());
    }

    @Test
    void listsTheLoginDirectoryWithoutAPath() {
        assertEquals(0, run("ls", "ftp://" + ftp.host() + ":" + ftp.port()), err.toString());
        assertTrue(out.toString().lines().anyMatch(l -> l.endsWith(" hello.txt") && l.contains(" 6 ")), out.toString());
        assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("d ") && l.endsWith(" pub")), out.toString());
    }

    @Test
    void aMissingFtpDirectoryIsAnErrorLineWithTheServersReply() {
        assertEquals(1, run("ls", ftpUrl("no-such-dir/")));
        String[] lines = err.toString().split("\n");
        assertTrue(lines[0].startsWith("inetkit: ERROR_"), err.toString());
        assertTrue(lines[1].startsWith("inetkit: server said: 5") || lines[1].startsWith("inetkit: server said: 4"),
                err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void listsOneFileAndAMissingPathWithoutSlashIsAnError() {
        assertEquals(0, run("ls", ftpUrl("hello.txt")), err.toString());
        assertTrue(out.toString().strip().endsWith(" hello.txt"), out.toString());
        assertEquals(1, out.toString().lines().count(), out.toString());
        assertEquals(1, run("ls", ftpUrl("nothing-here")));
        assertTrue(err.toString().contains("inetkit: server said: 550"), err.toString());
    }

    @Test
    void listsAGopherMenuWithTypeDisplayAndUrl() {
        String root = "gopher://127.0.0.1:" + gopher.port();
        assertEquals(0, run("ls", root + "/"), err.toString());
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("0\thello\\.txt\tgopher://[^\t]+:" + gopher.port()
                + "/0\\S*hello\\.txt")), out.toString());
        String pub = lines.stream().filter(l -> l.startsWith("1\tpub\t")).findFirst().orElseThrow();
        out.getBuffer().setLength(0);
        // The printed URL of a submenu lists that submenu.
        assertEquals(0, run("ls", pub.split("\t")[2]), err.toString());
        assertTrue(out.toString().contains("two words.bin\tgopher://"), out.toString());
        assertTrue(out.toString().contains("two%20words.bin"), out.toString());
    }

    @Test
    void aGopherDocumentIsNotAMenu() {
        assertEquals(1, run("ls", "gopher://127.0.0.1:" + gopher.port() + "/0/hello.txt"));
        assertTrue(err.toString().startsWith("inetkit: ERROR_GOPHER_INCORRECT_LOCATOR_TYPE (12135): "), err.toString());
    }

    @Test
    void anUnknownSchemeNamesTheInstalledOnes() {
        assertEquals(1, run("ls", "nope://127.0.0.1/"));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_UNRECOGNIZED_SCHEME (12006): "), err.toString());
        assertTrue(err.toString().contains("ftp, ftps, gopher, gophers"), err.toString());
    }

    @Test
    void aRefusedConnectionIsCannotConnect() {
        assertEquals(7, run("ls", "--timeout", "5", "ftp://127.0.0.1:1/"));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_CANNOT_CONNECT (12029): "), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }

    @Test
    void httpHasNoListing() {
        assertEquals(1, run("ls", "http://127.0.0.1:1/"));
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_INVALID_OPERATION (12016): ls lists FTP"),
                err.toString());
    }
}
