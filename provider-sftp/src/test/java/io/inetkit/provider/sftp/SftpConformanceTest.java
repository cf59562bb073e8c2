package io.inetkit.provider.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inetkit.ConnectRequest;
import io.inetkit.Service;
import io.inetkit.sftp.SftpOptions;
import io.inetkit.sftp.SftpSession;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.conformance.ProviderConformance;
import io.inetkit.testkit.conformance.ProviderIdentity;
import io.inetkit.testkit.sftp.TestSftpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SFTP provider keeps the contract every inetkit provider keeps. The kit connects through
 * proxies on ports of its own, so each check trusts the host keys it meets (accept-new) in a
 * known_hosts file of its own.
 */
class SftpConformanceTest extends ProviderConformance<SftpSession> {

    @StartStop
    final TestSftpServer sftp = TestSftpServer.newBuilder().user("alice", "secret").build();

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        Files.writeString(sftp.root().resolve("about.txt"), "conformance\n");
    }

    @Override
    protected ProviderIdentity<SftpSession> identity() {
        return ProviderIdentity.of(SftpProvider.class, Service.SFTP, 22, "sftp");
    }

    @Override
    protected InetSocketAddress server() {
        return sftp.address();
    }

    @Override
    protected ConnectRequest.Builder<SftpSession> configure(ConnectRequest.Builder<SftpSession> request) {
        return request.user("alice").password("secret").option(SftpOptions.newBuilder()
                .knownHosts(dir.resolve("known_hosts")).acceptNewHostKey(true).build());
    }

    @Override
    protected void operate(SftpSession session) throws IOException {
        assertEquals(12, session.size("about.txt"));
    }

    @Override
    protected boolean send(SftpSession session, byte[] bytes) throws IOException {
        try (OutputStream out = session.openWrite("sent.bin")) {
            out.write(bytes);
        }
        return true;
    }
}
