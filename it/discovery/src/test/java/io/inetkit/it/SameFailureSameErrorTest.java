package io.inetkit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.Session;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.TransferType;
import io.inetkit.gopher.GopherItemType;
import io.inetkit.gopher.GopherSession;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpSession;
import io.inetkit.http.HttpVersion;
import io.inetkit.testkit.gopher.TestGopherServer;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import io.inetkit.testkit.script.Reply;
import io.inetkit.testkit.script.ScriptedFtpServer;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same transport failure gives the same code and the same message shape,
 * {@code "<what>: <failure> (<host:port>)"}, in every provider and engine: a refused connection, a
 * reset and a stall in the middle of a body, and a read after the session closed. Each body comes
 * through a {@link FaultProxy}; FTP's data connection does, by an {@code EPSV} reply that names the
 * proxy.
 */
class SameFailureSameErrorTest {

    private static final int BODY = 1 << 20;
    private static final long FAULT_AFTER = 64 * 1024;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

    /** The protocols and engines, each serving one large body through a fault proxy. */
    enum Protocol {
        FTP, HTTP, HTTPS, HTTP_JDK, GOPHER
    }

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aRefusedConnectionIsCannotConnect(Protocol protocol) throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        Internet internet = internet();
        InternetException e = assertThrows(InternetException.class,
                () -> open(protocol, internet, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
        assertEquals(InternetError.CANNOT_CONNECT, e.error(), e::toString);
        assertShape(e, "cannot connect: .*", port);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aResetInTheBodyIsConnectionReset(Protocol protocol) throws Exception {
        assertBodyFails(protocol, Fault.resetAfter(Direction.DOWNSTREAM, FAULT_AFTER), InternetError.CONNECTION_RESET,
                "the server reset the connection");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aStallInTheBodyIsATimeout(Protocol protocol) throws Exception {
        assertBodyFails(protocol, Fault.stallAfter(Direction.DOWNSTREAM, FAULT_AFTER), InternetError.TIMEOUT,
                "the server sent nothing for 1000 ms, the read time-out \\(Internet\\.Builder\\.readTimeout\\)");
    }

    /** The body, through the fault, fails with the error, in the shape, naming what was read. */
    private void assertBodyFails(Protocol protocol, Fault fault, InternetError error, String failure)
            throws Exception {
        Rig rig = rig(protocol);
        rig.proxy.fault(fault);
        InputStream body;
        try {
            body = rig.open();
        } catch (InternetException early) {
            // HTTP/2 on java.net.http reads ahead: the fault can overtake the response's headers on
            // their way to the caller, and the send fails with the same error instead of the body.
            assertEquals(Protocol.HTTP_JDK, protocol, early::toString);
            assertEquals(error, early.error(), early::toString);
            assertShape(early, failure, rig.port);
            return;
        }
        InternetException e = assertThrows(InternetException.class, body::readAllBytes);
        assertEquals(error, e.error(), e::toString);
        assertShape(e, failure, rig.port);
        assertTrue(e.getMessage().matches("reading .* after \\d+ bytes: .*"), e::toString);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aReadAfterTheSessionClosedIsOnAnInvalidHandle(Protocol protocol) throws Exception {
        Rig rig = rig(protocol);
        InputStream body = rig.open();
        assertEquals(1000, body.readNBytes(1000).length);
        rig.session.close();
        InternetException e = assertThrows(InternetException.class, body::read);
        assertEquals(InternetError.INVALID_HANDLE, e.error(), e::toString);
        assertShape(e, "the handle is closed", rig.port);
    }

    /** {@code "<what>: <failure> (127.0.0.1:<port>)"}, the failure matching {@code failure}. */
    private static void assertShape(InternetException e, String failure, int port) {
        Pattern shape = Pattern.compile(".*\\S: " + failure + " \\(127\\.0\\.0\\.1:" + port + "\\)");
        assertTrue(shape.matcher(e.getMessage()).matches(), () -> "not in the shape " + shape + ": " + e);
    }

    /** A server of the protocol behind a fault proxy, a session to the proxy, and the body to open. */
    private final class Rig {
        final FaultProxy proxy;
        final int port;
        final Session session;
        final Protocol protocol;

        /** @param port the port errors name: the session's, which for FTP is not the data proxy's */
        Rig(Protocol protocol, FaultProxy proxy, int port, Session session) {
            this.protocol = protocol;
            this.proxy = proxy;
            this.port = port;
            this.session = session;
        }

        InputStream open() throws IOException {
            return body(protocol, session);
        }
    }

    private Rig rig(Protocol protocol) throws Exception {
        byte[] body = new byte[BODY];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        Internet internet = internet();
        if (protocol == Protocol.FTP) {
            ScriptedFtpServer ftp = started(ScriptedFtpServer.create());
            FaultProxy data = started(FaultProxy.to(
                    () -> new InetSocketAddress(InetAddress.getLoopbackAddress(), ftp.passivePort())));
            ftp.reply("EPSV", "229 Entering Extended Passive Mode (|||" + data.port() + "|)\r\n");
            ftp.reply("SIZE", "213 " + BODY + "\r\n");
            ftp.reply("RETR", "150 here (" + BODY + " bytes)\r\n226 done\r\n");
            ftp.data(Reply.bytes(body));
            return new Rig(protocol, data, ftp.port(), connect(Protocol.FTP, internet, ftp.address()));
        }
        TestServer server = switch (protocol) {
            case HTTP, HTTP_JDK -> http(TestHttpServer.create(), body);
            case HTTPS -> http(TestHttpServer.newBuilder().https(TestCertificate.localhost()).build(), body);
            default -> gopher(body);
        };
        FaultProxy proxy = started(FaultProxy.to(server.address()));
        return new Rig(protocol, proxy, proxy.port(), connect(protocol, internet, proxy.address()));
    }

    private interface TestServer extends AutoCloseable {
        InetSocketAddress address();
    }

    private TestServer http(TestHttpServer server, byte[] body) throws IOException {
        started(server);
        for (int i = 0; i < 3; i++) {
            server.enqueue(TestResponse.newBuilder().status(200).body(body).build());
        }
        return new TestServer() {
            @Override
            public InetSocketAddress address() {
                return server.address();
            }

            @Override
            public void close() {
            }
        };
    }

    private TestServer gopher(byte[] body) throws IOException {
        TestGopherServer server = started(TestGopherServer.create());
        server.raw("/big", body);
        return new TestServer() {
            @Override
            public InetSocketAddress address() {
                return server.address();
            }

            @Override
            public void close() {
            }
        };
    }

    private <T extends io.inetkit.testkit.TestServer> T started(T server) throws IOException {
        server.start();
        open.add(server);
        return server;
    }

    /** One try per operation: the shape compared is a single failure's, not the summary after retries. */
    private Internet internet() {
        Internet internet = Internet.newBuilder().readTimeout(READ_TIMEOUT).connectTimeout(Duration.ofSeconds(5))
                .retries(io.inetkit.RetryPolicy.none())
                .sslContext(TestCertificate.localhost().clientContext()).build();
        open.add(internet);
        return internet;
    }

    /** Connects and opens the body, as {@link #aRefusedConnectionIsCannotConnect} needs it in one step. */
    private InputStream open(Protocol protocol, Internet internet, InetSocketAddress address) throws IOException {
        return body(protocol, connect(protocol, internet, address));
    }

    private Session connect(Protocol protocol, Internet internet, InetSocketAddress address) throws IOException {
        String host = address.getAddress().getHostAddress();
        Session session = switch (protocol) {
            case FTP -> internet.connect(ConnectRequest.newBuilder(Service.FTP, host).port(address.getPort())
                    .user("anonymous").password("it@example.com").flags(ConnectFlag.PASSIVE).build());
            case HTTP, HTTP_JDK -> internet.connect(ConnectRequest.newBuilder(Service.HTTP, host)
                    .port(address.getPort()).build());
            case HTTPS -> internet.connect(ConnectRequest.newBuilder(Service.HTTP, host).port(address.getPort())
                    .flags(ConnectFlag.SECURE).build());
            case GOPHER -> internet.connect(ConnectRequest.newBuilder(Service.GOPHER, host)
                    .port(address.getPort()).build());
        };
        open.add(session);
        return session;
    }

    private static InputStream body(Protocol protocol, Session session) throws IOException {
        return switch (protocol) {
            case FTP -> ((FtpSession) session).openRead("big.bin", TransferType.BINARY);
            case HTTP, HTTPS -> ((HttpSession) session).send(HttpRequest.get("/big")).body();
            case HTTP_JDK -> ((HttpSession) session).send(HttpRequest.newBuilder("/big")
                    .version(HttpVersion.HTTP_2).build()).body();
            case GOPHER -> ((GopherSession) session).open("/big", GopherItemType.BINARY);
        };
    }
}
