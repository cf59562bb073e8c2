package io.inetkit.provider.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.ftp.FtpSession;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A connection the server resets (TCP RST) is {@code CONNECTION_RESET}, as in the other providers:
 * not {@code CANNOT_CONNECT} when it happens before the greeting, nor {@code CONNECTION_ABORTED}
 * after the login.
 */
class FtpResetTest {

    @StartStop final TestFtpServer ftp = TestFtpServer.newBuilder().user("alice", "secret").build();

    // One try: how a reset is reported, not whether it is retried (FtpReconnectTest).
    final Internet internet = Internet.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(5)).retries(io.inetkit.RetryPolicy.none()).build();

    @AfterEach
    void closeInternet() {
        internet.close();
    }

    private FtpSession connect(String host, int port) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.FTP, host).port(port)
                .user("alice").password("secret").flags(ConnectFlag.PASSIVE).build());
    }

    @Test
    void aResetBeforeTheGreetingIsConnectionResetNotCannotConnect() throws Exception {
        try (ServerSocket resetting = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket accepted = resetting.accept()) {
                    accepted.setSoLinger(true, 0); // close sends RST
                } catch (IOException e) {
                    // The test reports what the client saw.
                }
            });
            server.start();
            InternetException e = assertThrows(InternetException.class,
                    () -> connect("127.0.0.1", resetting.getLocalPort()));
            assertEquals(InternetError.CONNECTION_RESET, e.error(), e.toString());
            assertTrue(e.getMessage().contains("reset the connection before its greeting"), e.getMessage());
            server.join(5_000);
        }
    }

    @Test
    void aControlConnectionResetAfterTheLoginIsConnectionReset() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(ftp::address)) {
            proxy.start();
            long login;
            try (FtpSession measured = connect(proxy.host(), proxy.port())) {
                login = proxy.bytesUpstream(); // the login's commands, the same on every connect
            }
            // The next connection is reset at the first byte after its login: the PWD.
            proxy.enqueue(Fault.resetAfter(Direction.UPSTREAM, login + 1));
            try (FtpSession session = connect(proxy.host(), proxy.port())) {
                InternetException e = assertThrows(InternetException.class, session::pwd);
                assertEquals(InternetError.CONNECTION_RESET, e.error(), e.toString());
                assertEquals(InternetError.FTP_DROPPED, assertThrows(InternetException.class, session::pwd).error());
            }
        }
    }
}
