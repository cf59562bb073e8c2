package io.inetkit.it.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.inetkit.testkit.daemon.SystemDaemon;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's {@code get -b} and {@code -c} beside real curl, on one real nginx that sets cookies
 * over a redirect and echoes the {@code Cookie} field it receives: each reads the other's cookie
 * file and sends the same field, and both write the same cookie lines. Skipped without nginx or
 * curl, except in CI.
 *
 * <p>The cookies have paths of their own, of different lengths, where the two differ: of two cookies
 * with paths of the same length, inetkit sends the older first, as RFC 6265bis says, and curl (7.88)
 * the newer first; and for a cookie without {@code Path} set from {@code /app/home} curl keeps
 * {@code /app/} where the RFC's default path is {@code /app}.
 */
class CookiesWithCurlTest {

    static Path dir;
    static SystemDaemon nginx;
    static int port;

    @TempDir Path local;

    @BeforeEach
    void needsNginxAndCurl() {
        SystemDaemon.require("nginx", "nginx");
        SystemDaemon.require("curl", "curl");
    }

    @BeforeAll
    static void startNginx() throws Exception {
        if (SystemDaemon.find("nginx").isEmpty()) {
            return;
        }
        dir = Files.createTempDirectory("inetkit-nginx-curl-");
        Files.createDirectories(dir.resolve("tmp"));
        String d = dir.toString();
        String echo = "return 200 \"cookie=$http_cookie\\n\";";
        for (int attempt = 1; ; attempt++) {
            port = SystemDaemon.freePort();
            Files.writeString(dir.resolve("nginx.conf"), ("root".equals(System.getProperty("user.name")) ? "user root;\n" : "")
                    + "worker_processes 1;\npid " + d + "/nginx.pid;\nerror_log " + d + "/error.log warn;\n"
                    + "events { worker_connections 64; }\n"
                    + "http {\n  access_log off;\n  default_type text/plain;\n"
                    + "  client_body_temp_path " + d + "/tmp/body;\n  proxy_temp_path " + d + "/tmp/proxy;\n"
                    + "  fastcgi_temp_path " + d + "/tmp/fastcgi;\n  uwsgi_temp_path " + d + "/tmp/uwsgi;\n"
                    + "  scgi_temp_path " + d + "/tmp/scgi;\n"
                    + "  server {\n    listen 127.0.0.1:" + port + ";\n"
                    + "    location = /login { add_header Set-Cookie \"SID=n1; Path=/; HttpOnly\" always;"
                    + " add_header Set-Cookie \"pref=dark; Path=/app/; Max-Age=86400\" always; return 302 /app/home; }\n"
                    + "    location = /app/home { add_header Set-Cookie \"home=h1; Path=/app\" always; " + echo + " }\n"
                    + "    location /app/ { " + echo + " }\n"
                    + "    location = /echo { " + echo + " }\n"
                    + "  }\n}\n");
            try {
                nginx = SystemDaemon.start(List.of(SystemDaemon.find("nginx").get().toString(), "-e", d + "/error.log",
                        "-p", d + "/", "-c", d + "/nginx.conf", "-g", "daemon off;"), dir.resolve("out.log"),
                        Duration.ofSeconds(10), port);
                return;
            } catch (IOException e) {
                if (attempt == 3) {
                    fail("nginx did not start: " + e.getMessage());
                }
            }
        }
    }

    @AfterAll
    static void stopNginx() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static String url(String path) {
        return "http://localhost:" + port + path;
    }

    static String inetkit(String... args) {
        ImageRun.Finished done = ImageRun.of(args).run(Duration.ofSeconds(30));
        assertEquals(0, done.status(), done.describe());
        return done.stdoutText();
    }

    static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-S", "--noproxy", "*"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("curl did not end: " + command);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), command + ": " + text);
        return text;
    }

    /** The cookie lines of a cookie file, sorted, each expiry other than 0 (a session's) as X. */
    static List<String> cookieLines(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .filter(l -> !l.isBlank() && (!l.startsWith("#") || l.startsWith("#HttpOnly_")))
                .map(l -> l.replaceFirst("^([^\t]*\t[^\t]*\t[^\t]*\t[^\t]*\t)[1-9][0-9]*\t", "$1X\t"))
                .sorted().toList();
    }

    @Test
    void inetkitSendsFromCurlsJarWhatCurlSends() throws Exception {
        Path jar = local.resolve("curl.jar");
        assertEquals("cookie=pref=dark; SID=n1\n", curl("-L", "-c", jar.toString(), url("/login")));
        String expected = "cookie=pref=dark; home=h1; SID=n1\n";
        assertEquals(expected, curl("-b", jar.toString(), url("/app/echo")));
        assertEquals(expected, inetkit("get", "-b", jar.toString(), url("/app/echo")));
        assertEquals("cookie=SID=n1\n", inetkit("get", "-b", jar.toString(), url("/echo")));
    }

    @Test
    void curlSendsFromInetkitsJarWhatInetkitSendsAndTheLinesAreCurls() throws Exception {
        Path ours = local.resolve("inetkit.jar");
        Path theirs = local.resolve("curl.jar");
        assertEquals("cookie=pref=dark; SID=n1\n", inetkit("get", "-L", "-c", ours.toString(), url("/login")));
        curl("-L", "-c", theirs.toString(), url("/login"));
        String expected = "cookie=pref=dark; home=h1; SID=n1\n";
        assertEquals(expected, curl("-b", ours.toString(), url("/app/echo")));
        assertEquals(expected, inetkit("get", "-b", ours.toString(), url("/app/echo")));
        List<String> lines = cookieLines(ours);
        assertEquals(List.of("#HttpOnly_localhost\tFALSE\t/\tFALSE\t0\tSID\tn1",
                "localhost\tFALSE\t/app\tFALSE\t0\thome\th1",
                "localhost\tFALSE\t/app/\tFALSE\tX\tpref\tdark"), lines);
        assertEquals(cookieLines(theirs), lines);
    }

    @Test
    void theStringFormSendsTheHeaderAsCurlDoes() throws Exception {
        String data = "a=1; b=2";
        assertEquals(curl("-b", data, url("/echo")), inetkit("get", "-b", data, url("/echo")));
        assertEquals("cookie=a=1; b=2\n", inetkit("get", "-b", data, url("/echo")));
    }

    @Test
    void withoutCookieOptionsNeitherKeepsACookieOverTheRedirect() throws Exception {
        String curls = curl("-L", url("/login"));
        assertEquals("cookie=\n", curls);
        assertEquals(curls, inetkit("get", "-L", url("/login")));
    }
}
