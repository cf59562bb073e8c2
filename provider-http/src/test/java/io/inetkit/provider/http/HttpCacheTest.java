package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.RetryPolicy;
import io.inetkit.Service;
import io.inetkit.StatusEvent;
import io.inetkit.http.CacheFlag;
import io.inetkit.http.CacheResult;
import io.inetkit.http.HttpCache;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.http.RecordedRequest;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache stage against the in-process server, with scripted caching headers: what reaches the server. */
class HttpCacheTest {

    @StartStop final TestHttpServer server = TestHttpServer.create();

    @TempDir Path folder;

    final List<StatusEvent> events = new CopyOnWriteArrayList<>();
    Internet internet;
    HttpSession http;

    @BeforeEach
    void connect() throws Exception {
        internet = Internet.newBuilder().readTimeout(Duration.ofSeconds(5)).retries(RetryPolicy.none())
                .httpCache(HttpCache.onDisk(folder, 1 << 20)).statusListener(events::add).build();
        http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1").port(server.port()).build());
    }

    @AfterEach
    void close() {
        internet.close();
    }

    private record Got(CacheResult result, int status, String body) {
    }

    private Got get(String target, CacheFlag... flags) throws IOException {
        return send(HttpRequest.newBuilder(target).cacheFlags(flags).build());
    }

    private Got send(HttpRequest request) throws IOException {
        try (HttpResponse response = http.send(request); InputStream in = response.body()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Got(response.cacheResult(), response.statusCode(), body);
        }
    }

    private static TestResponse ok(String body, String... headers) {
        TestResponse.Builder builder = TestResponse.newBuilder().body(body);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder.build();
    }

    @Test
    void aFreshResponseIsServedWithoutTheServer() throws Exception {
        server.enqueue(ok("v1", "Cache-Control", "max-age=60"));
        assertEquals(new Got(CacheResult.MISS, 200, "v1"), get("/a"));
        assertEquals(new Got(CacheResult.HIT, 200, "v1"), get("/a"));
        assertEquals(1, server.requestCount());
        assertEquals(List.of(CacheResult.MISS, CacheResult.HIT), events.stream()
                .filter(e -> e.status() == InternetStatus.CACHE_RESULT).map(e -> e.info(CacheResult.class).orElseThrow()).toList());
    }

    @Test
    void aStaleResponseIsRevalidatedAnd304ServesTheStoredBody() throws Exception {
        server.enqueue(ok("body", "Cache-Control", "no-cache", "ETag", "\"e1\""));
        server.enqueue(TestResponse.newBuilder().status(304).header("ETag", "\"e1\"").build());
        assertEquals(new Got(CacheResult.MISS, 200, "body"), get("/b"));
        assertEquals(new Got(CacheResult.CONDITIONAL_HIT, 200, "body"), get("/b"));
        server.takeRequest();
        RecordedRequest revalidation = server.takeRequest();
        assertEquals("\"e1\"", revalidation.header("If-None-Match").orElseThrow());
    }

    @Test
    void aChangedResponseReplacesTheStoredOne() throws Exception {
        server.enqueue(ok("old", "Cache-Control", "max-age=0", "ETag", "\"1\""));
        server.enqueue(ok("new", "Cache-Control", "max-age=60", "ETag", "\"2\""));
        get("/c");
        assertEquals(new Got(CacheResult.CONDITIONAL_MISS, 200, "new"), get("/c"));
        assertEquals(new Got(CacheResult.HIT, 200, "new"), get("/c"));
        assertEquals(2, server.requestCount());
    }

    @Test
    void fromCacheNeverTouchesTheNetworkAndAMissIsItemNotFound() throws Exception {
        InternetException missing = assertThrows(InternetException.class, () -> get("/d", CacheFlag.FROM_CACHE));
        assertEquals(InternetError.ITEM_NOT_FOUND, missing.error());
        server.enqueue(ok("stale", "Cache-Control", "max-age=0"));
        get("/d");
        assertEquals(new Got(CacheResult.HIT, 200, "stale"), get("/d", CacheFlag.FROM_CACHE), "offline takes it stale");
        assertEquals(1, server.requestCount());
    }

    @Test
    void reloadGoesToTheServerAndNoCacheWriteStoresNothing() throws Exception {
        server.enqueue(ok("one", "Cache-Control", "max-age=60"));
        server.enqueue(ok("two", "Cache-Control", "max-age=60"));
        server.enqueue(ok("three", "Cache-Control", "max-age=60"));
        get("/e");
        assertEquals(new Got(CacheResult.MISS, 200, "two"), get("/e", CacheFlag.RELOAD));
        assertEquals(new Got(CacheResult.HIT, 200, "two"), get("/e"), "a reload replaces the entry");
        get("/f", CacheFlag.NO_CACHE_WRITE);
        assertThrows(InternetException.class, () -> get("/f", CacheFlag.FROM_CACHE));
    }

