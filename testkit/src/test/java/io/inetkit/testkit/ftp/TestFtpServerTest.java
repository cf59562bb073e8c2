package io.inetkit.testkit.ftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.inetkit.testkit.tls.TestCertificate;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class TestFtpServerTest {

    @Test
    void closeStopsTheServerWithoutAWarning() throws Exception {
        Logger serverLog = (Logger) LoggerFactory.getLogger(TestFtpServer.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        serverLog.addAppender(log);
        try {
            TestFtpServer server = TestFtpServer.create();
            server.start();
            server.close();
        } finally {
            serverLog.detachAppender(log);
        }
        assertEquals(List.of(), log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(e -> e.getLevel() + " " + e.getFormattedMessage()).collect(Collectors.toList()));
    }

    @TempDir Path dir;

    @Test
    void closeReleasesThePassivePortOfASessionStillOpen() throws Exception {
        int passive;
        try (HeldPort held = HeldPort.hold()) {
            passive = held.port();
        }
        try (TestFtpServer server = TestFtpServer.newBuilder().root(dir).passivePorts(passive, passive).build()) {
            server.start();
            RawFtp ftp = RawFtp.connect(server); // left open: the server closes with the session alive
            try {
                assertEquals(220, ftp.greeting().code());
                assertEquals(230, ftp.login("anonymous", "test@example.com").code());
                assertEquals(229, ftp.send("EPSV").code());
                server.close();
                // Bound again at once: close() released the passive port itself.
                try (ServerSocket again = new ServerSocket(passive, 1, InetAddress.getLoopbackAddress())) {
                    assertEquals(passive, again.getLocalPort());
                }
            } finally {
                ftp.close();
            }
        }
    }

    /**
     * A client that leaves while its session waits in RETR for the data connection: MINA drops the
     * session from its list at once, but its close waits behind the RETR in the session's queue, and
     * stop() ends the queue before it runs. CI's FtpFaultTest "data refused" found that session's
     * passive port still bound after close().
     */
    @Test
    void closeReleasesThePassivePortOfASessionWhoseCloseIsStillQueued() throws Exception {
        Files.writeString(dir.resolve("hello.txt"), "hello, ftp");
        int passive;
        try (HeldPort held = HeldPort.hold()) {
            passive = held.port();
        }
        try (TestFtpServer server = TestFtpServer.newBuilder().root(dir).passivePorts(passive, passive).build()) {
            server.start();
            try (RawFtp ftp = RawFtp.connect(server)) {
                assertEquals(220, ftp.greeting().code());
                assertEquals(230, ftp.login("anonymous", "test@example.com").code());
                assertEquals(229, ftp.send("EPSV").code());
                assertEquals(150, ftp.send("RETR hello.txt").code()); // the server now waits for the data connection
            }
            Thread.sleep(300); // for MINA to see the client leave; a pass does not depend on it
            server.close();
            try (ServerSocket again = new ServerSocket(passive, 1, InetAddress.getLoopbackAddress())) {
                assertEquals(passive, again.getLocalPort());
            }
        }
    }

    @Test
    void anonymousReadsAFileOverPassiveMode() throws Exception {
        Files.writeString(dir.resolve("hello.txt"), "hello, ftp");
        try (TestFtpServer server = TestFtpServer.newBuilder().root(dir).build()) {
            server.start();
            try (RawFtp ftp = RawFtp.connect(server)) {
                assertEquals(220, ftp.greeting().code());
                assertEquals(230, ftp.login("anonymous", "test@example.com").code());
                RawFtp.Transfer retr = ftp.passive("RETR hello.txt", null);
                assertEquals(150, retr.start().code());
                assertEquals(226, retr.end().code());
                assertEquals("hello, ftp", retr.text());
            }
        }
    }

    @Test
    void anonymousCannotStoreByDefault() throws Exception {
        try (TestFtpServer server = TestFtpServer.newBuilder().root(dir).build()) {
            server.start();
            try (RawFtp ftp = RawFtp.connect(server)) {
                ftp.login("anonymous", "x");
                RawFtp.Transfer stor = ftp.passive("STOR new.txt", "data".getBytes(UTF_8));
                assertEquals(550, stor.start().code(), stor.start().text());
                assertFalse(Files.exists(dir.resolve("new.txt")));
            }
        }
    }

    @Test
    void anonymousStoresWhenWriteIsOn() throws Exception {
        try (TestFtpServer server = TestFtpServer.newBuilder().root(dir).anonymousWrite(true).build()) {
            server.start();
            try (RawFtp ftp = RawFtp.connect(server)) {
                ftp.login("anonymous", "x");
                RawFtp.Transfer stor = ftp.passive("STOR new.txt", "data".getBytes(UTF_8));
                assertEquals(226, stor.end().code());
                assertEquals("data", Files.readString(dir.resolve("new.txt")));
            }
        }
    }

    @Test
    void anonymousLoginRefusedWhenOff() throws Exception {
        try (TestFtpServer server = TestFtpServer.newBuilder().anonymous(false).build()) {
            server.start();
            try (RawFtp ftp = RawFtp.connect(server)) {
                assertEquals(530, ftp.login("anonymous", "x").code());
            }
        }
    }

    @Test
    void userLogsInAndStores() throws Exception {
        try (TestFtpServer server = TestFtpServer.newBuilder().root(dir).user("alice", "s3cret").build()) {
            server.start();
            try (RawFtp ftp = RawFtp.connect(server)) {
                assertEquals(230, ftp.login("alice", "s3cret").code());
                RawFtp.Transfer stor = ftp.passive("STOR up.bin", new byte[] {1, 2, 3});
                assertEquals(226, stor.end().code());
                assertEquals(3, Files.size(dir.resolve("up.bin")));
            }
        }
    }

    @Test
    void wrongPasswordGets530AndSecondTryWorks() throws Exception {
        try (TestFtpServer server = TestFtpServer.newBuilder().user("alice", "s3cret").build()) {
            server.start();
            try (RawFtp ftp = RawFtp.connect(server)) {
                assertEquals(530, ftp.login("alice", "wrong").code());
                assertEquals(530, ftp.login("nobody", "s3cret").code());
                assertEquals(230, ftp.login("alice", "s3cret").code());
            }
        }
    }

    @Test
    void userSeesOnlyHomeAndReadOnlyUserCannotStore() throws Exception {
        Files.createDirectories(dir.resolve("bob"));
        Files.writeString(dir.resolve("bob/mine.txt"), "bob's");
        Files.writeString(dir.resolve("top.txt"), "top");
        try (TestFtpServer server = TestFtpServer.newBuilder().root(dir)
                .user("bob", "pw", Path.of("bob"), false).build()) {
            server.start();
            try (RawFtp ftp = RawFtp.connect(server)) {
                ftp.login("bob", "pw");
                assertEquals("mine.txt\r\n", ftp.passive("NLST", null).text());
                assertEquals(550, ftp.passive("RETR ../top.txt", null).start().code());
                assertEquals(550, ftp.passive("STOR x.txt", new byte[1]).start().code());
            }
        }
    }

    @Test
    void missingHomeDirectoryIsMadeOnLogin() throws Exception {
        try (TestFtpServer server = TestFtpServer.newBuilder().root(dir)
                .user("carol", "pw", Path.of("homes/carol"), true).build()) {
            server.start();
            try (RawFtp ftp = RawFtp.connect(server)) {
                assertEquals(230, ftp.login("carol", "pw").code());
                assertEquals(226, ftp.passive("STOR c.txt", "c".getBytes(UTF_8)).end().code());
            }
            assertEquals("c", Files.readString(dir.resolve("homes/carol/c.txt")));
        }
    }

    @Test
    void activeModeTransferConnectsBackToTheClient() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "active");
        try (TestFtpServer server = TestFtpServer.newBuilder().root(dir).build()) {
            server.start();
            try (RawFtp ftp = RawFtp.connect(server)) {
                ftp.login("anonymous", "x");
                RawFtp.Transfer retr = ftp.active("RETR a.txt", null);
                assertEquals(226, retr.end().code());
                assertEquals("active", retr.text());
            }
        }
    }

    @Test
    void activeModeRefusedWhenOff() throws Exception {
        try (TestFtpServer server = TestFtpServer.newBuilder().activeMode(false).build()) {
            server.start();
            try (RawFtp ftp = RawFtp.connect(server)) {
                ftp.login("anonymous", "x");
                RawFtp.Transfer list = ftp.active("LIST", null);
                assertTrue(list.start().code() >= 500, list.start().text());
            }
        }
    }

    @Test
    void passiveModeAnnouncesLoopbackAndAPortInTheRange() throws Exception {
        int from = freePortBlockStart();
        try (TestFtpServer server = TestFtpServer.newBuilder().passivePorts(from, from + 4).build()) {
            server.start();
            try (RawFtp ftp = RawFtp.connect(server)) {
                ftp.login("anonymous", "x");
                for (int i = 0; i < 3; i++) {
                    assertEquals(226, ftp.passive("LIST", null).end().code());
                    InetSocketAddress passive = ftp.lastPassive();
                    assertEquals("127.0.0.1", passive.getAddress().getHostAddress());
                    assertTrue(passive.getPort() >= from && passive.getPort() <= from + 4, "port " + passive.getPort());
                }
            }
        }
    }

    /** A port from the upper ephemeral range whose next few are likely free; the range test only needs a plausible block. */
    private static int freePortBlockStart() throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            int port = probe.getLocalPort();
            return port > 65000 ? port - 10 : port + 1;
        }
    }

    @Test
    void explicitFtpsProtectsControlAndDataAfterAuthTls() throws Exception {
        Files.writeString(dir.resolve("secret.txt"), "tls");
        SSLContext trust = TestCertificate.localhost().clientContext();
        try (TestFtpServer server = TestFtpServer.newBuilder().root(dir).explicitFtps().build()) {
            server.start();
            assertEquals(URI.create("ftp://127.0.0.1:" + server.port() + "/"), server.url());
            try (RawFtp ftp = RawFtp.connect(server)) {
                assertEquals(234, ftp.authTls(trust).code());
                assertTrue(ftp.controlSocket() instanceof javax.net.ssl.SSLSocket);
                assertEquals(230, ftp.login("anonymous", "x").code());
                assertEquals(200, ftp.protectData().code());
                RawFtp.Transfer list = ftp.passive("NLST", null);
                assertEquals(226, list.end().code());
                assertEquals("secret.txt\r\n", list.text());
                assertEquals("tls", ftp.active("RETR secret.txt", null).text());
            }
        }
    }

    @Test
    void plainServerRefusesAuthTls() throws Exception {
        try (TestFtpServer server = TestFtpServer.create()) {
            server.start();
            try (RawFtp ftp = RawFtp.connect(server)) {
                assertTrue(ftp.send("AUTH TLS").code() >= 400);
            }
        }
    }

    @Test
    void implicitFtpsSpeaksTlsFromTheFirstByte() throws Exception {
        Files.writeString(dir.resolve("i.txt"), "implicit");
        SSLContext trust = TestCertificate.localhost().clientContext();
        try (TestFtpServer server = TestFtpServer.newBuilder().root(dir).implicitFtps().build()) {
            server.start();
            assertEquals(URI.create("ftps://127.0.0.1:" + server.port() + "/"), server.url());
            try (RawFtp ftp = RawFtp.connectImplicit(server, trust)) {
                assertEquals(220, ftp.greeting().code());
                assertEquals(230, ftp.login("anonymous", "x").code());
                ftp.dataIsTls();
                RawFtp.Transfer retr = ftp.passive("RETR i.txt", null);
                assertEquals("implicit", retr.text());
            }
        }
    }

    @Test
    void implicitFtpsRefusedByDefaultTrust() throws Exception {
        try (TestFtpServer server = TestFtpServer.newBuilder().implicitFtps().build()) {
            server.start();
            assertThrows(SSLHandshakeException.class, () -> RawFtp.connectImplicit(server, SSLContext.getDefault()).close());
        }
    }

    @Test
    void temporaryRootIsDeletedOnCloseAndGivenRootIsKept() throws Exception {
        TestFtpServer temporary = TestFtpServer.create();
        temporary.start();
        Path root = temporary.root();
        Files.writeString(root.resolve("f.txt"), "x");
        Files.createDirectories(root.resolve("sub/deeper"));
        temporary.close();
        assertFalse(Files.exists(root));

        try (TestFtpServer given = TestFtpServer.newBuilder().root(dir).build()) {
            given.start();
            assertEquals(dir.toAbsolutePath(), given.root());
        }
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void closeStopsEveryMinaThreadAndTheListener() throws Exception {
        long before = MinaThreads.count();
        TestFtpServer server = TestFtpServer.newBuilder().explicitFtps().build();
        server.start();
        InetSocketAddress address = server.address();
        try (RawFtp ftp = RawFtp.connect(server)) {
            ftp.login("anonymous", "x");
            assertEquals(226, ftp.passive("LIST", null).end().code());
            assertTrue(MinaThreads.count() > before, "MINA threads while serving: " + MinaThreads.names());
            server.close();
            server.close();
        }
        assertEquals(before, MinaThreads.count(), () -> "left behind: " + MinaThreads.names());
        assertThrows(ConnectException.class, () -> new Socket(address.getAddress(), address.getPort()).close());
    }

    @Test
    void startTwiceAndAddressBeforeStartAreCallerMistakes() throws Exception {
        try (TestFtpServer server = TestFtpServer.create()) {
            assertThrows(IllegalStateException.class, server::address);
            server.start();
            assertThrows(IllegalStateException.class, server::start);
        }
    }
}
