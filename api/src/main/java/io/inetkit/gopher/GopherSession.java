package io.inetkit.gopher;

import io.inetkit.InternetException;
import io.inetkit.Session;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Gopher or Gopher+ session to one server, plain or over TLS: WinINet's
 * {@code GopherFindFirstFile}, {@code GopherOpenFile} and {@code GopherGetAttribute} on an
 * {@code InternetConnect} handle of {@link io.inetkit.Service#GOPHER}. Each operation is one
 * connection, as the protocol has it; nothing is sent before the first.
 *
 * <pre>{@code
 * try (GopherSession gopher = internet.connect(Service.GOPHER, "gopher.floodgap.com")) {
 *     for (GopherItem item : gopher.menu("")) {
 *         System.out.println(item.typeCode() + " " + item.display());
 *     }
 *     try (InputStream text = gopher.open("/gopher/proxy", GopherItemType.TEXT_FILE)) {
 *         text.transferTo(System.out);
 *     }
 *     gopher.get("/gopher/proxy", GopherItemType.TEXT_FILE, Path.of("proxy.txt"));
 * }
 * }</pre>
 *
 * <p>A selector or query holding TAB, CR or LF is refused before anything is sent, with
 * {@link io.inetkit.InternetError#GOPHER_INVALID_LOCATOR}.
 */
public interface GopherSession extends Session {

    /**
     * The items of a menu, all at once; the empty selector is the server's root. The menu is held in
     * memory, so it is bounded: past {@link io.inetkit.Limits#maxListEntries()} items or
     * {@link io.inetkit.Limits#maxListBytes()} bytes it fails with
     * {@link io.inetkit.InternetError#GOPHER_PROTOCOL_ERROR}, naming the limit.
     * {@link #menuStream(String)} reads a menu of any length.
     */
    List<GopherItem> menu(String selector) throws InternetException;

    /** The server's root menu. */
    default List<GopherItem> menu() throws InternetException {
        return menu("");
    }

    /**
     * The items of a menu, one at a time, as {@link java.nio.file.Files#list} has the entries of a
     * directory: each item is read from the server as the stream is consumed and is not kept, so a
     * menu of any length takes the memory of one line (bounded by
     * {@link io.inetkit.Limits#maxLineBytes()}).
     *
     * <pre>{@code
     * try (Stream<GopherItem> items = gopher.menuStream("/archive")) {
     *     items.filter(item -> item.type() == GopherItemType.TEXT_FILE)
     *             .limit(20)
     *             .forEach(item -> System.out.println(item.display()));
     * }
     * }</pre>
     *
     * <p>Errors before the first item (the connection, a Gopher+ error, an empty reply, a menu whose
     * only line is an error item) are thrown from this method. Errors while the stream is read are
     * thrown as an {@link java.io.UncheckedIOException} whose cause is the {@link InternetException}.
     * The stream holds the menu's connection until it ends: close it, best with try-with-resources.
     * Closing it early closes that connection, and nothing else: Gopher has one connection per
     * request. Closing the session closes the stream. The stream is not thread-safe, and is sequential.
     */
    Stream<GopherItem> menuStream(String selector) throws InternetException;

    /** The server's root menu, one item at a time: see {@link #menuStream(String)}. */
    default Stream<GopherItem> menuStream() throws InternetException {
        return menuStream("");
    }

    /**
     * Opens a document. A text type reads without the closing {@code .} line and with dot-stuffing
     * undone; any other type reads its bytes as they are until the server closes.
     */
    InputStream open(String selector, GopherItemType type) throws InternetException;

    /**
     * Opens one view of a Gopher+ document, as its {@code +VIEWS} attribute names them
     * ({@code text/plain}, {@code application/pdf En_US}): the request {@code selector TAB +view}.
     * The reply is Gopher+'s: a length ({@code +N}), exactly that many bytes, which a server that
     * closes early has cut short ({@code CONNECTION_ABORTED}); {@code +-1}, text up to a {@code .}
     * line; {@code +-2}, every byte until the server closes.
     *
     * @param view a view of {@link GopherAttributes#views()}, without its {@code <size>}
     * @throws InternetException {@link io.inetkit.InternetError#GOPHER_NOT_GOPHER_PLUS} if the server
     *     answered as a plain Gopher server; {@code GOPHER_DATA_ERROR} for a Gopher+ error reply,
     *     with the server's text in {@link InternetException#serverReply()}
     */
    InputStream open(String selector, GopherItemType type, String view) throws InternetException;

    /** Opens the document of a menu item. */
    default InputStream open(GopherItem item) throws InternetException {
        return open(item.selector(), item.type());
    }

    /**
     * Downloads a document to a local file. WinINet has no {@code GopherGetFile}; this is
     * {@code FtpGetFile}'s contract for Gopher: the data goes to a temporary file beside the target,
     * moved onto the target (replacing it) only when the document is complete, so a failure never
     * leaves a file under the target's name, and leaves no temporary file either. A text type is
     * saved as {@link #open} reads it (without the closing {@code .} line, dot-stuffing undone); any
     * other type byte for byte.
     *
     * <pre>{@code
     * gopher.get("/software/gopher.tar.gz", GopherItemType.BINARY, Path.of("gopher.tar.gz"));
     * }</pre>
     *
     * <p>A binary document has no length: it ends where the server closes. So a connection the
     * server closes cleanly (a FIN) in the middle of a document cannot be told from its end, and the
     * file is saved short; a reset, a stall (nothing for the read timeout) or a TLS failure can be
     * told, and fail the download. A text document without its {@code .} line has the same limit.
     *
     * <p>The status events are {@link #open}'s. Closing the session, or interrupting the thread,
     * during the download ends it with {@link io.inetkit.InternetError#OPERATION_CANCELLED}. An
     * interrupt is seen at once where the provider reads the socket through a channel (a binary
     * document over plain TCP with no proxy); elsewhere once the read in progress returns, which a
     * stalled server makes the read timeout.
     *
     * @throws InternetException {@link io.inetkit.InternetError#GOPHER_DATA_ERROR} when the server
     *     answers that the document is missing; {@link io.inetkit.InternetError#FILE_NOT_FOUND},
     *     {@link io.inetkit.InternetError#ACCESS_DENIED} or {@link io.inetkit.InternetError#DISK_FULL}
     *     when the local file cannot be written (its directory missing or not writable, the disk full);
     *     {@link io.inetkit.InternetError#TIMEOUT}, {@link io.inetkit.InternetError#CONNECTION_RESET}
     *     or {@link io.inetkit.InternetError#CONNECTION_ABORTED} when the connection fails; and the
     *     errors of {@link #open} for a type that has no document
     */
    void get(String selector, GopherItemType type, Path localFile) throws InternetException;

    /** Downloads the document of a menu item to a local file: see {@link #get(String, GopherItemType, Path)}. */
    default void get(GopherItem item, Path localFile) throws InternetException {
        get(item.selector(), item.type(), localFile);
    }

    /** Asks a search server (type 7) and returns the menu it answers with, bounded as {@link #menu(String)}. */
    List<GopherItem> search(String selector, String query) throws InternetException;

    /**
     * The Gopher+ attributes of an item.
     *
     * @throws InternetException {@link io.inetkit.InternetError#GOPHER_NOT_GOPHER_PLUS} if the server
     *     does not speak Gopher+, or a Gopher error with the server's text in
     *     {@link InternetException#serverReply()}
     */
    GopherAttributes attributes(String selector) throws InternetException;

    /**
     * The Gopher+ attributes of every item of a menu, in one request ({@code selector TAB $}), in
     * the menu's order; each item's {@link GopherAttributes#info()} is its menu line. Bounded as
     * {@link #menu(String)}: {@link io.inetkit.Limits#maxListEntries()} items and
     * {@link io.inetkit.Limits#maxListBytes()} bytes.
     *
     * @throws InternetException as {@link #attributes(String)}
     */
    List<GopherAttributes> menuAttributes(String selector) throws InternetException;
}
