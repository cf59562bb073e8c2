package io.inetkit.it.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.daemon.Nginx;
import io.inetkit.testkit.daemon.SystemDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image's {@code get --segments N} and {@code get -Z -K FILE} against a real nginx. */
class ScaleTest {

    private static final int BIG = 24 * 1024 * 1024 + 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir static Path dir;
    static Nginx nginx;
    static byte[] big;

    @TempDir Path local;

    @BeforeEach
    void needsNginx() {
        SystemDaemon.require("nginx", "nginx");
    }

    @BeforeAll
    static void startNginx() throws Exception {
        if (SystemDaemon.find("nginx").isEmpty()) {
            return;
        }
        nginx = Nginx.newBuilder().start(dir);
        big = new byte[BIG];
        new Random(25).nextBytes(big);
        Files.write(nginx.root().resolve("big.bin"), big);
        for (int i = 0; i < 6; i++) {
            Files.writeString(nginx.root().resolve("f" + i + ".txt"), "file " + i + "\n");
        }
    }

    @AfterAll
    static void stopNginx() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
    }

    private static String url(String path) {
        return nginx.url(path).toString();
    }

    @Test
    void eightSegmentsFromNginxMakeTheFileByteForByte() throws Exception {
        Path file = local.resolve("big.bin");
        ImageRun.Finished get = ImageRun.of("get", "-s", "--segments", "8", url("/big.bin"), "-o", file.toString())
                .run(TIMEOUT);
        assertEquals(0, get.status(), get.stderrText());
        assertArrayEquals(big, Files.readAllBytes(file));
        List<String> requests = nginx.requests("/big.bin", 8);
        assertEquals(8, requests.stream().filter(line -> line.endsWith(" 206")).count(), requests.toString());
    }

    @Test
    void parallelUrlsFromAConfigFileAndTheCommandLineEachFailureOneLine() throws Exception {
        Path config = Files.writeString(local.resolve("urls.txt"), String.join("\n", "# from nginx",
                url("/f0.txt"), "url = \"" + url("/f1.txt") + "\"", url("/missing.txt"), url("/f2.txt"), ""));
        ImageRun.Finished get = ImageRun.of("get", "-Z", "--parallel-max", "3", "-f", "-O", "-K", config.toString(),
                url("/f3.txt"), "http://127.0.0.1:1/refused.txt", url("/f4.txt")).in(local).run(TIMEOUT);
        assertTrue(get.status() == 22 || get.status() == 7, get.status() + ": " + get.stderrText());
        List<String> lines = Arrays.asList(get.stderrText().split("\\R"));
        assertEquals(2, lines.size(), get.stderrText());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("inetkit: ERROR_INTERNET_EXTENDED_ERROR (12003): "
                + url("/missing.txt") + ": ") && l.contains("404")), get.stderrText());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("inetkit: ERROR_INTERNET_CANNOT_CONNECT (12029): "
                + "http://127.0.0.1:1/refused.txt: ")), get.stderrText());
        for (int i = 0; i < 5; i++) {
            assertEquals("file " + i + "\n", Files.readString(local.resolve("f" + i + ".txt")));
        }
        try (Stream<Path> files = Files.list(local)) {
            assertEquals(6, files.count(), "five files and urls.txt, no .part");
        }
    }
}
