package io.inetkit.provider.gopher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.gopher.GopherItem;
import io.inetkit.gopher.GopherItemType;
import io.inetkit.gopher.GopherSession;
import io.inetkit.testkit.daemon.SystemDaemon;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider against a real, independent server: Debian's {@code gophernicus}, which is
 * inetd-style (one request on stdin and stdout), run behind {@code socat} on a free loopback port
 * and serving a temporary directory. Both come from {@code .ci/packages}. Without them the tests
 * are skipped locally and fail on CI (the {@code CI} environment variable set).
 */
class GophernicusTest {

    private static final Duration START_WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path root;
    static SystemDaemon daemon;
    static int port;
    static byte[] binary;
    static byte[] text;
    static byte[] big;
    @TempDir
    static Path local;

    private Internet internet;
    private GopherSession session;

    @BeforeAll
    static void startGophernicus() throws Exception {
        Path gophernicus = SystemDaemon.require("gophernicus", "gophernicus");
        Path socat = SystemDaemon.require("socat", "socat");
        text = "Hello from gophernicus\r\n.a line with a leading dot\r\n..two dots\r\nlast line\r\n"
                .getBytes(StandardCharsets.UTF_8);
        Files.write(root.resolve("hello.txt"), text);
        binary = new byte[300_000];
        new Random(42).nextBytes(binary);
        Files.write(root.resolve("blob.bin"), binary);
        big = new byte[6 * 1024 * 1024 + 7];
        new Random(43).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Path docs = Files.createDirectories(root.resolve("docs"));
        Files.writeString(docs.resolve("gophermap"), "Welcome to the docs\r\n0Hello\t/hello.txt\r\n9Blob\t/blob.bin\r\n");
        // gophernicus serves only what everyone may read; @TempDir makes its directory private.
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.toList()) {
                Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString(
                        Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        IOException last = null;
        for (int attempt = 0; attempt < 3 && daemon == null; attempt++) {
            int candidate = SystemDaemon.freePort();
            try {
                daemon = SystemDaemon.start(List.of(socat.toString(),
                        "TCP-LISTEN:" + candidate + ",bind=127.0.0.1,fork,reuseaddr",
                        "EXEC:" + gophernicus + " -h 127.0.0.1 -p " + candidate + " -r " + root
                                + " -nr -ns -nm -nv -nH -nx"), logFile(), START_WAIT, candidate);
                port = candidate;
            } catch (IOException e) {
                // Most likely another process took the port in the meantime: try another.
                last = e;
            }
        }
        if (daemon == null) {
            throw last;
        }
    }

    private static Path logFile() throws IOException {
        Path log = Files.createTempFile("inetkit-gophernicus", ".log");
        log.toFile().deleteOnExit();
        return log;
    }

    @AfterAll
    static void stopGophernicus() throws InterruptedException {
        if (daemon != null) {
            daemon.close();
            daemon = null;
        }
    }

    @BeforeEach
    void connect() throws Exception {
        internet = Internet.newBuilder().readTimeout(Duration.ofSeconds(10)).build();
        session = internet.connect(ConnectRequest.newBuilder(Service.GOPHER, "127.0.0.1").port(port).build());
    }

    @AfterEach
    void close() {
        internet.close();
    }

    @Test
    void readsTheGeneratedRootMenuWithItsInfoLines() throws Exception {
        List<GopherItem> menu = session.menu();
        assertTrue(menu.stream().anyMatch(i -> i.type() == GopherItemType.INFO), menu.toString());
        GopherItem hello = menu.stream().filter(i -> i.selector().equals("/hello.txt")).findFirst().orElseThrow();
        assertEquals(GopherItemType.TEXT_FILE, hello.type());
        assertEquals("127.0.0.1", hello.host());
        assertEquals(port, hello.port());
        GopherItem blob = menu.stream().filter(i -> i.selector().equals("/blob.bin")).findFirst().orElseThrow();
        assertEquals(GopherItemType.BINARY, blob.type());
        assertTrue(menu.stream().anyMatch(i -> i.type() == GopherItemType.DIRECTORY && i.selector().equals("/docs/")));
    }

    @Test
    void readsAGophermapWithInfoLines() throws Exception {
        List<GopherItem> menu = session.menu("/docs/");
        assertEquals(GopherItemType.INFO, menu.get(0).type());
        assertEquals("Welcome to the docs", menu.get(0).display());
        assertEquals("Hello", menu.get(1).display());
        assertEquals("/hello.txt", menu.get(1).selector());
        try (InputStream in = session.open(menu.get(2))) {
            assertArrayEquals(binary, in.readAllBytes());
        }
    }

    @Test
    void readsTextByteForByteKeepingUnstuffedDots() throws Exception {
        // gophernicus neither stuffs dots nor sends a final "." line; a leading ".." then reads as "."
        try (InputStream in = session.open("/hello.txt", GopherItemType.TEXT_FILE)) {
            assertEquals(new String(text, StandardCharsets.UTF_8).replace("\n..two", "\n.two"),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void readsBinaryByteForByte() throws Exception {
        try (InputStream in = session.open("/blob.bin", GopherItemType.BINARY)) {
            assertArrayEquals(binary, in.readAllBytes());
        }
    }

    @Test
    void attributesFromThisGopherZeroServerAreNotGopherPlus() {
        InternetException e = assertThrows(InternetException.class, () -> session.attributes("/hello.txt"));
        assertEquals(InternetError.GOPHER_NOT_GOPHER_PLUS, e.error());
    }
    @Test
    void getSavesABinaryDocumentThroughTheChannelByteForByte() throws Exception {
        Path target = local.resolve("big.bin");
        ((GopherSessionImpl) session).get("/big.bin", GopherItemType.BINARY, target);
        assertEquals(FileDownload.CHANNEL, ((GopherSessionImpl) session).lastDownload());
        assertArrayEquals(big, Files.readAllBytes(target));
        session.get("/blob.bin", GopherItemType.BINARY, target); // replaces it
        assertArrayEquals(binary, Files.readAllBytes(target));
        assertEquals(List.of("big.bin"), GopherGetTest.names(local));
    }

    @Test
    void getSavesTextAsOpenReadsIt() throws Exception {
        byte[] opened;
        try (InputStream in = session.open("/hello.txt", GopherItemType.TEXT_FILE)) {
            opened = in.readAllBytes();
        }
        Path target = local.resolve("hello.txt");
        session.get("/hello.txt", GopherItemType.TEXT_FILE, target);
        assertEquals(FileDownload.STREAM, ((GopherSessionImpl) session).lastDownload());
        assertArrayEquals(opened, Files.readAllBytes(target));
        Files.delete(target);
    }
}
