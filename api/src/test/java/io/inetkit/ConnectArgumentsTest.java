package io.inetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testing.LineProvider;
import io.inetkit.testing.LineServer;
import io.inetkit.testing.LineSession;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * InternetConnect's arguments: the four-row credential table of the reference page, port
 * defaulting, flag validation and bad input, each checked against what reaches a real server.
 */
class ConnectArgumentsTest {

    private LineServer server;
    private Internet internet;

    @BeforeEach
    void start() throws Exception {
        server = new LineServer();
        internet = Internet.newBuilder()
                .registry(ProviderRegistry.of(new LineProvider(server.port())))
                .anonymousPassword("guest@example.org")
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        internet.close();
        server.close();
    }

    private ConnectRequest.Builder<LineSession> request() {
        return ConnectRequest.newBuilder(LineSession.SERVICE, "127.0.0.1");
    }

    private String loginSeen() throws InterruptedException {
        return server.takeLine(Duration.ofSeconds(5));
    }

    @Test
    void noUserAndNoPasswordLogsInAnonymouslyWithTheEmailPassword() throws Exception {
        try (LineSession session = internet.connect(request().build())) {
            assertEquals("LOGIN anonymous guest@example.org", loginSeen());
            assertTrue(session.user().isEmpty(), "an anonymous session reports no user");
        }
    }

    @Test
    void defaultAnonymousPasswordTellsTheServerNothingAboutTheLocalUser() {
        String password;
        try (Internet defaults = Internet.newBuilder().registry(ProviderRegistry.of()).build()) {
            password = defaults.anonymousPassword();
        }
        assertEquals("ftp@example.com", password);
        assertFalse(password.contains(System.getProperty("user.name")), password);
    }

    @Test
    void userWithoutPasswordSendsABlankPassword() throws Exception {
        try (LineSession session = internet.connect(request().user("joe").build())) {
            assertEquals("LOGIN joe ", loginSeen());
            assertEquals("joe", session.user().orElseThrow());
        }
    }

    @Test
    void passwordWithoutUserFailsBeforeConnecting() {
        InternetException e = assertThrows(InternetException.class,
                () -> internet.connect(request().password("s3cret").build()));
        assertEquals(InternetError.INCORRECT_USER_NAME, e.error());
        assertEquals(12013, e.code());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertEquals(0, server.accepted(), "nothing may reach the server");
    }

    @Test
    void userAndPasswordAreSentAsGiven() throws Exception {
        try (LineSession session = internet.connect(request().user("joe").password("s3cret").build())) {
            assertEquals("LOGIN joe s3cret", loginSeen());
        }
    }

    @Test
    void defaultPortIsTheProvidersAndSecureChangesIt() throws Exception {
        try (LineServer secure = new LineServer();
             Internet both = Internet.newBuilder()
                     .registry(ProviderRegistry.of(new LineProvider(server.port(), secure.port()))).build()) {
            try (LineSession session = both.connect(request().port(Ports.DEFAULT).build())) {
                assertEquals(server.port(), session.port());
            }
            try (LineSession session = both.connect(request().flags(ConnectFlag.SECURE).build())) {
                assertEquals(secure.port(), session.port());
                assertEquals(1, secure.accepted(), "the secure default port was the one connected");
            }
        }
    }

