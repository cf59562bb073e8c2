package io.inetkit.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class FtpUrlTest {

    private static FtpUrl read(String url) throws InternetException {
        return FtpUrl.of(URI.create(url));
    }

    @Test
    void thePathIsRelativeToTheLoginDirectoryUnlessItStartsWithAnEncodedSlash() throws Exception {
        assertEquals(new FtpUrl("pub/README", TransferType.BINARY), read("ftp://h/pub/README"));
        assertEquals(new FtpUrl("/etc/motd", TransferType.BINARY), read("ftp://h/%2Fetc/motd"));
        assertEquals(new FtpUrl("", TransferType.BINARY), read("ftp://h"));
        assertEquals(new FtpUrl("", TransferType.BINARY), read("ftps://h/"));
    }

    @Test
    void escapesAreDecoded() throws Exception {
        assertEquals("dir with space/ü.txt", read("ftp://h/dir%20with%20space/%C3%BC.txt").path());
    }

    @Test
    void theTypeParameterPicksAsciiOrBinaryAndIsNotPartOfThePath() throws Exception {
        assertEquals(new FtpUrl("notes.txt", TransferType.ASCII), read("ftp://h/notes.txt;type=a"));
        assertEquals(new FtpUrl("notes.txt", TransferType.ASCII), read("ftp://h/notes.txt;type=A"));
        assertEquals(new FtpUrl("image.iso", TransferType.BINARY), read("ftp://h/image.iso;type=i"));
    }

    @Test
    void anotherTypeIsAnInvalidUrl() {
        InternetException e = assertThrows(InternetException.class, () -> read("ftp://h/x;type=d"));
        assertEquals(InternetError.INVALID_URL, e.error());
        assertTrue(e.getMessage().contains("not d"), e.getMessage());
    }

    @Test
    void aDirectoryIsAnEmptyPathOrOneEndingInASlash() throws Exception {
        assertTrue(read("ftp://h").isDirectory());
        assertTrue(read("ftp://h/pub/").isDirectory());
        assertFalse(read("ftp://h/pub").isDirectory());
    }
}
