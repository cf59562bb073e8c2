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
import io.inetkit.StatusEvent;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.TransferType;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the FTP provider behaves with servers that do something unusual on the control connection,
 * shown through a fault proxy in front of the testkit server: sharing, keep-alive, refused passive
 * mode, silence, sizes announced in a 150 reply, refused arguments and status events.
 */
class FtpConnectionBehaviourTest {

    @StartStop final TestFtpServer ftp = TestFtpServer.newBuilder().user("alice", "secret").build();

    @TempDir Path local;

    final List<StatusEvent> events = new CopyOnWriteArrayList<>();
    final Internet internet = Internet.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(5)).statusListener(events::add).build();

    @AfterEach
    void closeInternet() {
        internet.close();
    }

    private FtpSession through(Internet using, FaultProxy proxy, Object context, ConnectFlag... flags)
            throws InternetException {
        return using.connect(ConnectRequest.newBuilder(Service.FTP, proxy.host()).port(proxy.port())
                .user("alice").password("secret").context(context).flags(flags).build());
    }

    @Test
    void existingConnectSharesOneControlConnection() throws Exception {
        Files.writeString(ftp.root().resolve("a.txt"), "shared");
        try (FaultProxy proxy = FaultProxy.to(ftp::address)) {
            proxy.start();
            FtpSession first = through(internet, proxy, "first", ConnectFlag.PASSIVE, ConnectFlag.EXISTING_CONNECT);
            FtpSession second = through(internet, proxy, "second", ConnectFlag.PASSIVE,
                    ConnectFlag.EXISTING_CONNECT);
            second.cd("/");
            first.get("a.txt", local.resolve("a.txt"));
            assertEquals("/", second.pwd());
            first.close();
            second.get("a.txt", local.resolve("b.txt")); // the connection outlives the first handle
            assertEquals(1, proxy.connectionCount());
            second.close();
            try (FtpSession third = through(internet, proxy, "third", ConnectFlag.PASSIVE,
                    ConnectFlag.EXISTING_CONNECT)) {
                assertEquals("/", third.pwd());
            }
            assertEquals(2, proxy.connectionCount()); // the last close ended the first connection
        }
        assertEquals("shared", Files.readString(local.resolve("b.txt")));
    }

    @Test
    void longTransferSendsKeepAliveNoopsOnTheControlConnection() throws Exception {
        byte[] content = random(96 * 1024);
        AtomicInteger noops = new AtomicInteger();
        try (ProxiedFtpServer rig = ProxiedFtpServer.start(TestFtpServer.newBuilder().user("alice", "secret"),
                     UnaryOperator.identity(), line -> {
                         if (line.equals("NOOP")) {
                             noops.incrementAndGet();
                         }
                         return line;
                     });
             // Read timeout 2 s: keep-alive every second, the transfer takes about three.
             Internet quick = Internet.newBuilder().connectTimeout(Duration.ofSeconds(5))
                     .readTimeout(Duration.ofSeconds(2)).build()) {
            Files.write(rig.server.root().resolve("slow.bin"), content);
            rig.data.fault(Fault.drip(Direction.DOWNSTREAM, 4096, Duration.ofMillis(125)));
            try (FtpSession session = through(quick, rig.control, null, ConnectFlag.PASSIVE)) {
                session.get("slow.bin", local.resolve("slow.bin"));
                assertEquals("/", session.pwd()); // the NOOPs' replies were all read, none is left over
            }
        }
        assertArrayEquals(content, Files.readAllBytes(local.resolve("slow.bin")));
        assertTrue(noops.get() >= 1, "NOOPs sent: " + noops.get());
    }

    @Test
    void serverRefusingPassiveModeIsAClearError() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(ftp::address)) {
            proxy.fault(Fault.rewriteLines(Direction.DOWNSTREAM, line -> line.startsWith("229 ")
                    ? "500 EPSV not understood." : line.startsWith("227 ") ? "502 PASV not implemented." : line));
            proxy.start();
            try (FtpSession session = through(internet, proxy, null, ConnectFlag.PASSIVE)) {
                InternetException e = assertThrows(InternetException.class, session::list);
                assertEquals(InternetError.FTP_NO_PASSIVE_MODE, e.error(), e.toString());
                assertTrue(e.serverReply().orElseThrow().startsWith("502"), e.serverReply().toString());
                assertEquals("/", session.pwd()); // the connection is still good for other commands
            }
        }
    }

    /** EPSV refused: PASV instead, and its address (192.0.2.1, TEST-NET-1, unroutable) is ignored. */
    @Test
    void refusedEpsvFallsBackToPasvWhoseAddressIsIgnoredUnlessTrusted() throws Exception {
        Files.writeString(ftp.root().resolve("p.txt"), "pasv");
        try (FaultProxy proxy = FaultProxy.to(ftp::address);
             Internet quick = Internet.newBuilder().connectTimeout(Duration.ofSeconds(1))
                     .readTimeout(Duration.ofSeconds(5)).build()) {
            proxy.fault(Fault.rewriteLines(Direction.DOWNSTREAM, line -> line.startsWith("229 ")
                    ? "500 EPSV not understood." : line.startsWith("227 ")
                    ? line.replaceFirst("\\(\\d+,\\d+,\\d+,\\d+,", "(192,0,2,1,") : line));
            proxy.start();
            try (FtpSession session = through(quick, proxy, null, ConnectFlag.PASSIVE)) {
                session.get("p.txt", local.resolve("p.txt"));
            }
            assertEquals("pasv", Files.readString(local.resolve("p.txt")));
            try (FtpSession trusting = through(quick, proxy, null, ConnectFlag.PASSIVE,
                    ConnectFlag.TRUST_PASV_ADDRESS)) {
                InternetException e = assertThrows(InternetException.class,
                        () -> trusting.get("p.txt", local.resolve("q.txt")));
                // Refused or unanswered, depending on the network the test runs in.
                assertTrue(e.error() == InternetError.TIMEOUT || e.error() == InternetError.CANNOT_CONNECT,
                        e.toString());
                assertTrue(e.error() == InternetError.TIMEOUT || e.getMessage().contains("192.0.2.1"), e.toString());
            }
            assertFalse(Files.exists(local.resolve("q.txt")));
        }
    }

    /**
     * Active mode: the PORT command is pointed at a decoy, so the server's data connection never
     * reaches the client, which must stop waiting for it after the read timeout.
     */
    @Test
    void activeModeWaitsForTheServersDataConnectionNoLongerThanTheReadTimeout() throws Exception {
        Files.writeString(ftp.root().resolve("a.txt"), "active");
        Duration readTimeout = Duration.ofSeconds(1);
        try (ServerSocket decoy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             FaultProxy proxy = FaultProxy.to(ftp::address);
             Internet quick = Internet.newBuilder().connectTimeout(Duration.ofSeconds(5)).readTimeout(readTimeout)
                     .build()) {
            int port = decoy.getLocalPort();
            proxy.fault(Fault.rewriteLines(Direction.UPSTREAM, line -> line.startsWith("PORT ")
                    ? "PORT 127,0,0,1," + (port >> 8) + "," + (port & 0xff)
                    : line.startsWith("EPRT ") ? "EPRT |1|127.0.0.1|" + port + "|" : line));
            proxy.start();
            Path target = local.resolve("a.txt");
            try (FtpSession session = through(quick, proxy, null)) {
                long start = System.nanoTime();
                InternetException e = assertThrows(InternetException.class, () -> session.get("a.txt", target));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
                assertTrue(took.compareTo(readTimeout.plusSeconds(5)) < 0, took.toString());
            }
            assertFalse(Files.exists(target));
        }
    }

    @Test
    void serverFallingSilentAfterLoginTimesOutWithinTheReadTimeout() throws Exception {
        Duration readTimeout = Duration.ofSeconds(1);
        try (FaultProxy proxy = FaultProxy.to(ftp::address);
             Internet quick = Internet.newBuilder().connectTimeout(Duration.ofSeconds(5)).readTimeout(readTimeout)
                     .build()) {
            proxy.start();
            // Learn how many bytes the server sends up to the end of the login, then stall after them.
            long loginBytes;
            try (FtpSession ignored = through(quick, proxy, null, ConnectFlag.PASSIVE)) {
                // The proxy counts a reply after passing it on: wait until the count stops moving.
                loginBytes = -1;
                while (loginBytes != proxy.bytesDownstream()) {
                    loginBytes = proxy.bytesDownstream();
                    Thread.sleep(300);
                }
            }
            proxy.fault(Fault.stallAfter(Direction.DOWNSTREAM, loginBytes));
            try (FtpSession session = through(quick, proxy, null, ConnectFlag.PASSIVE)) {
                long start = System.nanoTime();
                InternetException e = assertThrows(InternetException.class, session::pwd);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertEquals(InternetError.TIMEOUT, e.error(), e.toString());
                assertTrue(took.compareTo(readTimeout.minusMillis(100)) >= 0, took.toString());
                // Generous: the bound that matters is "not forever", not a speed.
                assertTrue(took.compareTo(readTimeout.plusSeconds(5)) < 0, took.toString());
                assertEquals(InternetError.FTP_DROPPED,
                        assertThrows(InternetException.class, session::pwd).error());
            }
        }
    }

    @Test
    void downloadShorterThanThe150ReplyAnnouncedIsAnErrorAndLeavesNothing() throws Exception {
        Files.write(ftp.root().resolve("f.bin"), random(10_000));
        try (FaultProxy proxy = FaultProxy.to(ftp::address)) {
            // No SIZE, so the 150 reply's "(N bytes)" is the only promise, as with many servers.
            proxy.fault(Fault.rewriteLines(Direction.DOWNSTREAM, line -> line.startsWith("213 ")
                    ? "550 SIZE not allowed." : line.startsWith("150 ")
                    ? "150 Opening BINARY mode data connection for f.bin (10500 bytes)." : line));
            proxy.start();
            Path target = local.resolve("f.bin");
            try (FtpSession session = through(internet, proxy, null, ConnectFlag.PASSIVE)) {
                InternetException e = assertThrows(InternetException.class, () -> session.get("f.bin", target));
                assertEquals(InternetError.CONNECTION_ABORTED, e.error(), e.toString());
                assertTrue(e.getMessage().contains("10000 of 10500"), e.getMessage());
                try (InputStream in = session.openRead("f.bin", TransferType.BINARY)) {
                    assertEquals(InternetError.CONNECTION_ABORTED,
                            assertThrows(InternetException.class, in::readAllBytes).error());
                }
                assertEquals("/", session.pwd());
            }
            assertFalse(Files.exists(target));
            try (Stream<Path> files = Files.list(local)) {
                assertEquals(0, files.count());
            }
        }
    }

    @Test
    void asciiDownloadIsNotHeldToTheSizeOnTheServersDisk() throws Exception {
        byte[] crlf = "one\r\ntwo\r\nthree\r\n".getBytes(StandardCharsets.US_ASCII);
        Files.write(ftp.root().resolve("dos.txt"), crlf);
        try (FaultProxy proxy = FaultProxy.to(ftp::address)) {
            // A Windows server announces the file's size on disk, CRs included.
            proxy.fault(Fault.rewriteLines(Direction.DOWNSTREAM, line -> line.startsWith("150 ")
                    ? "150 Opening ASCII mode data connection for dos.txt (" + crlf.length + " bytes)." : line));
            proxy.start();
            try (FtpSession session = through(internet, proxy, null, ConnectFlag.PASSIVE)) {
                session.get("dos.txt", local.resolve("dos.txt"), TransferType.ASCII);
            }
        }
        String expected = "one" + System.lineSeparator() + "two" + System.lineSeparator() + "three"
                + System.lineSeparator();
        assertEquals(expected, Files.readString(local.resolve("dos.txt"), StandardCharsets.US_ASCII));
    }

    @Test
    void lineBreaksInTheUserOrPasswordAreRefusedBeforeConnecting() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(ftp::address)) {
            proxy.start();
            for (String[] bad : new String[][] {{"alice\r\nDELE x", "secret"}, {"alice", "se\ncret"},
                    {"alice", "se\0cret"}, {"al\0ice", "secret"}}) {
                InternetException e = assertThrows(InternetException.class, () -> internet.connect(
                        ConnectRequest.newBuilder(Service.FTP, proxy.host()).port(proxy.port()).user(bad[0])
                                .password(bad[1]).build()));
                assertEquals(InternetError.INVALID_PARAMETER, e.error(), e.toString());
                assertFalse(e.getMessage().contains("cret"), "the password leaked: " + e.getMessage());
            }
            assertEquals(0, proxy.connectionCount());
        }
    }

    @Test
    void statusEventsCarryTheSessionsContextAndTheControlReplies() throws Exception {
        Object context = new Object();
        Files.writeString(ftp.root().resolve("s.txt"), "status");
        try (FaultProxy proxy = FaultProxy.to(ftp::address)) {
            proxy.start();
            try (FtpSession session = through(internet, proxy, context, ConnectFlag.PASSIVE)) {
                session.get("s.txt", local.resolve("s.txt"));
            }
        }
        List<InternetStatus> seen = events.stream().map(StatusEvent::status).toList();
        assertTrue(seen.containsAll(List.of(InternetStatus.RESOLVING_NAME, InternetStatus.NAME_RESOLVED,
                InternetStatus.CONNECTING_TO_SERVER, InternetStatus.CONNECTED_TO_SERVER,
                InternetStatus.SENDING_REQUEST, InternetStatus.REQUEST_SENT, InternetStatus.RECEIVING_RESPONSE,
                InternetStatus.RESPONSE_RECEIVED, InternetStatus.CTL_RESPONSE_RECEIVED,
                InternetStatus.CLOSING_CONNECTION, InternetStatus.CONNECTION_CLOSED, InternetStatus.HANDLE_CREATED,
                InternetStatus.HANDLE_CLOSING)), seen.toString());
        for (StatusEvent event : events) {
            assertTrue(event.context().orElse(null) == context, "without the context: " + event);
        }
        assertTrue(events.stream().anyMatch(e -> e.status() == InternetStatus.CTL_RESPONSE_RECEIVED
                && e.info(io.inetkit.ftp.FtpReply.class).map(r -> r.code() == 226
                        && r.text().startsWith("226")).orElse(false)), events.toString());
        assertTrue(events.stream().filter(e -> e.status() == InternetStatus.RESPONSE_RECEIVED)
                .allMatch(e -> e.info(Long.class).orElse(0L) > 0), "RESPONSE_RECEIVED carries the reply's bytes");
        assertEquals(InternetStatus.HANDLE_CLOSING, events.get(events.size() - 1).status());
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
