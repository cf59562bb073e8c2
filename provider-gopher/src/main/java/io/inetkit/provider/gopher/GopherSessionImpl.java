package io.inetkit.provider.gopher;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import io.inetkit.gopher.GopherAttributes;
import io.inetkit.gopher.GopherItem;
import io.inetkit.gopher.GopherItemType;
import io.inetkit.gopher.GopherSession;
import io.inetkit.spi.AbstractSession;
import io.inetkit.toolbox.FileSink;
import io.inetkit.spi.PartFile;
import io.inetkit.spi.SessionSupport;
import io.inetkit.toolbox.Logs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * A Gopher session handle. Each operation is one exchange: validate the request before any byte
 * leaves, connect, send one line, read the reply. Menus and attributes are parsed whole (bounded by
 * the {@link Limits} of the {@code Internet}), or menus item by item ({@link MenuStream}); documents
 * are streams tracked by the handle, so closing the session closes them,
 * and {@code get} saves one to a file through a {@link FileDownload}, tracked the same way.
 * {@link #lastResponse()} holds the text of the last error the server sent (a Gopher+ error or an
 * error menu), as WinINet's {@code InternetGetLastResponseInfo} would.
 */
final class GopherSessionImpl extends AbstractSession implements GopherSession {

    private static final Logger LOG = Logs.get(GopherSessionImpl.class);

    private final GopherConnection connection;
    private volatile String lastResponse;
    private volatile String lastDownload;

    GopherSessionImpl(SessionSupport support, GopherConnection connection) {
        super(support);
        this.connection = connection;
    }

    @Override
    public List<GopherItem> menu(String selector) throws InternetException {
        ensureOpen();
        checkField(selector, "selector");
        return readMenu(selector, selector, "\"" + selector + "\"", Replies.Operation.MENU);
    }

    @Override
    public List<GopherItem> search(String selector, String query) throws InternetException {
        ensureOpen();
        checkField(selector, "selector");
        checkField(query, "search query");
        return readMenu(selector + "\t" + query, selector + "\t<query of " + query.length() + " chars>",
                "the search \"" + selector + "\"", Replies.Operation.SEARCH);
    }

    private List<GopherItem> readMenu(String request, String logged, String what, Replies.Operation operation)
            throws InternetException {
        Limits limits = connection.limits();
        checkLength(request, limits);
        Exchange exchange = connection.send(request, logged, support(), false);
        try (exchange) {
            List<GopherItem> items = Replies.menu(new LineReader(exchange.in(), limits, LineReader.Reply.MENU,
                    connection.where()), limits.maxListEntries(), what + " on " + connection.where(), operation);
            exchange.replyReceived();
            return items;
        } catch (IOException e) {
            throw remember(exchange.failure(e, "reading the menu " + what));
        }
    }

    @Override
    public Stream<GopherItem> menuStream(String selector) throws InternetException {
        ensureOpen();
        checkField(selector, "selector");
        Limits limits = connection.limits();
        checkLength(selector, limits);
        String what = "\"" + selector + "\" on " + connection.where();
        Exchange exchange = connection.send(selector, selector, support(), false);
        try {
            MenuReader items = new MenuReader(new LineReader(exchange.in(), limits, LineReader.Reply.STREAMED_MENU,
                    connection.where()), what, Replies.Operation.MENU);
            return support().track(MenuStream.open(exchange, items, what, support())).stream();
        } catch (IOException e) {
            throw remember(exchange.failure(e, "reading the menu " + what));
        }
    }

    @Override
    public InputStream open(String selector, GopherItemType type) throws InternetException {
        ensureOpen();
        checkField(selector, "selector");
        checkDocumentType(selector, type);
        Limits limits = connection.limits();
        checkLength(selector, limits);
        Exchange exchange = connection.send(selector, selector, support(), false);
        try {
            refuseErrorMenu(exchange, limits, selector);
            return support().track(new DocumentStream(exchange, selector, type.isText(), support()));
        } catch (IOException e) {
            throw remember(exchange.failure(e, "opening the document \"" + selector + "\""));
        }
    }