    @Test
    void explicitPortIsUsed() throws Exception {
        try (LineSession session = internet.connect(request().port(server.port()).build())) {
            assertEquals(server.port(), session.port());
            assertEquals("PONG", session.send("PING"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65_536, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void aPortOutOfRangeIsRefusedByTheBuilderAtOnce(int port) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> request().port(port));
        assertTrue(e.getMessage().startsWith("port " + port + " is out of range"), e.getMessage());
        assertEquals(0, server.accepted());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "host name", "evil\r\nPASS x", "nul\0host", "ftp://example.org",
            "example.org/path", "user@example.org", "example.org:21", "[not-ipv6]"})
    void badHostIsInvalidParameterAndNothingIsSent(String host) {
        InternetException e = assertThrows(InternetException.class,
                () -> internet.connect(ConnectRequest.newBuilder(LineSession.SERVICE, host).build()));
        assertEquals(InternetError.INVALID_PARAMETER, e.error());
        assertFalse(e.getMessage().contains("\r") || e.getMessage().contains("\n"),
                "the message stays on one line: " + e.getMessage());
        assertEquals(0, server.accepted());
    }

    @Test
    void overlongHostIsInvalidParameter() {
        InternetException e = assertThrows(InternetException.class,
                () -> internet.connect(ConnectRequest.newBuilder(LineSession.SERVICE, "a".repeat(257)).build()));
        assertEquals(InternetError.INVALID_PARAMETER, e.error());
    }

    @Test
    void bracketedIpv6LiteralIsAccepted() throws Exception {
        // Nothing listens on ::1 here (the server is on 127.0.0.1), so the connect itself fails,
        // but past validation and with the brackets removed.
        InternetException e = assertThrows(InternetException.class, () -> internet.connect(
                ConnectRequest.newBuilder(LineSession.SERVICE, "[::1]").port(server.port()).build()));
        assertEquals(InternetError.CANNOT_CONNECT, e.error());
        assertTrue(e.getMessage().contains("::1:"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"joe\r\nDELE x", "joe\n", "jo\0e", ""})
    void badUserIsRefusedBeforeAnythingIsSent(String user) {
        InternetException e = assertThrows(InternetException.class,
                () -> internet.connect(request().user(user).password("pw").build()));
        assertEquals(InternetError.INVALID_PARAMETER, e.error());
        assertEquals(0, server.accepted());
    }

    @Test
    void passwordWithLineBreakIsRefusedWithoutShowingIt() {
        InternetException e = assertThrows(InternetException.class,
                () -> internet.connect(request().user("joe").password("top\r\nsecret").build()));
        assertEquals(InternetError.INVALID_PARAMETER, e.error());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertEquals(0, server.accepted());
    }

    @Test
    void flagTheServiceDoesNotTakeIsInvalidParameter() {
        InternetException e = assertThrows(InternetException.class,
                () -> internet.connect(request().flags(ConnectFlag.PASSIVE).build()));
        assertEquals(InternetError.INVALID_PARAMETER, e.error());
        assertTrue(e.getMessage().contains("PASSIVE") && e.getMessage().contains("line"), e.getMessage());
    }

    @Test
    void secureAndStartTlsTogetherAreRefused() {
        LineProvider both = new LineProvider(server.port()) {
            @Override
            public java.util.Set<ConnectFlag> supportedFlags() {
                return java.util.EnumSet.of(ConnectFlag.SECURE, ConnectFlag.START_TLS);
            }
        };
        try (Internet local = Internet.newBuilder().registry(ProviderRegistry.of(both)).build()) {
            InternetException e = assertThrows(InternetException.class, () -> local.connect(
                    request().flags(ConnectFlag.SECURE, ConnectFlag.START_TLS).build()));
            assertEquals(InternetError.INVALID_PARAMETER, e.error());
        }
    }

    @Test
    void weakeningTlsWithoutTlsIsRefused() {
        InternetException e = assertThrows(InternetException.class, () -> internet.connect(
                request().flags(ConnectFlag.INSECURE_SKIP_HOSTNAME_CHECK).build()));
        assertEquals(InternetError.INVALID_PARAMETER, e.error());
        assertTrue(e.getMessage().contains("SECURE"), e.getMessage());
    }

    @Test
    void existingConnectIsAcceptedForEveryService() throws Exception {
        try (LineSession session = internet.connect(request().flags(ConnectFlag.EXISTING_CONNECT).build())) {
            assertTrue(session.flags().contains(ConnectFlag.EXISTING_CONNECT));
        }
    }

    @Test
    void unknownServiceNamesWhatIsInstalled() {
        Service<Session> unknown = Service.of(4242, "nope", Session.class);
        InternetException e = assertThrows(InternetException.class,
                () -> internet.connect(unknown, "127.0.0.1"));
        assertEquals(InternetError.PROTOCOL_NOT_FOUND, e.error());
        assertTrue(e.getMessage().contains("nope (4242)") && e.getMessage().contains("line (9001)"),
                e.getMessage());
    }

    @Test
    void missingWinInetServiceNamesTheArtifactToAdd() {
        InternetException e = assertThrows(InternetException.class,
                () -> internet.connect(Service.FTP, "127.0.0.1"));
        assertEquals(InternetError.PROTOCOL_NOT_FOUND, e.error());
        assertTrue(e.getMessage().contains("io.inetkit:inetkit-provider-ftp"), e.getMessage());
        InternetException gopher = assertThrows(InternetException.class,
                () -> internet.connect(Service.GOPHER, "127.0.0.1"));
        assertTrue(gopher.getMessage().contains("inetkit-provider-gopher"), gopher.getMessage());
    }

    @Test
    void nullsAreRefusedWithNullPointerException() {
        assertThrows(NullPointerException.class, () -> internet.connect(null));
        assertThrows(NullPointerException.class, () -> internet.connectAsync(null));
        assertThrows(NullPointerException.class, () -> ConnectRequest.newBuilder(null, "h"));
        assertThrows(NullPointerException.class, () -> ConnectRequest.newBuilder(Service.FTP, null));
        assertThrows(NullPointerException.class, () -> request().user(null));
        assertThrows(NullPointerException.class, () -> request().password(null));
        assertThrows(NullPointerException.class, () -> request().flags((ConnectFlag) null));
    }

    @Test
    void connectionRefusedIsCannotConnect() {
        // Port 1 (tcpmux) has no listener on loopback; a just-closed ephemeral port could be taken
        // by another process between close and connect.
        InternetException e = assertThrows(InternetException.class,
                () -> internet.connect(request().port(1).build()));
        assertEquals(InternetError.CANNOT_CONNECT, e.error());
    }
}
