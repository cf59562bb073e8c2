package io.inetkit.it.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.inetkit.testkit.daemon.SystemDaemon;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's {@code get} with curl's request options (-H, -X, -d, --data-binary, -T, -I, -i, -L,
 * --max-redirs, -f, -w) beside real curl, the same command line on one real nginx: the same exit
 * status, the same bytes on standard output, the same bytes stored by nginx's WebDAV PUT. Where
 * inetkit refuses what curl sends (docs/curl-options.md), both outcomes are pinned. Skipped without
 * nginx or curl, except in CI.
 */
class RequestOptionsWithCurlTest {

    static Path dir;
    static SystemDaemon nginx;
    static int port;
    static int tlsPort;

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
        dir = Files.createTempDirectory("inetkit-nginx-request-");
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("www"));
        Files.createDirectories(dir.resolve("dav"));
        Files.writeString(dir.resolve("www").resolve("static.txt"), "static file\n");
        Files.writeString(dir.resolve("key.pem"), TestCertificate.localhost().privateKeyPem());
        Files.writeString(dir.resolve("cert.pem"), TestCertificate.localhost().certificatePem());
        String d = dir.toString();
        String echo = "return 200 \"$request_method type=$content_type length=$content_length accept=$http_accept"
                + " one=$http_x_one empty=[$http_x_empty] injected=$http_x_injected\\n\";";
        for (int attempt = 1; ; attempt++) {
            port = SystemDaemon.freePort();
            tlsPort = SystemDaemon.freePort();
            Files.writeString(dir.resolve("nginx.conf"), ("root".equals(System.getProperty("user.name")) ? "user root;\n" : "")
                    + "worker_processes 1;\npid " + d + "/nginx.pid;\nerror_log " + d + "/error.log warn;\n"
                    + "events { worker_connections 64; }\n"
                    + "http {\n  access_log off;\n  default_type text/plain;\n"
                    + "  client_body_temp_path " + d + "/tmp/body;\n  proxy_temp_path " + d + "/tmp/proxy;\n"
                    + "  fastcgi_temp_path " + d + "/tmp/fastcgi;\n  uwsgi_temp_path " + d + "/tmp/uwsgi;\n"
                    + "  scgi_temp_path " + d + "/tmp/scgi;\n"
                    + "  server {\n    listen 127.0.0.1:" + port + ";\n    root " + d + "/www;\n"
                    + "    listen 127.0.0.1:" + tlsPort + " ssl http2;\n"
                    + "    ssl_certificate " + d + "/cert.pem;\n    ssl_certificate_key " + d + "/key.pem;\n"
                    + "    location = /echo { " + echo + " }\n"
                    + "    location /dav/ { root " + d + "; dav_methods PUT; create_full_put_path on; }\n"
                    + "    location = /moved { return 302 /static.txt; }\n"
                    + "    location = /loop { return 302 /loop; }\n"
                    + "  }\n}\n");
            try {
                nginx = SystemDaemon.start(List.of(SystemDaemon.find("nginx").get().toString(), "-e", d + "/error.log",
                        "-p", d + "/", "-c", d + "/nginx.conf", "-g", "daemon off;"), dir.resolve("out.log"),
                        Duration.ofSeconds(10), port, tlsPort);
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
        return "http://127.0.0.1:" + port + path;
    }

    /** How a run ended: its status and what it wrote to standard output. */
    record Outcome(int status, String stdout, String stderr) {
    }

    static Outcome inetkit(String... args) {
        List<String> command = new ArrayList<>(List.of("get"));
        command.addAll(List.of(args));
        ImageRun.Finished done = ImageRun.of(command.toArray(String[]::new)).run(Duration.ofSeconds(30));
        return new Outcome(done.status(), new String(done.stdout(), StandardCharsets.ISO_8859_1), done.stderrText());
    }

    static Outcome curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-S", "--noproxy", "*"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("curl did not end: " + command);
        }
        return new Outcome(process.exitValue(), new String(out, StandardCharsets.ISO_8859_1),
                new String(err, StandardCharsets.UTF_8));
    }

    /** Both, on the same arguments, end with {@code status} and write the same bytes; those bytes. */
    static String same(int status, String... args) throws Exception {
        Outcome curl = curl(args);
        Outcome inetkit = inetkit(args);
        assertEquals(status, curl.status(), "curl " + List.of(args) + ": " + curl);
        assertEquals(status, inetkit.status(), "inetkit " + List.of(args) + ": " + inetkit);
        assertEquals(curl.stdout(), inetkit.stdout(), List.of(args).toString());
        return inetkit.stdout();
    }

    /** The head without its Date line, which two runs a second apart write differently. */
    static String withoutDate(String head) {
        return head.replaceAll("(?m)^Date: [^\r\n]*\r\n", "");
    }

    @Test
    void headersAndAFormAreSentAsCurlSendsThem() throws Exception {
        assertEquals("POST type=application/x-www-form-urlencoded length=7 accept= one=1 empty=[] injected=\n",
                same(0, "-H", "X-One: 1", "-H", "Accept:", "-H", "X-Empty;", "-d", "a=1", "-d", "b=2", url("/echo")));
        assertEquals("GET type= length= accept=*/* one= empty=[] injected=\n", same(0, url("/echo")));
        assertEquals("PROPFIND type=text/x length= accept=*/* one= empty=[] injected=\n",
                same(0, "-X", "PROPFIND", "-H", "Content-Type: text/x", url("/echo")));
    }

    @Test
    void uploadsStoreTheSameBytes() throws Exception {
        byte[] binary = new byte[300_000];
        new Random(3).nextBytes(binary);
        Path file = Files.write(local.resolve("up.bin"), binary);
        // -T to a folder: the file's name appended, and that URL the effective one.
        assertEquals("201 " + url("/dav/curl/up.bin"), curl("-T", file.toString(), "-w",
                "%{http_code} %{url_effective}", url("/dav/curl/")).stdout());
        assertEquals("201 " + url("/dav/inetkit/up.bin"), inetkit("-T", file.toString(), "-w",
                "%{http_code} %{url_effective}", url("/dav/inetkit/")).stdout());
        assertArrayEquals(binary, Files.readAllBytes(dir.resolve("dav/curl/up.bin")));
        assertArrayEquals(binary, Files.readAllBytes(dir.resolve("dav/inetkit/up.bin")));

        assertEquals("201", curl("--data-binary", "@" + file, "-X", "PUT", "-w", "%{http_code}",
                url("/dav/curl/binary")).stdout());
        assertEquals("201", inetkit("--data-binary", "@" + file, "-X", "PUT", "-w", "%{http_code}",
                url("/dav/inetkit/binary")).stdout());
        assertArrayEquals(binary, Files.readAllBytes(dir.resolve("dav/inetkit/binary")));

        Path form = Files.writeString(local.resolve("form.txt"), "a=1\r\nb=2\n");
        curl("-d", "@" + form, "-d", "c=3", "-X", "PUT", url("/dav/curl/form"));
        inetkit("-d", "@" + form, "-d", "c=3", "-X", "PUT", url("/dav/inetkit/form"));
        assertEquals("a=1b=2&c=3", Files.readString(dir.resolve("dav/curl/form")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("dav/curl/form")),
                Files.readAllBytes(dir.resolve("dav/inetkit/form")));
    }

    @Test
    void theHeadOfDashIAndDashSmallIIsCurls() throws Exception {
        Outcome curl = curl("-I", url("/static.txt"));
        Outcome inetkit = inetkit("-I", url("/static.txt"));
        assertEquals(0, inetkit.status(), inetkit.toString());
        assertTrue(curl.stdout().startsWith("HTTP/1.1 200 OK\r\nServer: nginx"), curl.stdout());
        assertEquals(withoutDate(curl.stdout()), withoutDate(inetkit.stdout()));
        Outcome curlI = curl("-i", url("/static.txt"));
        Outcome inetkitI = inetkit("-i", url("/static.txt"));
        assertTrue(curlI.stdout().endsWith("\r\n\r\nstatic file\n"), curlI.stdout());
        assertEquals(withoutDate(curlI.stdout()), withoutDate(inetkitI.stdout()));
    }

    @Test
    void theHeadOfAnHttp2ResponseIsCurls() throws Exception {
        String[] args = {"-i", "--http2", "--cacert", dir.resolve("cert.pem").toString(),
                "https://localhost:" + tlsPort + "/static.txt"};
        Outcome curl = curl(args);
        Outcome inetkit = inetkit(args);
        assertEquals(0, inetkit.status(), inetkit.toString());
        assertTrue(curl.stdout().startsWith("HTTP/2 200 \r\nserver: nginx"), curl.stdout());
        assertTrue(inetkit.stdout().startsWith("HTTP/2 200 \r\n"), inetkit.stdout());
        assertTrue(inetkit.stdout().endsWith("\r\n\r\nstatic file\n"), inetkit.stdout());
        // java.net.http, which speaks HTTP/2 here, keeps the fields by name, not in the order sent.
        assertEquals(fields(curl.stdout()), fields(inetkit.stdout()));
    }

    /** The header lines of a head, but Date, sorted. */
    static List<String> fields(String head) {
        return head.substring(0, head.indexOf("\r\n\r\n")).lines().skip(1)
                .filter(line -> !line.toLowerCase(java.util.Locale.ROOT).startsWith("date: ")).sorted().toList();
    }

    @Test
    void aRedirectIsTheResponseWithoutDashLAndFollowedWithIt() throws Exception {
        String format = "\n%{http_code} %{url_effective} %{size_download} %{content_type} %{exitcode}";
        String moved = same(0, "-w", format, url("/moved"));
        assertTrue(moved.endsWith("\n302 " + url("/moved") + " 145 text/html 0"), moved);
        assertEquals("static file\n\n200 " + url("/static.txt") + " 12 text/plain 0",
                same(0, "-L", "-w", format, url("/moved")));
    }

    @Test
    void tooManyRedirectsIs47() throws Exception {
        assertEquals("", same(47, "-L", "--max-redirs", "3", url("/loop")));
        assertTrue(inetkit("-L", "--max-redirs", "3", url("/loop")).stderr()
                .startsWith("inetkit: ERROR_HTTP_REDIRECT_FAILED (12156): "));
    }

    @Test
    void anErrorStatusIsTheOutputWithoutDashFAnd22WithIt() throws Exception {
        String page = same(0, "-w", "%{http_code}", url("/missing"));
        assertTrue(page.contains("404 Not Found") && page.endsWith("404"), page);
        assertEquals("", same(22, "-f", url("/missing")));
        assertEquals("404 22", same(22, "-f", "-w", "%{http_code} %{exitcode}", url("/missing")));
        Path curls = local.resolve("curl.html");
        Path ours = local.resolve("inetkit.html");
        assertEquals(0, curl(url("/missing"), "-o", curls.toString()).status());
        assertEquals(0, inetkit(url("/missing"), "-o", ours.toString()).status());
        assertArrayEquals(Files.readAllBytes(curls), Files.readAllBytes(ours));
    }

    @Test
    void writeOutAfterAFailureToConnect() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        assertEquals("000 7 http://127.0.0.1:" + closed + "/",
                same(7, "-w", "%{http_code} %{exitcode} %{url_effective}", "http://127.0.0.1:" + closed));
    }

    @Test
    void aFileToUploadThatCannotBeReadIs26ForBoth() throws Exception {
        String missing = local.resolve("not-here.bin").toString();
        assertEquals("", same(26, "-T", missing, url("/dav/missing")));
        assertFalse(Files.exists(dir.resolve("dav/missing")));
    }

    @Test
    void whereInetkitRefusesWhatCurlSends() throws Exception {
        String missing = "@" + local.resolve("not-here.txt");
        // curl posts an empty body for a -d @FILE it cannot read; inetkit sends nothing, status 26.
        assertEquals(new Outcome(0, "POST type=application/x-www-form-urlencoded length=0 accept=*/* one= empty=[]"
                + " injected=\n", ""), curl("-d", missing, url("/echo")));
        Outcome unread = inetkit("-d", missing, url("/echo"));
        assertEquals(26, unread.status(), unread.toString());
        assertTrue(unread.stderr().startsWith("inetkit: ERROR_FILE_NOT_FOUND (2): "), unread.toString());
        // curl sends a header's CR LF as it is, which carries another header; inetkit refuses it, status 2.
        String[] injection = {"-H", "X-One: 1\r\nX-Injected: 2", url("/echo")};
        assertTrue(curl(injection).stdout().contains("injected=2"));
        Outcome refused = inetkit(injection);
        assertEquals(2, refused.status(), refused.toString());
        assertEquals("", refused.stdout());
        assertTrue(refused.stderr().startsWith("inetkit: ERROR_INVALID_PARAMETER (87): -H: a header cannot hold CR"),
                refused.toString());
        // curl sends a method that is not one, and nginx answers 400; inetkit refuses it, status 2.
        String[] badMethod = {"-X", "GET /x HTTP/1.0", url("/echo")};
        assertTrue(curl(badMethod).stdout().contains("400 Bad Request"));
        Outcome bad = inetkit(badMethod);
        assertEquals(2, bad.status(), bad.toString());
        assertTrue(bad.stderr().startsWith("inetkit: ERROR_INVALID_PARAMETER (87): -X: "), bad.toString());
    }
}