    @Override
    public InputStream open(String selector, GopherItemType type, String view) throws InternetException {
        ensureOpen();
        checkField(selector, "selector");
        checkField(view, "view");
        checkDocumentType(selector, type);
        Limits limits = connection.limits();
        String request = selector + "\t+" + view;
        checkLength(request, limits);
        Exchange exchange = connection.send(request, request, support(), false);
        String what = "the view " + view + " of \"" + selector + "\" on " + connection.where();
        try {
            // Byte by byte up to its end: what follows the status line is the document's.
            LineReader lines = new LineReader(exchange.in(), limits, LineReader.Reply.ATTRIBUTES, connection.where());
            String header = lines.next();
            if (header == null) {
                throw exchange.errors().endedEarly("opening " + what, "before the Gopher+ status line");
            }
            if (Replies.isGopherPlusError(header)) {
                throw Replies.gopherPlusError(header, lines, what, Replies.Operation.DOCUMENT);
            }
            if (!Replies.isGopherPlusHeader(header)) {
                String reply = header.length() > 200 ? header.substring(0, 200) : header;
                throw new InternetException(InternetError.GOPHER_NOT_GOPHER_PLUS, "the server does not speak"
                        + " Gopher+: it answered the request for " + what + " with \"" + reply + "\" instead of"
                        + " a +N, +-1 or +-2 line", reply, null);
            }
            long length = Long.parseLong(header.substring(1).trim());
            // +-1 ends at a "." line, as a text document; +-2 at the close, as a binary one.
            DocumentStream document = new DocumentStream(exchange, selector, length == -1, support());
            return support().track(length >= 0 ? document.announced(length) : document);
        } catch (IOException e) {
            exchange.close();
            throw remember(exchange.failure(e, "opening " + what));
        }
    }

    @Override
    public void get(String selector, GopherItemType type, Path localFile) throws InternetException {
        ensureOpen();
        checkField(selector, "selector");
        Objects.requireNonNull(localFile, "localFile");
        checkDocumentType(selector, type);
        Limits limits = connection.limits();
        checkLength(selector, limits);
        // Before any byte is sent: a missing directory costs no request.
        try (PartFile part = PartFile.beside(localFile)) {
            download(selector, type, limits, part.path(), part.target());
            part.commit();
        }
    }

    /** Sends the request and saves the reply into {@code temp}; see {@link FileDownload}. */
    private void download(String selector, GopherItemType type, Limits limits, Path temp, Path target)
            throws InternetException {
        FileChannel file;
        try {
            file = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw InternetException.localFile("cannot write", target, e);
        }
        try (file) {
            Exchange exchange = connection.send(selector, selector, support(), !type.isText());
            FileDownload download = new FileDownload(exchange);
            lastDownload = download.route();
            LOG.debug("gopher {} get \"{}\" to {} through the {}", connection.where(), selector, target,
                    download.route());
            FileSink sink = new FileSink(file);
            try {
                support().track(download);
                refuseErrorMenu(exchange, limits, selector);
                if (download.route().equals(FileDownload.CHANNEL)) {
                    download.fromChannel(sink, connection.buffers(), connection.watchdog(), connection.readTimeout());
                } else {
                    download.fromStream(new DocumentStream(exchange, selector, type.isText(), support()), sink);
                }
                exchange.replyReceived();
            } catch (IOException e) {
                if (sink.failure().isPresent()) {
                    throw InternetException.localFile("cannot write", target, sink.failure().get());
                }
                if (download.cancelled()) {
                    throw exchange.errors().cancelled("downloading the document \"" + selector + "\"", e);
                }
                throw remember(exchange.failure(e, "downloading the document \"" + selector + "\""));
            } finally {
                support().untrack(download);
                exchange.close();
            }
        } catch (InternetException e) {
            throw e;
        } catch (IOException e) { // closing the file: its last writes may fail only now
            throw InternetException.localFile("cannot write", target, e);
        }
    }

    /** Refuses, before anything is sent, a type that has no document to open. */
    private static void checkDocumentType(String selector, GopherItemType type) throws InternetException {
        switch (type) {
            case DIRECTORY, INDEX_SERVER -> throw new InternetException(InternetError.GOPHER_NOT_FILE, "the item \""
                    + selector + "\" is a " + (type == GopherItemType.DIRECTORY ? "menu; use menu(selector)"
                    : "search; use search(selector, query)") + " rather than open");
            case CSO, ERROR, TELNET, TN3270, INFO, REDUNDANT -> throw new InternetException(
                    InternetError.GOPHER_INCORRECT_LOCATOR_TYPE, "an item of type " + type + " ('" + type.code()
                    + "') has no document to open");
            default -> {
                // a document
            }
        }
    }

