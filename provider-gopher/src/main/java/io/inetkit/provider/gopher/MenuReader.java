package io.inetkit.provider.gopher;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.gopher.GopherItem;
import java.io.IOException;

/**
 * The items of a menu, read one at a time, up to its {@code .} line or the end of the stream:
 * a Gopher+ header before it ({@code +-1}) is skipped, blank lines too, and a Gopher+ error instead
 * of it ({@code --1}) is thrown.
 */
final class MenuReader {

    private final LineReader lines;
    private final String what;
    private final Replies.Operation operation;
    private boolean first = true;
    private boolean ended;

    /**
     * @param what the menu and where it comes from, for messages
     * @param operation the operation, for the error of a Gopher+ error reply
     */
    MenuReader(LineReader lines, String what, Replies.Operation operation) {
        this.lines = lines;
        this.what = what;
        this.operation = operation;
    }

    /**
     * The next item, or {@code null} at the end of the menu.
     *
     * @throws InternetException {@code GOPHER_PROTOCOL_ERROR} for a reply that is not a menu, breaks a
     *     limit or is empty; the error of a Gopher+ error
     */
    GopherItem next() throws IOException {
        String line;
        while (!ended && (line = lines.next()) != null) {
            if (first) {
                first = false;
                if (Replies.isGopherPlusError(line)) {
                    throw Replies.gopherPlusError(line, lines, what, operation);
                }
                if (Replies.isGopherPlusHeader(line)) {
                    continue; // +-1 or +-2 before a Gopher+ menu
                }
            }
            if (line.equals(".")) {
                break;
            }
            if (!line.isBlank()) {
                return Replies.item(line, lines.lineNumber(), what);
            }
        }
        ended = true;
        if (first) {
            throw new InternetException(InternetError.GOPHER_PROTOCOL_ERROR, "the Gopher server closed the connection"
                    + " without sending anything for " + what + "; even an empty menu ends with a \".\" line");
        }
        return null;
    }
}
