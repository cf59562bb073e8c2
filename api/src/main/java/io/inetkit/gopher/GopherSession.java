package io.inetkit.gopher;

import io.inetkit.InternetException;
import io.inetkit.Session;
import java.io.InputStream;
import java.util.List;

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
 * }
 * }</pre>
 *
 * <p>A selector or query holding TAB, CR or LF is refused before anything is sent, with
 * {@link io.inetkit.InternetError#GOPHER_INVALID_LOCATOR}.
 */
public interface GopherSession extends Session {

    /** The items of a menu; the empty selector is the server's root. */
    List<GopherItem> menu(String selector) throws InternetException;

    /** The server's root menu. */
    default List<GopherItem> menu() throws InternetException {
        return menu("");
    }

    /**
     * Opens a document. A text type reads without the closing {@code .} line and with dot-stuffing
     * undone; any other type reads its bytes as they are until the server closes.
     */
    InputStream open(String selector, GopherItemType type) throws InternetException;

    /** Opens the document of a menu item. */
    default InputStream open(GopherItem item) throws InternetException {
        return open(item.selector(), item.type());
    }

    /** Asks a search server (type 7) and returns the menu it answers with. */
    List<GopherItem> search(String selector, String query) throws InternetException;

    /**
     * The Gopher+ attributes of an item.
     *
     * @throws InternetException {@link io.inetkit.InternetError#GOPHER_NOT_GOPHER_PLUS} if the server
     *     does not speak Gopher+, or a Gopher error with the server's text in
     *     {@link InternetException#serverReply()}
     */
    GopherAttributes attributes(String selector) throws InternetException;
}
