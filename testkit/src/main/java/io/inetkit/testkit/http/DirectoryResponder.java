package io.inetkit.testkit.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Serves the files under a directory for GET and HEAD, streamed from disk with a
 * {@code Content-Length}. A directory answers with its entries' names, one per line, a
 * subdirectory's with a trailing {@code /}.
 */
final class DirectoryResponder {

    private final Path root;

    DirectoryResponder(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    void respond(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        boolean head = method.equals("HEAD");
        if (!head && !method.equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            exchange.sendResponseHeaders(405, -1);
            exchange.close();
            return;
        }
        // The decoded path; "/../" cannot climb out because the result must stay under the root.
        Path file = root.resolve("." + exchange.getRequestURI().getPath()).normalize();
        if (!file.startsWith(root) || !Files.exists(file)) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        if (Files.isDirectory(file)) {
            byte[] listing = listing(file);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            send(exchange, head, listing.length, out -> out.write(listing));
        } else {
            String type = URLConnection.guessContentTypeFromName(file.getFileName().toString());
            exchange.getResponseHeaders().set("Content-Type", type != null ? type : "application/octet-stream");
            send(exchange, head, Files.size(file), out -> Files.copy(file, out));
        }
    }

    private interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private static void send(HttpExchange exchange, boolean head, long length, Body body) throws IOException {
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
            exchange.sendResponseHeaders(200, -1);
        } else {
            exchange.sendResponseHeaders(200, length == 0 ? -1 : length);
            if (length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    body.writeTo(out);
                }
            }
        }
        exchange.close();
    }

    private static byte[] listing(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            String text = entries.sorted()
                    .map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : ""))
                    .collect(Collectors.joining("\n", "", "\n"));
            return (text.equals("\n") ? "" : text).getBytes(StandardCharsets.UTF_8);
        }
    }
}
