package io.inetkit.testkit.daemon;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real web server for tests: Debian's {@code nginx} on free loopback ports, serving the folder
 * {@link #root()} over HTTP and, with {@link Builder#tls}, over TLS with HTTP/2, each request logged
 * as {@code "$request $status"} so that a test can prove what reached it.
 *
 * <pre>{@code
 * try (Nginx nginx = Nginx.newBuilder().server("location /fresh/ { expires 1h; }").start(tempDir)) {
 *     Files.writeString(nginx.root().resolve("fresh/a.txt"), "hello");
 *     ... nginx.url("/fresh/a.txt") ...
 *     assertEquals(List.of("GET /fresh/a.txt HTTP/1.1 200"), nginx.requests("/fresh/a.txt", 1));
 * }
 * }</pre>
 *
 * <p>Run as root, its workers stay root ({@code user root}), so they read what the test wrote.
 * Missing, the test is skipped locally and fails under {@code CI}.
 */
public final class Nginx implements AutoCloseable {

    private static final Duration START_WAIT = Duration.ofSeconds(10);

    private final SystemDaemon daemon;
    private final Path dir;
    private final int port;
    private final int tlsPort;

    private Nginx(SystemDaemon daemon, Path dir, int port, int tlsPort) {
        this.daemon = daemon;
        this.dir = dir;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    /** A builder for a plain server of static files. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** The loopback port of plain HTTP. */
    public int port() {
        return port;
    }

    /** The loopback port of TLS with HTTP/2, or -1 without {@link Builder#tls}. */
    public int tlsPort() {
        return tlsPort;
    }

    /** The folder it serves. */
    public Path root() {
        return dir.resolve("www");
    }

    /** The plain HTTP URL of a path on it, such as {@code http://127.0.0.1:8080/a.txt}. */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * The logged requests for {@code path}, {@code "GET /a.txt HTTP/1.1 200"}, once there are
     * {@code expected} of them or two seconds passed (nginx logs a request after its last byte),
     * and then any that came a tenth of a second later.
     */
    public List<String> requests(String path, int expected) throws IOException, InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (logged(path).size() < expected && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        Thread.sleep(100);
        return logged(path);
    }

    private List<String> logged(String path) throws IOException {
        Path log = dir.resolve("access.log");
        if (!Files.exists(log)) {
            return List.of();
        }
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(" " + path + " ")).toList();
    }

    @Override
    public void close() throws InterruptedException {
        daemon.close();
    }

    /** The settings of an {@link Nginx}. */
    public static final class Builder {
        private final List<String> http = new ArrayList<>();
        private final List<String> server = new ArrayList<>();
        private String certificatePem;
        private String privateKeyPem;

        private Builder() {
        }

        /** A directive of the {@code http} block, for both servers, such as {@code "gzip on;"}. */
        public Builder http(String directive) {
            http.add(directive);
            return this;
        }

        /** A directive of each {@code server} block, such as {@code "location /a/ { expires 1h; }"}. */
        public Builder server(String directive) {
            server.add(directive);
            return this;
        }

        /** A second server on its own port, TLS with HTTP/2, with this certificate and key (PEM). */
        public Builder tls(String certificatePem, String privateKeyPem) {
            this.certificatePem = certificatePem;
            this.privateKeyPem = privateKeyPem;
            return this;
        }

        /** Starts it, with its files (configuration, logs, the served folder {@code www}) in {@code dir}. */
        public Nginx start(Path dir) throws IOException, InterruptedException {
            Path nginx = SystemDaemon.require("nginx", "nginx");
            Files.createDirectories(dir.resolve("www"));
            Files.createDirectories(dir.resolve("tmp"));
            if (certificatePem != null) {
                Files.writeString(dir.resolve("cert.pem"), certificatePem);
                Files.writeString(dir.resolve("key.pem"), privateKeyPem);
            }
            IOException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = SystemDaemon.freePort();
                int tlsPort = certificatePem == null ? -1 : SystemDaemon.freePort();
                Files.writeString(dir.resolve("nginx.conf"), configuration(dir, port, tlsPort));
                try {
                    String d = dir.toString();
                    List<String> command = List.of(nginx.toString(), "-e", d + "/error.log", "-p", d + "/", "-c",
                            d + "/nginx.conf", "-g", "daemon off;");
                    SystemDaemon daemon = tlsPort < 0
                            ? SystemDaemon.start(command, dir.resolve("out.log"), START_WAIT, port)
                            : SystemDaemon.start(command, dir.resolve("out.log"), START_WAIT, port, tlsPort);
                    return new Nginx(daemon, dir, port, tlsPort);
                } catch (IOException e) {
                    last = e;
                }
            }
            throw last;
        }

        private String configuration(Path dir, int port, int tlsPort) {
            String d = dir.toString();
            String servers = String.join("\n    ", server);
            StringBuilder conf = new StringBuilder();
            if (ProxyLog.runsAsRoot()) {
                conf.append("user root;\n");
            }
            conf.append("worker_processes 1;\n")
                    .append("pid ").append(d).append("/nginx.pid;\n")
                    .append("error_log ").append(d).append("/error.log warn;\n")
                    .append("events { worker_connections 128; }\n")
                    .append("http {\n")
                    .append("  log_format requests '$request $status';\n")
                    .append("  access_log ").append(d).append("/access.log requests;\n")
                    .append("  client_body_temp_path ").append(d).append("/tmp/body;\n")
                    .append("  proxy_temp_path ").append(d).append("/tmp/proxy;\n")
                    .append("  fastcgi_temp_path ").append(d).append("/tmp/fastcgi;\n")
                    .append("  uwsgi_temp_path ").append(d).append("/tmp/uwsgi;\n")
                    .append("  scgi_temp_path ").append(d).append("/tmp/scgi;\n")
                    .append("  types { text/plain txt; text/html html; }\n");
            for (String directive : http) {
                conf.append("  ").append(directive).append('\n');
            }
            conf.append("  server {\n    listen 127.0.0.1:").append(port).append(";\n    root ").append(d)
                    .append("/www;\n    ").append(servers).append("\n  }\n");
            if (tlsPort >= 0) {
                conf.append("  server {\n    listen 127.0.0.1:").append(tlsPort).append(" ssl http2;\n")
                        .append("    ssl_certificate ").append(d).append("/cert.pem;\n")
                        .append("    ssl_certificate_key ").append(d).append("/key.pem;\n")
                        .append("    root ").append(d).append("/www;\n    ").append(servers).append("\n  }\n");
            }
            return conf.append("}\n").toString();
        }
    }
}
