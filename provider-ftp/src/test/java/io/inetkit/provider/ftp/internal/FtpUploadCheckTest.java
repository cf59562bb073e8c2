package io.inetkit.provider.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ftp.TransferType;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An upload the server took for a shorter file must not look complete ({@link UploadCheck}). A
 * {@link FaultProxy} on the data connection half-closes it towards the server after 64 KiB while it
 * reads and drops the rest, so the client sends every byte without an error and the server stores a
 * 64 KiB prefix and answers 226: only {@code SIZE} can tell. Commands are counted on the control
 * proxy. Each upload way is tried: {@code put} through a direct buffer (the default), {@code put}
 * with {@code sendfile}, and the stream of {@code openWrite}.
 */
class FtpUploadCheckTest {

    static final int CUT = 64 * 1024;
    static final int SIZE = 200 * 1024; // fits in loopback socket buffers

    enum Way { CHANNEL, SENDFILE, OPEN_WRITE }

    @TempDir
    Path local;

    private ProxiedFtpServer rig;
    private TestFtpServer server;
    private FaultProxy data;
    private final ProxiedFtpServer.CommandCount commands = new ProxiedFtpServer.CommandCount();
    private volatile boolean hideSize;
    private volatile boolean misdirectDele;
    private Leaks leaks;

    @BeforeEach
    void start() throws Exception {
        leaks = Leaks.snapshot();
        rig = ProxiedFtpServer.start(TestFtpServer.newBuilder().user("alice", "secret"), line -> {
            if (hideSize && line.trim().equals("SIZE")) {
                return " XSIZ"; // FEAT without SIZE: a server that has none
            }
            return line;
        }, line -> {
            String verb = commands.record(line);
            return misdirectDele && verb.equals("DELE") ? "DELE not-there.bin" : line;
        });
        server = rig.server;
        data = rig.data;
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
        leaks.assertNoLeak("upload check");
    }

    private static Internet internet() {
        return internet(Way.CHANNEL);
    }

