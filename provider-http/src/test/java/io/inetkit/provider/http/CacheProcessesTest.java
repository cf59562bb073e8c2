package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.http.CacheFlag;
import io.inetkit.http.CacheResult;
import io.inetkit.http.HttpCache;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.provider.http.cache.DiskStore;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The cache's folder under processes that die mid-write (SIGKILL) and processes that share it. */
class CacheProcessesTest {

    @StartStop final TestHttpServer server = TestHttpServer.create();

    @TempDir Path folder;

    private Process child(int port, List<String> targets) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CacheChild.class.getName(), folder.toString(),
                Integer.toString(port)));
        command.addAll(targets);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static byte[] body(int size, long seed) {
        byte[] body = new byte[size];
        new Random(seed).nextBytes(body);
        return body;
    }

    private static String sha(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aProcessKilledMidBodyLeavesNoEntryAndTheNextOneStoresItWhole() throws Exception {
        byte[] big = body(32 << 20, 1);
        server.enqueue(TestResponse.newBuilder().header("Cache-Control", "max-age=600").body(big)
                .throttle(256 * 1024, Duration.ofMillis(50)).build());
        Process child = child(server.port(), List.of("/big"));
        BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        // The child logs at DEBUG too (the test class path's Logback): skip to its word.
        for (String line = lines.readLine(); !"READING".equals(line); line = lines.readLine()) {
            assertTrue(line != null, "the child ended before reading a MiB");
        }
        child.destroyForcibly(); // SIGKILL: no finally, no shutdown hook
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));

        DiskStore store = DiskStore.open(folder, 1L << 30, Clock.systemUTC());
        assertNull(store.get(server.url("/big").toString()), "no entry from a killed writer");
        try (Internet internet = Internet.newBuilder().httpCache(HttpCache.onDisk(folder, 1L << 30)).build();
             HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1")
                     .port(server.port()).build())) {
            InternetException offline = assertThrows(InternetException.class,
                    () -> http.send(HttpRequest.newBuilder("/big").cacheFlags(CacheFlag.FROM_CACHE).build()));
            assertEquals(InternetError.ITEM_NOT_FOUND, offline.error());
            server.enqueue(TestResponse.newBuilder().header("Cache-Control", "max-age=600").body(big).build());
            assertEquals(sha(big), fetch(http, "/big", CacheResult.MISS));
            assertEquals(sha(big), fetch(http, "/big", CacheResult.HIT));
        }
        // What the killed process left is a temporary file, which a later scan removes once abandoned.
        try (var files = Files.list(store.root())) {
            assertEquals(3, files.count(), "the entry's two files and the killed writer's temporary one");
        }
    }

    private static String fetch(HttpSession http, String target, CacheResult expected) throws Exception {
        try (HttpResponse response = http.send(HttpRequest.get(target)); InputStream in = response.body()) {
            String sha = sha(in.readAllBytes());
            assertEquals(expected, response.cacheResult());
            return sha;
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void twoProcessesOnOneFolderEachGetWholeBodies() throws Exception {
        List<String> targets = new ArrayList<>();
        List<String> shas = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] body = body(200_000 + i * 1000, 100 + i);
            targets.add("/f" + i);
            shas.add(sha(body));
        }
        try (TestHttpServer files = TestHttpServer.newBuilder().dispatcher(request -> {
            int i = Integer.parseInt(request.path().substring(2));
            return TestResponse.newBuilder().header("Cache-Control", "max-age=600").body(body(200_000 + i * 1000, 100 + i))
                    .build();
        }).build()) {
            files.start();
            List<String> reversed = new ArrayList<>(targets);
            Collections.reverse(reversed);
            Process a = child(files.port(), targets);
            Process b = child(files.port(), reversed);
            for (Process child : List.of(a, b)) {
                String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(child.waitFor(60, TimeUnit.SECONDS), output);
                assertEquals(0, child.exitValue(), output);
                for (int i = 0; i < targets.size(); i++) {
                    assertTrue(output.contains(targets.get(i) + " ") && output.contains(shas.get(i)), output);
                }
            }
            try (Internet internet = Internet.newBuilder().httpCache(HttpCache.onDisk(folder, 1L << 30)).build();
                 HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1")
                         .port(files.port()).build())) {
                for (int i = 0; i < targets.size(); i++) {
                    assertEquals(shas.get(i), fetch(http, targets.get(i), CacheResult.HIT));
                }
            }
        }
    }
}
