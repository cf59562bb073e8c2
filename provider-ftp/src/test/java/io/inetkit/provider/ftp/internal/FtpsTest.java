package io.inetkit.provider.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.ftp.FtpEntry;
import io.inetkit.ftp.FtpSession;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.tls.TestCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FtpsTest {

    @TempDir Path local;

    private static Internet trusting() {
        return Internet.newBuilder().connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5))
                .sslContext(TestCertificate.localhost().clientContext()).build();
    }

    private static void roundTrip(TestFtpServer server, Path local, ConnectFlag... flags) throws Exception {
        Path source = Files.writeString(local.resolve("s.txt"), "secret data");
        try (Internet internet = trusting();
             FtpSession session = internet.connect(ConnectRequest.newBuilder(Service.FTP, "localhost")
                     .port(server.port()).user("alice").password("secret").flags(flags).build())) {
            session.put(source, "s.txt");
            assertEquals(List.of("s.txt"), session.list().stream().map(FtpEntry::name).toList());
            session.get("s.txt", local.resolve("back.txt"));
        }
        assertArrayEquals("secret data".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(local.resolve("back.txt")));
    }

    @Test
    void explicitFtpsProtectsControlAndDataWhenTheCertificateIsTrusted() throws Exception {
        try (TestFtpServer server = TestFtpServer.newBuilder().user("alice", "secret").explicitFtps().build()) {
            server.start();
            roundTrip(server, local, ConnectFlag.START_TLS, ConnectFlag.PASSIVE);
        }
    }

    @Test
    void explicitFtpsWorksInActiveMode() throws Exception {
        try (TestFtpServer server = TestFtpServer.newBuilder().user("alice", "secret").explicitFtps().build()) {
            server.start();
            roundTrip(server, local, ConnectFlag.START_TLS);
        }
    }

    @Test
    void implicitFtpsProtectsControlAndDataWhenTheCertificateIsTrusted() throws Exception {
        try (TestFtpServer server = TestFtpServer.newBuilder().user("alice", "secret").implicitFtps().build()) {
            server.start();
            roundTrip(server, local, ConnectFlag.SECURE, ConnectFlag.PASSIVE);
        }
    }

    @Test
    void untrustedCertificateIsRefusedWithTheDefaultContext() throws Exception {
        try (TestFtpServer explicit = TestFtpServer.newBuilder().user("alice", "secret").explicitFtps().build();
             TestFtpServer implicit = TestFtpServer.newBuilder().user("alice", "secret").implicitFtps().build();
             Internet internet = Internet.newBuilder().connectTimeout(Duration.ofSeconds(5))
                     .readTimeout(Duration.ofSeconds(5)).build()) {
            explicit.start();
            implicit.start();
            InternetException e = assertThrows(InternetException.class, () -> internet.connect(
                    ConnectRequest.newBuilder(Service.FTP, "localhost").port(explicit.port())
                            .user("alice").password("secret").flags(ConnectFlag.START_TLS).build()));
            assertEquals(InternetError.INVALID_CA, e.error(), e.toString());
            e = assertThrows(InternetException.class, () -> internet.connect(
                    ConnectRequest.newBuilder(Service.FTP, "localhost").port(implicit.port())
                            .user("alice").password("secret").flags(ConnectFlag.SECURE).build()));
            assertEquals(InternetError.INVALID_CA, e.error(), e.toString());
        }
    }

    @Test
    void certificateForAnotherHostIsRefused() throws Exception {
        TestCertificate other = TestCertificate.generate("CN=elsewhere.example", "DNS:elsewhere.example");
        try (TestFtpServer server = TestFtpServer.newBuilder().user("alice", "secret").explicitFtps()
                     .certificate(other).build();
             Internet internet = Internet.newBuilder().connectTimeout(Duration.ofSeconds(5))
                     .sslContext(other.clientContext()).build()) {
            server.start();
            InternetException e = assertThrows(InternetException.class, () -> internet.connect(
                    ConnectRequest.newBuilder(Service.FTP, "localhost").port(server.port())
                            .user("alice").password("secret").flags(ConnectFlag.START_TLS).build()));
            assertEquals(InternetError.SEC_CERT_CN_INVALID, e.error(), e.toString());
        }
    }
}
