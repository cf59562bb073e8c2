package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import io.inetkit.testkit.SmallDisk;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache on a full disk: a tmpfs of 1 MiB mounted for the test (root with CAP_SYS_ADMIN, as on the
 * project's machines; skipped elsewhere). A body the disk cannot hold reaches the caller whole and
 * leaves nothing in the cache; a body that fits is stored.
 */
class CacheFullDiskTest {

    @StartStop final TestHttpServer server = TestHttpServer.create();

    @TempDir Path mountPoint;
    SmallDisk disk;

    @BeforeEach
    void mountATinyDisk() throws Exception {
        disk = SmallDisk.mount(mountPoint, "1m");
    }

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            disk.close();
        }
    }

    private static byte[] random(int size) {
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        return body;
    }

    @Test
    void aBodyLargerThanTheDiskIsDeliveredWholeAndNotStored() throws Exception {
        byte[] big = random(3 << 20);
        byte[] small = random(100_000);
        server.enqueue(TestResponse.newBuilder().header("Cache-Control", "max-age=600").body(big).build());
        server.enqueue(TestResponse.newBuilder().header("Cache-Control", "max-age=600").body(small).build());
        try (Internet internet = Internet.newBuilder().httpCache(HttpCache.onDisk(mountPoint, 1L << 30)).build();
             HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1")
                     .port(server.port()).build())) {
            try (HttpResponse response = http.send(HttpRequest.get("/big")); InputStream in = response.body()) {
                assertArrayEquals(big, in.readAllBytes(), "the disk filled: the caller still gets it all");
                assertEquals(CacheResult.MISS, response.cacheResult());
            }
            InternetException none = assertThrows(InternetException.class,
                    () -> http.send(HttpRequest.newBuilder("/big").cacheFlags(CacheFlag.FROM_CACHE).build()));
            assertEquals(InternetError.ITEM_NOT_FOUND, none.error());
            try (Stream<Path> files = Files.list(mountPoint.resolve("inetkit-http-1"))) {
                assertEquals(0, files.count(), "no partial entry, no temporary file left");
            }
            try (HttpResponse response = http.send(HttpRequest.get("/small")); InputStream in = response.body()) {
                in.readAllBytes();
            }
            try (HttpResponse response = http.send(HttpRequest.get("/small")); InputStream in = response.body()) {
                assertArrayEquals(small, in.readAllBytes());
                assertEquals(CacheResult.HIT, response.cacheResult(), "what fits is stored");
            }
        }
    }
}