    /** Zero-copy is off by default: on for {@link Way#SENDFILE}. */
    private static Internet internet(Way way) {
        return Internet.newBuilder().connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5))
                .zeroCopy(way == Way.SENDFILE).build();
    }

    private byte[] content(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** Uploads {@code bytes} to up.bin the chosen way. */
    private void upload(FtpSessionImpl session, Way way, byte[] bytes, TransferType type) throws Exception {
        if (way == Way.OPEN_WRITE) {
            try (OutputStream out = session.openWrite("up.bin", type)) {
                for (int off = 0; off < bytes.length; off += 8192) {
                    out.write(bytes, off, Math.min(8192, bytes.length - off));
                }
            }
            return;
        }
        session.put(Files.write(local.resolve("up.bin"), bytes), "up.bin", type);
        assertEquals(way == Way.SENDFILE ? FileUpload.SENDFILE
                : type == TransferType.BINARY ? FileUpload.CHANNEL : FileUpload.STREAM, session.lastUpload());
    }

    private Path remote() {
        return server.root().resolve("up.bin");
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void aWholeUploadSucceedsAfterExactlyOneSize(Way way) throws Exception {
        byte[] bytes = content(SIZE);
        try (Internet internet = internet(way); FtpSessionImpl session = rig.connect(internet)) {
            upload(session, way, bytes, TransferType.BINARY);
            assertEquals(1, commands.sent("SIZE"), "SIZE commands");
            assertEquals(0, commands.sent("DELE"));
            assertEquals(SIZE, session.size("up.bin"), "the session goes on");
        }
        assertArrayEquals(bytes, Files.readAllBytes(remote()));
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void anUploadTheServerTookForAShorterFileFailsAndTheFileIsRemoved(Way way) throws Exception {
        data.enqueue(Fault.halfCloseAfter(Direction.UPSTREAM, CUT));
        try (Internet internet = internet(way); FtpSessionImpl session = rig.connect(internet)) {
            InternetException e = assertThrows(InternetException.class,
                    () -> upload(session, way, content(SIZE), TransferType.BINARY));
            assertEquals(InternetError.CONNECTION_ABORTED, e.error(), e.toString());
            assertTrue(e.getMessage().contains("up.bin") && e.getMessage().contains(CUT + " bytes")
                    && e.getMessage().contains(SIZE + " were sent"), e.getMessage());
            assertTrue(e.getMessage().contains("the partial file was removed"), e.getMessage());
            assertEquals("213 " + CUT, e.serverReply().orElseThrow());
            assertEquals(1, commands.sent("SIZE"));
            assertEquals(1, commands.sent("DELE"));
            assertTrue(session.lastResponse().orElseThrow().startsWith("250"), session.lastResponse().toString());
            assertEquals("/", session.pwd(), "the session goes on");
        }
        assertFalse(Files.exists(remote()), "a partial up.bin is left on the server");
    }

    @Test
    void aRefusedDeleIsNamedInTheMessageNotThrown() throws Exception {
        misdirectDele = true; // Apache FtpServer answers 450: cannot delete
        data.enqueue(Fault.halfCloseAfter(Direction.UPSTREAM, CUT));
        try (Internet internet = internet(); FtpSessionImpl session = rig.connect(internet)) {
            InternetException e = assertThrows(InternetException.class,
                    () -> upload(session, Way.CHANNEL, content(SIZE), TransferType.BINARY));
            assertEquals(InternetError.CONNECTION_ABORTED, e.error(), e.toString());
            assertTrue(e.getMessage().contains("removing the partial file failed (450")
                    && e.getMessage().contains("still there"), e.getMessage());
            assertTrue(session.lastResponse().orElseThrow().startsWith("450"));
        }
        assertEquals(CUT, Files.size(remote()));
    }

    @Test
    void aServerWithoutSizeIsNotAskedAndTheShortFileStays() throws Exception {
        hideSize = true;
        data.enqueue(Fault.halfCloseAfter(Direction.UPSTREAM, CUT));
        try (Internet internet = internet(); FtpSessionImpl session = rig.connect(internet)) {
            upload(session, Way.CHANNEL, content(SIZE), TransferType.BINARY); // the documented limit
        }
        assertEquals(0, commands.sent("SIZE"));
        assertEquals(CUT, Files.size(remote()));
    }

    @ParameterizedTest
    @EnumSource(value = Way.class, names = {"CHANNEL", "OPEN_WRITE"})
    void anAsciiUploadIsNotChecked(Way way) throws Exception {
        byte[] text = "line one\r\nline two\r\n".repeat(100).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (Internet internet = internet(way); FtpSessionImpl session = rig.connect(internet)) {
            upload(session, way, text, TransferType.ASCII);
        }
        assertEquals(0, commands.sent("SIZE"));
        assertTrue(Files.exists(remote()));
    }

    /**
     * The client sees the data connection fail (the proxy cut it after 64 KiB and 16 MiB do not fit
     * in socket buffers), while the server saw a clean end and answered 226 for the prefix: removed.
     */
    @ParameterizedTest
    @EnumSource(Way.class)
    void aFailedUploadTheServerStillTookIsRemoved(Way way) throws Exception {
        data.enqueue(Fault.cutAfter(Direction.UPSTREAM, CUT));
        try (Internet internet = internet(way); FtpSessionImpl session = rig.connect(internet)) {
            InternetException e = assertThrows(InternetException.class,
                    () -> upload(session, way, content(16 * 1024 * 1024), TransferType.BINARY));
            assertEquals(InternetError.CONNECTION_ABORTED, e.error(), e.toString());
            assertTrue(e.getMessage().contains("the server answered 226")
                    && e.getMessage().contains("the partial file was removed"), e.getMessage());
            assertEquals(1, commands.sent("DELE"));
            assertEquals(0, commands.sent("SIZE"), "a failed upload is not measured");
        }
        assertFalse(Files.exists(remote()), "a partial up.bin is left on the server");
    }

    /**
     * The server sees the data connection reset and reports the failure itself (426): the file is
     * left, since a server that stores atomically would still hold the earlier version there.
     */
    @Test
    void aFailedUploadTheServerReportedIsLeftAlone() throws Exception {
        data.enqueue(Fault.resetAfter(Direction.UPSTREAM, CUT));
        try (Internet internet = internet(); FtpSessionImpl session = rig.connect(internet)) {
            InternetException e = assertThrows(InternetException.class,
                    () -> upload(session, Way.CHANNEL, content(16 * 1024 * 1024), TransferType.BINARY));
            assertEquals(InternetError.CONNECTION_ABORTED, e.error(), e.toString());
            assertFalse(e.getMessage().contains("removed"), e.getMessage());
            assertTrue(e.serverReply().orElse("").startsWith("4"), e.serverReply().toString());
        }
        assertEquals(0, commands.sent("DELE"));
    }
}
