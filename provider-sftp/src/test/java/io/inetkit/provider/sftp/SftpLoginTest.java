package io.inetkit.provider.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.sftp.SftpOptions;
import io.inetkit.sftp.SftpSession;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.sftp.TestSftpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way to log in, and every way a login fails. */
class SftpLoginTest {

    @TempDir
    Path dir;

    private TestSftpServer server;
    private Leaks leaks;

    @BeforeEach
    void snapshot() {
        leaks = Leaks.snapshot();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        leaks.assertNoLeak("sftp login");
    }

    private Path start(TestSftpServer.Builder builder) throws Exception {
        server = builder.build();
        server.start();
        Files.writeString(server.root().resolve("hello.txt"), "hello\n");
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, server.knownHostsLine());
        return knownHosts;
    }

    private SftpSession connect(String user, String password, SftpOptions options) throws InternetException {
        try (Internet internet = Internet.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(5)).build()) {
            ConnectRequest.Builder<SftpSession> request = ConnectRequest.newBuilder(Service.SFTP, server.host())
                    .port(server.port()).option(options);
            if (user != null) {
                request.user(user);
            }
            if (password != null) {
                request.password(password);
            }
            SftpSession session = internet.connect(request.build());
            assertEquals(6, session.size("hello.txt"));
            session.close();
            return session;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ecdsa", "rsa"})
    void aKeyFileLogsIn(String type) throws Exception {
        Path key = Keys.generate(dir, "id_" + type, type, "");
        Path knownHosts = start(TestSftpServer.newBuilder().userKey("bob", Path.of(key + ".pub"))
                .auth(TestSftpServer.Auth.PUBLIC_KEY));
        connect("bob", null, SftpOptions.newBuilder().knownHosts(knownHosts).identity(key).build());
    }

    @Test
    void anEncryptedKeyLogsInWithItsPassphraseAndFailsWithAWrongOne() throws Exception {
        Path key = Keys.generate(dir, "id_enc", "ed25519", "open sesame");
        Path knownHosts = start(TestSftpServer.newBuilder().userKey("bob", Path.of(key + ".pub"))
                .auth(TestSftpServer.Auth.PUBLIC_KEY));
        connect("bob", null, SftpOptions.newBuilder().knownHosts(knownHosts).identity(key, "open sesame").build());
        InternetException wrong = assertThrows(InternetException.class, () -> connect("bob", null,
                SftpOptions.newBuilder().knownHosts(knownHosts).identity(key, "wrong").build()));
        assertTrue(wrong.error() == InternetError.INCORRECT_PASSWORD || wrong.error() == InternetError.LOGIN_FAILURE,
                wrong.toString());
        assertFalse(wrong.getMessage().contains("wrong"), "the message must not print the passphrase");
    }

    @Test
    void aKeyTheServerDoesNotKnowIsALoginFailure() throws Exception {
        Path known = Keys.generate(dir, "id_known", "ed25519", "");
        Path other = Keys.generate(dir, "id_other", "ed25519", "");
        Path knownHosts = start(TestSftpServer.newBuilder().userKey("bob", Path.of(known + ".pub"))
                .auth(TestSftpServer.Auth.PUBLIC_KEY));
        InternetException e = assertThrows(InternetException.class, () -> connect("bob", null,
                SftpOptions.newBuilder().knownHosts(knownHosts).identity(other).build()));
        assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.toString());
    }

    @Test
    void passwordAndKeyboardInteractiveLogIn() throws Exception {
        Path knownHosts = start(TestSftpServer.newBuilder().user("alice", "secret")
                .auth(TestSftpServer.Auth.PASSWORD));
        connect("alice", "secret", SftpOptions.newBuilder().knownHosts(knownHosts).build());
        server.close();
        knownHosts = start(TestSftpServer.newBuilder().user("alice", "secret")
                .auth(TestSftpServer.Auth.KEYBOARD_INTERACTIVE));
        connect("alice", "secret", SftpOptions.newBuilder().knownHosts(knownHosts).build());
    }

    @Test
    void aWrongPasswordIsALoginFailureThatDoesNotPrintIt() throws Exception {
        Path knownHosts = start(TestSftpServer.newBuilder().user("alice", "secret"));
        InternetException e = assertThrows(InternetException.class,
                () -> connect("alice", "guess", SftpOptions.newBuilder().knownHosts(knownHosts).build()));
        assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.toString());
        assertFalse(e.getMessage().contains("guess"), e.getMessage());
    }

    @Test
    void noCredentialAndNoUserFailBeforeConnecting() throws Exception {
        Path knownHosts = start(TestSftpServer.newBuilder().user("alice", "secret"));
        SftpOptions options = SftpOptions.newBuilder().knownHosts(knownHosts).build();
        InternetException none = assertThrows(InternetException.class, () -> connect("alice", null, options));
        assertEquals(InternetError.INCORRECT_PASSWORD, none.error());
        assertTrue(none.getMessage().contains("no credential"), none.getMessage());
        InternetException anonymous = assertThrows(InternetException.class, () -> connect(null, null, options));
        assertEquals(InternetError.INCORRECT_USER_NAME, anonymous.error());
        InternetException missingKey = assertThrows(InternetException.class, () -> connect("alice", null,
                SftpOptions.newBuilder().knownHosts(knownHosts).identity(dir.resolve("absent")).build()));
        assertEquals(InternetError.FILE_NOT_FOUND, missingKey.error());
    }

    @Test
    void theAgentsKeyLogsIn() throws Exception {
        Path key = Keys.generate(dir, "id_agent", "ed25519", "");
        Path knownHosts = start(TestSftpServer.newBuilder().userKey("bob", Path.of(key + ".pub"))
                .auth(TestSftpServer.Auth.PUBLIC_KEY));
        Path socket = dir.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            for (int i = 0; i < 100 && !Files.exists(socket); i++) {
                Thread.sleep(50);
            }
            SftpOptions options = SftpOptions.newBuilder().knownHosts(knownHosts).agent(socket).build();
            // Empty, the agent has no key the server takes.
            assertEquals(InternetError.LOGIN_FAILURE,
                    assertThrows(InternetException.class, () -> connect("bob", null, options)).error());
            ProcessBuilder add = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            assertEquals(0, add.start().waitFor());
            connect("bob", null, options);
        } finally {
            agent.destroy();
            agent.waitFor();
        }
        InternetException gone = assertThrows(InternetException.class, () -> connect("bob", null,
                SftpOptions.newBuilder().knownHosts(knownHosts).agent(dir.resolve("no-agent.sock")).build()));
        assertEquals(InternetError.FILE_NOT_FOUND, gone.error());
    }
}

