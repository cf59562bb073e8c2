package io.inetkit.provider.gopher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Service;
import io.inetkit.StatusEvent;
import io.inetkit.gopher.GopherAttributes;
import io.inetkit.gopher.GopherItem;
import io.inetkit.gopher.GopherItemType;
import io.inetkit.gopher.GopherSession;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.gopher.GopherRequest;
import io.inetkit.testkit.gopher.TestGopherServer;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider against the testkit's Gopher server: the protocol as a well-behaved server speaks it. */
class GopherSessionTest {

    @TempDir
    static Path dir;
    static byte[] binary;

    @StartStop
    final TestGopherServer gopher = TestGopherServer.newBuilder().root(dir).banner("Welcome", "to the test")
            .build();

    private final List<StatusEvent> events = new CopyOnWriteArrayList<>();
    private final Internet internet = Internet.newBuilder().readTimeout(Duration.ofSeconds(5))
            .connectTimeout(Duration.ofSeconds(5)).statusListener(events::add).build();

    @BeforeAll
    static void files() throws IOException {
        Files.writeString(dir.resolve("about.txt"), "Hello\n.hidden dot\n..two dots\n.\nafter a lone dot\n");
        binary = new byte[70_000];
        new Random(7).nextBytes(binary);
        Files.write(dir.resolve("data.bin"), binary);
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/readme.md"), "# Read me\n");
    }

    @AfterEach
    void close() {
        internet.close();
    }

    private GopherSession connect() throws InternetException {
        return connect(gopher.port());
    }

