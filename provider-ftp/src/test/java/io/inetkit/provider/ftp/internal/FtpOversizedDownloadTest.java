package io.inetkit.provider.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ProxyConfig;
import io.inetkit.Service;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.TransferType;
import io.inetkit.testkit.daemon.DanteServer;
import io.inetkit.testkit.script.Reply;
import io.inetkit.testkit.script.ScriptedFtpServer;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A server that announces five bytes, by {@code SIZE} or in its {@code 150 (5 bytes)} reply, and
 * then sends without end, as one did to the CLI (17 GB of {@code .part} in 50 s). On every route of
 * {@code get} and through {@code openRead}, the download stops at the announced size, fails as an
 * oversized one naming both sizes within the read time-out plus a second, closes the data
 * connection, leaves no file, and keeps the session.
 */
class FtpOversizedDownloadTest {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    static final Duration BOUND = READ_TIMEOUT.plusSeconds(1);
    static final String CHUNK = "x".repeat(64 * 1024);

    @TempDir Path local;
    @TempDir Path daemonDir;

    /**
     * How a download goes: the route {@code get} takes, or {@code openRead}, read as a stream or
     * into a direct buffer (from the data socket's channel).
     */
    enum Route {
        CHANNEL, TLS, PROXY, OPEN_READ, OPEN_READ_BUFFER
    }

    /** Who announces the size: {@code SIZE}, or only the {@code 150} reply (a server without {@code SIZE}). */
    enum Announcement {
        SIZE("SIZE"), REPLY_150("its 150 reply");

        final String name;

        Announcement(String name) {
            this.name = name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(Route.values()).flatMap(route -> Stream.of(Announcement.values())
                .map(announcement -> Arguments.of(route, announcement)));
    }

    @ParameterizedTest(name = "{0}, announced by {1}")
    @MethodSource("cases")
    void bytesPastTheAnnouncedSizeFailTheDownloadAndLeaveNoFile(Route route, Announcement announcement)
            throws Exception {
        try (ScriptedFtpServer server = ScriptedFtpServer.create()) {
            server.reply("RETR", "150 Opening BINARY mode data connection for a.bin (5 bytes)\r\n226 done\r\n")
                    .data(Reply.endless(i -> CHUNK));
            if (announcement == Announcement.REPLY_150) {
                server.reply("FEAT", "211-Features:\r\n UTF8\r\n211 End\r\n");
            }
            if (route == Route.TLS) {
                server.tls(TestCertificate.localhost().serverContext());
            }
            server.start();
            DanteServer socks = route == Route.PROXY ? DanteServer.start(daemonDir) : null;
            try (Internet internet = internet(socks);
                 FtpSessionImpl session = (FtpSessionImpl) connect(internet, server, route)) {
                Path target = local.resolve("a.bin");
                long start = System.nanoTime();
                InternetException e = assertTimeoutPreemptively(Duration.ofSeconds(15),
                        () -> assertThrows(InternetException.class, () -> download(session, route, target)));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertEquals(InternetError.CONNECTION_ABORTED, e.error(), e.toString());
                assertTrue(e.getMessage().contains("sent more than it announced: at least "), e.getMessage());
                assertTrue(e.getMessage().contains(" bytes where " + announcement.name + " said 5;"), e.getMessage());
                assertTrue(took.compareTo(BOUND) <= 0, "took " + took.toMillis() + " ms");
                assertTrue(server.awaitDataCut(Duration.ofSeconds(5)), "the data connection was not closed");
                assertEquals(List.of(), Files.list(local).toList(), "neither the file nor its .part may be left");
                if (route != Route.OPEN_READ && route != Route.OPEN_READ_BUFFER) {
                    assertEquals(route == Route.CHANNEL ? FileDownload.CHANNEL : FileDownload.STREAM,
                            session.lastDownload());
                }
                assertEquals("/", session.pwd()); // the server's 426 was read: the session goes on
            } finally {
                if (socks != null) {
                    socks.close();
                }
            }
        }
    }

    private static void download(FtpSession session, Route route, Path target) throws Exception {
        if (route == Route.OPEN_READ_BUFFER) {
            try (InputStream in = session.openRead("a.bin", TransferType.BINARY)) {
                ReadableByteChannel channel = (ReadableByteChannel) in;
                ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
                long total = 0;
                int n;
                while ((n = channel.read(buffer)) >= 0) {
                    total += n;
                    buffer.clear();
                    assertTrue(total <= 5, "read " + total + " bytes of a file announced as 5");
                }
            }
            return;
        }
        if (route != Route.OPEN_READ) {
            session.get("a.bin", target);
            return;
        }
        try (InputStream in = session.openRead("a.bin", TransferType.BINARY)) {
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                assertTrue(total <= 5, "read " + total + " bytes of a file announced as 5");
            }
        }
    }

    private static Internet internet(DanteServer socks) {
        Internet.Builder builder = Internet.newBuilder().connectTimeout(READ_TIMEOUT).readTimeout(READ_TIMEOUT)
                .sslContext(TestCertificate.localhost().clientContext());
        if (socks != null) {
            builder.proxy(ProxyConfig.socks5("127.0.0.1", socks.port()));
        }
        return builder.build();
    }

    private static FtpSession connect(Internet internet, ScriptedFtpServer server, Route route)
            throws InternetException {
        boolean tls = route == Route.TLS;
        ConnectFlag[] flags = tls ? new ConnectFlag[] {ConnectFlag.PASSIVE, ConnectFlag.SECURE}
                : new ConnectFlag[] {ConnectFlag.PASSIVE};
        return internet.connect(ConnectRequest.newBuilder(Service.FTP, tls ? "localhost" : "127.0.0.1")
                .port(server.port()).user("u").password("p").flags(flags).build());
    }
}
