package io.inetkit.provider.http;

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
import io.inetkit.ProxyConfig;
import io.inetkit.Service;
import io.inetkit.http.AuthScheme;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.testkit.daemon.Squid;
import io.inetkit.testkit.daemon.SystemDaemon;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Negotiate (SPNEGO with Kerberos) through the JDK's GSS-API against a real MIT KDC (krb5kdc, its
 * database made afresh by kdb5_util and kadmin.local) and a real apache2 with mod_auth_gssapi, all
 * on free loopback ports with their own files in a temporary directory. The client logs in with
 * JAAS's Krb5LoginModule and sends under that Subject. The same KDC's tickets answer a real squid
 * proxy's Negotiate challenge (negotiate_kerberos_auth). Without the programs the tests are skipped,
 * except in CI, where {@code .ci/packages} installs them.
 */
class KerberosNegotiateTest {

    static final String REALM = "INETKIT.TEST";
    static final String MODULES = "/usr/lib/apache2/modules";

    static Path dir;
    static SystemDaemon kdc;
    static SystemDaemon apache;
    static int port;

    @BeforeEach
    void needsKerberos() {
        SystemDaemon.require("krb5kdc", "krb5-kdc");
        SystemDaemon.require("kadmin.local", "krb5-admin-server");
        SystemDaemon.require("apache2", "apache2-bin");
        if (!Files.exists(Path.of(MODULES, "mod_auth_gssapi.so"))) {
            SystemDaemon.require("mod_auth_gssapi.so", "libapache2-mod-auth-gssapi");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        if (SystemDaemon.find("krb5kdc").isEmpty() || SystemDaemon.find("kadmin.local").isEmpty()
                || SystemDaemon.find("apache2").isEmpty() || !Files.exists(Path.of(MODULES, "mod_auth_gssapi.so"))) {
            return;
        }
        dir = Files.createTempDirectory("inetkit-krb5-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        int kdcPort = SystemDaemon.freePort();
        port = SystemDaemon.freePort();
        String d = dir.toString();
        Files.writeString(dir.resolve("krb5.conf"), "[libdefaults]\n default_realm = " + REALM + "\n"
                + " dns_lookup_realm = false\n dns_lookup_kdc = false\n dns_canonicalize_hostname = false\n"
                + " rdns = false\n udp_preference_limit = 1\n"
                + "[realms]\n " + REALM + " = {\n  kdc = 127.0.0.1:" + kdcPort + "\n }\n"
                + "[domain_realm]\n localhost = " + REALM + "\n");
        Files.writeString(dir.resolve("kdc.conf"), "[kdcdefaults]\n kdc_listen = 127.0.0.1:" + kdcPort + "\n"
                + " kdc_tcp_listen = 127.0.0.1:" + kdcPort + "\n"
                + "[realms]\n " + REALM + " = {\n  database_name = " + d + "/principal\n  key_stash_file = " + d
                + "/stash\n  acl_file = " + d + "/kadm5.acl\n  kdc_listen = 127.0.0.1:" + kdcPort + "\n"
                + "  kdc_tcp_listen = 127.0.0.1:" + kdcPort + "\n"
                + "  supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal\n }\n"
                + "[logging]\n kdc = FILE:" + d + "/kdc.log\n");
        run("kdb5_util", "-P", "master-Pw-7e1", "-r", REALM, "create", "-s");
        run("kadmin.local", "-r", REALM, "-q", "addprinc -pw joe-Pw-5a joe");
        run("kadmin.local", "-r", REALM, "-q", "addprinc -randkey HTTP/localhost");
        run("kadmin.local", "-r", REALM, "-q", "ktadd -k " + d + "/http.keytab HTTP/localhost");
        kdc = SystemDaemon.start(List.of("/usr/bin/env", "KRB5_CONFIG=" + d + "/krb5.conf", "KRB5_KDC_PROFILE=" + d
                + "/kdc.conf", SystemDaemon.find("krb5kdc").get().toString(), "-n", "-P", d + "/kdc.pid"),
                dir.resolve("kdc.out"), Duration.ofSeconds(10), kdcPort);
        Files.createDirectories(dir.resolve("www/negotiate"));
        Files.writeString(dir.resolve("www/negotiate/a.txt"), "kerberos\n");
        Files.writeString(dir.resolve("httpd.conf"), "ServerRoot \"" + d + "\"\nServerName localhost\n"
                + "Listen 127.0.0.1:" + port + "\nPidFile " + d + "/httpd.pid\nErrorLog " + d + "/error.log\n"
                + ("root".equals(System.getProperty("user.name")) ? "User daemon\nGroup daemon\n" : "")
                + "LogFormat \"%r %>s %u\" statuses\nCustomLog " + d + "/access.log statuses\n"
                + Stream.of("mpm_event", "authn_core", "authz_core", "authz_user", "auth_gssapi")
                        .map(m -> "LoadModule " + m + "_module " + MODULES + "/mod_" + m + ".so\n")
                        .collect(Collectors.joining())
                + "DocumentRoot " + d + "/www\n<Directory " + d + "/www/negotiate>\n  AuthType GSSAPI\n"
                + "  AuthName \"kerberos\"\n  GssapiCredStore keytab:" + d + "/http.keytab\n"
                + "  GssapiAllowedMech krb5\n  Require valid-user\n</Directory>\n");
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.collect(Collectors.toList())) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x"
                        : "rw-r--r--"));
            }
        }
        apache = SystemDaemon.start(List.of("/usr/bin/env", "KRB5_CONFIG=" + d + "/krb5.conf",
                SystemDaemon.find("apache2").get().toString(), "-f", d + "/httpd.conf", "-DFOREGROUND"),
                dir.resolve("apache.out"), Duration.ofSeconds(10), port);
        // The JVM's Kerberos reads this file; Krb5LoginModule's refreshKrb5Config rereads it.
        System.setProperty("java.security.krb5.conf", d + "/krb5.conf");
    }

    private static void run(String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(command));
        line.set(0, SystemDaemon.find(command[0]).orElseThrow().toString());
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(dir.resolve("setup.log").toFile());
        builder.environment().putAll(Map.of("KRB5_CONFIG", dir + "/krb5.conf", "KRB5_KDC_PROFILE", dir + "/kdc.conf"));
        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " failed:\n" + Files.readString(dir.resolve("setup.log")));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty("java.security.krb5.conf");
        if (apache != null) {
            apache.close();
        }
        if (kdc != null) {
            kdc.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted((a, b) -> b.compareTo(a)).collect(Collectors.toList())) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** joe, logged in to the KDC by JAAS with his password. */
    static Subject login() throws Exception {
        Configuration config = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "com.sun.security.auth.module.Krb5LoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                        Map.of("refreshKrb5Config", "true", "useTicketCache", "false"))};
            }
        };
        LoginContext login = new LoginContext("inetkit-test", new Subject(), callbacks -> {
            for (var callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName("joe");
                } else if (callback instanceof PasswordCallback password) {
                    password.setPassword("joe-Pw-5a".toCharArray());
                }
            }
        }, config);
        login.login();
        return login.getSubject();
    }

    static int status(Internet internet) throws Exception {
        try (HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "localhost").port(port).build());
             HttpResponse response = http.send(HttpRequest.get("/negotiate/a.txt"))) {
            if (response.statusCode() == 200) {
                assertEquals("kerberos\n", new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
            }
            return response.statusCode();
        }
    }

    private static List<String> accessLog(int lines) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> all;
        do {
            all = Files.readAllLines(dir.resolve("access.log")).stream()
                    .map(l -> l.substring(l.indexOf(" HTTP/1.1 ") + 10)).collect(Collectors.toList());
            if (all.size() >= lines) {
                break;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return all;
    }

    @Test
    void answersNegotiateWithTheSubjectsTicketOnlyWhenAllowedAndAvailable() throws Exception {
        Subject joe = login();
        try (Internet allowed = Internet.newBuilder().readTimeout(Duration.ofSeconds(10))
                .authSchemes(AuthScheme.NEGOTIATE, AuthScheme.DIGEST, AuthScheme.BASIC).build();
             Internet defaults = Internet.newBuilder().readTimeout(Duration.ofSeconds(10)).build()) {
            assertEquals(200, (int) Subject.doAs(joe, (PrivilegedExceptionAction<Integer>) () -> status(allowed)));
            assertEquals(200, (int) Subject.doAs(joe, (PrivilegedExceptionAction<Integer>) () -> status(allowed)),
                    "a ticket for each call: Negotiate is never sent up front");
            // Not among the defaults: the server's 401 is the response, and nothing is sent.
            assertEquals(401, (int) Subject.doAs(joe, (PrivilegedExceptionAction<Integer>) () -> status(defaults)));
            // Allowed, but no Kerberos credentials on this thread: the 401 is the response.
            assertEquals(401, status(allowed));
        }
        assertEquals(List.of("401 -", "200 joe@" + REALM, "401 -", "200 joe@" + REALM, "401 -", "401 -"),
                accessLog(6));
    }

    static String get(Internet internet, TestHttpServer server) throws Exception {
        server.enqueue(TestResponse.ok("via squid"));
        try (HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "localhost")
                .port(server.port()).flags(server.isHttps() ? new ConnectFlag[] {ConnectFlag.SECURE}
                        : new ConnectFlag[0]).build());
             HttpResponse response = http.send(HttpRequest.newBuilder("/").expectSuccess().build())) {
            return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void answersAProxysNegotiateInAbsoluteFormAndOnConnectWithTheSubjectsTicket() throws Exception {
        Subject joe = login();
        Path squidDir = Files.createTempDirectory(dir, "squid-");
        try (Squid squid = Squid.startNegotiate(squidDir, dir.resolve("http.keytab"), "HTTP/localhost@" + REALM,
                dir.resolve("krb5.conf"));
             TestHttpServer plain = TestHttpServer.create();
             TestHttpServer tls = TestHttpServer.newBuilder().https().build()) {
            plain.start();
            tls.start();
            // The ticket is for the proxy's HTTP@localhost: the proxy is named as the KDC knows it.
            ProxyConfig proxy = ProxyConfig.http("localhost", squid.port()).withAuthSchemes(AuthScheme.NEGOTIATE);
            try (Internet internet = Internet.newBuilder().proxy(proxy).readTimeout(Duration.ofSeconds(10))
                    .sslContext(TestCertificate.localhost().clientContext()).build()) {
                for (TestHttpServer server : new TestHttpServer[] {plain, tls}) {
                    assertEquals("via squid", Subject.doAs(joe, (PrivilegedExceptionAction<String>) () ->
                            get(internet, server)), squid.logText());
                }
            }
            // Without Kerberos credentials on this thread nothing can answer: LOGIN_FAILURE naming the proxy.
            // Another Internet: squid takes a connection that answered Negotiate as logged in.
            try (Internet internet = Internet.newBuilder().proxy(proxy).readTimeout(Duration.ofSeconds(10))
                    .sslContext(TestCertificate.localhost().clientContext()).build()) {
                for (TestHttpServer server : new TestHttpServer[] {plain, tls}) {
                    InternetException e = assertThrows(InternetException.class, () -> get(internet, server));
                    assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.toString());
                    assertTrue(e.getMessage().startsWith("the HTTP proxy localhost:" + squid.port()), e.getMessage());
                }
            }
            assertFalse(squid.requests("GET http://localhost:" + plain.port() + "/", "joe@" + REALM).isEmpty(),
                    squid.logText());
            assertFalse(squid.requests("CONNECT localhost:" + tls.port(), "joe@" + REALM).isEmpty(), squid.logText());
            assertEquals(2, plain.requestCount() + tls.requestCount(), "the refused requests never reached the server");
        }
    }
}
