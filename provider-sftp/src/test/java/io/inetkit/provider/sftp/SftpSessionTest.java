package io.inetkit.provider.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Limits;
import io.inetkit.Service;
import io.inetkit.StatusEvent;
import io.inetkit.sftp.SftpEntry;
import io.inetkit.sftp.SftpGetOption;
import io.inetkit.sftp.SftpOptions;
import io.inetkit.sftp.SftpSession;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.sftp.TestSftpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every operation of an SFTP session, against MINA SSHD's SFTP server. */
class SftpSessionTest {

    static final int BIG = 3 * 1024 * 1024 + 777;

    @TempDir
    Path remote;
    @TempDir
    Path local;

    private TestSftpServer server;
    private Path knownHosts;
    private Leaks leaks;
    private final List<StatusEvent> events = new CopyOnWriteArrayList<>();
    private byte[] big;

    @BeforeEach
    void start() throws Exception {
        leaks = Leaks.snapshot();
        big = new byte[BIG];
        new Random(7).nextBytes(big);
        Files.write(remote.resolve("big.bin"), big);
        Files.writeString(remote.resolve("hello.txt"), "hello\n");
        Files.createDirectory(remote.resolve("docs"));
        Files.writeString(remote.resolve("docs/a.txt"), "a");
        server = TestSftpServer.newBuilder().root(remote).user("alice", "secret").build();
        server.start();
        knownHosts = local.resolve("known_hosts");
        Files.writeString(knownHosts, server.knownHostsLine());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        leaks.assertNoLeak("sftp session");
    }

