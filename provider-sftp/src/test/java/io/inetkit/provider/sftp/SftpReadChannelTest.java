package io.inetkit.provider.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import io.inetkit.Service;
import io.inetkit.sftp.SftpGetOption;
import io.inetkit.sftp.SftpOptions;
import io.inetkit.sftp.SftpSession;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.sftp.TestSftpServer;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider's own reading channel against servers that answer reads as the protocol allows but
 * seldom does (short, out of order), that break it, or that go silent; and the fall-back to JSch
 * where a server refuses a second channel. MINA SSHD's SFTP server, its replies changed on the way
 * out by {@link TestSftpServer.Replies}.
 */
class SftpReadChannelTest {

    private static final int DATA = 103;
    private static final int STATUS = 101;
    private static final int ATTRS = 105;
    private static final int SIZE = 2 * 1024 * 1024 + 4321;

    @TempDir
    Path remote;
    @TempDir
    Path local;

    private TestSftpServer server;
    private Path knownHosts;
    private Leaks leaks;
    private byte[] content;

    @BeforeEach
    void files() throws Exception {
        leaks = Leaks.snapshot();
        content = new byte[SIZE];
        new Random(11).nextBytes(content);
        Files.write(remote.resolve("big.bin"), content);
        Files.writeString(remote.resolve("small.txt"), "small\n");
        knownHosts = local.resolve("known_hosts");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        leaks.assertNoLeak("sftp reading channel");
    }

    private void serve(TestSftpServer.Builder builder) throws Exception {
        server = builder.root(remote).user("alice", "secret").build();
        server.start();
        Files.writeString(knownHosts, server.knownHostsLine());
    }

    private Internet internet(Duration readTimeout) {
        return Internet.newBuilder().connectTimeout(Duration.ofSeconds(5)).readTimeout(readTimeout).build();
    }

