package io.inetkit.provider.gopher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.gopher.GopherItem;
import io.inetkit.testkit.gopher.TestGopherServer;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gopher:// and gophers:// URLs through Internet.openUrl and java.net.URL (RFC 4266). */
class GopherOpenUrlTest {

    @TempDir
    static Path dir;

    @StartStop
    final TestGopherServer gopher = TestGopherServer.serving(dir)
            .search("/find", query -> List.of(GopherItem.of('0', "Found " + query, "/about.txt")));

    @StartStop
    final TestGopherServer secure = TestGopherServer.newBuilder().root(dir).tls().build();

    private final Internet internet = Internet.newBuilder().readTimeout(Duration.ofSeconds(5))
            .sslContext(TestCertificate.localhost().clientContext()).build();

    @BeforeAll
    static void files() throws Exception {
        Files.writeString(dir.resolve("about.txt"), "Hello\n..dots\n");
        Files.write(dir.resolve("data.bin"), new byte[] {0, 1, 2, '.', '\r', '\n', 3});
    }

    @AfterEach
    void close() {
        internet.close();
    }

    private String read(String url) throws Exception {
        try (InputStream in = internet.openUrl(URI.create(url))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aTextUrlReadsTheDocumentAsWritten() throws Exception {
        assertEquals("Hello\r\n..dots\r\n", read("gopher://localhost:" + gopher.port() + "/0/about.txt"));
    }

    @Test
    void aBinaryUrlReadsTheBytesAsTheyAre() throws Exception {
        try (InputStream in = internet.openUrl(URI.create("gopher://localhost:" + gopher.port() + "/9/data.bin"))) {
            assertArrayEquals(new byte[] {0, 1, 2, '.', '\r', '\n', 3}, in.readAllBytes());
        }
    }

    @Test
    void aMenuUrlReadsTheItemsAsLocatorLines() throws Exception {
        String menu = read("gopher://localhost:" + gopher.port() + "/1");
        assertTrue(menu.contains("0about.txt\t/about.txt\t"), menu);
        assertTrue(menu.endsWith("\r\n"), menu);
    }

    @Test
    void aSearchUrlSendsItsQuery() throws Exception {
        String results = read("gopher://localhost:" + gopher.port() + "/7/find%09gopher%20holes");
        assertTrue(results.startsWith("0Found gopher holes\t/about.txt\t"), results);
    }

    @Test
    void gophersIsTlsWithVerification() throws Exception {
        assertEquals("Hello\r\n..dots\r\n", read("gophers://localhost:" + secure.port() + "/0/about.txt"));
        try (Internet defaults = Internet.create()) {
            InternetException e = assertThrows(InternetException.class, () -> defaults.openUrl(
                    URI.create("gophers://localhost:" + secure.port() + "/0/about.txt")));
            assertEquals(InternetError.INVALID_CA, e.error());
        }
    }

    @Test
    void aSelectorWithAnEncodedLineBreakIsRefused() {
        InternetException e = assertThrows(InternetException.class,
                () -> read("gopher://localhost:" + gopher.port() + "/0/a%0D%0Ab"));
        assertEquals(InternetError.INVALID_URL, e.error());
        assertEquals(0, gopher.requestCount());
    }

    @Test
    void javaNetUrlOpensGopherThroughTheProvider() throws Exception {
        try (InputStream in = new URL("gopher://localhost:" + gopher.port() + "/0/about.txt").openStream()) {
            assertEquals("Hello\r\n..dots\r\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
