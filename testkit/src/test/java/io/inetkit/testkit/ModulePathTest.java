package io.inetkit.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * testkit from outside, in a child JVM: a consumer module that {@code requires io.inetkit.testkit}
 * with testkit and its dependencies (MINA's jars as automatic modules) on the module path and
 * nothing on the class path; and the same program on the plain class path.
 */
class ModulePathTest {

    private static final String MODULE_INFO = """
            module check.consumer {
                requires io.inetkit.testkit;
            }
            """;

    private static final String MAIN = """
            package check;

            import io.inetkit.testkit.ftp.TestFtpServer;
            import io.inetkit.testkit.http.TestHttpServer;
            import io.inetkit.testkit.http.TestResponse;
            import java.io.BufferedReader;
            import java.io.InputStreamReader;
            import java.net.Socket;
            import java.nio.charset.StandardCharsets;

            public class Main {
                public static void main(String[] args) throws Exception {
                    System.out.println("testkit module: " + TestFtpServer.class.getModule().getName());
                    System.out.println("MINA modules: " + ModuleLayer.boot().findModule("ftpserver.core").isPresent()
                            + " " + ModuleLayer.boot().findModule("mina.core").isPresent());
                    try (TestFtpServer ftp = TestFtpServer.create()) {
                        ftp.start();
                        try (Socket socket = new Socket(ftp.host(), ftp.port())) {
                            socket.setSoTimeout(10_000);
                            BufferedReader in = new BufferedReader(
                                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                            System.out.println("ftp greeting: " + in.readLine());
                        }
                    }
                    try (TestHttpServer http = TestHttpServer.create()) {
                        http.enqueue(TestResponse.ok("hi"));
                        http.start();
                        try (Socket socket = new Socket(http.host(), http.port())) {
                            socket.setSoTimeout(10_000);
                            socket.getOutputStream().write("GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n".getBytes(StandardCharsets.US_ASCII));
                            BufferedReader in = new BufferedReader(
                                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                            System.out.println("http status: " + in.readLine());
                        }
                    }
                }
            }
            """;

    private static final Path BIN = Path.of(System.getProperty("java.home"), "bin");

    @TempDir Path dir;

    @Test
    void consumerModuleRunsTheFtpAndHttpServersFromTheModulePath() throws Exception {
        String modulePath = dependencyPath();
        Path out = compile(true, "--module-path", modulePath);

        String output = run("--module-path", modulePath + File.pathSeparator + out, "-m", "check.consumer/check.Main");

        assertTrue(output.contains("testkit module: io.inetkit.testkit"), output);
        assertTrue(output.contains("MINA modules: true true"), output);
        assertTrue(output.contains("ftp greeting: 220 "), output);
        assertTrue(output.contains("http status: HTTP/1.1 200"), output);
    }

    @Test
    void plainClassPathProgramRunsTheSameServers() throws Exception {
        String classPath = dependencyPath();
        Path out = compile(false, "--class-path", classPath);

        String output = run("--class-path", classPath + File.pathSeparator + out, "check.Main");

        assertTrue(output.contains("testkit module: null"), output);  // the unnamed module
        assertTrue(output.contains("MINA modules: false false"), output);
        assertTrue(output.contains("ftp greeting: 220 "), output);
        assertTrue(output.contains("http status: HTTP/1.1 200"), output);
    }

    private Path compile(boolean asModule, String... pathOptions) throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("check"));
        Files.writeString(src.resolve("check/Main.java"), MAIN);
        List<String> command = new ArrayList<>(List.of(BIN.resolve("javac").toString(), "--release", "17"));
        command.addAll(List.of(pathOptions));
        command.addAll(List.of("-d", dir.resolve("out").toString(), src.resolve("check/Main.java").toString()));
        if (asModule) {
            Files.writeString(src.resolve("module-info.java"), MODULE_INFO);
            command.add(src.resolve("module-info.java").toString());
        }
        Process javac = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = readWithin(javac, 120);
        assertEquals(0, javac.exitValue(), () -> "javac failed:\n" + output);
        return dir.resolve("out");
    }

    private static String run(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(BIN.resolve("java").toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = readWithin(process, 60);
        assertEquals(0, process.exitValue(), () -> "child JVM failed:\n" + output);
        return output;
    }

    /** testkit's classes and the jars of its runtime dependencies, found from the test's own class path. */
    private static String dependencyPath() throws IOException {
        List<String> anchors = List.of(
                "io/inetkit/testkit/ftp/TestFtpServer.class",                 // io.inetkit.testkit (target/classes)
                "org/apache/ftpserver/FtpServer.class",                       // ftpserver.core
                "org/apache/ftpserver/ftplet/Ftplet.class",                   // ftplet.api
                "org/apache/mina/core/session/IoSession.class",               // mina.core
                "org/apache/sshd/server/SshServer.class",                     // org.apache.sshd.osgi
                "org/apache/sshd/sftp/server/SftpSubsystemFactory.class",     // org.apache.sshd.sftp
                "net/i2p/crypto/eddsa/EdDSAEngine.class",                     // net.i2p.crypto.eddsa
                "org/slf4j/LoggerFactory.class",                              // org.slf4j
                "org/junit/jupiter/api/Test.class",                           // org.junit.jupiter.api
                "org/opentest4j/AssertionFailedError.class",                  // org.opentest4j
                "org/junit/platform/commons/support/AnnotationSupport.class", // org.junit.platform.commons
                "org/apiguardian/api/API.class");                             // org.apiguardian.api
        List<String> entries = new ArrayList<>();
        for (String anchor : anchors) {
            URL url = ModulePathTest.class.getClassLoader().getResource(anchor);
            if (url == null) {
                throw new IOException(anchor + " is not on the test class path");
            }
            entries.add(location(url, anchor).toString());
        }
        return entries.stream().distinct().collect(Collectors.joining(File.pathSeparator));
    }

    /** The jar or directory a class file was found in. */
    private static Path location(URL url, String anchor) throws IOException {
        try {
            if (url.getProtocol().equals("jar")) {
                String spec = url.toString();
                return Path.of(new URI(spec.substring("jar:".length(), spec.indexOf("!/"))));
            }
            Path file = Path.of(url.toURI());
            return Path.of(file.toString().substring(0, file.toString().length() - anchor.length()));
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate " + url, e);
        }
    }

    private static String readWithin(Process process, int seconds) throws InterruptedException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                in.transferTo(output);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            reader.join(5_000);
            throw new AssertionError("child JVM did not finish within " + seconds + " s:\n"
                    + output.toString(StandardCharsets.UTF_8));
        }
        reader.join(10_000);
        return output.toString(StandardCharsets.UTF_8);
    }

}
