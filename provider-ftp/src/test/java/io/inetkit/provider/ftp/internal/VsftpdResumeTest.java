package io.inetkit.provider.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.RetryPolicy;
import io.inetkit.Service;
import io.inetkit.ftp.FtpSession;
import io.inetkit.testkit.daemon.SystemDaemon;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download from a real vsftpd whose data connection is cut mid-file resumes with {@code REST}
 * and ends byte-identical. vsftpd listens on a loopback port with one passive port; the control
 * connection goes through a fault proxy that rewrites the passive port in {@code EPSV} replies to
 * a second proxy's, in front of the passive port, which cuts the first data connection. vsftpd
 * answers the cut with {@code 426}. Skipped as {@link VsftpdTest} is.
 */
class VsftpdResumeTest {

    private static final int SIZE = 4 * 1024 * 1024;
    private static final byte[] CONTENT = new byte[SIZE];

    static {
        new Random(3).nextBytes(CONTENT);
    }

    @TempDir
    Path local;

    private Path dir;
    private SystemDaemon vsftpd;
    private FaultProxy control;
    private FaultProxy data;
    private final ProxiedFtpServer.CommandCount commands = new ProxiedFtpServer.CommandCount();

    @BeforeEach
    void start() throws Exception {
        Path binary = SystemDaemon.require("vsftpd", "vsftpd");
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        if (System.getenv("CI") != null && !asRoot) {
            fail("vsftpd drops privileges and needs root: CI must run the tests as root");
        }
        Assumptions.assumeTrue(asRoot, "vsftpd needs root to start");
        dir = Files.createTempDirectory("inetkit-vsftpd-resume");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path root = Files.createDirectory(dir.resolve("anon"));
        Files.write(root.resolve("big.bin"), CONTENT);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("r-xr-xr-x"));
        int port = SystemDaemon.freePort();
        int passive = SystemDaemon.freePort();
        String config = String.join("\n",
                "listen=YES", "listen_ipv6=NO", "listen_address=127.0.0.1", "listen_port=" + port,
                "background=NO", "seccomp_sandbox=NO", "isolate=NO", "isolate_network=NO",
                "secure_chroot_dir=" + empty, "nopriv_user=ftp", "ftp_username=ftp",
                "anonymous_enable=YES", "no_anon_password=YES", "anon_root=" + root, "local_enable=NO",
                "pasv_enable=YES", "pasv_address=127.0.0.1", "pasv_addr_resolve=NO",
                "pasv_min_port=" + passive, "pasv_max_port=" + passive, "xferlog_enable=NO",
                "idle_session_timeout=60", "data_connection_timeout=60", "");
        Path file = Files.writeString(dir.resolve("resume.conf"), config);
        vsftpd = SystemDaemon.start(List.of(binary.toString(), file.toString()), dir.resolve("resume.log"),
                Duration.ofSeconds(10), port);
        data = FaultProxy.to(new InetSocketAddress("127.0.0.1", passive));
        data.start();
        control = FaultProxy.to(new InetSocketAddress("127.0.0.1", port));
        String proxied = "|||" + data.port() + "|";
        control.fault(Fault.rewriteLines(Direction.DOWNSTREAM, line -> line.replace("|||" + passive + "|", proxied))
                .and(Fault.rewriteLines(Direction.UPSTREAM, line -> {
                    commands.record(line);
                    return line;
                })));
        control.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable each : new AutoCloseable[] {control, data, vsftpd}) {
            if (each != null) {
                each.close();
            }
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    @Test
    void aDataConnectionCutMidFileResumesWithRestAndTheFileIsByteIdentical() throws Exception {
        data.enqueue(Fault.cutAfter(Direction.DOWNSTREAM, 1024 * 1024));
        Path target = local.resolve("big.bin");
        RetryPolicy policy = RetryPolicy.newBuilder().maxRetries(2).backoff(Duration.ofMillis(100)).build();
        try (Internet internet = Internet.newBuilder().retries(policy).readTimeout(Duration.ofSeconds(10)).build();
             FtpSession ftp = internet.connect(ConnectRequest.newBuilder(Service.FTP, "127.0.0.1")
                     .port(control.port()).flags(ConnectFlag.PASSIVE).build())) {
            ftp.get("big.bin", target);
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(target));
        assertEquals(2, data.connectionCount());
        assertEquals(2, commands.sent("RETR"));
        assertEquals(1, commands.sent("REST"));
        try (Stream<Path> files = Files.list(local)) {
            assertEquals(List.of(target), files.toList(), "no part file left");
        }
    }

    @Test
    void aControlConnectionCutMidFileLogsInAgainAndResumesWithRest() throws Exception {
        // The data connection stalls after 1 MiB; then the control connection goes, and the data connection with
        // it, as when a NAT box forgets both.
        data.enqueue(Fault.stallAfter(Direction.DOWNSTREAM, 1024 * 1024));
        Thread cutter = new Thread(() -> {
            try {
                if (data.awaitBytes(Direction.DOWNSTREAM, 1024 * 1024, Duration.ofSeconds(10))) {
                    control.cutOpenConnections(false);
                    data.cutOpenConnections(false);
                }
            } catch (InterruptedException ignored) {
                // the test ends
            }
        });
        Path target = local.resolve("big.bin");
        java.util.List<io.inetkit.StatusEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        RetryPolicy policy = RetryPolicy.newBuilder().maxRetries(2).backoff(Duration.ofMillis(100)).build();
        try (Internet internet = Internet.newBuilder().retries(policy).readTimeout(Duration.ofSeconds(10))
                     .statusListener(events::add).build();
             FtpSession ftp = internet.connect(ConnectRequest.newBuilder(Service.FTP, "127.0.0.1")
                     .port(control.port()).flags(ConnectFlag.PASSIVE).build())) {
            cutter.start();
            ftp.get("big.bin", target);
            cutter.join();
            assertEquals("/", ftp.pwd(), "the session goes on");
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(target));
        assertEquals(2, control.connectionCount());
        assertEquals(2, commands.sent("USER"), "one new login");
        assertEquals(2, commands.sent("RETR"));
        assertEquals(1, commands.sent("REST"));
        assertEquals(2, events.stream().filter(e -> e.status() == io.inetkit.InternetStatus.CONNECTING_TO_SERVER)
                .count());
        try (Stream<Path> files = Files.list(local)) {
            assertEquals(List.of(target), files.toList(), "no part file left");
        }
    }

    @Test
    void aWrongPasswordIsNotRetried() throws Exception {
        // vsftpd here takes anonymous only: any other user is refused with 530.
        RetryPolicy policy = RetryPolicy.newBuilder().maxRetries(2).backoff(Duration.ofMillis(100)).build();
        try (Internet internet = Internet.newBuilder().retries(policy).readTimeout(Duration.ofSeconds(10)).build()) {
            io.inetkit.InternetException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.inetkit.InternetException.class, () -> internet.connect(ConnectRequest.newBuilder(Service.FTP,
                            "127.0.0.1").port(control.port()).user("alice").password("wrong")
                            .flags(ConnectFlag.PASSIVE).build()));
            assertEquals(io.inetkit.InternetError.LOGIN_FAILURE, e.error(), e.toString());
        }
        assertEquals(1, control.connectionCount());
        assertEquals(1, commands.sent("USER"), "the server saw one login");
    }
}
