package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.inetkit.testkit.daemon.SystemDaemon;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inetkit mirror} against a real vsftpd on a loopback port: a tree both ways byte for byte,
 * only-newer by the listing's size and time (vsftpd has no MLSD: LIST's, to the minute), and a
 * symbolic link pointing up reported and not followed. Skipped without root or vsftpd, unless
 * {@code CI} is set, as {@code VsftpdTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MirrorVsftpdTest {

    private Path dir;
    private Path root;
    private SystemDaemon vsftpd;
    private int port;

    @TempDir
    Path work;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    void start() throws Exception {
        Path binary = SystemDaemon.require("vsftpd", "vsftpd");
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        if (System.getenv("CI") != null && !asRoot) {
            fail("vsftpd drops privileges and needs root: CI must run the tests as root");
        }
        Assumptions.assumeTrue(asRoot, "vsftpd needs root to start");
        dir = Files.createTempDirectory("inetkit-mirror-vsftpd");
        root = Files.createDirectory(dir.resolve("anon"));
        Path upload = Files.createDirectory(root.resolve("upload"));
        Files.setOwner(upload, upload.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("ftp"));
        write(root.resolve("tree/a.bin"), 100_000);
        write(root.resolve("tree/sub/b.bin"), 7);
        write(root.resolve("tree/sub/deep/c.bin"), 1 << 20);
        Files.createSymbolicLink(root.resolve("tree/sub/up"), Path.of(".."));
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                if (!Files.isSymbolicLink(p)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                            Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        port = SystemDaemon.freePort();
        String config = String.join("\n",
                "listen=YES", "listen_ipv6=NO", "listen_address=127.0.0.1", "listen_port=" + port,
                "background=NO", "seccomp_sandbox=NO", "isolate=NO", "isolate_network=NO",
                "secure_chroot_dir=" + empty, "nopriv_user=ftp", "ftp_username=ftp",
                "anonymous_enable=YES", "no_anon_password=YES", "anon_root=" + root, "local_enable=NO",
                "write_enable=YES", "anon_upload_enable=YES", "anon_mkdir_write_enable=YES",
                "anon_other_write_enable=YES", "anon_umask=022", "utf8_filesystem=YES",
                "pasv_enable=YES", "pasv_address=127.0.0.1", "pasv_addr_resolve=NO",
                "xferlog_enable=NO", "dirmessage_enable=NO",
                "idle_session_timeout=60", "data_connection_timeout=60", "");
        Path file = Files.writeString(dir.resolve("vsftpd.conf"), config);
        vsftpd = SystemDaemon.start(List.of(binary.toString(), file.toString()), dir.resolve("vsftpd.log"),
                Duration.ofSeconds(10), port);
    }

    @AfterAll
    void stop() throws Exception {
        if (vsftpd != null) {
            vsftpd.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static void write(Path file, int size) throws Exception {
        Files.createDirectories(file.getParent());
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Files.write(file, bytes);
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String url(String path) {
        return "ftp://127.0.0.1:" + port + "/" + path;
    }

    @Test
    void aTreeComesDownByteForByteAndTheLinkUpIsReportedNotFollowed() throws Exception {
        Path copy = work.resolve("copy");
        assertEquals(0, run("mirror", "--parallel", "3", url("tree/"), copy.toString()), err.toString());
        assertArrayEquals(Files.readAllBytes(root.resolve("tree/a.bin")), Files.readAllBytes(copy.resolve("a.bin")));
        assertArrayEquals(Files.readAllBytes(root.resolve("tree/sub/deep/c.bin")),
                Files.readAllBytes(copy.resolve("sub/deep/c.bin")));
        assertEquals(7, Files.size(copy.resolve("sub/b.bin")));
        assertTrue(err.toString().contains("inetkit: skipped sub/up: a symbolic link, not followed"), err.toString());
        assertFalse(Files.exists(copy.resolve("sub/up"), java.nio.file.LinkOption.NOFOLLOW_LINKS));

        // A second mirror finds everything unchanged by LIST's size and time.
        assertEquals(0, run("mirror", "-v", url("tree/"), copy.toString()), err.toString());
        assertEquals("", out.toString());
        assertTrue(err.toString().contains("0 transferred, 3 unchanged"), err.toString());
    }

    @Test
    void aTreeGoesUpByteForByteAndOnlyWhatChangedGoesAgain() throws Exception {
        Path local = work.resolve("local");
        write(local.resolve("x.bin"), 5_000);
        write(local.resolve("d/y.bin"), 300_000);
        assertEquals(0, run("mirror", "--parallel", "2", local.toString(), url("upload/up/")), err.toString());
        assertArrayEquals(Files.readAllBytes(local.resolve("x.bin")), Files.readAllBytes(root.resolve("upload/up/x.bin")));
        assertArrayEquals(Files.readAllBytes(local.resolve("d/y.bin")),
                Files.readAllBytes(root.resolve("upload/up/d/y.bin")));
        write(local.resolve("x.bin"), 5_001);
        assertEquals(0, run("mirror", "-v", local.toString(), url("upload/up/")), err.toString());
        assertEquals("put x.bin\n", out.toString().replace("\r\n", "\n"));
        assertEquals(5_001, Files.size(root.resolve("upload/up/x.bin")));
        try (Stream<Path> all = Files.walk(root.resolve("upload"))) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().endsWith(".part")));
        }
    }
}
