package io.inetkit.provider.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Service;
import io.inetkit.ftp.FtpEntry;
import io.inetkit.ftp.FtpGetOption;
import io.inetkit.ftp.FtpReply;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.TransferType;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FtpSessionTest {

    @StartStop final TestFtpServer ftp = TestFtpServer.newBuilder().user("alice", "secret").build();

    @TempDir Path local;

    final List<InternetStatus> events = new CopyOnWriteArrayList<>();
    final Internet internet = Internet.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(5))
            .statusListener(event -> events.add(event.status()))
            .build();

    @AfterEach
    void closeInternet() {
        internet.close();
    }

    FtpSession alice(ConnectFlag... flags) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.FTP, ftp.host()).port(ftp.port())
                .user("alice").password("secret").flags(flags).build());
    }

    static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @Test
    void logsInEagerlyAndReportsTheSteps() throws Exception {
        try (FtpSession session = alice(ConnectFlag.PASSIVE)) {
            assertEquals("/", session.pwd());
            assertTrue(session.lastResponse().orElseThrow().startsWith("257"));
        }
        assertTrue(events.containsAll(List.of(InternetStatus.RESOLVING_NAME, InternetStatus.NAME_RESOLVED,
                InternetStatus.CONNECTING_TO_SERVER, InternetStatus.CONNECTED_TO_SERVER,
                InternetStatus.SENDING_REQUEST, InternetStatus.REQUEST_SENT, InternetStatus.RECEIVING_RESPONSE,
                InternetStatus.RESPONSE_RECEIVED, InternetStatus.CLOSING_CONNECTION,
                InternetStatus.CONNECTION_CLOSED)), events.toString());
    }

    @Test
    void wrongPasswordIsALoginFailureWithTheServersReply() {
        InternetException e = assertThrows(InternetException.class, () -> internet.connect(
                ConnectRequest.newBuilder(Service.FTP, ftp.host()).port(ftp.port())
                        .user("alice").password("wrong").build()));
        assertEquals(InternetError.LOGIN_FAILURE, e.error());
        assertTrue(e.serverReply().orElseThrow().startsWith("530"), e.serverReply().toString());
    }

    @Test
    void anonymousLogsInWithoutCredentials() throws Exception {
        Files.writeString(ftp.root().resolve("readme.txt"), "hello");
        try (FtpSession session = internet.connect(ConnectRequest.newBuilder(Service.FTP, ftp.host())
                .port(ftp.port()).flags(ConnectFlag.PASSIVE).build())) {
            assertEquals(5, session.size("readme.txt"));
        }
    }

    @Test
    void putThenGetRoundTripsInPassiveMode() throws Exception {
        roundTrip(ConnectFlag.PASSIVE);
    }

    @Test
    void putThenGetRoundTripsInActiveMode() throws Exception {
        roundTrip();
    }

    private void roundTrip(ConnectFlag... flags) throws Exception {
        byte[] content = random(3 * 1024 * 1024 + 17);
        Path source = Files.write(local.resolve("source.bin"), content);
        Path target = local.resolve("target.bin");
        try (FtpSession session = alice(flags)) {
            session.put(source, "data.bin");
            assertEquals(content.length, session.size("data.bin"));
            session.get("data.bin", target);
        }
        assertArrayEquals(content, Files.readAllBytes(ftp.root().resolve("data.bin")));
        assertArrayEquals(content, Files.readAllBytes(target));
        assertNoPartFiles();
    }

    @Test
    void asciiTransferConvertsLineEnds() throws Exception {
        Files.writeString(ftp.root().resolve("text.txt"), "a\r\nb\r\n");
        Path target = local.resolve("text.txt");
        try (FtpSession session = alice(ConnectFlag.PASSIVE)) {
            session.get("text.txt", target, TransferType.ASCII);
            assertEquals(6, session.size("text.txt")); // SIZE still works after an ASCII transfer
        }
        assertEquals(String.join(System.lineSeparator(), "a", "b", ""), Files.readString(target));
    }

    @Test
    void listsWithSizesTypesAndWildcards() throws Exception {
        Files.writeString(ftp.root().resolve("a.txt"), "12345");
        Files.writeString(ftp.root().resolve("b.log"), "1");
        Files.createDirectory(ftp.root().resolve("sub"));
        try (FtpSession session = alice(ConnectFlag.PASSIVE)) {
            List<FtpEntry> all = session.list();
            assertEquals(List.of("a.txt", "b.log", "sub"), all.stream().map(FtpEntry::name).sorted().toList());
            FtpEntry a = all.stream().filter(e -> e.name().equals("a.txt")).findFirst().orElseThrow();
            assertTrue(a.isFile());
            assertEquals(5, a.size().orElseThrow());
            assertTrue(a.modified().isPresent());
            assertTrue(all.stream().filter(e -> e.name().equals("sub")).findFirst().orElseThrow().isDirectory());
            assertEquals(List.of("a.txt"), session.list("*.txt").stream().map(FtpEntry::name).toList());
            assertEquals(List.of("a.txt"), session.list("/a.?xt").stream().map(FtpEntry::name).toList());
            assertEquals(List.of(), session.list("*.none"));
        }
    }

    @Test
    void missingFileIsAnExtendedErrorAndLeavesNothing() throws Exception {
        Path target = local.resolve("missing.bin");
        try (FtpSession session = alice(ConnectFlag.PASSIVE)) {
            InternetException e = assertThrows(InternetException.class, () -> session.get("missing.bin", target));
            assertEquals(InternetError.EXTENDED_ERROR, e.error());
            assertTrue(e.serverReply().orElseThrow().startsWith("550"), e.serverReply().toString());
            assertEquals(e.serverReply(), session.lastResponse());
            assertEquals("/", session.pwd()); // the session goes on
        }
        assertFalse(Files.exists(target));
        assertNoPartFiles();
    }

    @Test
    void uploadWithoutWritePermissionIsRefused() throws Exception {
        Path source = Files.writeString(local.resolve("x.txt"), "x");
        try (FtpSession session = internet.connect(ConnectRequest.newBuilder(Service.FTP, ftp.host())
                .port(ftp.port()).flags(ConnectFlag.PASSIVE).build())) {
            InternetException e = assertThrows(InternetException.class, () -> session.put(source, "x.txt"));
            assertEquals(InternetError.EXTENDED_ERROR, e.error());
            assertTrue(e.serverReply().orElseThrow().startsWith("550"), e.serverReply().toString());
        }
        assertFalse(Files.exists(ftp.root().resolve("x.txt")));
    }

    @Test
    void failIfExistsKeepsTheLocalFile() throws Exception {
        Files.writeString(ftp.root().resolve("f.txt"), "server");
        Path target = Files.writeString(local.resolve("f.txt"), "local");
        try (FtpSession session = alice(ConnectFlag.PASSIVE)) {
            InternetException e = assertThrows(InternetException.class,
                    () -> session.get("f.txt", target, TransferType.BINARY, FtpGetOption.FAIL_IF_EXISTS));
            assertEquals(InternetError.FILE_EXISTS, e.error());
            session.get("f.txt", target); // replaces without the option
        }
        assertEquals("server", Files.readString(target));
    }

    @Test
    void resumeContinuesFromTheLocalLength() throws Exception {
        byte[] content = random(200_000);
        Files.write(ftp.root().resolve("big.bin"), content);
        Path target = Files.write(local.resolve("big.bin"), java.util.Arrays.copyOf(content, 70_000));
        try (FtpSession session = alice(ConnectFlag.PASSIVE)) {
            session.get("big.bin", target, TransferType.BINARY, FtpGetOption.RESUME);
        }
        assertArrayEquals(content, Files.readAllBytes(target));
    }

    @Test
    void openStreamBlocksOtherOperationsUntilClosed() throws Exception {
        byte[] content = random(100_000);
        Files.write(ftp.root().resolve("s.bin"), content);
        try (FtpSession session = alice(ConnectFlag.PASSIVE)) {
            try (InputStream in = session.openRead("s.bin", TransferType.BINARY)) {
                InternetException e = assertThrows(InternetException.class, session::pwd);
                assertEquals(InternetError.FTP_TRANSFER_IN_PROGRESS, e.error());
                assertEquals(InternetError.FTP_TRANSFER_IN_PROGRESS,
                        assertThrows(InternetException.class, () -> session.openRead("s.bin", TransferType.BINARY))
                                .error());
                assertArrayEquals(content, in.readAllBytes());
            }
            try (OutputStream out = session.openWrite("w.bin", TransferType.BINARY)) {
                assertEquals(InternetError.FTP_TRANSFER_IN_PROGRESS,
                        assertThrows(InternetException.class, session::list).error());
                out.write(content);
            }
            assertEquals(content.length, session.size("w.bin"));
            try (InputStream in = session.openRead("s.bin", TransferType.BINARY)) {
                assertEquals(content[0] & 0xff, in.read()); // closed early: the transfer is abandoned
            }
            assertEquals("/", session.pwd());
        }
        assertArrayEquals(content, Files.readAllBytes(ftp.root().resolve("w.bin")));
    }

    @Test
    void directoryAndFileCommandsWork() throws Exception {
        Files.writeString(ftp.root().resolve("old.txt"), "x");
        try (FtpSession session = alice(ConnectFlag.PASSIVE)) {
            session.mkdir("dir");
            session.cd("dir");
            assertEquals("/dir", session.pwd());
            session.cd("/");
            session.rename("old.txt", "dir/new.txt");
            assertEquals(1, session.size("dir/new.txt"));
            session.delete("dir/new.txt");
            session.rmdir("dir");
            InternetException e = assertThrows(InternetException.class, () -> session.cd("dir"));
            assertEquals(InternetError.EXTENDED_ERROR, e.error());
            assertEquals(InternetError.EXTENDED_ERROR,
                    assertThrows(InternetException.class, () -> session.delete("nothing")).error());
        }
        assertFalse(Files.exists(ftp.root().resolve("dir")));
    }

    @Test
    void rawCommandReturnsTheReplyAndRefusesDataAndStateCommands() throws Exception {
        try (FtpSession session = alice(ConnectFlag.PASSIVE)) {
            FtpReply reply = session.command("SYST");
            assertEquals(215, reply.code());
            assertFalse(session.command("NOSUCHCOMMAND").isPositive());
            for (String refused : List.of("LIST", "retr x", "PASV", "PORT 1,2,3,4,5,6", "USER bob", "PASS x",
                    "AUTH TLS", "QUIT")) {
                assertEquals(InternetError.INVALID_OPERATION,
                        assertThrows(InternetException.class, () -> session.command(refused)).error(), refused);
            }
        }
    }

    @Test
    void controlCharactersInPathsAreRefusedBeforeAnythingIsSent() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(ftp::address)) {
            proxy.start();
            try (FtpSession session = internet.connect(ConnectRequest.newBuilder(Service.FTP, proxy.host())
                    .port(proxy.port()).user("alice").password("secret").flags(ConnectFlag.PASSIVE).build())) {
                long before = proxy.bytesUpstream();
                for (String bad : List.of("a\r\nDELE b", "a\nb", "a\0b")) {
                    assertEquals(InternetError.INVALID_PARAMETER,
                            assertThrows(InternetException.class, () -> session.delete(bad)).error());
                    assertEquals(InternetError.INVALID_PARAMETER,
                            assertThrows(InternetException.class, () -> session.get(bad, local.resolve("x"))).error());
                    assertEquals(InternetError.INVALID_PARAMETER,
                            assertThrows(InternetException.class, () -> session.list(bad)).error());
                    assertEquals(InternetError.INVALID_PARAMETER,
                            assertThrows(InternetException.class, () -> session.command("NOOP " + bad)).error());
                }
                assertEquals(before, proxy.bytesUpstream());
            }
        }
    }

    @Test
    void serverCuttingTheDataConnectionFailsAndLeavesNoFile() throws Exception {
        try (ProxiedFtpServer rig = ProxiedFtpServer.start(TestFtpServer.newBuilder().user("alice", "secret"))) {
            TestFtpServer server = rig.server;
            FaultProxy data = rig.data;
            FaultProxy control = rig.control;
            data.fault(Fault.cutAfter(Direction.DOWNSTREAM, 64 * 1024));
            Files.write(server.root().resolve("big.bin"), random(4 * 1024 * 1024));
            Path target = local.resolve("big.bin");
            try (FtpSession session = internet.connect(ConnectRequest.newBuilder(Service.FTP, control.host())
                    .port(control.port()).user("alice").password("secret").flags(ConnectFlag.PASSIVE).build())) {
                InternetException e = assertThrows(InternetException.class, () -> session.get("big.bin", target));
                assertTrue(e.error() == InternetError.CONNECTION_ABORTED || e.error() == InternetError.FTP_DROPPED,
                        e.toString());
            }
            // The first try and the default RetryPolicy's two resumes, each cut.
            assertEquals(3, data.connectionCount());
            assertFalse(Files.exists(target));
            assertNoPartFiles();
        }
    }

    @Test
    void downloadShorterThanTheAnnouncedSizeIsAnError() throws Exception {
        Files.write(ftp.root().resolve("f.bin"), random(10_000));
        try (FaultProxy proxy = FaultProxy.to(ftp::address)) {
            proxy.fault(Fault.rewriteLines(Direction.DOWNSTREAM, line -> line.startsWith("213 10000")
                    ? line.replace("213 10000", "213 10500") : line));
            proxy.start();
            Path target = local.resolve("f.bin");
            try (FtpSession session = internet.connect(ConnectRequest.newBuilder(Service.FTP, proxy.host())
                    .port(proxy.port()).user("alice").password("secret").flags(ConnectFlag.PASSIVE).build())) {
                InternetException e = assertThrows(InternetException.class, () -> session.get("f.bin", target));
                assertEquals(InternetError.CONNECTION_ABORTED, e.error());
                assertTrue(e.getMessage().contains("10000 of 10500"), e.getMessage());
                InputStream in = session.openRead("f.bin", TransferType.BINARY);
                assertEquals(InternetError.CONNECTION_ABORTED,
                        assertThrows(InternetException.class, in::readAllBytes).error());
                in.close();
                assertEquals("/", session.pwd());
            }
            assertFalse(Files.exists(target));
            assertNoPartFiles();
        }
    }

    @Test
    void utf8NamesSurviveTheRoundTrip() throws Exception {
        String name = "grüße-日本.txt";
        Path source = Files.writeString(local.resolve("src.txt"), "ü");
        try (FtpSession session = alice(ConnectFlag.PASSIVE)) {
            session.put(source, name);
            assertEquals(List.of(name), session.list("*.txt").stream().map(FtpEntry::name).toList());
            session.get(name, local.resolve("back.txt"));
        }
        assertEquals("ü", Files.readString(local.resolve("back.txt"), StandardCharsets.UTF_8));
        assertTrue(Files.exists(ftp.root().resolve(name)));
    }

    private void assertNoPartFiles() throws Exception {
        try (Stream<Path> files = Files.list(local)) {
            List<Path> parts = files.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
            assertEquals(List.of(), parts);
        }
    }
}