    @Test
    void resynchronizeRevalidatesAFreshEntry() throws Exception {
        server.enqueue(ok("x", "Cache-Control", "max-age=600", "Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT"));
        server.enqueue(TestResponse.newBuilder().status(304).build());
        get("/g");
        assertEquals(new Got(CacheResult.CONDITIONAL_HIT, 200, "x"), get("/g", CacheFlag.RESYNCHRONIZE));
        server.takeRequest();
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", server.takeRequest().header("If-Modified-Since").orElseThrow());
    }

    @Test
    void pragmaNoCacheAsksTheServerAndAProxy() throws Exception {
        server.enqueue(ok("p", "Cache-Control", "max-age=600", "ETag", "\"p\""));
        server.enqueue(TestResponse.newBuilder().status(304).build());
        get("/h");
        assertEquals(CacheResult.CONDITIONAL_HIT, get("/h", CacheFlag.PRAGMA_NOCACHE).result());
        server.takeRequest();
        RecordedRequest second = server.takeRequest();
        assertEquals("no-cache", second.header("Pragma").orElseThrow());
    }

    @Test
    void cacheIfNetFailServesTheStaleEntryWhenTheServerIsGone() throws Exception {
        server.enqueue(ok("kept", "Cache-Control", "max-age=0"));
        get("/i");
        server.close();
        assertEquals(new Got(CacheResult.STALE_ON_ERROR, 200, "kept"), get("/i", CacheFlag.CACHE_IF_NET_FAIL));
        assertThrows(InternetException.class, () -> get("/i"));
    }

    @Test
    void anUnsafeMethodDropsTheEntry() throws Exception {
        server.enqueue(ok("doc", "Cache-Control", "max-age=600"));
        server.enqueue(ok("posted"));
        server.enqueue(ok("doc2", "Cache-Control", "max-age=600"));
        get("/j");
        send(HttpRequest.newBuilder("/j").method("POST").build());
        assertEquals(new Got(CacheResult.MISS, 200, "doc2"), get("/j"));
    }

    @Test
    void aVaryMismatchIsAMiss() throws Exception {
        server.enqueue(ok("en", "Cache-Control", "max-age=600", "Vary", "Accept-Language"));
        server.enqueue(ok("fr", "Cache-Control", "max-age=600", "Vary", "Accept-Language"));
        send(HttpRequest.newBuilder("/k").header("Accept-Language", "en").build());
        assertEquals(CacheResult.HIT, send(HttpRequest.newBuilder("/k").header("Accept-Language", "en").build()).result());
        assertEquals(new Got(CacheResult.MISS, 200, "fr"),
                send(HttpRequest.newBuilder("/k").header("Accept-Language", "fr").build()));
    }

    @Test
    void aBodyClosedEarlyIsNotStored() throws Exception {
        server.enqueue(ok("x".repeat(100_000), "Cache-Control", "max-age=600"));
        server.enqueue(ok("whole", "Cache-Control", "max-age=600"));
        try (HttpResponse response = http.send(HttpRequest.get("/l"))) {
            assertEquals(10, response.body().readNBytes(10).length);
        }
        assertEquals(new Got(CacheResult.MISS, 200, "whole"), get("/l"));
    }

    @Test
    void aFolderTheCacheCannotUseLeavesItOutAndRequestsGoToTheServer() throws Exception {
        Path notAFolder = java.nio.file.Files.writeString(folder.resolve("a-file"), "in the way");
        try (Internet other = Internet.newBuilder().readTimeout(Duration.ofSeconds(5)).retries(RetryPolicy.none())
                .httpCache(HttpCache.onDisk(notAFolder, 1 << 20)).build();
             HttpSession session = other.connect(ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1")
                     .port(server.port()).build())) {
            server.enqueue(ok("from the server", "Cache-Control", "max-age=600"));
            try (HttpResponse response = session.send(HttpRequest.get("/n")); InputStream in = response.body()) {
                assertEquals("from the server", new String(in.readAllBytes(), StandardCharsets.UTF_8));
                assertEquals(CacheResult.BYPASS, response.cacheResult());
            }
            InternetException offline = assertThrows(InternetException.class,
                    () -> session.send(HttpRequest.newBuilder("/n").cacheFlags(CacheFlag.FROM_CACHE).build()));
            assertEquals(InternetError.ITEM_NOT_FOUND, offline.error());
            assertTrue(offline.getMessage().contains("there is no cache"), offline.getMessage());
        }
    }

