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
 * A real HTTP proxy that asks for a password: Debian's {@code squid} on a free loopback port, with
 * Basic authentication by its {@code basic_ncsa_auth} helper or Digest by {@code digest_file_auth}
 * ({@link Auth}), forwarding absolute-form requests and
 * opening {@code CONNECT} tunnels to any port, caching nothing, and logging each request.
 *
 * <pre>{@code
 * try (Squid proxy = Squid.start(tempDir, "joe", "secret")) {
 *     ... ProxyConfig.http("127.0.0.1", proxy.port()).withCredentials("joe", "secret") ...
 *     assertFalse(proxy.requests("CONNECT 127.0.0.1:" + port, "joe").isEmpty());
 * }
 * }</pre>
 *
 * <p>The password file is made by {@code openssl passwd -apr1}. Run as root, squid drops to the
 * {@code proxy} user, so its directory is made readable and writable to all. Missing, the test is
 * skipped locally and fails under {@code CI}.
 */
public final class Squid implements AutoCloseable {

    private static final Duration START_WAIT = Duration.ofSeconds(20);
    private static final String HELPER = "/usr/lib/squid/basic_ncsa_auth";
    private static final String DIGEST_HELPER = "/usr/lib/squid/digest_file_auth";
    private static final String NEGOTIATE_HELPER = "/usr/lib/squid/negotiate_kerberos_auth";
    /** The realm of both schemes. */
    public static final String REALM = "inetkit-squid";

    /** The schemes squid asks with. */
    public enum Auth {
        /** Basic, by {@code basic_ncsa_auth}. */
        BASIC,
        /** Digest (MD5, {@code qop=auth}), by {@code digest_file_auth}. */
        DIGEST,
        /** Digest, then Basic: both offered in the 407, Digest first. */
        DIGEST_AND_BASIC
    }

    private final SystemDaemon daemon;
    private final int port;
    private final ProxyLog log;

    private Squid(SystemDaemon daemon, int port, ProxyLog log) {
        this.daemon = daemon;
        this.port = port;
        this.log = log;
    }

    /** Starts squid requiring this user and password by Basic, with its files in this directory. */
    public static Squid start(Path dir, String user, String password) throws IOException, InterruptedException {
        return start(dir, user, password, Auth.BASIC);
    }

    /** Starts squid requiring this user and password by these schemes, with its files in this directory. */
    public static Squid start(Path dir, String user, String password, Auth auth)
            throws IOException, InterruptedException {
        Path openssl = SystemDaemon.require("openssl", "openssl");
        Process hash = new ProcessBuilder(openssl.toString(), "passwd", "-apr1", "-stdin").redirectErrorStream(true)
                .start();
        hash.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
        hash.getOutputStream().close();
        String hashed = new String(hash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (hash.waitFor() != 0 || !hashed.startsWith("$apr1$")) {
            throw new IOException("openssl passwd failed: " + hashed);
        }
        Path passwd = dir.resolve("squid.passwd");
        Files.writeString(passwd, user + ":" + hashed + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(passwd, PosixFilePermissions.fromString("rw-r--r--"));
        // digest_file_auth reads user:realm:HA1 lines with -c, so the password is not stored as it is.
        Path digestPasswd = dir.resolve("squid.digest");
        Files.writeString(digestPasswd, user + ":" + REALM + ":" + md5Hex(user + ":" + REALM + ":" + password)
                + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(digestPasswd, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> authLines = new ArrayList<>();
        if (auth != Auth.BASIC) {
            // squid offers the schemes in the order they are configured.
            authLines.addAll(List.of(
                    "auth_param digest program " + DIGEST_HELPER + " -c " + digestPasswd,
                    "auth_param digest realm " + REALM,
                    "auth_param digest children 2 startup=1 idle=1",
                    "auth_param digest nonce_max_duration 5 minutes"));
        }
        if (auth != Auth.DIGEST) {
            authLines.addAll(List.of(
                    "auth_param basic program " + HELPER + " " + passwd,
                    "auth_param basic realm " + REALM,
                    "auth_param basic children 2 startup=1 idle=1"));
        }
        return start(dir, authLines, List.of());
    }

    /**
     * Starts squid asking for Negotiate (SPNEGO with Kerberos) by {@code negotiate_kerberos_auth},
     * which accepts tickets for {@code principal} with the key in {@code keytab}; its Kerberos
     * settings come from the file {@code krb5Config}. The keytab must be readable by the
     * {@code proxy} user when the test runs as root.
     */
    public static Squid startNegotiate(Path dir, Path keytab, String principal, Path krb5Config)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(NEGOTIATE_HELPER))) {
            SystemDaemon.require("negotiate_kerberos_auth", "squid"); // not on the PATH: skips, or fails in CI
        }
        return start(dir, List.of(
                "auth_param negotiate program " + NEGOTIATE_HELPER + " -k " + keytab + " -s " + principal,
                "auth_param negotiate children 2 startup=1 idle=1",
                "auth_param negotiate keep_alive on"),
                List.of("/usr/bin/env", "KRB5_CONFIG=" + krb5Config, "KRB5_KTNAME=FILE:" + keytab));
    }

    private static Squid start(Path dir, List<String> authLines, List<String> prefix)
            throws IOException, InterruptedException {
        Path squid = SystemDaemon.require("squid", "squid");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = SystemDaemon.freePort();
            Path access = dir.resolve("squid-" + port + ".access.log");
            List<String> lines = new ArrayList<>(List.of(
                    "http_port 127.0.0.1:" + port,
                    "pid_filename " + dir.resolve("squid-" + port + ".pid"),
                    "cache_log " + dir.resolve("squid-" + port + ".cache.log"),
                    "access_log stdio:" + access,
                    "cache_store_log none",
                    "cache deny all",
                    "coredump_dir " + dir));
            lines.addAll(authLines);
            lines.addAll(List.of(
                    "acl authed proxy_auth REQUIRED",
                    "http_access allow authed",
                    "http_access deny all",
                    "shutdown_lifetime 0 seconds",
                    "hosts_file /etc/hosts"));
            if (ProxyLog.runsAsRoot()) {
                lines.add("cache_effective_user proxy");
            }
            Path config = dir.resolve("squid-" + port + ".conf");
            Files.writeString(config, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
            try {
                List<String> command = new ArrayList<>(prefix);
                command.addAll(List.of(squid.toString(), "-N", "-f", config.toString()));
                SystemDaemon daemon = SystemDaemon.start(command,
                        dir.resolve("squid-" + port + ".out"), START_WAIT, port);
                return new Squid(daemon, port, new ProxyLog(access));
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static String md5Hex(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /** The loopback port it listens on. */
    public int port() {
        return port;
    }

    /**
     * The access-log lines of requests that start with this text (such as
     * {@code "CONNECT 127.0.0.1:21"} or {@code "GET http://"}) made as this user, waiting up to 5 s
     * for the first.
     */
    public List<String> requests(String prefix, String user) {
        return log.await(line -> line.contains(" " + prefix) && line.contains(" " + user + " "), Duration.ofSeconds(5));
    }

    /** Its whole access log, for messages of failed tests. */
    public String logText() {
        return String.join("\n", log.lines());
    }

    @Override
    public void close() throws InterruptedException {
        daemon.close();
    }
}
