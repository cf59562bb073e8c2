package io.inetkit.testkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryServingTest {

    @TempDir Path dir;

    private final HttpClient client = HttpClient.newHttpClient();

    private TestHttpServer serving(Path root) throws Exception {
        TestHttpServer server = TestHttpServer.newBuilder().root(root).build();
        server.start();
        return server;
    }

    @Test
    void getsAFileWithLengthAndType() throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("page.html"), "<p>hi</p>");
        try (TestHttpServer server = serving(site)) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(server.url("/page.html")).build(),
                    BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("<p>hi</p>", response.body());
            assertEquals("9", response.headers().firstValue("Content-Length").orElseThrow());
            assertEquals("text/html", response.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("/page.html", server.takeRequest().path());
        }
    }

    @Test
    void headOfAFileGivesItsLengthAndNoBody() throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.write(site.resolve("data.bin"), new byte[1234]);
        try (TestHttpServer server = serving(site)) {
            RawHttp.Response head = RawHttp.exchange(server.address(), "HEAD /data.bin HTTP/1.1", "Host: x", "Connection: close");
            assertEquals(200, head.status());
            assertEquals("1234", head.headers().get("content-length"));
            assertEquals("", head.rawBody());
        }
    }

    @Test
    void missingFilesAndPathsOutsideTheRootAre404() throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(dir.resolve("secret.txt"), "outside");
        try (TestHttpServer server = serving(site)) {
            assertEquals(404, RawHttp.exchange(server.address(), "GET /nope.txt HTTP/1.1", "Host: x", "Connection: close").status());
            assertEquals(404, RawHttp.exchange(server.address(), "GET /../secret.txt HTTP/1.1", "Host: x", "Connection: close").status());
            assertEquals(404, RawHttp.exchange(server.address(), "GET /%2e%2e/secret.txt HTTP/1.1", "Host: x", "Connection: close").status());
        }
    }

    @Test
    void directoryListsItsEntriesAndOtherMethodsAre405() throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.createDirectories(site.resolve("sub"));
        Files.writeString(site.resolve("a.txt"), "a");
        try (TestHttpServer server = serving(site)) {
            assertEquals("a.txt\nsub/\n", client.send(HttpRequest.newBuilder(server.url("/")).build(), BodyHandlers.ofString()).body());
            RawHttp.Response delete = RawHttp.exchange(server.address(), "DELETE /a.txt HTTP/1.1", "Host: x", "Connection: close");
            assertEquals(405, delete.status());
            assertEquals("GET, HEAD", delete.headers().get("allow"));
        }
    }

    @Test
    void enqueuedResponsesTakePrecedenceOverFiles() throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("a.txt"), "file");
        try (TestHttpServer server = serving(site)) {
            server.enqueue(TestResponse.ok("scripted"));
            HttpRequest request = HttpRequest.newBuilder(server.url("/a.txt")).build();
            assertEquals("scripted", client.send(request, BodyHandlers.ofString()).body());
            assertEquals("file", client.send(request, BodyHandlers.ofString()).body());
        }
    }
}
