package io.inetkit.provider.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.ftp.FtpEntry;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.TransferType;
import io.inetkit.testkit.daemon.SystemDaemon;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real vsftpd, started here on loopback ports with a generated configuration: one plain
 * instance (anonymous read, anonymous upload into {@code upload/}, UTF-8 names) and one that
 * requires TLS with {@code require_ssl_reuse=YES}, vsftpd's default, which fails every client that
 * does not resume the control connection's TLS session on data connections.
 *
 * <p>Skipped when vsftpd is not installed or the test does not run as root (vsftpd drops
 * privileges and needs root to start), unless the environment variable {@code CI} is set: CI
 * installs vsftpd from {@code .ci/packages}, and a skip there would hide a regression.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VsftpdTest {

    private static final int BIG = 100 * 1024 * 1024;

    @TempDir Path local;

    private Path dir;

    private Path root;
    private SystemDaemon plain;
    private SystemDaemon secure;
    private SystemDaemon implicit;
    private int implicitPort;
    private int plainPort;
    private int securePort;
    private byte[] bigDigest;
    private Path binary;

    @BeforeAll
    void startVsftpd() throws Exception {
        binary = SystemDaemon.require("vsftpd", "vsftpd");
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        if (System.getenv("CI") != null && !asRoot) {
            fail("vsftpd drops privileges and needs root: CI must run the tests as root");
        }
        Assumptions.assumeTrue(asRoot, "vsftpd needs root to start");

        dir = Files.createTempDirectory("inetkit-vsftpd");
        root = Files.createDirectory(dir.resolve("anon"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path upload = Files.createDirectory(root.resolve("upload"));
        UserPrincipalLookupService users = upload.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(upload, users.lookupPrincipalByName("ftp"));
        Files.setPosixFilePermissions(upload, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(root.resolve("readme.txt"), "hello from vsftpd\n");
        Files.writeString(root.resolve("ünïcødé-名前.txt"), "utf-8 name\n");
        Path big = root.resolve("big.bin");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = Files.newOutputStream(big)) {
            Random random = new Random(42);
            byte[] chunk = new byte[1 << 20];
            for (int i = 0; i < BIG / chunk.length; i++) {
                random.nextBytes(chunk);
                sha.update(chunk);
                out.write(chunk);
            }
        }
        bigDigest = sha.digest();
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

        Files.writeString(dir.resolve("cert.pem"), TestCertificate.localhost().certificatePem());
        Path keyFile = Files.writeString(dir.resolve("key.pem"), TestCertificate.localhost().privateKeyPem());
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        plainPort = SystemDaemon.freePort();
        // Its commands logged, to see which a download sends.
        plain = start("plain.conf", config(plainPort, empty, false).replace("xferlog_enable=NO",
                "xferlog_enable=YES\nxferlog_std_format=NO\nlog_ftp_protocol=YES\nvsftpd_log_file="
                + dir.resolve(plainLog(plainPort))), plainPort);
        securePort = SystemDaemon.freePort();
        secure = start("secure.conf", config(securePort, empty, true), securePort);
        implicitPort = SystemDaemon.freePort();
        implicit = start("implicit.conf", config(implicitPort, empty, true) + "implicit_ssl=YES\n", implicitPort);
    }

    private String config(int port, Path empty, boolean tls) {
        String text = String.join("\n",
                "listen=YES", "listen_ipv6=NO", "listen_address=127.0.0.1", "listen_port=" + port,
                "background=NO", "seccomp_sandbox=NO", "isolate=NO", "isolate_network=NO",
                "secure_chroot_dir=" + empty, "nopriv_user=ftp", "ftp_username=ftp",
                "anonymous_enable=YES", "no_anon_password=YES", "anon_root=" + root, "local_enable=NO",
                "write_enable=YES", "anon_upload_enable=YES", "anon_mkdir_write_enable=YES",
                "anon_other_write_enable=YES", "anon_umask=022", "utf8_filesystem=YES",
                "pasv_enable=YES", "pasv_address=127.0.0.1", "pasv_addr_resolve=NO",
                "pasv_min_port=0", "pasv_max_port=0", "xferlog_enable=NO", "dirmessage_enable=NO",
                "idle_session_timeout=60", "data_connection_timeout=60", "");
        if (tls) {
            text += String.join("\n", "ssl_enable=YES", "allow_anon_ssl=YES", "force_anon_logins_ssl=YES",
                    "force_anon_data_ssl=YES", "require_ssl_reuse=YES", "ssl_ciphers=HIGH",
                    "rsa_cert_file=" + dir.resolve("cert.pem"), "rsa_private_key_file=" + dir.resolve("key.pem"), "");
        }
        return text;
    }

    private static String plainLog(int port) {
        return "vsftpd-" + port + ".log";
    }

    private SystemDaemon start(String name, String config, int port) throws Exception {
        Path file = Files.writeString(dir.resolve(name), config);
        return SystemDaemon.start(List.of(binary.toString(), file.toString()), dir.resolve(name + ".log"),
                Duration.ofSeconds(10), port);
    }

    @AfterAll
    void stopVsftpd() throws Exception {
        for (SystemDaemon daemon : new SystemDaemon[] {plain, secure, implicit}) {
            if (daemon != null) {
                daemon.close();
            }
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static Internet internet(SSLContext tls) {
        Internet.Builder builder = Internet.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(20));
        return (tls == null ? builder : builder.sslContext(tls)).build();
    }

    private FtpSession anonymous(Internet internet, String host, int port, ConnectFlag... flags)
            throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.FTP, host).port(port).flags(flags).build());
    }

    @Test
    void readsAnonymouslyAndListsWithMlsd() throws Exception {
        try (Internet internet = internet(null);
             FtpSession ftp = anonymous(internet, "127.0.0.1", plainPort, ConnectFlag.PASSIVE)) {
            List<FtpEntry> entries = ftp.list();
            assertTrue(entries.stream().anyMatch(e -> e.name().equals("readme.txt") && e.isFile()
                    && e.size().orElse(-1) == 18), entries.toString());
            assertTrue(entries.stream().anyMatch(e -> e.name().equals("upload") && e.isDirectory()));
            ftp.get("readme.txt", local.resolve("readme.txt"));
            assertEquals(InternetError.EXTENDED_ERROR,
                    assertThrows(InternetException.class, () -> ftp.get("nothing", local.resolve("n"))).error());
        }
        assertEquals("hello from vsftpd\n", Files.readString(local.resolve("readme.txt")));
    }

    /**
     * A listed size stands in for SIZE, saving a round trip per file of a mirror; the size vsftpd's
     * 150 reply gives as the transfer begins must agree with it, so a file that changed since it was
     * listed fails whichever way it changed, and leaves nothing under its name.
     */
    @Test
    void aListedSizeStandsInForSizeAndAFileChangedSinceFails() throws Exception {
        Path right = local.resolve("listed.txt");
        Path grew = local.resolve("grew.txt");
        Path shrank = local.resolve("shrank.txt");
        InternetException grown;
        InternetException shrunk;
        try (Internet internet = internet(null);
             FtpSession ftp = anonymous(internet, "127.0.0.1", plainPort, ConnectFlag.PASSIVE)) {
            ftp.get("/readme.txt", right, 18);
            grown = assertThrows(InternetException.class, () -> ftp.get("/readme.txt", grew, 10));
            shrunk = assertThrows(InternetException.class, () -> ftp.get("/readme.txt", shrank, 30));
            assertThrows(IllegalArgumentException.class, () -> ftp.get("/readme.txt", shrank, -1));
        }
        assertEquals("hello from vsftpd\n", Files.readString(right));
        assertEquals(InternetError.CONNECTION_ABORTED, grown.error(), grown.toString());
        assertTrue(grown.getMessage().contains("the listing said 10"), grown.getMessage());
        assertEquals(InternetError.CONNECTION_ABORTED, shrunk.error(), shrunk.toString());
        assertTrue(shrunk.getMessage().contains("changed since it was listed"), shrunk.getMessage());
        try (var names = Files.list(local)) {
            assertEquals(List.of("listed.txt"), names.map(p -> p.getFileName().toString()).toList());
        }
        String log = Files.readString(dir.resolve(plainLog(plainPort)));
        assertTrue(log.contains("\"RETR /readme.txt\""), "vsftpd logged no RETR: " + log);
        assertFalse(log.contains("\"SIZE /readme.txt\""), "a SIZE was sent although the size was listed");
    }

    @Test
    void writesRenamesAndDeletesInTheUploadDirectory() throws Exception {
        Path source = Files.writeString(local.resolve("up.txt"), "uploaded");
        try (Internet internet = internet(null);
             FtpSession ftp = anonymous(internet, "127.0.0.1", plainPort)) { // active mode
            ftp.cd("upload");
            ftp.put(source, "up.txt");
            ftp.rename("up.txt", "moved.txt");
            try (OutputStream out = ftp.openWrite("streamed.txt", TransferType.BINARY)) {
                out.write("streamed".getBytes(StandardCharsets.UTF_8));
            }
            assertEquals(8, ftp.size("streamed.txt"));
            ftp.delete("streamed.txt");
            assertEquals(InternetError.EXTENDED_ERROR,
                    assertThrows(InternetException.class, () -> ftp.put(source, "/readme.txt")).error());
        }
        assertEquals("uploaded", Files.readString(root.resolve("upload/moved.txt")));
    }

    /**
     * vsftpd stores what arrives before the data connection ends and answers 226: a data proxy
     * half-closes it after 64 KiB of a 200 KiB upload (and drops the rest), so only the SIZE check
     * finds the short file, which it removes.
     */
    @Test
    void aShortUploadIsFoundBySizeAndRemoved() throws Exception {
        AtomicInteger passivePort = new AtomicInteger();
        Pattern epsv = Pattern.compile("\\(\\|\\|\\|(\\d+)\\|\\)");
        try (FaultProxy data = FaultProxy.to(() -> new InetSocketAddress("127.0.0.1", passivePort.get()));
             FaultProxy control = FaultProxy.to(new InetSocketAddress("127.0.0.1", plainPort))) {
            data.fault(Fault.halfCloseAfter(Direction.UPSTREAM, 64 * 1024));
            data.start();
            control.fault(Fault.rewriteLines(Direction.DOWNSTREAM, line -> {
                Matcher m = epsv.matcher(line);
                if (!line.startsWith("229 ") || !m.find()) {
                    return line;
                }
                passivePort.set(Integer.parseInt(m.group(1)));
                return line.substring(0, m.start()) + "(|||" + data.port() + "|)" + line.substring(m.end());
            }));
            control.start();
            byte[] bytes = new byte[200 * 1024];
            new Random(5).nextBytes(bytes);
            Path source = Files.write(local.resolve("short.bin"), bytes);
            try (Internet internet = internet(null);
                 FtpSession ftp = anonymous(internet, "127.0.0.1", control.port(), ConnectFlag.PASSIVE)) {
                InternetException e = assertThrows(InternetException.class, () -> ftp.put(source, "upload/short.bin"));
                assertEquals(InternetError.CONNECTION_ABORTED, e.error(), e.toString());
                assertTrue(e.getMessage().contains("has 65536 bytes, 204800 were sent")
                        && e.getMessage().contains("the partial file was removed"), e.getMessage());
            }
        }
        assertFalse(Files.exists(root.resolve("upload/short.bin")), "a partial short.bin is left on vsftpd");
    }

    @Test
    void utf8NamesWork() throws Exception {
        String name = "ünïcødé-名前.txt";
        try (Internet internet = internet(null);
             FtpSession ftp = anonymous(internet, "127.0.0.1", plainPort, ConnectFlag.PASSIVE)) {
            assertTrue(ftp.list("*.txt").stream().anyMatch(e -> e.name().equals(name)));
            ftp.get(name, local.resolve("u.txt"));
            ftp.put(local.resolve("u.txt"), "upload/" + "ß-" + name);
        }
        assertEquals("utf-8 name\n", Files.readString(local.resolve("u.txt")));
        assertTrue(Files.exists(root.resolve("upload/ß-" + name)));
    }

    @Test
    void hundredMebibyteFileArrivesIntactByFileAndByStream() throws Exception {
        Path target = local.resolve("big.bin");
        try (Internet internet = internet(null);
             FtpSession ftp = anonymous(internet, "127.0.0.1", plainPort, ConnectFlag.PASSIVE)) {
            ftp.get("big.bin", target);
            assertEquals(FileDownload.CHANNEL, ((FtpSessionImpl) ftp).lastDownload());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long count = 0;
            try (InputStream in = ftp.openRead("big.bin", TransferType.BINARY)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) >= 0; count += n) {
                    sha.update(buffer, 0, n);
                }
            }
            assertEquals(BIG, count);
            assertEquals(HexFormat.of().formatHex(bigDigest), HexFormat.of().formatHex(sha.digest()));
        }
        assertEquals(BIG, Files.size(target));
        assertEquals(HexFormat.of().formatHex(bigDigest), HexFormat.of().formatHex(sha256(target)));
    }

    @Test
    void hundredMebibyteFileArrivesIntactInEightSegments() throws Exception {
        Path target = local.resolve("segmented.bin");
        try (Internet internet = internet(null)) {
            io.inetkit.SegmentedDownload.Result result = io.inetkit.SegmentedDownload.newBuilder().segments(8).build()
                    .download(internet, java.net.URI.create("ftp://127.0.0.1:" + plainPort + "/big.bin"), target);
            assertEquals(new io.inetkit.SegmentedDownload.Result(BIG, 8, true), result);
        }
        assertEquals(HexFormat.of().formatHex(bigDigest), HexFormat.of().formatHex(sha256(target)));
    }

    @Test
    void aMultiMebibyteFileGoesBothWaysThroughTheDirectBufferAndResumes() throws Exception {
        byte[] bytes = new byte[9 * 1024 * 1024 + 5];
        new Random(9).nextBytes(bytes);
        Path source = Files.write(local.resolve("nine.bin"), bytes);
        Path back = local.resolve("back.bin");
        try (Internet internet = internet(null);
             FtpSession ftp = anonymous(internet, "127.0.0.1", plainPort, ConnectFlag.PASSIVE)) {
            ftp.put(source, "upload/nine.bin");
            assertEquals(FileUpload.CHANNEL, ((FtpSessionImpl) ftp).lastUpload());
            ftp.get("upload/nine.bin", back);
            assertEquals(FileDownload.CHANNEL, ((FtpSessionImpl) ftp).lastDownload());
            assertArrayEquals(bytes, Files.readAllBytes(back));
            Files.write(back, java.util.Arrays.copyOf(bytes, 4 * 1024 * 1024 + 1));
            ftp.get("upload/nine.bin", back, TransferType.BINARY, io.inetkit.ftp.FtpGetOption.RESUME);
            assertEquals(FileDownload.CHANNEL, ((FtpSessionImpl) ftp).lastDownload());
        }
        assertArrayEquals(bytes, Files.readAllBytes(root.resolve("upload/nine.bin")));
        assertArrayEquals(bytes, Files.readAllBytes(back));
    }

    @Test
    void anUploadResumesWithAppeAfterTheServersSize() throws Exception {
        byte[] bytes = new byte[3 * 1024 * 1024 + 7];
        new Random(10).nextBytes(bytes);
        Path source = Files.write(local.resolve("resumed.bin"), bytes);
        Path prefix = Files.write(local.resolve("prefix.bin"), java.util.Arrays.copyOf(bytes, 1024 * 1024 + 3));
        try (Internet internet = internet(null);
             FtpSession ftp = anonymous(internet, "127.0.0.1", plainPort, ConnectFlag.PASSIVE)) {
            ftp.put(prefix, "upload/resumed.bin"); // what a cut upload left
            ftp.put(source, "upload/resumed.bin", TransferType.BINARY, io.inetkit.ftp.FtpPutOption.RESUME);
            assertArrayEquals(bytes, Files.readAllBytes(root.resolve("upload/resumed.bin")));
            ftp.put(source, "upload/resumed.bin", TransferType.BINARY, io.inetkit.ftp.FtpPutOption.RESUME); // complete
            InternetException longer = assertThrows(InternetException.class, () -> ftp.put(prefix,
                    "upload/resumed.bin", TransferType.BINARY, io.inetkit.ftp.FtpPutOption.RESUME));
            assertEquals(io.inetkit.InternetError.INVALID_OPERATION, longer.error());
        }
        assertArrayEquals(bytes, Files.readAllBytes(root.resolve("upload/resumed.bin")));
    }

    @Test
    void explicitTlsResumesTheControlSessionOnDataConnectionsWithTls13() throws Exception {
        tlsRoundTrip(TestCertificate.localhost().clientContext(), securePort, ConnectFlag.START_TLS);
    }

    @Test
    void implicitTlsResumesTheControlSessionOnDataConnections() throws Exception {
        tlsRoundTrip(TestCertificate.localhost().clientContext(), implicitPort, ConnectFlag.SECURE);
    }

    /**
     * A TLS 1.3 ticket is good for one resumption, and the server's fresh tickets on a data connection
     * reach the JDK only when it reads from that connection: uploads, which never read, used to leave
     * the next data connection nothing to resume (TlsDataSocket reads them at the end of an upload).
     */
    @Test
    void dataConnectionsAfterUploadsResumeWithTls13() throws Exception {
        Path source = Files.writeString(local.resolve("tls.txt"), "over tls");
        try (Internet internet = internet(tlsContext("TLSv1.3"));
             FtpSession ftp = anonymous(internet, "localhost", securePort, ConnectFlag.START_TLS, ConnectFlag.PASSIVE)) {
            for (int i = 0; i < 5; i++) {
                ftp.put(source, "upload/after-" + i + ".txt");
                ftp.put(source, "upload/again-" + i + ".txt");
                try (OutputStream out = ftp.openWrite("upload/stream-" + i + ".txt", TransferType.BINARY)) {
                    out.write("streamed".getBytes(StandardCharsets.UTF_8));
                }
                assertEquals(3 * (i + 1), ftp.list("upload/*-?.txt").size());
            }
        }
        assertEquals("streamed", Files.readString(root.resolve("upload/stream-4.txt")));
    }

    /** A download abandoned before its first byte still leaves a ticket for the next connection. */
    @Test
    void dataConnectionsAfterAnAbandonedDownloadResumeWithTls13() throws Exception {
        try (Internet internet = internet(tlsContext("TLSv1.3"));
             FtpSession ftp = anonymous(internet, "localhost", securePort, ConnectFlag.START_TLS, ConnectFlag.PASSIVE)) {
            for (int i = 0; i < 3; i++) {
                ftp.openRead("big.bin", TransferType.BINARY).close();
                assertTrue(ftp.list().stream().anyMatch(e -> e.name().equals("readme.txt")));
            }
        }
    }

    /**
     * vsftpd answers a TLS 1.2 ClientHello that offers the session ticket extension (the JDK's default)
     * with an empty session id and a ticket whose lifetime is 2^31-1 s (its sessions never expire),
     * and the JDK discards tickets that live longer than RFC 8446's 7 days ("Discarding
     * NewSessionTicket with lifetime 2147483647" under -Djavax.net.debug): the client has nothing to
     * resume, and no public API turns the extension off per socket. The refusal names the remedy.
     */
    @Test
    void tls12WithTheJdksDefaultTicketsFailsWithAnErrorThatNamesTheRemedy() throws Exception {
        try (Internet internet = internet(tlsContext("TLSv1.2"));
             FtpSession ftp = anonymous(internet, "localhost", securePort, ConnectFlag.START_TLS, ConnectFlag.PASSIVE)) {
            InternetException e = assertThrows(InternetException.class, ftp::list);
            assertEquals(InternetError.SECURITY_CHANNEL_ERROR, e.error(), e.toString());
            assertTrue(e.getMessage().contains("jdk.tls.client.enableSessionTicketExtension=false"), e.getMessage());
            assertTrue(e.serverReply().orElseThrow().startsWith("522"), e.serverReply().toString());
        }
    }

    /**
     * The remedy: without the ticket extension, vsftpd gives a session id, which the JDK caches under
     * the control connection's host and port and offers on every data connection. The JDK reads the
     * property when an SSLContext is made, so it is set here only around that.
     */
    @Test
    void tls12ResumesBySessionIdWhenTicketsAreOff() throws Exception {
        String property = "jdk.tls.client.enableSessionTicketExtension";
        String before = System.getProperty(property);
        SSLContext context;
        System.setProperty(property, "false");
        try {
            context = tlsContext("TLSv1.2");
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
        tlsRoundTrip(context, securePort, ConnectFlag.START_TLS);
    }

    /** Uploads, downloads and listings, many in a row, in passive then active mode. */
    private void tlsRoundTrip(SSLContext tls, int port, ConnectFlag secure) throws Exception {
        Path source = Files.writeString(local.resolve("tls.txt"), "over tls");
        String prefix = "upload/tls-" + secure + "-" + tls.getProtocol();
        try (Internet internet = internet(tls)) {
            for (boolean passive : new boolean[] {true, false}) {
                ConnectFlag[] flags = passive ? new ConnectFlag[] {secure, ConnectFlag.PASSIVE}
                        : new ConnectFlag[] {secure};
                try (FtpSession ftp = anonymous(internet, "localhost", port, flags)) {
                    for (int i = 0; i < 3; i++) {
                        ftp.put(source, prefix + "-" + passive + i + ".txt");
                        ftp.get("readme.txt", local.resolve("r.txt"));
                        assertTrue(ftp.list().stream().anyMatch(e -> e.name().equals("readme.txt")));
                        try (OutputStream out = ftp.openWrite(prefix + "-s" + passive + i + ".txt", TransferType.BINARY)) {
                            out.write("streamed".getBytes(StandardCharsets.UTF_8));
                        }
                        try (InputStream in = ftp.openRead("readme.txt", TransferType.BINARY)) {
                            assertEquals("hello from vsftpd\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
                        }
                        ftp.put(source, prefix + "-again-" + passive + i + ".txt");
                        assertEquals(8, ftp.size(prefix + "-again-" + passive + i + ".txt"));
                    }
                    if (passive) {
                        ftp.get("big.bin", local.resolve("tls-big.bin"));
                    }
                }
            }
        }
        assertEquals("hello from vsftpd\n", Files.readString(local.resolve("r.txt")));
        assertEquals("over tls", Files.readString(root.resolve(prefix + "-false2.txt")));
        assertEquals(HexFormat.of().formatHex(bigDigest), HexFormat.of().formatHex(sha256(local.resolve("tls-big.bin"))));
    }

    @Test
    void plainLoginIsRefusedWhenTheServerRequiresTls() throws Exception {
        try (Internet internet = internet(null)) {
            InternetException e = assertThrows(InternetException.class,
                    () -> anonymous(internet, "127.0.0.1", securePort, ConnectFlag.PASSIVE));
            assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.toString());
            assertTrue(e.serverReply().orElseThrow().startsWith("530"), e.serverReply().toString());
        }
    }

    private static SSLContext tlsContext(String protocol) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(TestCertificate.localhost().trustStore());
        SSLContext context = SSLContext.getInstance(protocol);
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static byte[] sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return sha.digest();
    }
}