    private SftpSession connect(Internet internet) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.SFTP, server.host()).port(server.port())
                .user("alice").password("secret")
                .option(SftpOptions.newBuilder().knownHosts(knownHosts).build()).build());
    }

    private static byte[] readAll(SftpSession sftp, String path) throws Exception {
        try (InputStream in = sftp.openRead(path)) {
            return in.readAllBytes();
        }
    }

    /** A STATUS reply with {@code code} and {@code text} to the request {@code reply} answers. */
    private static byte[] status(byte[] reply, int code, String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer status = ByteBuffer.allocate(4 + 1 + 4 + 4 + 4 + bytes.length + 4);
        status.putInt(status.capacity() - 4).put((byte) STATUS).put(reply, 5, 4).putInt(code)
                .putInt(bytes.length).put(bytes).putInt(0);
        return status.array();
    }

    /** A DATA reply cut to at most {@code most} bytes of data, as a server may answer a read. */
    private static byte[] shortened(byte[] reply, int most) {
        ByteBuffer in = ByteBuffer.wrap(reply);
        int length = in.getInt(9);
        if (length <= most) {
            return reply;
        }
        ByteBuffer out = ByteBuffer.allocate(13 + most);
        out.putInt(9 + most).put(reply, 4, 5).putInt(most).put(reply, 13, most);
        return out.array();
    }

    @Test
    void shortRepliesAreAskedForAgainAndTheFileIsWhole() throws Exception {
        serve(TestSftpServer.newBuilder().replies(reply -> List.of(
                TestSftpServer.Replies.type(reply) == DATA ? shortened(reply, 1000) : reply)));
        try (Internet internet = internet(Duration.ofSeconds(5)); SftpSession sftp = connect(internet)) {
            Path target = local.resolve("big.bin");
            sftp.get("big.bin", target);
            assertArrayEquals(content, Files.readAllBytes(target));
            assertArrayEquals(content, readAll(sftp, "/big.bin"));
            assertEquals("small\n", new String(readAll(sftp, "small.txt")));
        }
    }

    @Test
    void getTakesTheSizeFromTheOpeningsFstatWithNoStatOfItsOwn() throws Exception {
        // Attributes come back for the FSTAT sent with the first read, and for nothing else.
        List<Integer> types = new CopyOnWriteArrayList<>();
        serve(TestSftpServer.newBuilder().replies(reply -> {
            types.add(TestSftpServer.Replies.type(reply));
            return List.of(reply);
        }));
        try (Internet internet = internet(Duration.ofSeconds(5)); SftpSession sftp = connect(internet)) {
            types.clear(); // the login's
            Path target = local.resolve("big.bin");
            sftp.get("big.bin", target);
            assertArrayEquals(content, Files.readAllBytes(target));
            assertEquals(1, types.stream().filter(t -> t == ATTRS).count(), types::toString);
            // Resumed where the local file is complete: the opening's size says so, and nothing is read.
            types.clear();
            sftp.get("big.bin", target, SftpGetOption.RESUME);
            assertArrayEquals(content, Files.readAllBytes(target));
            assertEquals(1, types.stream().filter(t -> t == ATTRS).count(), types::toString);
            // A directory is refused as before, from its opening's attributes.
            Files.createDirectories(remote.resolve("folder"));
            InternetException e = assertThrows(InternetException.class, () -> sftp.get("folder", local.resolve("f")));
            assertEquals(InternetError.INVALID_OPERATION, e.error(), e.getMessage());
            assertFalse(Files.exists(local.resolve("f")));
        }
    }

    @Test
    void readsAskForWhatTheServersLimitsSayOr32KiBWithoutThem() throws Exception {
        for (boolean limits : new boolean[] {true, false}) {
            List<Long> offsets = new CopyOnWriteArrayList<>();
            serve(TestSftpServer.newBuilder().reads((opening, file, offset) -> {
                if (file.getFileName().toString().equals("big.bin")) {
                    offsets.add(offset);
                }
            }).replies(reply -> {
                int type = TestSftpServer.Replies.type(reply);
                if (type == 2 && !limits) {
                    return List.of(withoutExtension(reply, "limits@openssh.com"));
                }
                if (type == 201) { // the answer to limits@openssh.com: reads of 10,000 bytes at most
                    ByteBuffer.wrap(reply).putLong(9 + 8, 10_000);
                }
                return List.of(reply);
            }));
            try (Internet internet = internet(Duration.ofSeconds(5)); SftpSession sftp = connect(internet)) {
                assertArrayEquals(content, readAll(sftp, "big.bin"));
            }
            server.close();
            List<Long> sorted = offsets.stream().sorted().distinct().toList();
            long step = limits ? 10_000 : ReadChannel.CHUNK;
            for (int i = 1; i < sorted.size() - 1; i++) {
                assertEquals(step, sorted.get(i) - sorted.get(i - 1), "reads at " + sorted);
            }
            assertEquals((SIZE + step - 1) / step, sorted.size(), "reads at " + sorted);
        }
        server = null;
    }

    /** A VERSION reply without the extension {@code name}. */
    private static byte[] withoutExtension(byte[] version, String name) {
        ByteBuffer in = ByteBuffer.wrap(version);
        ByteBuffer out = ByteBuffer.allocate(version.length);
        out.putInt(0).put(version, 4, 5);
        in.position(9);
        while (in.hasRemaining()) {
            byte[] key = new byte[in.getInt()];
            in.get(key);
            byte[] value = new byte[in.getInt()];
            in.get(value);
            if (!new String(key, java.nio.charset.StandardCharsets.UTF_8).equals(name)) {
                out.putInt(key.length).put(key).putInt(value.length).put(value);
            }
        }
        out.putInt(0, out.position() - 4);
        return Arrays.copyOf(out.array(), out.position());
    }

    @Test
    void repliesOutOfOrderAreReadInOrder() throws Exception {
        // The second DATA reply is sent before the first, and the rest in order.
        List<byte[]> held = new ArrayList<>();
        AtomicInteger swapped = new AtomicInteger();
        serve(TestSftpServer.newBuilder().replies(reply -> {
            if (TestSftpServer.Replies.type(reply) != DATA || swapped.get() > 0) {
                return List.of(reply);
            }
            if (held.isEmpty()) {
                held.add(reply);
                return List.of();
            }
            swapped.incrementAndGet();
            return List.of(reply, held.get(0));
        }));
        try (Internet internet = internet(Duration.ofSeconds(5)); SftpSession sftp = connect(internet)) {
            Path target = local.resolve("big.bin");
            sftp.get("big.bin", target);
            assertArrayEquals(content, Files.readAllBytes(target));
            assertTrue(swapped.get() > 0, "no reply came out of order");
        }
    }

    @Test
    void dataBeyondWhatWasAskedForIsAProtocolErrorAndNothingIsWritten() throws Exception {
        serve(TestSftpServer.newBuilder().replies(reply -> {
            if (TestSftpServer.Replies.type(reply) != DATA) {
                return List.of(reply);
            }
            int length = ByteBuffer.wrap(reply).getInt(9);
            ByteBuffer longer = ByteBuffer.allocate(reply.length + 64);
            longer.putInt(reply.length + 60).put(reply, 4, 5).putInt(length + 64).put(reply, 13, length)
                    .put(new byte[64]);
            return List.of(longer.array());
        }));
        try (Internet internet = internet(Duration.ofSeconds(5)); SftpSession sftp = connect(internet)) {
            Path target = local.resolve("big.bin");
            InternetException e = assertThrows(InternetException.class, () -> sftp.get("big.bin", target));
            assertEquals(InternetError.CONNECTION_ABORTED, e.error(), e::getMessage);
            assertTrue(e.getMessage().contains("broke the protocol"), e::getMessage);
            assertFalse(Files.exists(target));
            assertEquals(List.of("known_hosts"), names(local));
            // The session's own channel was not the one that broke: it still lists.
            assertEquals(2, sftp.list("/").stream().filter(f -> !f.name().startsWith(".")).count());
        }
    }

    @Test
    void aCloseAnsweredWithAnotherReplyEndsTheReadingChannelAndTheNextReadOpensAnother() throws Exception {
        // small.txt is one read, ended at its size; the STATUS after its DATA answers its CLOSE, which the
        // client does not wait for: the next file's opening finds it. It comes as a HANDLE instead.
        AtomicInteger stage = new AtomicInteger(); // 0: before the first DATA, 1: after it, 2: rewritten
        serve(TestSftpServer.newBuilder().replies(reply -> {
            int type = TestSftpServer.Replies.type(reply);
            if (type == DATA) {
                stage.compareAndSet(0, 1);
            } else if (type == STATUS && stage.compareAndSet(1, 2)) {
                reply[4] = 102;
            }
            return List.of(reply);
        }));
        try (Internet internet = internet(Duration.ofSeconds(5)); SftpSession sftp = connect(internet)) {
            assertEquals("small\n", new String(readAll(sftp, "small.txt")));
            InternetException e = assertThrows(InternetException.class, () -> readAll(sftp, "big.bin"));
            assertEquals(InternetError.CONNECTION_ABORTED, e.error(), e::getMessage);
            assertTrue(e.getMessage().contains("answered CLOSE with a reply of type 102"), e::getMessage);
            assertEquals(2, stage.get());
            // Only the reading channel broke: the next read opens another, and the session lists.
            assertArrayEquals(content, readAll(sftp, "big.bin"));
            assertEquals(2, sftp.list("/").stream().filter(f -> !f.name().startsWith(".")).count());
        }
    }

    @Test
    void anErrorStatusForAReadIsTheServersError() throws Exception {
        AtomicInteger data = new AtomicInteger();
        serve(TestSftpServer.newBuilder().replies(reply -> {
            if (TestSftpServer.Replies.type(reply) != DATA || data.incrementAndGet() < 5) {
                return List.of(reply);
            }
            return List.of(status(reply, 4, "the disk failed"));
        }));
        try (Internet internet = internet(Duration.ofSeconds(5)); SftpSession sftp = connect(internet)) {
            InternetException e = assertThrows(InternetException.class, () -> readAll(sftp, "big.bin"));
            assertEquals(InternetError.EXTENDED_ERROR, e.error(), e::getMessage);
            assertTrue(e.getMessage().contains("the disk failed"), e::getMessage);
        }
    }

    @Test
    void aStatusLongerThanMaxReplyBytesIsRefusedAndWithinItRead() throws Exception {
        // "No such file" comes with a message of 5,000 bytes.
        serve(TestSftpServer.newBuilder().replies(reply -> {
            if (TestSftpServer.Replies.type(reply) != STATUS || ByteBuffer.wrap(reply).getInt(9) != 2) {
                return List.of(reply);
            }
            return List.of(status(reply, 2, "x".repeat(5000)));
        }));
        try (Internet internet = internet(Duration.ofSeconds(5)); SftpSession sftp = connect(internet)) {
            InternetException e = assertThrows(InternetException.class, () -> readAll(sftp, "none.txt"));
            assertEquals(InternetError.FILE_NOT_FOUND, e.error(), e::getMessage);
            assertEquals("small\n", new String(readAll(sftp, "small.txt")));
        }
        try (Internet internet = Internet.newBuilder().readTimeout(Duration.ofSeconds(5))
                .limits(Limits.newBuilder().maxReplyBytes(4096).build()).build();
             SftpSession sftp = connect(internet)) {
            InternetException e = assertThrows(InternetException.class, () -> readAll(sftp, "none.txt"));
            assertEquals(InternetError.CONNECTION_ABORTED, e.error(), e::getMessage);
            assertTrue(e.getMessage().contains("Limits.maxReplyBytes"), e::getMessage);
            assertEquals("small\n", new String(readAll(sftp, "small.txt")));
        }
    }

    @Test
    void aFileLongerThanItsSizeIsReadToItsEndByAStreamAndRefusedByGet() throws Exception {
        // Every size the server gives is 1,000 bytes: the file grew, as far as the client can tell.
        serve(TestSftpServer.newBuilder().replies(reply -> {
            ByteBuffer attrs = ByteBuffer.wrap(reply);
            if (TestSftpServer.Replies.type(reply) == 105 && (attrs.getInt(9) & 1) != 0) {
                attrs.putLong(13, 1000);
            }
            return List.of(reply);
        }));
        try (Internet internet = internet(Duration.ofSeconds(5)); SftpSession sftp = connect(internet)) {
            assertArrayEquals(content, readAll(sftp, "big.bin"));
            Path target = local.resolve("big.bin");
            InternetException e = assertThrows(InternetException.class, () -> sftp.get("big.bin", target));
            assertEquals(InternetError.CONNECTION_ABORTED, e.error(), e::getMessage);
            assertTrue(e.getMessage().contains("past the 1000 bytes"), e::getMessage);
            assertFalse(Files.exists(target));
            assertEquals("small\n", new String(readAll(sftp, "small.txt")));
        }
    }

    @Test
    void aFileWhoseSizeTheServerDoesNotGiveIsReadToItsEnd() throws Exception {
        // FSTAT is refused: the stream reads on until the server says end of file.
        serve(TestSftpServer.newBuilder().replies(reply -> List.of(TestSftpServer.Replies.type(reply) == 105
                ? status(reply, 8, "no attributes here") : reply)));
        try (Internet internet = internet(Duration.ofSeconds(5)); SftpSession sftp = connect(internet)) {
            assertArrayEquals(content, readAll(sftp, "big.bin"));
            assertEquals("small\n", new String(readAll(sftp, "small.txt")));
        }
    }

    @Test
    void aHandleLongerThanSftpAllowsIsAProtocolError() throws Exception {
        serve(TestSftpServer.newBuilder().replies(reply -> {
            if (TestSftpServer.Replies.type(reply) != 102) {
                return List.of(reply);
            }
            ByteBuffer handle = ByteBuffer.allocate(4 + 1 + 4 + 4 + 300);
            handle.putInt(handle.capacity() - 4).put(reply, 4, 5).putInt(300);
            return List.of(handle.array());
        }));
        try (Internet internet = internet(Duration.ofSeconds(5)); SftpSession sftp = connect(internet)) {
            InternetException e = assertThrows(InternetException.class, () -> readAll(sftp, "big.bin"));
            assertEquals(InternetError.CONNECTION_ABORTED, e.error(), e::getMessage);
            assertTrue(e.getMessage().contains("file handle is 300 bytes long"), e::getMessage);
        }
    }

    @Test
    void aServerThatStopsAnsweringReadsIsATimeout() throws Exception {
        AtomicInteger data = new AtomicInteger();
        serve(TestSftpServer.newBuilder().replies(reply -> TestSftpServer.Replies.type(reply) == DATA
                && data.incrementAndGet() > 3 ? List.of() : List.of(reply)));
        try (Internet internet = internet(Duration.ofSeconds(1)); SftpSession sftp = connect(internet)) {
            Path target = local.resolve("big.bin");
            InternetException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(InternetException.class, () -> sftp.get("big.bin", target)));
            assertEquals(InternetError.TIMEOUT, e.error(), e::getMessage);
            assertFalse(Files.exists(target));
        }
    }

    @Test
    void aServerWithOneChannelAConnectionIsReadWithJsch() throws Exception {
        serve(TestSftpServer.newBuilder().maxChannels(1));
        try (Internet internet = internet(Duration.ofSeconds(5)); SftpSession sftp = connect(internet)) {
            Path target = local.resolve("big.bin");
            sftp.get("big.bin", target);
            assertArrayEquals(content, Files.readAllBytes(target));
            assertArrayEquals(content, readAll(sftp, "big.bin"));
            assertEquals("small\n", new String(readAll(sftp, "small.txt")));
        }
    }

    @Test
    void aSecondChannelThatSpeaksAnOlderSftpIsLeftAndJschReads() throws Exception {
        // The second VERSION, the reading channel's, says version 2: the channel is closed before it
        // asks the server's limits, and every file is read with JSch on the session's channel.
        AtomicInteger versions = new AtomicInteger();
        List<Integer> types = new CopyOnWriteArrayList<>();
        serve(TestSftpServer.newBuilder().replies(reply -> {
            int type = TestSftpServer.Replies.type(reply);
            types.add(type);
            if (type == 2 && versions.incrementAndGet() == 2) {
                ByteBuffer.wrap(reply).putInt(5, 2);
            }
            return List.of(reply);
        }));
        try (Internet internet = internet(Duration.ofSeconds(5)); SftpSession sftp = connect(internet)) {
            Path target = local.resolve("big.bin");
            sftp.get("big.bin", target);
            assertArrayEquals(content, Files.readAllBytes(target));
            assertArrayEquals(content, readAll(sftp, "big.bin"));
            assertEquals("small\n", new String(readAll(sftp, "small.txt")));
        }
        assertEquals(2, versions.get(), types::toString); // tried once, not again for each file
        assertFalse(types.contains(201), types::toString); // no limits asked: the channel was left first
    }

    @Test
    void aStreamLeftEarlyLeavesTheNextReadWhole() throws Exception {
        serve(TestSftpServer.newBuilder());
        try (Internet internet = internet(Duration.ofSeconds(5)); SftpSession sftp = connect(internet)) {
            for (int i = 0; i < 3; i++) {
                try (InputStream in = sftp.openRead("big.bin")) {
                    assertArrayEquals(Arrays.copyOf(content, 100_000), in.readNBytes(100_000));
                }
                assertEquals("small\n", new String(readAll(sftp, "small.txt")));
                try (InputStream in = sftp.openRead("big.bin", 5000)) {
                    assertArrayEquals(Arrays.copyOfRange(content, 5000, SIZE), in.readAllBytes());
                }
            }
            InternetException directory = assertThrows(InternetException.class, () -> sftp.openRead("/"));
            assertEquals(InternetError.INVALID_OPERATION, directory.error(), directory::getMessage);
            InternetException missing = assertThrows(InternetException.class, () -> sftp.openRead("none.bin"));
            assertEquals(InternetError.FILE_NOT_FOUND, missing.error(), missing::getMessage);
            assertEquals("small\n", new String(readAll(sftp, "small.txt")));
        }
    }

    private static List<String> names(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
