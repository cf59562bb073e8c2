package io.inetkit.it.tls;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.inetkit.ConnectFlag;
import io.inetkit.Internet;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Session;
import io.inetkit.Trust;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpSession;
import io.inetkit.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

/**
 * The three ways a TLS connection is made in these tests: the library on the JDK that runs them, the
 * {@code inetkit} image, and a small application's own image of one provider.
 */
enum Clients {
    /** inetkit as a library, in this JVM. */
    LIBRARY,
    /** The {@code inetkit} command's image: {@code inetkit get}. */
    IMAGE,
    /** The image of a small application ({@code io.inetkit.it.fetch}) linked with one provider. */
    APP_IMAGE;

    /** The HTTP version a request asks for, as the command's option names it. */
    enum Version {
        /** None: HTTP/1.1. */
        DEFAULT(""),
        /** {@code --http1.1}. */
        HTTP_1_1("--http1.1"),
        /** {@code --http2}. */
        HTTP_2("--http2");

        final String option;

        Version(String option) {
            this.option = option;
        }
    }

    /** What to fetch and how. */
    record Request(String url, Path cacert, boolean startTls, Version version, int timeoutSeconds) {
        static Request of(String url, Path cacert) {
            return new Request(url, cacert, false, Version.DEFAULT, 5);
        }

        Request withStartTls() {
            return new Request(url, cacert, true, version, timeoutSeconds);
        }

        Request with(Version asked) {
            return new Request(url, cacert, startTls, asked, timeoutSeconds);
        }

        Request timeout(int seconds) {
            return new Request(url, cacert, startTls, version, seconds);
        }
    }

    /**
     * What came of it.
     *
     * @param error the WinINet name and code, such as {@code ERROR_INTERNET_INVALID_CA (12045)}, or empty
     * @param tls what each handshake agreed on, as {@link io.inetkit.TlsInfo#toString()}
     */
    record Outcome(String body, String error, String message, List<String> tls, Duration elapsed, String transcript) {
        boolean succeeded() {
            return error.isEmpty();
        }
    }

    private static final Pattern ERROR = Pattern.compile("^(?:inetkit|fetch): (\\S+ \\(\\d+\\)): (.*)$");
    private static final Path LAUNCHER = Path.of(System.getProperty("inetkit.it.image",
            "../../cli/target/inetkit/bin/inetkit"));
    private static final Path APP_IMAGES = Path.of(System.getProperty("inetkit.app.images", "target/app-images"));

    Outcome run(Request request) throws Exception {
        return switch (this) {
            case LIBRARY -> library(request);
            case IMAGE -> process(request, List.of(LAUNCHER.toString(), "get",
                    "-v", "--timeout", String.valueOf(request.timeoutSeconds())), "--ftp-ssl", "* TLS_HANDSHAKE_COMPLETE ");
            case APP_IMAGE -> process(request, List.of(appImage(request.url()).resolve("bin").resolve("fetch").toString(),
                    "-v", "--timeout", String.valueOf(request.timeoutSeconds())), "--start-tls", "tls: ");
        };
    }

    private static Outcome library(Request request) throws Exception {
        List<String> tls = Collections.synchronizedList(new ArrayList<>());
        Internet.Builder builder = Internet.newBuilder()
                .connectTimeout(Duration.ofSeconds(request.timeoutSeconds()))
                .readTimeout(Duration.ofSeconds(request.timeoutSeconds()))
                .statusListener(event -> {
                    if (event.status() == InternetStatus.TLS_HANDSHAKE_COMPLETE) {
                        tls.add(String.valueOf(event.info().orElse("")));
                    }
                });
        long start = System.nanoTime();
        try {
            if (request.cacert() != null) {
                builder.trust(Trust.pem(request.cacert()));
            }
            ConnectFlag[] flags = request.startTls() ? new ConnectFlag[] {ConnectFlag.START_TLS} : new ConnectFlag[0];
            URI uri = URI.create(request.url());
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try (Internet internet = builder.build()) {
                if (request.version() != Version.DEFAULT) {
                    HttpVersion version = request.version() == Version.HTTP_2 ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1;
                    try (Session session = internet.connectUrl(uri, flags);
                         InputStream in = ((HttpSession) session).send(HttpRequest.newBuilder(uri.getRawPath())
                                 .version(version).expectSuccess().build()).body()) {
                        in.transferTo(body);
                    }
                } else {
                    try (InputStream in = internet.openUrl(uri, flags)) {
                        in.transferTo(body);
                    }
                }
            }
            return new Outcome(body.toString(StandardCharsets.UTF_8), "", "", List.copyOf(tls), since(start), "");
        } catch (InternetException e) {
            return new Outcome("", e.error().winInetName() + " (" + e.error().code() + ")", e.getMessage(),
                    List.copyOf(tls), since(start), e.toString());
        }
    }

