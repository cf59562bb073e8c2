package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.Service;
import io.inetkit.http.CacheResult;
import io.inetkit.http.HttpCache;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 32 sessions of one {@code Internet} on one URL at once, through the cache stage, while the server
 * changes the document: every response is one whole version, whatever the cache did.
 */
class HttpCacheConcurrencyTest {

    @TempDir Path folder;

    /** Version {@code v} of the document: its number, then bytes that depend on it. */
    static byte[] version(int v) {
        byte[] body = new byte[30_000 + v % 7 * 1000];
        byte[] head = (v + ":").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, body, 0, head.length);
        for (int i = head.length; i < body.length; i++) {
            body[i] = (byte) (v * 31 + i);
        }
        return body;
    }

    @Test
    void everyResponseIsAWholeVersion() throws Exception {
        AtomicInteger served = new AtomicInteger();
        try (TestHttpServer server = TestHttpServer.newBuilder().dispatcher(request -> {
            int v = served.incrementAndGet() / 10; // a new version every ten answers
            if (request.header("If-None-Match").filter(tag -> tag.equals("\"" + v + "\"")).isPresent()) {
                return TestResponse.newBuilder().status(304).header("ETag", "\"" + v + "\"").build();
            }
            return TestResponse.newBuilder().header("Cache-Control", "max-age=0").header("ETag", "\"" + v + "\"")
                    .body(version(v)).build();
        }).build();
             Internet internet = Internet.newBuilder().httpCache(HttpCache.onDisk(folder, 64 << 20)).build()) {
            server.start();
            ExecutorService pool = Executors.newFixedThreadPool(32);
            CountDownLatch start = new CountDownLatch(1);
            Map<CacheResult, AtomicInteger> results = new ConcurrentHashMap<>();
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 32; t++) {
                tasks.add(pool.submit(() -> {
                    start.await();
                    try (HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1")
                            .port(server.port()).build())) {
                        for (int i = 0; i < 20; i++) {
                            try (HttpResponse response = http.send(HttpRequest.get("/doc"));
                                 InputStream in = response.body()) {
                                byte[] body = in.readAllBytes();
                                String text = new String(body, 0, 8, StandardCharsets.US_ASCII);
                                int v = Integer.parseInt(text.substring(0, text.indexOf(':')));
                                assertArrayEquals(version(v), body, "a whole version " + v);
                                results.computeIfAbsent(response.cacheResult(), k -> new AtomicInteger())
                                        .incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> task : tasks) {
                task.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertEquals(640, results.values().stream().mapToInt(AtomicInteger::get).sum());
            assertTrue(results.containsKey(CacheResult.CONDITIONAL_HIT), results.toString());
        }
    }
}
