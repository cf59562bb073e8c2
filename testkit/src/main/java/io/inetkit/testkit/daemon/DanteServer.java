package io.inetkit.testkit.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real SOCKS5 proxy for tests: Debian's {@code dante-server} ({@code danted}) on a free loopback
 * port, letting loopback clients reach any address, and logging every tunnel it opens.
 *
 * <pre>{@code
 * try (DanteServer socks = DanteServer.start(tempDir)) {
 *     Internet internet = Internet.newBuilder()
 *             .proxy(ProxyConfig.socks5("127.0.0.1", socks.port())).build();
 *     ...
 *     assertFalse(socks.connectsTo(serverPort).isEmpty());   // the proof, from dante's own log
 * }
 * }</pre>
 *
 * <p>With a user ({@link #startWithUser}) dante asks for RFC 1929 user and password and checks
 * them against the system's accounts ({@code socksmethod: username}): the account is created
 * with {@code useradd} and {@code chpasswd} if it is missing, which needs root, as CI has. Without
 * root, or without dante installed, the test is skipped locally and fails under {@code CI}.
 */
public final class DanteServer implements AutoCloseable {

    private static final Duration START_WAIT = Duration.ofSeconds(10);

    private final SystemDaemon daemon;
    private final int port;
    private final ProxyLog log;

    private DanteServer(SystemDaemon daemon, int port, ProxyLog log) {
        this.daemon = daemon;
        this.port = port;
        this.log = log;
    }

    /** A SOCKS5 proxy that asks for no authentication. */
    public static DanteServer start(Path dir) throws IOException, InterruptedException {
        return start(dir, "none");
    }

    /**
     * A SOCKS5 proxy that wants this user and password; the system account is created if missing.
     */
    public static DanteServer startWithUser(Path dir, String user, String password)
            throws IOException, InterruptedException {
        ensureAccount(user, password);
        return start(dir, "username");
    }

    private static DanteServer start(Path dir, String method) throws IOException, InterruptedException {
        Path danted = SystemDaemon.require("danted", "dante-server");
        requireRoot();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = SystemDaemon.freePort();
            Path logFile = dir.resolve("danted-" + port + ".log");
            Path config = dir.resolve("danted-" + port + ".conf");
            Files.writeString(config, String.join("\n",
                    "logoutput: " + logFile,
                    "internal: 127.0.0.1 port = " + port,
                    "external: 127.0.0.1",
                    "socksmethod: " + method,
                    "clientmethod: none",
                    "user.privileged: root",
                    "user.unprivileged: nobody",
                    "client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 log: connect disconnect error }",
                    "socks pass { from: 127.0.0.0/8 to: 0.0.0.0/0 log: connect disconnect error }",
                    ""), StandardCharsets.UTF_8);
            try {
                SystemDaemon daemon = SystemDaemon.start(List.of(danted.toString(), "-f", config.toString(),
                        "-p", dir.resolve("danted-" + port + ".pid").toString(), "-N", "1"),
                        dir.resolve("danted-" + port + ".out"), START_WAIT, port);
                return new DanteServer(daemon, port, new ProxyLog(logFile));
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static void requireRoot() {
        if (!ProxyLog.runsAsRoot()) {
            String message = "danted needs root here (user.privileged: root) and the username method needs"
                    + " a system account; run the tests as root, as CI does";
            if (System.getenv("CI") != null) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
    }

    private static void ensureAccount(String user, String password) throws IOException, InterruptedException {
        requireRoot();
        if (run(List.of("id", "-u", user), null) != 0) {
            int added = run(List.of("useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", user), null);
            if (added != 0 && run(List.of("id", "-u", user), null) != 0) {
                throw new IOException("useradd " + user + " failed with " + added);
            }
        }
        if (run(List.of("chpasswd"), user + ":" + password + "\n") != 0) {
            throw new IOException("chpasswd failed for " + user);
        }
    }

    private static int run(List<String> command, String input) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (var stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish within 30 s");
        }
        return process.exitValue();
    }

    /** The loopback port it listens on. */
    public int port() {
        return port;
    }

    /**
     * dante's log lines for tunnels it opened to this port on any host, waiting up to 5 s for the
     * first: the proof that a connection went through it.
     */
    public List<String> connectsTo(int targetPort) {
        return log.await(line -> line.contains("tcp/connect [") && line.endsWith("." + targetPort),
                Duration.ofSeconds(5));
    }

    /** dante's log lines for every tunnel it opened, waiting up to 5 s for the first. */
    public List<String> connects() {
        return log.await(line -> line.contains("tcp/connect ["), Duration.ofSeconds(5));
    }

    /** dante's log lines about refused authentication, waiting up to 5 s for the first. */
    public List<String> authenticationFailures() {
        return log.await(line -> line.contains("authentication failed"), Duration.ofSeconds(5));
    }

    /** Its whole log, for messages of failed tests. */
    public String logText() {
        return String.join("\n", log.lines());
    }

    @Override
    public void close() throws InterruptedException {
        daemon.close();
    }
}
