package io.inetkit.provider.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ftp:// and ftps:// URLs through Internet.openUrl (RFC 1738). */
class FtpOpenUrlTest {

    @StartStop final TestFtpServer ftp = TestFtpServer.newBuilder().user("alice", "p@ss word").build();
    @StartStop final TestFtpServer implicit = TestFtpServer.newBuilder().user("alice", "secret").implicitFtps().build();

    final Internet internet = Internet.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(5)).sslContext(TestCertificate.localhost().clientContext()).build();

    @AfterEach
    void closeInternet() {
        internet.close();
    }

    private byte[] read(String url, ConnectFlag... flags) throws Exception {
        try (InputStream in = internet.openUrl(URI.create(url), flags)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aFileUrlReadsTheFileAnonymously() throws Exception {
        byte[] content = new byte[300_000];
        new Random(1).nextBytes(content);
        Files.write(ftp.root().resolve("data.bin"), content);
        assertArrayEquals(content, read("ftp://" + ftp.host() + ":" + ftp.port() + "/data.bin", ConnectFlag.PASSIVE));
    }

    @Test
    void userInfoLogsIn() throws Exception {
        Files.writeString(ftp.root().resolve("note.txt"), "for alice");
        assertEquals("for alice", new String(read("ftp://alice:p%40ss%20word@" + ftp.host() + ":" + ftp.port()
                + "/note.txt", ConnectFlag.PASSIVE), StandardCharsets.UTF_8));
    }

    @Test
    void aDirectoryUrlReadsTheNames() throws Exception {
        Files.createDirectories(ftp.root().resolve("pub"));
        Files.writeString(ftp.root().resolve("pub/a.txt"), "a");
        Files.writeString(ftp.root().resolve("pub/b.txt"), "b");
        assertEquals("a.txt\nb.txt\n", new String(read("ftp://" + ftp.host() + ":" + ftp.port() + "/pub/",
                ConnectFlag.PASSIVE), StandardCharsets.UTF_8));
    }

    @Test
    void typeAReadsAsText() throws Exception {
        Files.writeString(ftp.root().resolve("lines.txt"), "a\r\nb\r\n");
        String text = new String(read("ftp://" + ftp.host() + ":" + ftp.port() + "/lines.txt;type=a",
                ConnectFlag.PASSIVE), StandardCharsets.UTF_8);
        assertTrue(text.equals("a\nb\n") || text.equals("a\r\nb\r\n"), text);
    }

    @Test
    void aMissingFileIsTheServersRefusal() {
        InternetException e = assertThrows(InternetException.class,
                () -> read("ftp://" + ftp.host() + ":" + ftp.port() + "/missing.bin", ConnectFlag.PASSIVE));
        assertEquals(InternetError.EXTENDED_ERROR, e.error());
        assertTrue(e.serverReply().orElseThrow().startsWith("550"), e.serverReply().toString());
    }

    @Test
    void ftpsIsImplicitTlsWithVerification() throws Exception {
        Files.writeString(implicit.root().resolve("secret.txt"), "tls");
        String url = "ftps://alice:secret@localhost:" + implicit.port() + "/secret.txt";
        assertEquals("tls", new String(read(url, ConnectFlag.PASSIVE), StandardCharsets.UTF_8));
        try (Internet defaults = Internet.create()) {
            InternetException e = assertThrows(InternetException.class,
                    () -> defaults.openUrl(URI.create(url), ConnectFlag.PASSIVE));
            assertEquals(InternetError.INVALID_CA, e.error());
        }
    }

    @Test
    void aBadTypeIsAnInvalidUrl() {
        InternetException e = assertThrows(InternetException.class,
                () -> read("ftp://" + ftp.host() + ":" + ftp.port() + "/x;type=z", ConnectFlag.PASSIVE));
        assertEquals(InternetError.INVALID_URL, e.error());
    }
}
