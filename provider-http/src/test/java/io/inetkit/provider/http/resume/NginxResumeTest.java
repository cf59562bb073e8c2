package io.inetkit.provider.http.resume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.http.HttpGetOption;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpSession;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.daemon.Nginx;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A download from a real nginx cut in the middle by the fault proxy, then resumed. */
class NginxResumeTest {

    static final byte[] FILE = HttpResumeTest.bytes(3_000_000, 7);

    @TempDir
    Path dir;
    Nginx nginx;
    @StartStop
    final FaultProxy proxy = FaultProxy.to(() -> new java.net.InetSocketAddress("127.0.0.1", nginx.port()));
    final Internet internet = Internet.newBuilder().build();

    @BeforeEach
    void start() throws Exception {
        nginx = Nginx.newBuilder().start(dir.resolve("nginx"));
        Files.write(nginx.root().resolve("file.bin"), FILE);
        // An older time, so that a rewrite in the same second still changes the ETag.
        Files.setLastModifiedTime(nginx.root().resolve("file.bin"), FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
    }

    @AfterEach
    void stop() throws Exception {
        internet.close();
        if (nginx != null) {
            nginx.close();
        }
    }

    void get(Path file) throws InternetException {
        try (HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1")
                .port(proxy.port()).build())) {
            http.get(HttpRequest.get("/file.bin"), file, HttpGetOption.RESUME);
        }
    }

    Path cut() throws Exception {
        Path file = dir.resolve("file.bin");
        proxy.enqueue(Fault.cutAfter(Direction.DOWNSTREAM, 1_000_000));
        assertThrows(InternetException.class, () -> get(file));
        long kept = Files.size(file);
        assertTrue(kept > 0 && kept < FILE.length, "kept " + kept + " bytes");
        return file;
    }

    @Test
    void aCutDownloadResumesToTheSameBytes() throws Exception {
        Path file = cut();
        get(file);
        assertArrayEquals(FILE, Files.readAllBytes(file));
        List<String> requests = nginx.requests("/file.bin", 2);
        assertTrue(requests.get(requests.size() - 1).endsWith(" 206"), requests.toString());
    }

    @Test
    void aFileChangedOnTheServerStartsOver() throws Exception {
        Path file = cut();
        byte[] changed = HttpResumeTest.bytes(FILE.length, 8); // the same length: only the validator tells
        Files.write(nginx.root().resolve("file.bin"), changed);
        get(file);
        assertArrayEquals(changed, Files.readAllBytes(file));
        List<String> requests = nginx.requests("/file.bin", 2);
        assertTrue(requests.get(requests.size() - 1).endsWith(" 200"), requests.toString());
    }

    @Test
    void aCompleteFileIsLeftAsItIs() throws Exception {
        Path file = dir.resolve("file.bin");
        get(file);
        get(file);
        assertArrayEquals(FILE, Files.readAllBytes(file));
        List<String> requests = nginx.requests("/file.bin", 2);
        assertEquals(2, requests.size(), requests.toString());
        assertTrue(requests.get(1).endsWith(" 416"), requests.toString());
    }
}
