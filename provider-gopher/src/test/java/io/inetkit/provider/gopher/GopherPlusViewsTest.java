package io.inetkit.provider.gopher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import io.inetkit.Service;
import io.inetkit.gopher.GopherAttributes;
import io.inetkit.gopher.GopherItemType;
import io.inetkit.gopher.GopherSession;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.gopher.TestGopherServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gopher+ views ({@code selector TAB +view}) and a menu's attributes in one request
 * ({@code selector TAB $}), against testkit's Gopher+ server and replies written byte for byte.
 */
class GopherPlusViewsTest {

    @TempDir
    static Path dir;
    static byte[] binary;

    @StartStop
    final TestGopherServer gopher = TestGopherServer.newBuilder().root(dir).build();

    @StartStop
    final TestGopherServer scripted = TestGopherServer.create();

    private final Internet internet = Internet.newBuilder().readTimeout(Duration.ofSeconds(5))
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void files() throws IOException {
        Files.writeString(dir.resolve("about.txt"), "Hello\n..two dots\n");
        binary = new byte[70_000];
        new Random(11).nextBytes(binary);
        Files.write(dir.resolve("data.bin"), binary);
    }

    @AfterEach
    void close() {
        internet.close();
    }

    private GopherSession connect(TestGopherServer server) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.GOPHER, "localhost").port(server.port()).build());
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void aTextViewEndsAtItsDotLineAndABinaryViewAtItsAnnouncedLength() throws Exception {
        try (GopherSession session = connect(gopher)) {
            // testkit sends text with CR LF and stuffs the leading dot, which the stream takes off again.
            assertEquals("Hello\r\n..two dots\r\n", new String(read(session.open("/about.txt",
                    GopherItemType.TEXT_FILE, "text/plain")), StandardCharsets.UTF_8));
            assertEquals("/about.txt\t+text/plain", gopher.takeRequest(Duration.ofSeconds(5)).orElseThrow().line());
            assertArrayEquals(binary, read(session.open("/data.bin", GopherItemType.BINARY,
                    "application/octet-stream")));
        }
    }

    @Test
    void anAnnouncedLengthIsExactlyWhatIsRead() throws Exception {
        scripted.raw("/x", "+5\r\nHELLO and nothing of this\r\n".getBytes(StandardCharsets.US_ASCII));
        try (GopherSession session = connect(scripted)) {
            assertEquals("HELLO", new String(read(session.open("/x", GopherItemType.TEXT_FILE, "text/plain")),
                    StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aServerThatClosesBeforeTheAnnouncedLengthCutTheDocumentShort() throws Exception {
        scripted.raw("/short", "+100\r\nonly this".getBytes(StandardCharsets.US_ASCII));
        try (GopherSession session = connect(scripted);
             InputStream in = session.open("/short", GopherItemType.BINARY, "application/octet-stream")) {
            InternetException e = assertThrows(InternetException.class, in::readAllBytes);
            assertEquals(InternetError.CONNECTION_ABORTED, e.error());
            assertTrue(e.getMessage().contains("91 of the 100 bytes"), e.getMessage());
        }
    }

    @Test
    void aViewUntilTheCloseIsEveryByte() throws Exception {
        scripted.raw("/all", "+-2\r\n.\r\nall of it".getBytes(StandardCharsets.US_ASCII));
        try (GopherSession session = connect(scripted)) {
            assertEquals(".\r\nall of it", new String(read(session.open("/all", GopherItemType.BINARY, "x/y")),
                    StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aMissingViewIsTheServersGopherPlusError() throws Exception {
        try (GopherSession session = connect(gopher)) {
            InternetException e = assertThrows(InternetException.class,
                    () -> session.open("/missing.txt", GopherItemType.TEXT_FILE, "text/plain"));
            assertEquals(InternetError.GOPHER_DATA_ERROR, e.error());
            assertTrue(e.serverReply().orElseThrow().contains("Item is not available"), e.getMessage());
        }
    }

    @Test
    void aPlainServerIsNotGopherPlus() throws Exception {
        scripted.raw("/plain", "just a document\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
        try (GopherSession session = connect(scripted)) {
            InternetException e = assertThrows(InternetException.class,
                    () -> session.open("/plain", GopherItemType.TEXT_FILE, "text/plain"));
            assertEquals(InternetError.GOPHER_NOT_GOPHER_PLUS, e.error());
            assertEquals("just a document", e.serverReply().orElseThrow());
        }
    }

    @Test
    void aViewThatWouldBreakTheRequestLineIsRefusedBeforeAnythingIsSent() throws Exception {
        try (GopherSession session = connect(gopher)) {
            assertEquals(InternetError.GOPHER_INVALID_LOCATOR, assertThrows(InternetException.class,
                    () -> session.open("/about.txt", GopherItemType.TEXT_FILE, "text/plain\r\nX")).error());
            assertTrue(gopher.takeRequest(Duration.ofMillis(200)).isEmpty());
        }
    }

    @Test
    void aMenusAttributesComeInOneRequestInItsOrder() throws Exception {
        try (GopherSession session = connect(gopher)) {
            List<GopherAttributes> items = session.menuAttributes("");
            assertEquals(List.of("0about.txt", "9data.bin"), items.stream()
                    .map(a -> a.info().orElseThrow().split("\t")[0]).toList());
            assertTrue(items.get(1).views().get(0).startsWith("application/octet-stream"), items.toString());
            assertEquals("\t$", gopher.takeRequest(Duration.ofSeconds(5)).orElseThrow().line());
        }
    }

    @Test
    void aMenusAttributesPastTheEntryLimitAreRefusedNamingIt() throws Exception {
        StringBuilder reply = new StringBuilder("+-1\r\n");
        for (int i = 0; i < 5; i++) {
            reply.append("+INFO: 0item").append(i).append("\t/").append(i).append("\tlocalhost\t70\t+\r\n");
        }
        scripted.raw("/many", reply.append(".\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        try (Internet small = Internet.newBuilder().limits(Limits.newBuilder().maxListEntries(3).build()).build();
             GopherSession session = small.connect(ConnectRequest.newBuilder(Service.GOPHER, "localhost")
                     .port(scripted.port()).build())) {
            InternetException e = assertThrows(InternetException.class, () -> session.menuAttributes("/many"));
            assertEquals(InternetError.GOPHER_PROTOCOL_ERROR, e.error());
            assertTrue(e.getMessage().contains("Limits.maxListEntries"), e.getMessage());
        }
    }
}