    private static Outcome process(Request request, List<String> base, String startTlsOption, String tlsPrefix)
            throws Exception {
        List<String> command = new ArrayList<>(base);
        if (request.cacert() != null) {
            command.addAll(List.of("--cacert", request.cacert().toString()));
        }
        if (request.startTls()) {
            command.add(startTlsOption);
        }
        if (request.version() != Version.DEFAULT) {
            command.add(request.version().option);
        }
        command.add(request.url());
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        if (!process.waitFor(request.timeoutSeconds() + 20L, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not end within its timeout and 20 s");
        }
        Duration elapsed = since(start);
        String stdout = new String(out.get(), StandardCharsets.UTF_8);
        String stderr = new String(err.get(), StandardCharsets.UTF_8);
        List<String> tls = stderr.lines().filter(l -> l.startsWith(tlsPrefix))
                .map(l -> l.contains("info=") ? l.substring(l.indexOf("info=") + 5) : l.substring(tlsPrefix.length()))
                .collect(Collectors.toList());
        String transcript = String.join(" ", command) + "\nexit " + process.exitValue() + "\nstderr:\n" + stderr;
        for (String line : stderr.lines().collect(Collectors.toList())) {
            Matcher m = ERROR.matcher(line);
            if (m.matches()) {
                assertTrue(process.exitValue() != 0, "an error line with exit 0: " + transcript);
                return new Outcome(stdout, m.group(1), m.group(2), tls, elapsed, transcript);
            }
        }
        if (process.exitValue() != 0) {
            fail("failed without an error line: " + transcript);
        }
        return new Outcome(stdout, "", "", tls, elapsed, transcript);
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return e.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The application image that holds the provider of the URL's scheme. */
    static Path appImage(String url) {
        String scheme = URI.create(url).getScheme();
        return APP_IMAGES.resolve(scheme.startsWith("ftp") ? "ftp" : scheme.startsWith("http") ? "http" : "gopher");
    }

    /**
     * Links the application into an image with one provider, as an application links its own: the
     * application's module and the provider's, named once; jlink finds the rest.
     *
     * @param provider {@code ftp}, {@code http} or {@code gopher}
     */
    static Path linkAppImage(String provider) throws IOException {
        Path output = APP_IMAGES.resolve(provider);
        if (Files.isDirectory(output)) {
            deleteRecursively(output);
        }
        Files.createDirectories(APP_IMAGES);
        Set<String> wanted = Set.of("io.inetkit.it.fetch", "io.inetkit", "io.inetkit.provider." + provider,
                "org.apache.commons.net", "org.slf4j");
        List<String> modulePath = new ArrayList<>();
        List<String> entries = new ArrayList<>(List.of(System.getProperty("inetkit.app.classes", "target/classes")));
        entries.addAll(List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)));
        for (String entry : entries) {
            Path path = Path.of(entry);
            if (!Files.exists(path)) {
                continue;
            }
            for (ModuleReference module : ModuleFinder.of(path).findAll()) {
                if (wanted.contains(module.descriptor().name()) && !modulePath.contains(entry)) {
                    modulePath.add(entry);
                }
            }
        }
        modulePath.add(Path.of(System.getProperty("java.home"), "jmods").toString());
        ToolProvider jlink = ToolProvider.findFirst("jlink").orElseThrow(() -> new IllegalStateException(
                "this JDK has no jlink"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        java.io.PrintStream print = new java.io.PrintStream(log, true, StandardCharsets.UTF_8);
        int status = jlink.run(print, print, "--module-path", String.join(java.io.File.pathSeparator, modulePath),
                "--add-modules", "io.inetkit.it.fetch,io.inetkit.provider." + provider,
                "--launcher", "fetch=io.inetkit.it.fetch/io.inetkit.it.fetch.Fetch",
                "--no-header-files", "--no-man-pages", "--output", output.toString());
        if (status != 0) {
            throw new IllegalStateException("jlink failed (" + status + ") with module path " + modulePath + ": "
                    + log.toString(StandardCharsets.UTF_8));
        }
        return output;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path path : files.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(path);
            }
        }
    }
}
