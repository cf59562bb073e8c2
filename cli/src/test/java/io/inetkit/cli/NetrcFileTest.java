package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The netrc file as curl reads it, and its bounds. */
class NetrcFileTest {

    @TempDir Path dir;

    private static Optional<NetrcFile.Login> find(String text, String host, String user) throws InternetException {
        return NetrcFile.parse(text).find(host, user);
    }

    @Test
    void aMachinesLoginAndPasswordOnOneLineOrSeveral() throws Exception {
        String text = "machine a.example login joe password s1\n"
                + "machine b.example\n  login ann\n  password s2\n";
        assertEquals(Optional.of(new NetrcFile.Login("joe", "s1")), find(text, "a.example", null));
        assertEquals(Optional.of(new NetrcFile.Login("ann", "s2")), find(text, "B.Example", null));
        assertEquals(Optional.empty(), find(text, "c.example", null));
    }

    @Test
    void defaultServesTheHostsWithoutAMachineEvenWhenItComesFirst() throws Exception {
        String text = "default login anonymous password me@\nmachine a.example login joe password s1\n";
        assertEquals(Optional.of(new NetrcFile.Login("joe", "s1")), find(text, "a.example", null));
        assertEquals(Optional.of(new NetrcFile.Login("anonymous", "me@")), find(text, "other", null));
    }

    @Test
    void aUserGivenChoosesItsOwnBlock() throws Exception {
        String text = "machine h login ann password a\nmachine h login joe password j\n";
        assertEquals(Optional.of(new NetrcFile.Login("joe", "j")), find(text, "h", "joe"));
        assertEquals(Optional.of(new NetrcFile.Login("ann", "a")), find(text, "h", null));
        assertEquals(Optional.empty(), find(text, "h", "bob"));
        assertEquals(Optional.of(new NetrcFile.Login("bob", "p")), find("machine h password p", "h", "bob"),
                "a block without a login serves any user");
        assertEquals(Optional.of(new NetrcFile.Login(null, "p")), find("machine h password p", "h", null));
    }

    @Test
    void quotedTokensHoldSpacesQuotesAndEscapes() throws Exception {
        String text = "machine h login \"joe smith\" password \"p \\\"q\\\" \\\\ \\t\"\n";
        assertEquals(Optional.of(new NetrcFile.Login("joe smith", "p \"q\" \\ \t")), find(text, "h", null));
    }

    @Test
    void aMacdefIsSkippedToTheBlankLineAndAccountIsRead() throws Exception {
        String text = "machine h login joe account acct password p\n"
                + "macdef init\nmachine evil login x password y\ncd /pub\n\n"
                + "machine i login ann password a\n";
        assertEquals(Optional.of(new NetrcFile.Login("joe", "p")), find(text, "h", null));
        assertEquals(Optional.empty(), find(text, "evil", null), "inside the macro");
        assertEquals(Optional.of(new NetrcFile.Login("ann", "a")), find(text, "i", null));
    }

    @Test
    void brokenFilesAreRefusedWithoutQuotingThem() throws Exception {
        InternetException unclosed = assertThrows(InternetException.class,
                () -> NetrcFile.parse("machine h login joe password \"Sekr1t"));
        assertEquals(InternetError.INVALID_PARAMETER, unclosed.error());
        assertFalse(unclosed.getMessage().contains("Sekr1t"), unclosed.getMessage());
        assertThrows(InternetException.class, () -> NetrcFile.parse("machine h login joe password"));
        InternetException longToken = assertThrows(InternetException.class,
                () -> NetrcFile.parse("machine h password " + "x".repeat(NetrcFile.MAX_TOKEN + 1)));
        assertTrue(longToken.getMessage().contains("longer than " + NetrcFile.MAX_TOKEN), longToken.getMessage());
        String longest = "x".repeat(NetrcFile.MAX_TOKEN);
        assertEquals(longest, find("machine h login joe password " + longest, "h", null).orElseThrow().password());
    }

    @Test
    void aHugeFileIsRefusedAfterReadingAtMostItsBound() throws Exception {
        Path huge = dir.resolve("huge");
        byte[] block = "machine h login joe password p\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        try (var out = Files.newOutputStream(huge)) {
            for (long written = 0; written <= NetrcFile.MAX_BYTES; written += block.length) {
                out.write(block);
            }
        }
        InternetException e = assertThrows(InternetException.class, () -> NetrcFile.read(huge));
        assertTrue(e.getMessage().contains("larger than " + NetrcFile.MAX_BYTES), e.getMessage());
    }

    @Test
    void aDirectoryOrAFifoIsNoNetrcAndAMissingFileSaysSo() throws Exception {
        assertThrows(InternetException.class, () -> NetrcFile.read(dir));
        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        assertThrows(InternetException.class, () -> NetrcFile.read(fifo), "refused before it blocks");
        assertThrows(NoSuchFileException.class, () -> NetrcFile.read(dir.resolve("none")));
    }

    @Test
    void aLoginPrintsNoPassword() throws IOException {
        assertEquals("Login[user=joe, password=…]", new NetrcFile.Login("joe", "Sekr1t").toString());
    }
}
