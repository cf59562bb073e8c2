package io.inetkit.provider.http.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.Service;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.testkit.daemon.SystemDaemon;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Load: 10,000 HTTP requests over 50 concurrent sessions of one {@link Internet} against a real
 * nginx, with zero errors, every body intact, and a heap (after collection) no larger at the end
 * than after the first round. Tagged {@code load}: {@code ./mvnw -B verify -Pload -pl provider-http -am}.
 */
@Tag("load")
class HttpLoadTest {

    static final int SESSIONS = 50;
    static final int REQUESTS = 10_000;

    @Test
    void tenThousandRequestsOverFiftySessionsWithoutAnError() throws Exception {
        Path binary = SystemDaemon.require("nginx", "nginx");
        Path dir = Files.createTempDirectory("inetkit-load-nginx-");
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.createDirectories(dir.resolve("tmp"));
        byte[] page = new byte[4096];
        new java.util.Random(1).nextBytes(page);
        Files.write(www.resolve("page.bin"), page);
        int port = SystemDaemon.freePort();
        String d = dir.toString();
        String root = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        Files.writeString(dir.resolve("nginx.conf"), root + "worker_processes 1;\npid " + d + "/nginx.pid;\n"
                + "error_log " + d + "/error.log warn;\nevents { worker_connections 512; }\nhttp {\n"
                + "  access_log off;\n  client_body_temp_path " + d + "/tmp/body;\n  proxy_temp_path " + d
                + "/tmp/proxy;\n  fastcgi_temp_path " + d + "/tmp/fastcgi;\n  uwsgi_temp_path " + d + "/tmp/uwsgi;\n"
                + "  scgi_temp_path " + d + "/tmp/scgi;\n  keepalive_requests 100000;\n"
                + "  server { listen 127.0.0.1:" + port + "; root " + d + "/www; }\n}\n");
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        List<Long> heaps = new ArrayList<>();
        try (SystemDaemon nginx = SystemDaemon.start(List.of(binary.toString(), "-e", d + "/error.log", "-p", d + "/",
                "-c", d + "/nginx.conf", "-g", "daemon off;"), dir.resolve("out.log"), Duration.ofSeconds(10), port);
             Internet internet = Internet.newBuilder().readTimeout(Duration.ofSeconds(30)).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
            int rounds = 4;
            for (int round = 0; round < rounds; round++) {
                List<Future<?>> futures = new ArrayList<>();
                for (int s = 0; s < SESSIONS; s++) {
                    futures.add(pool.submit(() -> {
                        try (HttpSession session = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1")
                                .port(port).build())) {
                            for (int i = 0; i < REQUESTS / SESSIONS / rounds; i++) {
                                try (HttpResponse response = session.send(HttpRequest.get("/page.bin"));
                                     InputStream in = response.body()) {
                                    byte[] got = in.readAllBytes();
                                    if (response.statusCode() != 200 || !java.util.Arrays.equals(page, got)) {
                                        errors.incrementAndGet();
                                    }
                                } catch (IOException e) {
                                    errors.incrementAndGet();
                                }
                                done.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get(5, TimeUnit.MINUTES);
                }
                heaps.add(usedAfterGc());
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        assertEquals(REQUESTS, done.get());
        assertEquals(0, errors.get(), "errors");
        long growth = heaps.get(heaps.size() - 1) - heaps.get(0);
        System.out.println("HttpLoadTest heap after each round of 2,500 requests: " + heaps);
        if (growth > 16L * 1024 * 1024) {
            fail("the heap grew by " + growth + " bytes from the first round to the last: " + heaps);
        }
    }

    static long usedAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

}