    private Internet internet() {
        return Internet.newBuilder().connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5))
                .statusListener(events::add).build();
    }

    private SftpSession connect(Internet internet) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.SFTP, server.host()).port(server.port())
                .user("alice").password("secret")
                .option(SftpOptions.newBuilder().knownHosts(knownHosts).build()).build());
    }

    @Test
    void getDownloadsByteForByteThroughAPartFileAndPutUploads() throws Exception {
        try (Internet internet = internet(); SftpSession sftp = connect(internet)) {
            Path target = local.resolve("big.bin");
            sftp.get("big.bin", target);
            assertArrayEquals(big, Files.readAllBytes(target));
            assertEquals(List.of("big.bin", "known_hosts"), names(local));
            sftp.put(target, "/docs/copy.bin");
            assertArrayEquals(big, Files.readAllBytes(remote.resolve("docs/copy.bin")));
            assertTrue(events.stream().anyMatch(e -> e.status() == InternetStatus.RESPONSE_RECEIVED
                    && e.info(Long.class).equals(java.util.Optional.of((long) BIG))), events::toString);
            assertTrue(events.stream().anyMatch(e -> e.status() == InternetStatus.CONNECTED_TO_SERVER),
                    events::toString);
        }
    }

    @Test
    void getResumesWhereTheLocalFileEndsAndKeepsFailIfExists() throws Exception {
        try (Internet internet = internet(); SftpSession sftp = connect(internet)) {
            Path target = local.resolve("big.bin");
            Files.write(target, java.util.Arrays.copyOf(big, 1_000_000));
            sftp.get("big.bin", target, SftpGetOption.RESUME);
            assertArrayEquals(big, Files.readAllBytes(target));
            sftp.get("big.bin", target, SftpGetOption.RESUME); // complete: nothing to do
            assertArrayEquals(big, Files.readAllBytes(target));
            InternetException exists = assertThrows(InternetException.class,
                    () -> sftp.get("hello.txt", target, SftpGetOption.FAIL_IF_EXISTS));
            assertEquals(InternetError.FILE_EXISTS, exists.error());
            InternetException longer = assertThrows(InternetException.class,
                    () -> sftp.get("hello.txt", target, SftpGetOption.RESUME));
            assertEquals(InternetError.INVALID_OPERATION, longer.error());
            assertArrayEquals(big, Files.readAllBytes(target));
        }
    }

    @Test
    void aMissingFileFailsWithFileNotFoundAndLeavesNoFile() throws Exception {
        try (Internet internet = internet(); SftpSession sftp = connect(internet)) {
            InternetException e = assertThrows(InternetException.class,
                    () -> sftp.get("nope.bin", local.resolve("nope.bin")));
            assertEquals(InternetError.FILE_NOT_FOUND, e.error());
            assertEquals(List.of("known_hosts"), names(local));
            assertEquals(InternetError.FILE_NOT_FOUND,
                    assertThrows(InternetException.class, () -> sftp.delete("nope.bin")).error());
            assertEquals(InternetError.FILE_NOT_FOUND,
                    assertThrows(InternetException.class, () -> sftp.list("nope")).error());
        }
    }

    @Test
    void listGivesAttributesAndReportsLinksAsLinks() throws Exception {
        Files.createSymbolicLink(remote.resolve("link.txt"), Path.of("hello.txt"));
        Files.setPosixFilePermissions(remote.resolve("hello.txt"), PosixFilePermissions.fromString("rw-r-----"));
        try (Internet internet = internet(); SftpSession sftp = connect(internet)) {
            Map<String, SftpEntry> entries = sftp.list("/").stream()
                    .collect(Collectors.toMap(SftpEntry::name, Function.identity()));
            assertEquals(java.util.Set.of("big.bin", "hello.txt", "docs", "link.txt"), entries.keySet());
            assertEquals(SftpEntry.Type.FILE, entries.get("big.bin").type());
            assertEquals(BIG, entries.get("big.bin").size().getAsLong());
            assertEquals(SftpEntry.Type.DIRECTORY, entries.get("docs").type());
            assertEquals(SftpEntry.Type.SYMBOLIC_LINK, entries.get("link.txt").type());
            assertEquals(0640, entries.get("hello.txt").permissions().getAsInt());
            assertTrue(entries.get("hello.txt").modified().isPresent());
            assertEquals(SftpEntry.Type.SYMBOLIC_LINK, sftp.stat("link.txt").type());
            assertEquals("hello.txt", Path.of(sftp.readLink("link.txt")).getFileName().toString());
            assertEquals(6, sftp.size("link.txt"));
        }
    }

    @Test
    void listStreamStreamsAListingLongerThanTheLimitAndListRefusesIt() throws Exception {
        for (int i = 0; i < 700; i++) {
            Files.writeString(remote.resolve("docs/f" + i), "x");
        }
        try (Internet internet = Internet.newBuilder().limits(Limits.newBuilder().maxListEntries(500).build())
                .build();
             SftpSession sftp = connect(internet)) {
            InternetException e = assertThrows(InternetException.class, () -> sftp.list("docs"));
            assertEquals(InternetError.EXTENDED_ERROR, e.error());
            assertTrue(e.getMessage().contains("maxListEntries"), e.getMessage());
            try (Stream<SftpEntry> entries = sftp.listStream("docs")) {
                assertEquals(701, entries.count());
            }
            try (Internet small = Internet.newBuilder().limits(Limits.newBuilder().maxListBytes(10_000).build())
                    .build();
                 SftpSession bytes = connect(small)) {
                InternetException tooBig = assertThrows(InternetException.class, () -> bytes.list("docs"));
                assertEquals(InternetError.EXTENDED_ERROR, tooBig.error());
                assertTrue(tooBig.getMessage().contains("maxListBytes"), tooBig.getMessage());
                assertEquals(3, bytes.list("/").size());
            }
            try (Stream<SftpEntry> entries = sftp.listStream("docs")) {
                assertEquals(3, entries.limit(3).count()); // closed before the end
            }
            assertEquals(1, sftp.list("/").stream().filter(en -> en.name().equals("docs")).count());
        }
    }

    @Test
    void streamsReadAndWriteAndHoldTheSessionUntilClosed() throws Exception {
        try (Internet internet = internet(); SftpSession sftp = connect(internet)) {
            try (InputStream in = sftp.openRead("big.bin")) {
                InternetException busy = assertThrows(InternetException.class, () -> sftp.size("big.bin"));
                assertEquals(InternetError.INCORRECT_HANDLE_STATE, busy.error());
                assertArrayEquals(big, in.readAllBytes());
            }
            try (OutputStream out = sftp.openWrite("written.txt")) {
                out.write("written".getBytes());
            }
            assertEquals("written", Files.readString(remote.resolve("written.txt")));
            InputStream left = sftp.openRead("hello.txt");
            sftp.close();
            assertEquals(InternetError.INVALID_HANDLE,
                    assertThrows(InternetException.class, () -> left.read()).error());
        }
    }

    @Test
    void directoriesRenameDeleteChmodCdAndPwd() throws Exception {
        try (Internet internet = internet(); SftpSession sftp = connect(internet)) {
            assertEquals("/", sftp.pwd());
            sftp.mkdir("new");
            assertTrue(Files.isDirectory(remote.resolve("new")));
            sftp.cd("new");
            assertEquals("/new", sftp.pwd());
            sftp.put(remote.resolve("hello.txt"), "h.txt");
            assertTrue(Files.exists(remote.resolve("new/h.txt")));
            sftp.chmod("h.txt", 0600);
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(remote.resolve("new/h.txt"))));
            sftp.rename("h.txt", "g.txt");
            assertEquals(List.of("g.txt"), names(remote.resolve("new")));
            InternetException exists = assertThrows(InternetException.class, () -> sftp.rename("g.txt", "/hello.txt"));
            assertEquals(InternetError.FILE_EXISTS, exists.error());
            assertEquals("hello\n", Files.readString(remote.resolve("hello.txt")));
            sftp.delete("g.txt");
            sftp.cd("..");
            sftp.rmdir("new");
            assertFalse(Files.exists(remote.resolve("new")));
            assertEquals(InternetError.FILE_NOT_FOUND,
                    assertThrows(InternetException.class, () -> sftp.cd("missing")).error());
            assertEquals(InternetError.INVALID_PARAMETER,
                    assertThrows(InternetException.class, () -> sftp.chmod("/hello.txt", 010000)).error());
        }
    }

    @Test
    void sessionsSharingAConnectionTakeItsChannelInTurn() throws Exception {
        try (Internet internet = internet()) {
            ConnectRequest<SftpSession> request = ConnectRequest.newBuilder(Service.SFTP, server.host())
                    .port(server.port()).user("alice").password("secret")
                    .flags(io.inetkit.ConnectFlag.EXISTING_CONNECT)
                    .option(SftpOptions.newBuilder().knownHosts(knownHosts).build()).build();
            try (SftpSession first = internet.connect(request); SftpSession second = internet.connect(request)) {
                try (InputStream in = first.openRead("big.bin")) {
                    assertEquals(InternetError.INCORRECT_HANDLE_STATE,
                            assertThrows(InternetException.class, () -> second.size("big.bin")).error());
                    assertArrayEquals(big, in.readAllBytes());
                }
                assertEquals(BIG, second.size("big.bin"));
            }
        }
    }

    @Test
    void namesWithPatternCharactersNameOneFile() throws Exception {
        Files.writeString(remote.resolve("a*.txt"), "star");
        Files.writeString(remote.resolve("ab.txt"), "plain");
        try (Internet internet = internet(); SftpSession sftp = connect(internet)) {
            sftp.delete("a*.txt");
            assertFalse(Files.exists(remote.resolve("a*.txt")));
            assertTrue(Files.exists(remote.resolve("ab.txt")));
        }
    }

    static List<String> names(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
