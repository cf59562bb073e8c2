package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.Service;
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
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cookies against a real nginx that sets them with {@code add_header Set-Cookie} and echoes the
 * {@code Cookie} field it received ({@code $http_cookie}) in the body: over redirects, paths and host
 * names, on the HTTP/1.1 engine and, over TLS, on HTTP/2 through {@code java.net.http}. Skipped
 * without nginx, except in CI.
 */
class NginxCookiesTest {

    static Path dir;
    static SystemDaemon nginx;
    static int port;
    static int tlsPort;

    @BeforeEach
    void needsNginx() {
        SystemDaemon.require("nginx", "nginx");
    }

    @BeforeAll
    static void startNginx() throws Exception {
        Optional<Path> binary = SystemDaemon.find("nginx");
        if (binary.isEmpty()) {
            return;
        }
        dir = Files.createTempDirectory("inetkit-nginx-cookies-");
        Files.createDirectories(dir.resolve("tmp"));
        Files.writeString(dir.resolve("key.pem"), TestCertificate.localhost().privateKeyPem());
        Files.writeString(dir.resolve("cert.pem"), TestCertificate.localhost().certificatePem());
        for (int attempt = 1; ; attempt++) {
            port = SystemDaemon.freePort();
            tlsPort = SystemDaemon.freePort();
            try {
                nginx = start(binary.get());
                return;
            } catch (IOException e) {
                if (attempt == 3) {
                    fail("nginx did not start: " + e.getMessage());
                }
            }
        }
    }

    /** The locations both servers have; {@code echo} answers with the Cookie field it got. */
    static String locations(String scheme, int at) {
        String echo = "return 200 \"cookie=$http_cookie\\n\";";
        return "    location = /login { add_header Set-Cookie \"SID=n1; Path=/; HttpOnly\" always; return 302 /app/home; }\n"
                + "    location = /app/home { add_header Set-Cookie \"home=h1\" always; " + echo + " }\n"
                + "    location /app/ { " + echo + " }\n"
                + "    location = /echo { " + echo + " }\n"
                + "    location = /cross { add_header Set-Cookie \"named=n2; Path=/\" always;"
                + " return 302 " + scheme + "://127.0.0.1:" + at + "/echo; }\n"
                + "    location = /logout { add_header Set-Cookie \"SID=; Max-Age=0; Path=/\" always; " + echo + " }\n"
                + "    location = /secure { add_header Set-Cookie \"__Host-s=x1; Secure; Path=/\" always;"
                + " add_header Set-Cookie \"lax=l1; SameSite=Lax; Path=/\" always; " + echo + " }\n";
    }

    private static SystemDaemon start(Path binary) throws Exception {
        String d = dir.toString();
        String root = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        Files.writeString(dir.resolve("nginx.conf"), root
                + "worker_processes 1;\n"
                + "pid " + d + "/nginx.pid;\n"
                + "error_log " + d + "/error.log warn;\n"
                + "events { worker_connections 64; }\n"
                + "http {\n"
                + "  access_log off;\n"
                + "  client_body_temp_path " + d + "/tmp/body;\n"
                + "  proxy_temp_path " + d + "/tmp/proxy;\n"
                + "  fastcgi_temp_path " + d + "/tmp/fastcgi;\n"
                + "  uwsgi_temp_path " + d + "/tmp/uwsgi;\n"
                + "  scgi_temp_path " + d + "/tmp/scgi;\n"
                + "  default_type text/plain;\n"
                + "  server {\n"
                + "    listen 127.0.0.1:" + port + ";\n"
                + locations("http", port)
                + "  }\n"
                + "  server {\n"
                + "    listen 127.0.0.1:" + tlsPort + " ssl http2;\n"
                + "    ssl_certificate " + d + "/cert.pem;\n"
                + "    ssl_certificate_key " + d + "/key.pem;\n"
                + locations("https", tlsPort)
                + "  }\n"
                + "}\n");
        return SystemDaemon.start(List.of(binary.toString(), "-e", d + "/error.log", "-p", d + "/", "-c",
                d + "/nginx.conf", "-g", "daemon off;"), dir.resolve("out.log"), Duration.ofSeconds(10), port, tlsPort);
    }