    private GopherSession connect(int port, ConnectFlag... flags) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.GOPHER, "localhost").port(port).flags(flags)
                .build());
    }

    @Test
    void isDiscoveredForGopherWithPort70AndBothSchemes() {
        var info = internet.services().stream().filter(i -> i.service().id() == 2).findFirst().orElseThrow();
        assertEquals(70, info.defaultPort());
        assertEquals(List.of("gopher", "gophers"), info.schemes().stream().sorted().toList());
    }

    @Test
    void connectSendsNothingAndEachOperationIsOneConnection() throws Exception {
        try (GopherSession session = connect()) {
            assertEquals(0, gopher.connectionCount());
            session.menu();
            session.menu("/docs");
            assertEquals(2, gopher.connectionCount());
        }
    }

    @Test
    void readsTheRootMenuWithInfoLines() throws Exception {
        try (GopherSession session = connect()) {
            List<GopherItem> menu = session.menu();
            assertEquals(List.of("Welcome", "to the test", "about.txt", "data.bin", "docs"),
                    menu.stream().map(GopherItem::display).toList());
            assertEquals(GopherItemType.INFO, menu.get(0).type());
            GopherItem about = menu.get(2);
            assertEquals(GopherItemType.TEXT_FILE, about.type());
            assertEquals("/about.txt", about.selector());
            assertEquals(gopher.port(), about.port());
            assertEquals(GopherItemType.BINARY, menu.get(3).type());
            assertEquals(GopherItemType.DIRECTORY, menu.get(4).type());
            assertEquals("", gopher.takeRequest(Duration.ofSeconds(5)).orElseThrow().line());
        }
    }

    @Test
    void readsTextWithTheTerminatorRemovedAndDotStuffingUndone() throws Exception {
        try (GopherSession session = connect(); InputStream in = session.open("/about.txt", GopherItemType.TEXT_FILE)) {
            assertEquals("Hello\r\n.hidden dot\r\n..two dots\r\n.\r\nafter a lone dot\r\n",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void readsBinaryByteForByte() throws Exception {
        try (GopherSession session = connect(); InputStream in = session.open("/data.bin", GopherItemType.BINARY)) {
            assertArrayEquals(binary, in.readAllBytes());
        }
    }

    @Test
    void opensAMenuItem() throws Exception {
        try (GopherSession session = connect()) {
            GopherItem readme = session.menu("/docs").get(0);
            try (InputStream in = session.open(readme)) {
                assertEquals("# Read me\r\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void searchSendsSelectorTabQuery() throws Exception {
        gopher.search("/find", query -> List.of(
                io.inetkit.testkit.gopher.GopherItem.of('0', "About " + query, "/about.txt")));
        try (GopherSession session = connect()) {
            List<GopherItem> found = session.search("/find", "gophers and moles");
            assertEquals("About gophers and moles", found.get(0).display());
            GopherRequest request = gopher.takeRequest(Duration.ofSeconds(5)).orElseThrow();
            assertEquals("/find\tgophers and moles", request.line());
        }
    }

    @Test
    void readsGopherPlusAttributes() throws Exception {
        gopher.abstractOf("/about.txt", "A short file\nabout things");
        try (GopherSession session = connect()) {
            GopherAttributes attributes = session.attributes("/about.txt");
            assertTrue(attributes.info().orElseThrow().startsWith("0about.txt\t/about.txt\t"));
            assertEquals("inetkit testkit <admin@localhost>", attributes.admin().get("Admin"));
            assertTrue(attributes.admin().containsKey("Mod-Date"));
            assertTrue(attributes.views().get(0).startsWith("text/plain"), attributes.views().toString());
            assertEquals("A short file\nabout things", attributes.abstractText().orElseThrow());
            assertEquals("/about.txt\t!", gopher.takeRequest(Duration.ofSeconds(5)).orElseThrow().line());
        }
    }

    @Test
    void aGopherPlusErrorIsAttributeNotFoundWithTheServersText() throws Exception {
        try (GopherSession session = connect()) {
            InternetException e = assertThrows(InternetException.class, () -> session.attributes("/missing"));
            assertEquals(InternetError.GOPHER_ATTRIBUTE_NOT_FOUND, e.error());
            assertTrue(e.serverReply().orElseThrow().contains("Item is not available: /missing"));
            assertTrue(e.getMessage().contains("error 1 (item is not available)"), e.getMessage());
            assertEquals(e.serverReply(), session.lastResponse());
        }
    }

    @Test
    void anErrorMenuForAMissingItemIsADataError() throws Exception {
        try (GopherSession session = connect()) {
            InternetException menu = assertThrows(InternetException.class, () -> session.menu("/nothing"));
            assertEquals(InternetError.GOPHER_DATA_ERROR, menu.error());
            assertEquals("Item is not available: /nothing", menu.serverReply().orElseThrow());
            InternetException open = assertThrows(InternetException.class,
                    () -> session.open("/gone.txt", GopherItemType.TEXT_FILE));
            assertEquals(InternetError.GOPHER_DATA_ERROR, open.error());
            assertEquals("Item is not available: /gone.txt", session.lastResponse().orElseThrow());
        }
    }

    @Test
    void selectorsAndQueriesWithTabCrOrLfAreRefusedBeforeAnyByte() throws Exception {
        try (GopherSession session = connect()) {
            for (String bad : List.of("/a\tb", "/a\r\nb", "/a\nb", "/a\rb")) {
                assertEquals(InternetError.GOPHER_INVALID_LOCATOR,
                        assertThrows(InternetException.class, () -> session.menu(bad)).error());
                assertEquals(InternetError.GOPHER_INVALID_LOCATOR, assertThrows(InternetException.class,
                        () -> session.open(bad, GopherItemType.TEXT_FILE)).error());
                assertEquals(InternetError.GOPHER_INVALID_LOCATOR,
                        assertThrows(InternetException.class, () -> session.attributes(bad)).error());
                assertEquals(InternetError.GOPHER_INVALID_LOCATOR,
                        assertThrows(InternetException.class, () -> session.search("/find", bad)).error());
            }
        }
        assertEquals(0, gopher.connectionCount());
        assertEquals(0, gopher.requestCount());
    }

    @Test
    void openingAMenuOrASessionTypeIsRefused() throws Exception {
        try (GopherSession session = connect()) {
            assertEquals(InternetError.GOPHER_NOT_FILE, assertThrows(InternetException.class,
                    () -> session.open("/docs", GopherItemType.DIRECTORY)).error());
            assertEquals(InternetError.GOPHER_NOT_FILE, assertThrows(InternetException.class,
                    () -> session.open("/find", GopherItemType.INDEX_SERVER)).error());
            assertEquals(InternetError.GOPHER_INCORRECT_LOCATOR_TYPE, assertThrows(InternetException.class,
                    () -> session.open("/t", GopherItemType.TELNET)).error());
        }
        assertEquals(0, gopher.connectionCount());
    }

    @Test
    void reportsEveryStepAsStatusEvents() throws Exception {
        try (GopherSession session = connect()) {
            session.menu();
        }
        List<InternetStatus> steps = events.stream().map(StatusEvent::status)
                .filter(s -> s != InternetStatus.HANDLE_CREATED && s != InternetStatus.HANDLE_CLOSING).toList();
        assertEquals(List.of(InternetStatus.RESOLVING_NAME, InternetStatus.NAME_RESOLVED,
                InternetStatus.CONNECTING_TO_SERVER, InternetStatus.CONNECTED_TO_SERVER,
                InternetStatus.SENDING_REQUEST, InternetStatus.REQUEST_SENT, InternetStatus.RECEIVING_RESPONSE,
                InternetStatus.RESPONSE_RECEIVED, InternetStatus.CLOSING_CONNECTION,
                InternetStatus.CONNECTION_CLOSED), steps);
        StatusEvent sent = events.stream().filter(e -> e.status() == InternetStatus.REQUEST_SENT).findFirst()
                .orElseThrow();
        assertEquals(2L, sent.info().orElseThrow());
        long received = (Long) events.stream().filter(e -> e.status() == InternetStatus.RESPONSE_RECEIVED)
                .findFirst().orElseThrow().info().orElseThrow();
        assertTrue(received > 100, "bytes received: " + received);
    }

    @Test
    void closingTheSessionClosesItsOpenDocuments() throws Exception {
        GopherSession session = connect();
        InputStream in = session.open("/data.bin", GopherItemType.BINARY);
        assertTrue(in.read() >= 0);
        session.close();
        assertThrows(IOException.class, () -> in.read(new byte[10]));
        assertEquals(InternetError.INVALID_HANDLE,
                assertThrows(InternetException.class, () -> session.menu()).error());
    }

    @Test
    void aStalledServerTimesOutWithinTheReadTimeout() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(gopher::address)) {
            proxy.fault(Fault.stallAfter(Direction.DOWNSTREAM, 20));
            proxy.start();
            try (Internet quick = Internet.newBuilder().readTimeout(Duration.ofMillis(500)).build();
                 GopherSession session = quick.connect(ConnectRequest.newBuilder(Service.GOPHER, "127.0.0.1")
                         .port(proxy.address().getPort()).build())) {
                long start = System.nanoTime();
                InternetException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                        () -> assertThrows(InternetException.class, () -> session.menu()));
                assertEquals(InternetError.TIMEOUT, e.error());
                assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 3000);
                try (InputStream in = session.open("/data.bin", GopherItemType.BINARY)) {
                    assertEquals(InternetError.TIMEOUT, assertTimeoutPreemptively(Duration.ofSeconds(5),
                            () -> assertThrows(InternetException.class, in::readAllBytes)).error());
                }
            }
        }
    }

    @Test
    void aRefusedConnectionCannotConnect() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (GopherSession session = connect(port)) {
            assertEquals(InternetError.CANNOT_CONNECT,
                    assertThrows(InternetException.class, () -> session.menu()).error());
        }
    }

    @Test
    void anUnknownHostIsNotResolved() throws Exception {
        try (GopherSession session = internet.connect(Service.GOPHER, "no-such-host.invalid")) {
            assertEquals(InternetError.NAME_NOT_RESOLVED,
                    assertThrows(InternetException.class, () -> session.menu()).error());
        }
    }

    @Test
    void gophersIsServedWhenTheCertificateIsTrusted() throws Exception {
        try (TestGopherServer tls = TestGopherServer.newBuilder().root(dir).tls().build()) {
            tls.start();
            try (Internet trusting = Internet.newBuilder()
                    .sslContext(TestCertificate.localhost().clientContext()).build();
                 GopherSession session = trusting.connect(ConnectRequest.newBuilder(Service.GOPHER, "localhost")
                         .port(tls.port()).flags(ConnectFlag.SECURE).build())) {
                assertEquals("docs", session.menu().get(2).display());
                try (InputStream in = session.open("/data.bin", GopherItemType.BINARY)) {
                    assertArrayEquals(binary, in.readAllBytes());
                }
            }
        }
    }

    @Test
    void gophersIsRefusedByDefaultForAnUntrustedCertificate() throws Exception {
        try (TestGopherServer tls = TestGopherServer.newBuilder().root(dir).tls().build()) {
            tls.start();
            try (GopherSession session = connect(tls.port(), ConnectFlag.SECURE)) {
                assertEquals(InternetError.INVALID_CA,
                        assertThrows(InternetException.class, () -> session.menu()).error());
            }
            assertEquals(0, tls.requestCount());
        }
    }

    @Test
    void anInsecureFlagNamedForWhatItWeakensAcceptsAnyCertificate() throws Exception {
        try (TestGopherServer tls = TestGopherServer.newBuilder().root(dir).tls().build()) {
            tls.start();
            try (GopherSession session = connect(tls.port(), ConnectFlag.SECURE,
                    ConnectFlag.INSECURE_TRUST_ANY_CERTIFICATE)) {
                assertEquals(3, session.menu().size(), "no banner on this server");
            }
        }
    }

    @Test
    void theServiceFileAndModuleInfoNameTheSameProvider() throws Exception {
        String services;
        try (InputStream in = GopherProvider.class.getResourceAsStream("/META-INF/services/io.inetkit.spi.ServiceProvider")) {
            services = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        Path classes = Path.of(GopherProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        var descriptor = java.lang.module.ModuleFinder.of(classes).find("io.inetkit.provider.gopher").orElseThrow()
                .descriptor();
        assertEquals(List.of(services), descriptor.provides().stream()
                .filter(p -> p.service().equals("io.inetkit.spi.ServiceProvider")).findFirst().orElseThrow()
                .providers());
        assertTrue(descriptor.exports().isEmpty(), "exports nothing");
        assertFalse(services.isEmpty());
    }
}
