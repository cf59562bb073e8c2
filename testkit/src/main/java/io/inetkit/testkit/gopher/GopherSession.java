package io.inetkit.testkit.gopher;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers the one request of one connection, then hangs up (unless a raw reply says not to). */
final class GopherSession implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(GopherSession.class);
    private static final long MAX_DRAIN_BYTES = 64 * 1024;

    private final Socket socket;
    private final GopherConfig config;
    private final Routes routes;
    private final Optional<SelectorMapping> files;
    private final String host;
    private final int port;
    private final Consumer<GopherRequest> recorder;

    GopherSession(Socket socket, GopherConfig config, Routes routes, String host, int port,
            Consumer<GopherRequest> recorder) {
        this.socket = socket;
        this.config = config;
        this.routes = routes;
        this.files = config.root().map(SelectorMapping::new);
        this.host = host;
        this.port = port;
        this.recorder = recorder;
    }

    @Override
    public void run() {
        try {
            socket.setSoTimeout((int) Math.max(1, config.readTimeout().toMillis()));
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            Optional<String> line;
            try {
                line = RequestLineReader.read(in, config.maxRequestLineBytes());
            } catch (RequestLineReader.LineTooLongException e) {
                LOG.debug("{}: {}", socket.getRemoteSocketAddress(), e.getMessage());
                GopherWriter.menu(out, List.of(GopherItem.error("Request line too long.")), host, port);
                out.flush();
                hangUp(in);
                return;
            }
            if (line.isEmpty()) {
                return;
            }
            String selector = line.get().split("\t", 2)[0];
            GopherRequest request = GopherRequest.parse(line.get(), routes.search(selector).isPresent());
            LOG.debug("{}: request {}", socket.getRemoteSocketAddress(), request);
            recorder.accept(request);
            Optional<Routes.Raw> raw = routes.raw(selector);
            if (raw.isPresent()) {
                out.write(raw.get().bytes());
                out.flush();
                if (raw.get().keepOpen()) {
                    holdOpen(in);
                    return;
                }
            } else {
                answer(request, out);
                out.flush();
            }
            hangUp(in);
        } catch (SocketTimeoutException e) {
            LOG.debug("{}: no request within {}", socket.getRemoteSocketAddress(), config.readTimeout());
        } catch (IOException e) {
            LOG.debug("{}: connection ended: {}", socket.getRemoteSocketAddress(), e.toString());
        } finally {
            closeQuietly();
        }
    }

    private void answer(GopherRequest request, OutputStream out) throws IOException {
        boolean plus = request.gopherPlus().isPresent();
        Optional<SearchHandler> search = routes.search(request.selector());
        if (search.isPresent()) {
            answerSearch(request, search.get(), plus, out);
            return;
        }
        Optional<Path> path = files.flatMap(f -> f.resolve(request.selector()));
        if (path.isEmpty()) {
            notAvailable(request, plus, out);
            return;
        }
        SelectorMapping mapping = files.orElseThrow();
        String command = request.gopherPlus().orElse("");
        if (command.startsWith("!")) {
            GopherWriter.line(out, "+-1");
            out.write(attributes(mapping, path.get()).getBytes(StandardCharsets.UTF_8));
            GopherWriter.line(out, ".");
        } else if (command.startsWith("$")) {
            if (!Files.isDirectory(path.get())) {
                notAvailable(request, true, out);
                return;
            }
            GopherWriter.line(out, "+-1");
            for (Path entry : mapping.entries(path.get())) {
                out.write(attributes(mapping, entry).getBytes(StandardCharsets.UTF_8));
            }
            GopherWriter.line(out, ".");
        } else if (Files.isDirectory(path.get())) {
            if (plus) {
                GopherWriter.line(out, "+-1");
            }
            GopherWriter.menu(out, menu(mapping, path.get(), plus), host, port);
        } else {
            sendFile(path.get(), plus, out);
        }
    }

    private void answerSearch(GopherRequest request, SearchHandler handler, boolean plus, OutputStream out)
            throws IOException {
        List<GopherItem> items;
        try {
            items = handler.search(request.query().orElse(""));
        } catch (RuntimeException e) {
            LOG.warn("search handler for {} failed", request.selector(), e);
            if (plus) {
                error(out, 2, "Search failed: " + e);
            } else {
                GopherWriter.menu(out, List.of(GopherItem.error("Search failed.")), host, port);
            }
            return;
        }
        if (plus) {
            GopherWriter.line(out, "+-1");
            items = items.stream().map(i -> i.type() == 'i' || i.type() == '3' ? i : i.withGopherPlus()).toList();
        }
        GopherWriter.menu(out, items, host, port);
    }

    private List<GopherItem> menu(SelectorMapping mapping, Path directory, boolean plus) throws IOException {
        List<GopherItem> items = new ArrayList<>();
        if (directory.equals(config.root().orElseThrow().toAbsolutePath().normalize())) {
            config.banner().forEach(line -> items.add(GopherItem.info(line)));
        }
        for (Path entry : mapping.entries(directory)) {
            GopherItem item = mapping.itemOf(entry);
            items.add(plus || config.gopherPlusMenus() ? item.withGopherPlus() : item);
        }
        return items;
    }

    private String attributes(SelectorMapping mapping, Path path) throws IOException {
        GopherItem item = mapping.itemOf(path);
        return GopherPlusAttributes.of(item, path, config.adminName(), config.adminEmail(),
                routes.abstractOf(item.selector()), host, port);
    }

    private static void sendFile(Path file, boolean plus, OutputStream out) throws IOException {
        boolean text = FileKind.of(file).isText();
        if (plus) {
            GopherWriter.line(out, text ? "+-1" : "+" + Files.size(file));
        }
        try (InputStream content = Files.newInputStream(file)) {
            if (text) {
                GopherWriter.text(out, content);
            } else {
                content.transferTo(out);
            }
        }
    }

    private void notAvailable(GopherRequest request, boolean plus, OutputStream out) throws IOException {
        if (plus) {
            error(out, 1, "Item is not available: " + request.selector());
        } else {
            GopherWriter.menu(out, List.of(GopherItem.error("Item is not available: " + request.selector())),
                    host, port);
        }
    }

    /**
     * A Gopher+ error: {@code --1}, then the error code with the administrator to contact, then
     * the message, then a period.
     */
    private void error(OutputStream out, int code, String message) throws IOException {
        GopherWriter.line(out, "--1");
        GopherWriter.line(out, code + " " + config.adminName() + " <" + config.adminEmail() + ">");
        GopherWriter.line(out, message.replace('\r', ' ').replace('\n', ' '));
        GopherWriter.line(out, ".");
    }

    /**
     * Ends the reply with a FIN rather than a reset: a close with unread request bytes pending
     * would reset the connection and could discard the reply before the client reads it.
     */
    private void hangUp(InputStream in) throws IOException {
        if (socket instanceof SSLSocket) {
            return;
        }
        socket.shutdownOutput();
        socket.setSoTimeout((int) Math.min(1000, Math.max(1, config.readTimeout().toMillis())));
        try {
            byte[] discard = new byte[1024];
            long drained = 0;
            int n;
            // Drain until the client closes, the short timeout ends or it has sent too much to care.
            while (drained < MAX_DRAIN_BYTES && (n = in.read(discard)) != -1) {
                drained += n;
            }
        } catch (IOException e) {
            // the client went away or stayed; either way the reply is out
        }
    }

    /** Keeps the connection until the client closes it or the server stops. */
    private void holdOpen(InputStream in) throws IOException {
        socket.setSoTimeout(0);
        byte[] discard = new byte[1024];
        while (in.read(discard) != -1) {
            // a raw reply that never ends: ignore whatever the client sends
        }
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.trace("close failed", e);
        }
    }
}
