package io.inetkit.testkit.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Nginx} serves its folder with the directives given and logs each request. */
class NginxTest {

    @TempDir Path dir;

    @Test
    void itServesTheFolderWithTheGivenDirectivesAndLogsEachRequest() throws Exception {
        SystemDaemon.require("nginx", "nginx");
        try (Nginx nginx = Nginx.newBuilder().server("location /a/ { add_header X-Test yes; }").start(dir)) {
            Files.createDirectories(nginx.root().resolve("a"));
            Files.writeString(nginx.root().resolve("a/b.txt"), "served");
            HttpURLConnection connection = (HttpURLConnection) nginx.url("/a/b.txt").toURL().openConnection();
            try (InputStream in = connection.getInputStream()) {
                assertEquals("served", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertEquals("yes", connection.getHeaderField("X-Test"));
            assertEquals(-1, nginx.tlsPort());
            assertEquals(List.of("GET /a/b.txt HTTP/1.1 200"), nginx.requests("/a/b.txt", 1));
            assertTrue(nginx.requests("/nothing", 0).isEmpty());
        }
    }
}
