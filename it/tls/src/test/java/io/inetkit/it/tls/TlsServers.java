package io.inetkit.it.tls;

import io.inetkit.it.tls.Pki.Issued;
import io.inetkit.it.tls.Pki.Key;
import io.inetkit.testkit.daemon.SystemDaemon;
import io.inetkit.testkit.gopher.TestGopherServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The TLS servers of the tests, real programs configured as servers run today: one nginx with a
 * server block per configuration, a vsftpd per FTPS configuration (vsftpd's defaults but for the
 * certificate; one capped at TLS 1.2 through OpenSSL's configuration, as an older system runs it),
 * socat terminating TLS in front of a Gopher server, and a server that accepts a connection and
 * never answers. Certificates come from {@link Pki}.
 */
final class TlsServers implements AutoCloseable {

    /** The text every server serves. */
    static final String CONTENT = "hello over TLS\n";

    private final Path dir;
    private final Pki pki;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final List<AutoCloseable> running = new ArrayList<>();
    private final AtomicInteger stalledOpen = new AtomicInteger();

    TlsServers(Path dir) throws IOException {
        this.dir = dir;
        this.pki = new Pki(Files.createDirectories(dir.resolve("pki")));
    }

    /** The CA certificate that signed every good server's certificate. */
    Path ca() {
        return pki.ca();
    }

    /** The port of a named server. */
    int port(String name) {
        Integer port = ports.get(name);
        if (port == null) {
            throw new IllegalArgumentException("no server " + name + " in " + ports.keySet());
        }
        return port;
    }

    /** nginx with one HTTPS server block per configuration; each serves {@code /index.txt}. */
    void startNginx() throws Exception {
        Path binary = SystemDaemon.require("nginx", "nginx");
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("index.txt"), CONTENT);
        Issued ec = pki.issue("nginx-ec", Key.EC_P256);
        Issued ec384 = pki.issue("nginx-ec384", Key.EC_P384);
        Issued rsa = pki.issue("nginx-rsa", Key.RSA_2048);
        Issued expired = pki.issue("nginx-expired", Key.EC_P256, "DNS:localhost,IP:127.0.0.1", true);
        Issued otherName = pki.issue("nginx-other", Key.EC_P256, "DNS:other.test", false);
        Issued selfSigned = pki.selfSigned("nginx-self", Key.EC_P256);
        StringBuilder servers = new StringBuilder();
        servers.append(block("https-ec-tls13-h2", ec, "TLSv1.3", null, null, true));
        servers.append(block("https-ec-tls12-h2", ec, "TLSv1.2", null, null, true));
        servers.append(block("https-rsa-x25519-tls13", rsa, "TLSv1.3", "X25519", null, false));
        servers.append(block("https-rsa-x25519-tls12", rsa, "TLSv1.2", "X25519", null, false));
        servers.append(block("https-ec384-tls13-h2", ec384, "TLSv1.3", "secp384r1", null, true));
        servers.append(block("https-expired", expired, "TLSv1.2 TLSv1.3", null, null, true));
        servers.append(block("https-other-name", otherName, "TLSv1.2 TLSv1.3", null, null, true));
        servers.append(block("https-self-signed", selfSigned, "TLSv1.2 TLSv1.3", null, null, true));
        // Only what OpenSSL 3 allows at security level 0: TLS 1.0 and 1.1.
        servers.append(block("https-tls10-11", rsa, "TLSv1 TLSv1.1", null, "DEFAULT:@SECLEVEL=0", false));
        // RSA key exchange only: no forward secrecy.
        servers.append(block("https-no-forward-secrecy", rsa, "TLSv1.2", null,
                "AES128-GCM-SHA256:AES256-GCM-SHA384", false));
        String d = dir.toString();
        Path config = Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
                "root".equals(System.getProperty("user.name")) ? "user root;" : "",
                "daemon off;", "master_process off;", "worker_processes 1;", "pid " + d + "/nginx.pid;",
                "error_log " + d + "/nginx-error.log warn;", "events { worker_connections 64; }",
                "http {", "  access_log " + d + "/nginx-access.log;", "  client_body_temp_path " + d + "/tmp;",
                "  proxy_temp_path " + d + "/tmp;", "  fastcgi_temp_path " + d + "/tmp;",
                "  uwsgi_temp_path " + d + "/tmp;", "  scgi_temp_path " + d + "/tmp;",
                "  default_type text/plain;", servers.toString(), "}", ""));
        Files.createDirectories(dir.resolve("tmp"));
        int[] listen = ports.entrySet().stream().filter(e -> e.getKey().startsWith("https-"))
                .mapToInt(Map.Entry::getValue).toArray();
        running.add(SystemDaemon.start(List.of(binary.toString(), "-c", config.toString(), "-e",
                dir.resolve("nginx-error.log").toString()), dir.resolve("nginx.out"), Duration.ofSeconds(20), listen));
    }

    private String block(String name, Issued certificate, String protocols, String curve, String ciphers,
            boolean http2) throws IOException {
        int port = SystemDaemon.freePort();
        ports.put(name, port);
        return String.join("\n",
                "  server {",
                "    listen 127.0.0.1:" + port + " ssl" + (http2 ? " http2" : "") + ";",
                "    ssl_certificate " + certificate.certificate() + ";",
                "    ssl_certificate_key " + certificate.key() + ";",
                "    ssl_protocols " + protocols + ";",
                curve == null ? "" : "    ssl_ecdh_curve " + curve + ";",
                ciphers == null ? "" : "    ssl_ciphers " + ciphers + ";",
                "    root " + dir.resolve("www") + ";",
                "  }", "");
    }

    /**
     * vsftpd, explicit ({@code AUTH TLS}) and implicit FTPS with an ECDSA and an RSA certificate, each
     * with vsftpd's defaults: {@code require_ssl_reuse=YES} and its cipher list (which leaves TLS 1.3
     * to OpenSSL); and one explicit server capped at TLS 1.2 with {@code ssl_ciphers=HIGH}, where data
     * connections must resume a TLS 1.2 session. Each serves {@code /readme.txt} to anonymous users.
     */
    void startVsftpd() throws Exception {
        Path binary = SystemDaemon.require("vsftpd", "vsftpd");
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("vsftpd drops privileges and needs root: run the tests as root");
        }
        Path root = Files.createDirectories(dir.resolve("ftp"));
        Files.writeString(root.resolve("readme.txt"), CONTENT);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path empty = Files.createDirectories(dir.resolve("ftp-empty"));
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("r-xr-xr-x"));
        UserPrincipalLookupService users = root.getFileSystem().getUserPrincipalLookupService();
        users.lookupPrincipalByName("ftp"); // fails early where the ftp user is missing
        Issued ec = pki.issue("vsftpd-ec", Key.EC_P256);
        Issued rsa = pki.issue("vsftpd-rsa", Key.RSA_2048);
        Path tls12 = Files.writeString(dir.resolve("openssl-tls12.cnf"), String.join("\n",
                "openssl_conf = default_conf", "[default_conf]", "ssl_conf = ssl_sect", "[ssl_sect]",
                "system_default = system_default_sect", "[system_default_sect]", "MaxProtocol = TLSv1.2", ""));
        vsftpd(binary, "ftps-ec-explicit", ec, root, empty, "", null);
        vsftpd(binary, "ftps-rsa-explicit", rsa, root, empty, "", null);
        vsftpd(binary, "ftps-ec-implicit", ec, root, empty, "implicit_ssl=YES\n", null);
        vsftpd(binary, "ftps-rsa-implicit", rsa, root, empty, "implicit_ssl=YES\n", null);
        vsftpd(binary, "ftps-ec-explicit-tls12", ec, root, empty, "ssl_ciphers=HIGH\n", tls12);
    }

    private void vsftpd(Path binary, String name, Issued certificate, Path root, Path empty, String extra,
            Path opensslConfig) throws Exception {
        int port = SystemDaemon.freePort();
        ports.put(name, port);
        Path config = Files.writeString(dir.resolve(name + ".conf"), String.join("\n",
                "listen=YES", "listen_ipv6=NO", "listen_address=127.0.0.1", "listen_port=" + port,
                "background=NO", "seccomp_sandbox=NO", "secure_chroot_dir=" + empty, "nopriv_user=ftp",
                "ftp_username=ftp", "anonymous_enable=YES", "no_anon_password=YES", "anon_root=" + root,
                "local_enable=NO", "pasv_enable=YES", "pasv_address=127.0.0.1", "xferlog_enable=NO",
                "ssl_enable=YES", "allow_anon_ssl=YES", "force_anon_logins_ssl=YES", "force_anon_data_ssl=YES",
                "rsa_cert_file=" + certificate.certificate(), "rsa_private_key_file=" + certificate.key(), "")
                + extra);
        List<String> command = new ArrayList<>();
        if (opensslConfig != null) {
            command.addAll(List.of("env", "OPENSSL_CONF=" + opensslConfig));
        }
        command.addAll(List.of(binary.toString(), config.toString()));
        running.add(SystemDaemon.start(command, dir.resolve(name + ".log"), Duration.ofSeconds(10), port));
    }

    /**
     * A Gopher server behind socat, which terminates TLS with a certificate of the CA (and, for the
     * error cases, an expired one and one for another name), as gophers servers are run.
     */
    void startGophers() throws Exception {
        Path socat = SystemDaemon.require("socat", "socat");
        Path served = Files.createDirectories(dir.resolve("gopher"));
        Files.writeString(served.resolve("hello.txt"), CONTENT);
        TestGopherServer gopher = TestGopherServer.serving(served);
        gopher.start();
        running.add(gopher::close);
        socat(socat, "gophers-ec", pki.issue("socat-ec", Key.EC_P256), gopher.port());
        socat(socat, "gophers-expired", pki.issue("socat-expired", Key.EC_P256, "DNS:localhost,IP:127.0.0.1",
                true), gopher.port());
        socat(socat, "gophers-other-name", pki.issue("socat-other", Key.EC_P256, "DNS:other.test", false),
                gopher.port());
    }

    private void socat(Path socat, String name, Issued certificate, int backend) throws Exception {
        int port = SystemDaemon.freePort();
        ports.put(name, port);
        running.add(SystemDaemon.start(List.of(socat.toString(),
                "OPENSSL-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork,verify=0,cert="
                        + certificate.certificate() + ",key=" + certificate.key(),
                "TCP:127.0.0.1:" + backend), dir.resolve(name + ".log"), Duration.ofSeconds(10), port));
    }

    /** A server that takes connections, reads what comes and never answers: a TLS handshake stalls. */
    void startStall() throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ports.put("stall", listener.getLocalPort());
        running.add(listener);
        Thread accept = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    stalledOpen.incrementAndGet();
                    Thread drain = new Thread(() -> {
                        try (socket; InputStream in = socket.getInputStream()) {
                            in.transferTo(java.io.OutputStream.nullOutputStream());
                        } catch (IOException closed) {
                            // the client reset it
                        } finally {
                            stalledOpen.decrementAndGet();
                        }
                    }, "stall-drain");
                    drain.setDaemon(true);
                    drain.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "stall-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** How many connections to the stalling server the client still holds, after up to 2 s for it to close them. */
    int stalledStillOpen() throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (stalledOpen.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return stalledOpen.get();
    }

    /** The tail of a named server's log, for a failure's message. */
    String log(String name) {
        try {
            Path file = dir.resolve(name + ".log");
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }
}