    @AfterAll
    static void stopNginx() throws Exception {
        if (nginx != null) {
            nginx.close();
            nginx = null;
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static String get(HttpSession http, String target, HttpVersion version) throws Exception {
        try (HttpResponse response = http.send(HttpRequest.newBuilder(target).version(version).build())) {
            assertEquals(200, response.statusCode(), target);
            assertEquals(version, response.version(), target);
            return new String(response.body().readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    static HttpSession plain(Internet internet, String host) throws Exception {
        return internet.connect(ConnectRequest.newBuilder(Service.HTTP, host).port(port).build());
    }

    @Test
    void aLoginsRedirectCarriesItsCookieAndPathsDecideWhatIsSent() throws Exception {
        try (Internet internet = Internet.create(); HttpSession http = plain(internet, "localhost")) {
            assertEquals("cookie=SID=n1", get(http, "/login", HttpVersion.HTTP_1_1));
            assertEquals("cookie=SID=n1", get(http, "/echo", HttpVersion.HTTP_1_1));
            // home= has the default path /app: sent below it, before the shorter path's SID.
            assertEquals("cookie=home=h1; SID=n1", get(http, "/app/page", HttpVersion.HTTP_1_1));
            assertEquals("cookie=SID=n1", get(http, "/logout", HttpVersion.HTTP_1_1)); // which deletes it
            assertEquals("cookie=", get(http, "/echo", HttpVersion.HTTP_1_1));
        }
    }

    @Test
    void aRedirectToAnotherHostNameTakesNoCookieAlong() throws Exception {
        try (Internet internet = Internet.create(); HttpSession named = plain(internet, "localhost");
             HttpSession ip = plain(internet, "127.0.0.1")) {
            assertEquals("cookie=SID=n1", get(ip, "/login", HttpVersion.HTTP_1_1));
            // localhost -> 127.0.0.1/echo: named= is localhost's, SID= is 127.0.0.1's own.
            assertEquals("cookie=SID=n1", get(named, "/cross", HttpVersion.HTTP_1_1));
            assertEquals("cookie=named=n2", get(named, "/echo", HttpVersion.HTTP_1_1));
        }
    }

    @Test
    void http2OnJavaNetHttpSendsTheStoresCookiesOnceAndSharesThemWithHttp11() throws Exception {
        try (Internet internet = Internet.newBuilder().sslContext(TestCertificate.localhost().clientContext()).build();
             HttpSession https = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "localhost").port(tlsPort)
                     .flags(ConnectFlag.SECURE).build())) {
            assertEquals("cookie=", get(https, "/secure", HttpVersion.HTTP_2));
            assertEquals("cookie=__Host-s=x1; lax=l1", get(https, "/echo", HttpVersion.HTTP_2));
            assertEquals("cookie=__Host-s=x1; lax=l1", get(https, "/echo", HttpVersion.HTTP_1_1));
            // The redirect's hop sends what its response set, after the older cookies of the same path.
            assertEquals("cookie=__Host-s=x1; lax=l1; SID=n1", get(https, "/login", HttpVersion.HTTP_2));
        }
    }

    @Test
    void aSecureCookieNeverGoesToPlainHttp() throws Exception {
        try (Internet internet = Internet.newBuilder().sslContext(TestCertificate.localhost().clientContext()).build();
             HttpSession https = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "localhost").port(tlsPort)
                     .flags(ConnectFlag.SECURE).build());
             HttpSession http = plain(internet, "localhost")) {
            get(https, "/secure", HttpVersion.HTTP_1_1);
            // Cookies do not isolate by port (RFC 6265bis): lax= goes to the plain server, __Host-s= does not.
            assertEquals("cookie=lax=l1", get(http, "/echo", HttpVersion.HTTP_1_1));
        }
    }
}