    /**
     * A plain Gopher server answers a missing document with a one-line menu of type {@code 3}: if the
     * reply starts with such a line and ends right after it, that is an error, not the document.
     * Anything else is left unread for the stream.
     */
    private void refuseErrorMenu(Exchange exchange, Limits limits, String selector) throws IOException {
        InputStream in = exchange.in();
        int window = Math.min(limits.maxLineBytes(), 4096) + 8;
        in.mark(window);
        ByteArrayOutputStream first = new java.io.ByteArrayOutputStream();
        int b = in.read();
        if (b != '3') {
            in.reset();
            return;
        }
        while (b >= 0 && b != '\n' && first.size() < window - 5) {
            first.write(b);
            b = in.read();
        }
        String line = first.toString(StandardCharsets.UTF_8).replaceAll("\r$", "");
        if (b != '\n' || line.chars().filter(c -> c == '\t').count() < 3 || !endsHere(in)) {
            in.reset();
            return;
        }
        GopherItem error = Replies.item(line, 1, "\"" + selector + "\"");
        throw new InternetException(InternetError.GOPHER_DATA_ERROR, "the Gopher server " + connection.where()
                + " answered the document \"" + selector + "\" with an error: " + error.display(), error.display(),
                null);
    }

    /** Whether the reply ends now: the end of the stream or a lone "." line. */
    private static boolean endsHere(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            return true;
        }
        if (b != '.') {
            return false;
        }
        b = in.read();
        if (b == '\r') {
            b = in.read();
        }
        return b < 0 || b == '\n';
    }

    @Override
    public GopherAttributes attributes(String selector) throws InternetException {
        ensureOpen();
        checkField(selector, "selector");
        Limits limits = connection.limits();
        checkLength(selector + "\t!", limits);
        Exchange exchange = connection.send(selector + "\t!", selector + "\t!", support(), false);
        try (exchange) {
            GopherAttributes attributes = Replies.attributes(new LineReader(exchange.in(), limits,
                    LineReader.Reply.ATTRIBUTES, connection.where()), "\"" + selector + "\" on " + connection.where());
            exchange.replyReceived();
            return attributes;
        } catch (IOException e) {
            throw remember(exchange.failure(e, "reading the attributes of \"" + selector + "\""));
        }
    }

    @Override
    public List<GopherAttributes> menuAttributes(String selector) throws InternetException {
        ensureOpen();
        checkField(selector, "selector");
        Limits limits = connection.limits();
        checkLength(selector + "\t$", limits);
        Exchange exchange = connection.send(selector + "\t$", selector + "\t$", support(), false);
        try (exchange) {
            List<GopherAttributes> items = Replies.menuAttributes(new LineReader(exchange.in(), limits,
                    LineReader.Reply.MENU, connection.where()), limits.maxListEntries(),
                    "\"" + selector + "\" on " + connection.where());
            exchange.replyReceived();
            return items;
        } catch (IOException e) {
            throw remember(exchange.failure(e, "reading the attributes of the menu \"" + selector + "\""));
        }
    }

    private InternetException remember(InternetException e) {
        e.serverReply().ifPresent(reply -> lastResponse = reply);
        return e;
    }

    /** Refuses what would break the request line: TAB, CR, LF (and NUL, which no selector holds). */
    private static void checkField(String value, String name) throws InternetException {
        if (value == null) {
            throw new NullPointerException(name);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\t' || c == '\r' || c == '\n' || c == 0) {
                throw new InternetException(InternetError.GOPHER_INVALID_LOCATOR, "the " + name + " holds "
                        + (c == '\t' ? "a TAB" : c == '\r' ? "a CR" : c == '\n' ? "an LF" : "a NUL")
                        + " at index " + i + ", which would change the Gopher request; nothing was sent");
            }
        }
    }

    private static void checkLength(String request, Limits limits) throws InternetException {
        if (request.getBytes(StandardCharsets.UTF_8).length > limits.maxLineBytes()) {
            throw new InternetException(InternetError.GOPHER_INVALID_LOCATOR, "the Gopher request is longer than "
                    + limits.maxLineBytes() + " bytes; nothing was sent");
        }
    }

    /**
     * How the last {@code get} of this handle came in, set when its request was sent:
     * {@link FileDownload#CHANNEL} or {@link FileDownload#STREAM}. For tests.
     */
    String lastDownload() {
        return lastDownload;
    }

    @Override
    public Optional<String> lastResponse() {
        return Optional.ofNullable(lastResponse);
    }
}