    @Test
    void noStoreIsNeverStored() throws Exception {
        server.enqueue(ok("secret", "Cache-Control", "no-store"));
        server.enqueue(ok("secret2", "Cache-Control", "no-store"));
        get("/m");
        assertEquals(CacheResult.MISS, get("/m").result());
        assertFalse(folder.resolve("inetkit-http-1").toFile().list().length > 0, "nothing on disk");
        assertTrue(server.requestCount() == 2);
    }

    @Test
    void anImmutableResponseIsServedThroughAReloadAndResynchronizeButNotANoCacheRequest() throws Exception {
        server.enqueue(ok("fixed", "Cache-Control", "max-age=600, immutable", "ETag", "\"i1\""));
        get("/im");
        HttpRequest reload = HttpRequest.newBuilder("/im").header("Cache-Control", "max-age=0").build();
        assertEquals(new Got(CacheResult.HIT, 200, "fixed"), send(reload));
        assertEquals(new Got(CacheResult.HIT, 200, "fixed"), get("/im", CacheFlag.RESYNCHRONIZE));
        assertEquals(1, server.requestCount());
        server.enqueue(TestResponse.newBuilder().status(304).header("ETag", "\"i1\"").build());
        HttpRequest forced = HttpRequest.newBuilder("/im").header("Cache-Control", "no-cache").build();
        assertEquals(new Got(CacheResult.CONDITIONAL_HIT, 200, "fixed"), send(forced));
        server.takeRequest();
        assertEquals("\"i1\"", server.takeRequest().header("If-None-Match").orElseThrow());
    }

    @Test
    void aHeadIsAnsweredFromAFreshStoredGetAndOtherwiseByTheServer() throws Exception {
        InternetException offline = assertThrows(InternetException.class, () -> send(HttpRequest.newBuilder("/h")
                .method("HEAD").cacheFlags(CacheFlag.FROM_CACHE).build()));
        assertEquals(InternetError.ITEM_NOT_FOUND, offline.error());
        server.enqueue(TestResponse.newBuilder().status(200).header("Cache-Control", "max-age=600")
                .header("X-Probe", "head").build());
        assertEquals(new Got(CacheResult.BYPASS, 200, ""), send(HttpRequest.newBuilder("/h").method("HEAD").build()));
        assertEquals("HEAD", server.takeRequest().method());
        server.enqueue(ok("the body", "Cache-Control", "max-age=600", "X-Probe", "get"));
        get("/h");
        server.takeRequest();
        try (HttpResponse response = http.send(HttpRequest.newBuilder("/h").method("HEAD").build())) {
            assertEquals(CacheResult.HIT, response.cacheResult());
            assertEquals("get", response.headers().firstValue("X-Probe").orElseThrow());
            assertEquals(8, response.headers().firstValueAsLong("Content-Length").orElseThrow());
            assertEquals(0, response.body().readAllBytes().length);
        }
        assertEquals(2, server.requestCount(), "the second HEAD reached no server");
    }

    @Test
    void withinStaleWhileRevalidateTheStaleResponseIsServedAndRevalidatedInTheBackground() throws Exception {
        server.enqueue(ok("v1", "Cache-Control", "max-age=1, stale-while-revalidate=600", "ETag", "\"s1\""));
        assertEquals(new Got(CacheResult.MISS, 200, "v1"), get("/swr"));
        server.takeRequest();
        Thread.sleep(1_100); // stale now, by its own max-age
        server.enqueue(TestResponse.newBuilder().status(304).header("ETag", "\"s1\"")
                .header("Cache-Control", "max-age=600").build());
        assertEquals(new Got(CacheResult.STALE_WHILE_REVALIDATE, 200, "v1"), get("/swr"));
        RecordedRequest revalidation = server.takeRequest();
        assertEquals("\"s1\"", revalidation.header("If-None-Match").orElseThrow());
        Got later = null;
        for (long end = System.nanoTime() + 5_000_000_000L; System.nanoTime() - end < 0; Thread.sleep(20)) {
            later = get("/swr");
            if (later.result() == CacheResult.HIT) {
                break;
            }
        }
        assertEquals(new Got(CacheResult.HIT, 200, "v1"), later, "the 304's max-age=600 was merged");
        assertEquals(2, server.requestCount(), "one revalidation, however many requests came meanwhile");
    }

    @Test
    void staleWhileRevalidateDoesNotApplyWhenTheResponseMustRevalidate() throws Exception {
        server.enqueue(ok("v1", "Cache-Control", "max-age=1, stale-while-revalidate=600, must-revalidate",
                "ETag", "\"m1\""));
        get("/mr");
        Thread.sleep(1_100);
        server.enqueue(TestResponse.newBuilder().status(304).header("ETag", "\"m1\"").build());
        assertEquals(new Got(CacheResult.CONDITIONAL_HIT, 200, "v1"), get("/mr"));
    }
}
