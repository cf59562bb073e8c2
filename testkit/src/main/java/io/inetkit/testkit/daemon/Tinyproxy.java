package io.inetkit.testkit.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real HTTP proxy for tests: Debian's {@code tinyproxy} on a free loopback port, forwarding
 * absolute-form requests and opening {@code CONNECT} tunnels, and logging each request line.
 *
 * <pre>{@code
 * try (Tinyproxy proxy = Tinyproxy.newBuilder().basicAuth("joe", "secret").start(tempDir)) {
 *     ... ProxyConfig.http("127.0.0.1", proxy.port()).withCredentials("joe", "secret") ...
 *     assertFalse(proxy.requests("CONNECT 127.0.0.1:" + port).isEmpty());
 * }
 * }</pre>
 *
 * <p>Without {@link Builder#connectPorts}, tinyproxy tunnels to every port; with it, only to
 * those ({@code ConnectPort}) and it answers 403 for others. Only loopback clients are
 * {@code Allow}ed. Run as root, it drops to {@code nobody}, so its directory is made writable to
 * all. Missing, the test is skipped locally and fails under {@code CI}.
 */
public final class Tinyproxy implements AutoCloseable {

    private static final Duration START_WAIT = Duration.ofSeconds(10);

    private final SystemDaemon daemon;
    private final int port;
    private final ProxyLog log;

    private Tinyproxy(SystemDaemon daemon, int port, ProxyLog log) {
        this.daemon = daemon;
        this.port = port;
        this.log = log;
    }

    /** A builder for a proxy without authentication that tunnels to any port. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** The loopback port it listens on. */
    public int port() {
        return port;
    }

    /**
     * The request lines tinyproxy logged that start with this text (such as
     * {@code "CONNECT 127.0.0.1:443"} or {@code "GET http://"}), waiting up to 5 s for the first.
     */
    public List<String> requests(String prefix) {
        String marker = "): ";
        List<String> lines = log.await(line -> line.contains("Request (file descriptor")
                && line.substring(line.indexOf(marker) + marker.length()).startsWith(prefix), Duration.ofSeconds(5));
        return lines.stream().map(line -> line.substring(line.indexOf(marker) + marker.length())).toList();
    }

    /** Its whole log, for messages of failed tests. */
    public String logText() {
        return String.join("\n", log.lines());
    }

    @Override
    public void close() throws InterruptedException {
        daemon.close();
    }

    /** The settings of a {@link Tinyproxy}. */
    public static final class Builder {
        private String user;
        private String password;
        private final List<Integer> connectPorts = new ArrayList<>();

        private Builder() {
        }

        /** Requires this user and password ({@code BasicAuth}), for requests and tunnels. */
        public Builder basicAuth(String user, String password) {
            this.user = user;
            this.password = password;
            return this;
        }

        /** Tunnels only to these ports ({@code ConnectPort}). */
        public Builder connectPorts(int... ports) {
            for (int port : ports) {
                connectPorts.add(port);
            }
            return this;
        }

        /** Starts it, with its configuration, log and pid file in this directory. */
        public Tinyproxy start(Path dir) throws IOException, InterruptedException {
            Path tinyproxy = SystemDaemon.require("tinyproxy", "tinyproxy");
            if (ProxyLog.runsAsRoot()) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            }
            IOException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = SystemDaemon.freePort();
                Path logFile = dir.resolve("tinyproxy-" + port + ".log");
                List<String> lines = new ArrayList<>(List.of(
                        "Port " + port,
                        "Listen 127.0.0.1",
                        "Timeout 30",
                        "LogFile \"" + logFile + "\"",
                        "LogLevel Connect",
                        "PidFile \"" + dir.resolve("tinyproxy-" + port + ".pid") + "\"",
                        "MaxClients 50",
                        "Allow 127.0.0.1",
                        "DisableViaHeader Yes"));
                if (ProxyLog.runsAsRoot()) {
                    lines.add("User nobody");
                    lines.add("Group nogroup");
                }
                if (user != null) {
                    lines.add("BasicAuth " + user + " " + password);
                }
                connectPorts.forEach(p -> lines.add("ConnectPort " + p));
                Path config = dir.resolve("tinyproxy-" + port + ".conf");
                Files.writeString(config, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
                try {
                    SystemDaemon daemon = SystemDaemon.start(List.of(tinyproxy.toString(), "-d", "-c",
                            config.toString()), dir.resolve("tinyproxy-" + port + ".out"), START_WAIT, port);
                    return new Tinyproxy(daemon, port, new ProxyLog(logFile));
                } catch (IOException e) {
                    last = e;
                }
            }
            throw last;
        }
    }
}
