package io.inetkit.testkit.gopher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestGopherServerTest {

    static final Instant MODIFIED = Instant.parse("2026-11-25T20:24:18Z");
    static final byte[] BINARY = binary();

    @TempDir
    static Path root;

    @StartStop
    final TestGopherServer gopher = TestGopherServer.newBuilder().root(root).banner("Welcome").build();

    @BeforeAll
    static void fillRoot() throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/readme.txt"), "inside\n");
        Files.writeString(root.resolve("a.txt"), "line one\n.starts with a dot\n..two dots\n.\nlast line no newline");
        Files.write(root.resolve("data.bin"), BINARY);
        Files.write(root.resolve("img.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.writeString(root.resolve("notes"), "no extension, but text\n");
        Files.write(root.resolve("blob"), new byte[] {1, 0, 2, 0});
        Files.writeString(root.resolve(".hidden"), "secret\n");
        Files.setLastModifiedTime(root.resolve("a.txt"), FileTime.from(MODIFIED));
        Files.setLastModifiedTime(root.resolve("docs"), FileTime.from(MODIFIED));
    }

    static byte[] binary() {
        byte[] bytes = new byte[100_000];
        new Random(1436).nextBytes(bytes);
        // The end-of-text marker inside a binary must not end it.
        System.arraycopy("\r\n.\r\n".getBytes(UTF_8), 0, bytes, 500, 5);
        return bytes;
    }

    String item(char type, String name, String selector) {
        return type + name + "\t" + selector + "\t127.0.0.1\t" + gopher.port() + "\r\n";
    }

    @Test
    void rootMenuListsVisibleEntriesSortedAndTypedWithBannerFirst() throws IOException {
        String menu = Wire.exchangeText(gopher.address(), "");

        assertEquals("iWelcome\t\tnull.host\t1\r\n"
                + item('0', "a.txt", "/a.txt")
                + item('9', "blob", "/blob")
                + item('9', "data.bin", "/data.bin")
                + item('1', "docs", "/docs")
                + item('I', "img.png", "/img.png")
                + item('0', "notes", "/notes")
                + ".\r\n", menu);
    }

    @Test
    void slashIsTheRootTooAndSubdirectoriesAreMenusWithoutBanner() throws IOException {
        assertEquals(Wire.exchangeText(gopher.address(), ""), Wire.exchangeText(gopher.address(), "/"));
        assertEquals(item('0', "readme.txt", "/docs/readme.txt") + ".\r\n",
                Wire.exchangeText(gopher.address(), "/docs"));
    }

    @Test
    void textFileIsDotStuffedWithCrLfAndEndsWithPeriodLine() throws IOException {
        String text = Wire.exchangeText(gopher.address(), "/a.txt");

        assertEquals("line one\r\n..starts with a dot\r\n...two dots\r\n..\r\nlast line no newline\r\n.\r\n", text);
        assertEquals(Files.readString(root.resolve("a.txt")).lines().toList(), unstuff(text));
    }

    static List<String> unstuff(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\r\n", -1)) {
            if (line.equals(".")) {
                return lines;
            }
            lines.add(line.startsWith(".") ? line.substring(1) : line);
        }
        throw new AssertionError("no final period line in " + text);
    }

    @Test
    void binaryFileIsSentByteForByteThenClosed() throws IOException {
        assertArrayEquals(BINARY, Wire.exchange(gopher.address(), "/data.bin"));
    }

    @Test
    void missingItemIsAnErrorMenuLine() throws IOException {
        assertEquals("3Item is not available: /nope\t\terror.host\t1\r\n.\r\n",
                Wire.exchangeText(gopher.address(), "/nope"));
    }

    @Test
    void selectorsCannotLeaveTheRootOrReachHiddenFiles() throws IOException {
        for (String selector : List.of("/../etc/passwd", "/docs/../../x", "/.hidden", "..")) {
            assertTrue(Wire.exchangeText(gopher.address(), selector).startsWith("3Item is not available"), selector);
        }
    }

    @Test
    void searchAnswersTheQueryWithTheHandlersMenu() throws Exception {
        gopher.search("/find", query -> List.of(
                GopherItem.of('0', "Result for " + query, "/a.txt"),
                GopherItem.remote('1', "Elsewhere", "/x", "example.test", 7070),
                GopherItem.info("2 results")));

        assertEquals(item('0', "Result for two words", "/a.txt")
                + "1Elsewhere\t/x\texample.test\t7070\r\n"
                + "i2 results\t\tnull.host\t1\r\n"
                + ".\r\n", Wire.exchangeText(gopher.address(), "/find\ttwo words"));
        assertEquals(Optional.of("two words"), gopher.takeRequest(Duration.ofSeconds(5)).orElseThrow().query());
    }

    @Test
    void searchQueryMayStartWithPlusAndHandlerFailureIsAnErrorLine() throws IOException {
        gopher.search("/find", query -> List.of(GopherItem.info("q=" + query)));
        assertEquals("iq=+x\t\tnull.host\t1\r\n.\r\n", Wire.exchangeText(gopher.address(), "/find\t+x"));

        gopher.search("/boom", query -> {
            throw new IllegalStateException("handler broke");
        });
        assertEquals("3Search failed.\t\terror.host\t1\r\n.\r\n", Wire.exchangeText(gopher.address(), "/boom\tq"));
    }

    @Test
    void gopherPlusSearchMarksItemsAndStartsWithLengthLine() throws IOException {
        gopher.search("/find", query -> List.of(GopherItem.of('0', query, "/a.txt")));

        assertEquals("+-1\r\n0q\t/a.txt\t127.0.0.1\t" + gopher.port() + "\t+\r\n.\r\n",
                Wire.exchangeText(gopher.address(), "/find\tq\t+"));
    }

    @Test
    void gopherPlusTextAndMenuStartWithMinusOneAndMarkItems() throws IOException {
        assertEquals("+-1\r\ninside\r\n.\r\n", Wire.exchangeText(gopher.address(), "/docs/readme.txt\t+"));
        assertEquals("+-1\r\n0readme.txt\t/docs/readme.txt\t127.0.0.1\t" + gopher.port() + "\t+\r\n.\r\n",
                Wire.exchangeText(gopher.address(), "/docs\t+"));
        // A view after the + is accepted and ignored.
        assertEquals("+-1\r\ninside\r\n.\r\n",
                Wire.exchangeText(gopher.address(), "/docs/readme.txt\t+text/plain"));
    }

    @Test
    void gopherPlusBinaryStartsWithItsExactLength() throws IOException {
        byte[] reply = Wire.exchange(gopher.address(), "/data.bin\t+");
        byte[] header = ("+" + BINARY.length + "\r\n").getBytes(UTF_8);

        assertArrayEquals(header, java.util.Arrays.copyOf(reply, header.length));
        assertArrayEquals(BINARY, java.util.Arrays.copyOfRange(reply, header.length, reply.length));
    }

    @Test
    void attributesHaveInfoAdminViewsAndAbstract() throws IOException {
        gopher.abstractOf("/a.txt", "A file with dots.\nSecond line.");

        assertEquals("+-1\r\n"
                + "+INFO: 0a.txt\t/a.txt\t127.0.0.1\t" + gopher.port() + "\t+\r\n"
                + "+ADMIN:\r\n"
                + " Admin: inetkit testkit <admin@localhost>\r\n"
                + " Mod-Date: Wed Nov 25 20:24:18 2026 <20261125202418>\r\n"
                + "+VIEWS:\r\n"
                + " text/plain: <1k>\r\n"
                + "+ABSTRACT:\r\n"
                + " A file with dots.\r\n"
                + " Second line.\r\n"
                + ".\r\n", Wire.exchangeText(gopher.address(), "/a.txt\t!"));
    }

    @Test
    void directoryAttributesListEveryItemsBlock() throws IOException {
        String reply = Wire.exchangeText(gopher.address(), "\t$");

        assertTrue(reply.startsWith("+-1\r\n+INFO: 0a.txt\t/a.txt\t"), reply);
        assertTrue(reply.endsWith("\r\n.\r\n"), reply);
        assertEquals(6, reply.split("\\+INFO: ", -1).length - 1, reply);
        assertTrue(reply.contains("+INFO: 1docs\t/docs\t127.0.0.1\t" + gopher.port() + "\t+\r\n+ADMIN:\r\n"
                + " Admin: inetkit testkit <admin@localhost>\r\n"
                + " Mod-Date: Wed Nov 25 20:24:18 2026 <20261125202418>\r\n"
                + "+VIEWS:\r\n application/gopher-menu: <0k>\r\n"), reply);
        assertTrue(reply.contains(" application/octet-stream: <98k>\r\n"), reply);
    }

    @Test
    void gopherPlusErrorNamesCodeAndAdministrator() throws IOException {
        String expected = "--1\r\n1 inetkit testkit <admin@localhost>\r\nItem is not available: /nope\r\n.\r\n";
        assertEquals(expected, Wire.exchangeText(gopher.address(), "/nope\t+"));
        assertEquals(expected, Wire.exchangeText(gopher.address(), "/nope\t!"));
        assertEquals("--1\r\n1 inetkit testkit <admin@localhost>\r\nItem is not available: /a.txt\r\n.\r\n",
                Wire.exchangeText(gopher.address(), "/a.txt\t$"));
    }

    @Test
    void rawReplyIsSentVerbatimThenClosed() throws IOException {
        byte[] malformed = "0no tabs at all\r\n1\t\t\t\r\nnot even a period".getBytes(UTF_8);
        gopher.raw("/bad", malformed);

        assertArrayEquals(malformed, Wire.exchange(gopher.address(), "/bad"));
        assertArrayEquals(malformed, Wire.exchange(gopher.address(), "/bad\t+"));
        assertTrue(Wire.exchangeText(gopher.address(), "/a.txt").startsWith("line one"));
    }

    @Test
    void rawReplyCanKeepTheConnectionOpenUntilTheServerCloses() throws Exception {
        gopher.raw("/hang", "0half a menu".getBytes(UTF_8), TestGopherServer.AfterRaw.KEEP_OPEN);

        try (Socket socket = Wire.connect(gopher.address())) {
            socket.getOutputStream().write("/hang\r\n".getBytes(UTF_8));
            InputStream in = socket.getInputStream();
            assertArrayEquals("0half a menu".getBytes(UTF_8), in.readNBytes(12));
            socket.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, in::read);

            socket.setSoTimeout(Wire.TIMEOUT_MILLIS);
            gopher.close();
            assertEquals(-1, in.read());
        }
    }

    @Test
    void rawForAnyAnswersEverySelectorWithoutItsOwnRaw() throws IOException {
        gopher.rawForAny("garbage".getBytes(UTF_8));
        gopher.raw("/own", "own".getBytes(UTF_8));

        assertEquals("garbage", Wire.exchangeText(gopher.address(), "/a.txt"));
        assertEquals("garbage", Wire.exchangeText(gopher.address(), ""));
        assertEquals("own", Wire.exchangeText(gopher.address(), "/own"));
    }

    @Test
    void requestsAreRecordedInOrderWithTheirParts() throws Exception {
        assertEquals(0, gopher.requestCount());
        Wire.exchange(gopher.address(), "/docs\t+");
        Wire.exchange(gopher.address(), "/a.txt");

        GopherRequest first = gopher.takeRequest(Duration.ofSeconds(5)).orElseThrow();
        assertEquals("/docs\t+", first.line());
        assertEquals("/docs", first.selector());
        assertEquals(Optional.of("+"), first.gopherPlus());
        assertEquals(Optional.empty(), first.query());
        assertEquals("/a.txt", gopher.takeRequest(Duration.ofSeconds(5)).orElseThrow().line());
        assertEquals(2, gopher.requestCount());
        assertEquals(Optional.empty(), gopher.takeRequest(Duration.ofMillis(50)));
    }

    @Test
    void bareLfEndsARequestLineToo() throws IOException {
        try (Socket socket = Wire.connect(gopher.address())) {
            socket.getOutputStream().write("/docs/readme.txt\n".getBytes(UTF_8));
            assertEquals("inside\r\n.\r\n", new String(socket.getInputStream().readAllBytes(), UTF_8));
        }
    }

    @Test
    void advertisedHostAndPortAreWrittenIntoMenus() throws Exception {
        try (TestGopherServer server = TestGopherServer.newBuilder().root(root.resolve("docs"))
                .advertisedHost("gopher.example").advertisedPort(7070).gopherPlusMenus(true).build()) {
            server.start();
            assertEquals("0readme.txt\t/readme.txt\tgopher.example\t7070\t+\r\n.\r\n",
                    Wire.exchangeText(server.address(), ""));
        }
    }

    @Test
    void serverWithoutRootAnswersOnlyWhatWasRegistered() throws Exception {
        try (TestGopherServer server = TestGopherServer.create()) {
            server.start();
            assertEquals("3Item is not available: \t\terror.host\t1\r\n.\r\n", Wire.exchangeText(server.address(), ""));
        }
    }

    @Test
    void overlongRequestLineIsRefusedAndNotRecorded() throws Exception {
        try (TestGopherServer server = TestGopherServer.newBuilder().root(root).maxRequestLineBytes(16).build()) {
            server.start();
            assertEquals("3Request line too long.\t\terror.host\t1\r\n.\r\n",
                    Wire.exchangeText(server.address(), "/" + "x".repeat(100)));
            assertEquals("0readme.txt\t/docs/readme.txt\t127.0.0.1\t" + server.port() + "\r\n.\r\n",
                    Wire.exchangeText(server.address(), "/docs"));
            assertEquals(1, server.requestCount());
        }
    }

    @Test
    void silentClientIsDisconnectedAfterTheReadTimeout() throws Exception {
        try (TestGopherServer server = TestGopherServer.newBuilder().readTimeout(Duration.ofMillis(200)).build();
                Socket socket = new Socket()) {
            server.start();
            socket.connect(server.address(), Wire.TIMEOUT_MILLIS);
            socket.setSoTimeout(Wire.TIMEOUT_MILLIS);
            long start = System.nanoTime();
            assertEquals(-1, socket.getInputStream().read());
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMillis >= 150 && elapsedMillis < 4000, elapsedMillis + " ms");
            assertEquals(0, server.requestCount());
        }
    }

    @Test
    void closeEndsEveryThreadAndStopsListening() throws Exception {
        TestGopherServer server = TestGopherServer.serving(root);
        server.start();
        InetSocketAddress address = server.address();
        String prefix = "inetkit-gopher-" + address.getPort() + "-";
        server.raw("/hang", new byte[] {'x'}, TestGopherServer.AfterRaw.KEEP_OPEN);
        try (Socket idle = Wire.connect(address); Socket hanging = Wire.connect(address)) {
            hanging.getOutputStream().write("/hang\r\n".getBytes(UTF_8));
            assertEquals('x', hanging.getInputStream().read());
            assertTrue(Wire.exchangeText(address, "/a.txt").startsWith("line one"));
            assertFalse(Wire.threadsNamed(prefix).isEmpty());

            server.close();
            server.close();

            assertEquals(java.util.Set.of(), Wire.awaitNoThreadsNamed(prefix, Duration.ofSeconds(5)));
            assertEquals(-1, idle.getInputStream().read());
            assertEquals(-1, hanging.getInputStream().read());
        }
        assertThrows(ConnectException.class, () -> Wire.connect(address).close());
        assertThrows(IllegalStateException.class, server::start);
    }

    @Test
    void addressBeforeStartIsAnError() {
        assertThrows(IllegalStateException.class, () -> TestGopherServer.create().address());
    }

    @Nested
    class StartStopLifecycle {
        static TestGopherServer seen;

        @StartStop
        final TestGopherServer managed = TestGopherServer.serving(root);

        @Test
        void fieldIsStartedBeforeTheTest() throws IOException {
            seen = managed;
            assertTrue(Wire.exchangeText(managed.address(), "/docs").startsWith("0readme.txt"));
        }

        @AfterAll
        static void fieldWasClosedAfterTheTest() {
            InetSocketAddress address = seen.address();
            assertThrows(ConnectException.class, () -> Wire.connect(address).close());
        }
    }
}
