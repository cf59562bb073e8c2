package io.inetkit.provider.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Service;
import io.inetkit.ftp.FtpSession;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.conformance.ProviderConformance;
import io.inetkit.testkit.conformance.ProviderIdentity;
import io.inetkit.testkit.ftp.TestFtpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/** The FTP provider keeps the contract every inetkit provider keeps: the conformance kit's checks. */
class FtpConformanceTest extends ProviderConformance<FtpSession> {

    @StartStop
    final TestFtpServer ftp = TestFtpServer.newBuilder().user("alice", "secret").build();

    @Override
    protected ProviderIdentity<FtpSession> identity() {
        return ProviderIdentity.of(FtpProvider.class, Service.FTP, 21, "ftp", "ftps");
    }

    @Override
    protected InetSocketAddress server() {
        return ftp.address();
    }

    @Override
    protected ConnectRequest.Builder<FtpSession> configure(ConnectRequest.Builder<FtpSession> request) {
        return request.user("alice").password("secret").flags(ConnectFlag.PASSIVE);
    }

    /** A command on the control connection and a listing on a data connection. */
    @Override
    protected void operate(FtpSession session) throws IOException {
        assertEquals("/", session.pwd());
        assertEquals(List.of(), session.list());
    }
}
