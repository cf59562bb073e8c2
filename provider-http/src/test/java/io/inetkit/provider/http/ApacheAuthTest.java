package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Credentials;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.http.AuthChallenge;
import io.inetkit.http.AuthScheme;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.HttpVersion;
import io.inetkit.testkit.daemon.SystemDaemon;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Basic and Digest against a real apache2 (mod_auth_basic, mod_auth_digest), started by this class
 * on free loopback ports, plain and TLS with HTTP/2 (mod_ssl, mod_http2), with a configuration of
 * its own in a temporary directory and modules from /usr/lib/apache2/modules. apache2's Digest has
 * MD5 and qop=auth only; SHA-256 is checked against RFC 7616's example and scripted servers. Without
 * apache2 the tests are skipped, except in CI, where {@code .ci/packages} installs it.
 */
class ApacheAuthTest {

    static final String MODULES = "/usr/lib/apache2/modules";
    static final String USER = "joe";
    static final String PASSWORD = "Pw-9d2c apache";

    static Path dir;
    static SystemDaemon apache;
    static int port;
    static int tlsPort;

    @BeforeEach
    void needsApache() {
        SystemDaemon.require("apache2", "apache2-bin");
    }

    @BeforeAll
    static void startApache() throws Exception {
        Optional<Path> binary = SystemDaemon.find("apache2");
        if (binary.isEmpty()) {
            return;
        }
        dir = Files.createTempDirectory("inetkit-apache-");
        // apache2's workers run as another user when started by root: they must read the files.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String area : List.of("basic", "digest", "stale")) {
            Files.writeString(Files.createDirectories(dir.resolve("www").resolve(area)).resolve("a.txt"), area + "\n");
        }
        Files.writeString(dir.resolve("htpasswd"), USER + ":{SHA}" + java.util.Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-1").digest(PASSWORD.getBytes(StandardCharsets.UTF_8))) + "\n");
        Files.writeString(dir.resolve("htdigest"), USER + ":digest-realm:" + HexFormat.of().formatHex(MessageDigest
                .getInstance("MD5").digest((USER + ":digest-realm:" + PASSWORD).getBytes(StandardCharsets.UTF_8))) + "\n");
        Files.writeString(dir.resolve("key.pem"), TestCertificate.localhost().privateKeyPem());
        Files.writeString(dir.resolve("cert.pem"), TestCertificate.localhost().certificatePem());
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.collect(Collectors.toList())) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x"
                        : "rw-r--r--"));
            }
        }
        for (int attempt = 1; ; attempt++) {
            port = SystemDaemon.freePort();
            tlsPort = SystemDaemon.freePort();
            try {
                apache = start(binary.get());
                return;
            } catch (IOException e) {
                if (attempt == 3) {
                    fail("apache2 did not start: " + e.getMessage() + "\nits error log:\n" + read(dir.resolve("error.log")));
                }
            }
        }
    }

    private static SystemDaemon start(Path binary) throws Exception {
        String d = dir.toString();
        String user = "root".equals(System.getProperty("user.name")) ? "User daemon\nGroup daemon\n" : "";
        StringBuilder conf = new StringBuilder()
                .append("ServerRoot \"").append(d).append("\"\nServerName 127.0.0.1\n")
                .append("Listen 127.0.0.1:").append(port).append("\nListen 127.0.0.1:").append(tlsPort).append('\n')
                .append("PidFile ").append(d).append("/httpd.pid\nErrorLog ").append(d).append("/error.log\n")
                .append("LogLevel warn\n").append(user)
                .append("LogFormat \"%r %>s\" statuses\nCustomLog ").append(d).append("/access.log statuses\n");
        for (String module : List.of("mpm_event", "authn_core", "authn_file", "authz_core", "authz_user", "auth_basic",
                "auth_digest", "ssl", "http2", "socache_shmcb")) {
            conf.append("LoadModule ").append(module).append("_module ").append(MODULES).append("/mod_").append(module)
                    .append(".so\n");
        }
        conf.append("DocumentRoot ").append(d).append("/www\n")
                .append("Protocols h2 http/1.1\n")
                .append("SSLSessionCache shmcb:").append(d).append("/ssl_cache(64000)\n")
                .append("<VirtualHost 127.0.0.1:").append(tlsPort).append(">\n  SSLEngine on\n  SSLCertificateFile ")
                .append(d).append("/cert.pem\n  SSLCertificateKeyFile ").append(d).append("/key.pem\n</VirtualHost>\n")
                .append(area("basic", "Basic", "basic-realm", "AuthBasicProvider file\n  AuthUserFile " + d + "/htpasswd"))
                .append(area("digest", "Digest", "digest-realm", "AuthDigestProvider file\n  AuthUserFile " + d
                        + "/htdigest"))
                .append(area("stale", "Digest", "digest-realm", "AuthDigestProvider file\n  AuthUserFile " + d
                        + "/htdigest\n  AuthDigestNonceLifetime 1"));
        Files.writeString(dir.resolve("httpd.conf"), conf.toString());
        return SystemDaemon.start(List.of(binary.toString(), "-f", d + "/httpd.conf", "-DFOREGROUND"),
                dir.resolve("out.log"), Duration.ofSeconds(10), port, tlsPort);
    }

    private static String area(String name, String type, String realm, String provider) {
        return "<Directory " + dir + "/www/" + name + ">\n  AuthType " + type + "\n  AuthName \"" + realm + "\"\n  "
                + provider + "\n  Require valid-user\n</Directory>\n";
    }

    @AfterAll
    static void stopApache() throws Exception {
        if (apache != null) {
            apache.close();
            apache = null;
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted((a, b) -> b.compareTo(a)).collect(Collectors.toList())) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    static Internet internet(Internet.Builder builder) {
        return builder.readTimeout(Duration.ofSeconds(10)).sslContext(TestCertificate.localhost().clientContext()).build();
    }

    static HttpSession connect(Internet internet, boolean tls, String password) throws InternetException {
        ConnectRequest.Builder<HttpSession> request = ConnectRequest.newBuilder(Service.HTTP, "localhost")
                .port(tls ? tlsPort : port);
        if (tls) {
            request.flags(ConnectFlag.SECURE);
        }
        if (password != null) {
            request.user(USER).password(password);
        }
        return internet.connect(request.build());
    }

    static String get(HttpSession http, String target, HttpVersion version) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).expectSuccess();
        if (version != null) {
            request.version(version);
        }
        try (HttpResponse response = http.send(request.build())) {
            assertEquals(version == null ? HttpVersion.HTTP_1_1 : version, response.version());
            return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"basic", "digest"})
    void logsInOnEveryEngineWithTheSessionsPassword(String area) throws Exception {
        try (Internet internet = internet(Internet.newBuilder())) {
            try (HttpSession plain = connect(internet, false, PASSWORD)) {
                assertEquals(area + "\n", get(plain, "/" + area + "/a.txt", null));
                assertEquals(area + "\n", get(plain, "/" + area + "/a.txt?again", null));
            }
            try (HttpSession tls = connect(internet, true, PASSWORD)) {
                assertEquals(area + "\n", get(tls, "/" + area + "/a.txt", null));
                assertEquals(area + "\n", get(tls, "/" + area + "/a.txt", HttpVersion.HTTP_2));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"basic", "digest"})
    void aWrongPasswordIsIncorrectPassword(String area) throws Exception {
        try (Internet internet = internet(Internet.newBuilder())) {
            for (boolean tls : new boolean[] {false, true}) {
                for (HttpVersion version : tls ? new HttpVersion[] {null, HttpVersion.HTTP_2} : new HttpVersion[] {null}) {
                    try (HttpSession http = connect(internet, tls, "not-it")) {
                        InternetException e = assertThrows(InternetException.class,
                                () -> get(http, "/" + area + "/a.txt", version));
                        assertEquals(InternetError.INCORRECT_PASSWORD, e.error(), e.getMessage());
                    }
                }
            }
        }
    }

    @Test
    void answersAStaleNonceAgainWithoutAskingAnyone() throws Exception {
        List<AuthChallenge> asked = new CopyOnWriteArrayList<>();
        try (Internet internet = internet(Internet.newBuilder().authenticator(challenge -> {
            asked.add(challenge);
            return Optional.of(Credentials.of(USER, PASSWORD));
        })); HttpSession http = connect(internet, false, null)) {
            assertEquals("stale\n", get(http, "/stale/a.txt", null));
            assertEquals("stale\n", get(http, "/stale/a.txt", null)); // up front, the next nonce count
            Thread.sleep(2100); // past AuthDigestNonceLifetime: apache2 calls the nonce stale
            assertEquals("stale\n", get(http, "/stale/a.txt", null));
        }
        assertEquals(List.of(new AuthChallenge(AuthScheme.DIGEST, Optional.of("digest-realm"), "localhost", port,
                1)), asked);
        // Challenged, answered, up front with nc=2, then stale, answered again with the new nonce.
        List<String> statuses = accessLog("/stale/");
        assertEquals(List.of("401", "200", "200", "401", "200"), statuses);
    }

    /** The statuses apache2 logged for the requests under this path, in order. */
    private static List<String> accessLog(String path) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> statuses;
        do {
            statuses = Files.readAllLines(dir.resolve("access.log")).stream().filter(l -> l.contains(" " + path))
                    .map(l -> l.substring(l.lastIndexOf(' ') + 1)).collect(Collectors.toList());
        } while (statuses.size() < 5 && System.nanoTime() < deadline && sleep());
        return statuses;
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(50);
        return true;
    }

    @Test
    void onlyDigestAllowedLeavesABasicAreaClosed() throws Exception {
        try (Internet internet = internet(Internet.newBuilder().authSchemes(AuthScheme.DIGEST));
             HttpSession http = connect(internet, false, PASSWORD);
             HttpResponse response = http.send(HttpRequest.get("/basic/a.txt"))) {
            assertEquals(401, response.statusCode());
        }
    }
}
