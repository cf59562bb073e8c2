package io.inetkit.provider.gopher;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import io.inetkit.gopher.GopherAttributes;
import io.inetkit.gopher.GopherItem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses what a Gopher server sends back that the provider must hold whole: menus, Gopher+
 * attribute replies and Gopher+ errors. Tolerant where real servers differ (CR LF or LF, no final
 * {@code .}, info lines with missing fields, extra fields, blank lines), strict where a reply
 * cannot be a menu (too few fields, a bad port, NUL bytes, control characters as a type) and
 * bounded by the {@link Limits} of the {@code Internet} everywhere.
 */
final class Replies {

    private Replies() {
    }

    /** What the operation was, for messages and for the error of a Gopher+ error reply. */
    enum Operation {
        MENU, SEARCH, DOCUMENT, ATTRIBUTES
    }

    /**
     * The items of a menu, up to its {@code .} line or the end of the stream, at most {@code maxItems}.
     *
     * @throws InternetException {@code GOPHER_PROTOCOL_ERROR} for a reply that is not a menu or
     *     breaks a limit; the error of a Gopher+ error or of a menu that holds only an error item
     */
    static List<GopherItem> menu(LineReader lines, int maxItems, String what, Operation operation)
            throws IOException {
        MenuReader menu = new MenuReader(lines, what, operation);
        List<GopherItem> items = new ArrayList<>();
        GopherItem item;
        while ((item = menu.next()) != null) {
            if (items.size() == maxItems) {
                throw exceeded(lines.where(), "a menu of more than " + maxItems + " items", "maxListEntries");
            }
            items.add(item);
        }
        List<GopherItem> links = items.stream().filter(i -> i.typeCode() != 'i').toList();
        if (links.size() == 1 && links.get(0).typeCode() == '3') {
            throw errorItem(links.get(0), what);
        }
        return items;
    }

    /** The error of a menu whose only link is an error item ({@code 3}): the server's way of saying "not found". */
    static InternetException errorItem(GopherItem error, String what) {
        String text = error.display();
        return new InternetException(InternetError.GOPHER_DATA_ERROR, "the Gopher server answered " + what
                + " with an error: " + text, text, null);
    }

    /**
     * The error of a reply past a bound of the {@link Limits}: {@code GOPHER_PROTOCOL_ERROR},
     * naming the limit; for the bounds of a menu returned whole, the streamed menu too.
     *
     * @param where the server, as {@code host:port}
     * @param sent what the server sent, such as "a menu of more than 100000 items"
     */
    static InternetException exceeded(String where, String sent, String limit) {
        InternetException e = Limits.exceeded(InternetError.GOPHER_PROTOCOL_ERROR, where, sent, limit);
        return !limit.startsWith("maxList") ? e : new InternetException(e.error(), e.getMessage()
                + ", or read it with GopherSession.menuStream(String), which holds one item at a time");
    }

    /** One menu line as an item. */
    static GopherItem item(String line, int number, String what) throws InternetException {
        char type = line.charAt(0);
        if (type < 0x20 || type == 0x7f) {
            throw protocol("line " + number + " of the menu " + what + " starts with the control character 0x"
                    + Integer.toHexString(type) + ": this is not a Gopher menu", line);
        }
        String[] fields = line.substring(1).split("\t", -1);
        boolean lenient = type == 'i' || type == '3';
        if (fields.length < 4 && !lenient) {
            throw protocol("line " + number + " of the menu " + what + " has " + fields.length
                    + " of the 4 TAB-separated fields (type and display text, selector, host, port)", line);
        }
        String display = fields[0];
        String selector = fields.length > 1 ? fields[1] : "";
        String host = fields.length > 2 ? fields[2] : "";
        int port = 0;
        if (fields.length > 3) {
            String text = fields[3].trim();
            try {
                port = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65_535) {
                if (!lenient) {
                    throw protocol("line " + number + " of the menu " + what + " has the port \"" + text
                            + "\", not a number from 1 to 65535", line);
                }
                port = 0;
            }
        }
        boolean plus = fields.length > 4 && (fields[4].startsWith("+") || fields[4].startsWith("?"));
        try {
            return new GopherItem(type, display, selector, host, port, plus);
        } catch (IllegalArgumentException e) {
            throw protocol("line " + number + " of the menu " + what + " is not a menu line: " + e.getMessage(), line);
        }
    }

    /**
     * The attributes of a {@code selector TAB !} reply.
     *
     * @throws InternetException {@code GOPHER_NOT_GOPHER_PLUS} if the server answered as a plain
     *     Gopher server; the error of a Gopher+ error reply
     */
    static GopherAttributes attributes(LineReader lines, String what) throws IOException {
        List<GopherAttributes> items = attributeReply(lines, what, 1, false);
        return items.isEmpty() ? new GopherAttributes(Map.of()) : items.get(0);
    }

    /**
     * The attributes of a {@code selector TAB $} reply: one set per item, each from its
     * {@code +INFO} line to the next, at most {@code maxItems}.
     *
     * @throws InternetException as {@link #attributes}, and {@code GOPHER_PROTOCOL_ERROR} past
     *     {@code maxItems} ({@code Limits.maxListEntries})
     */
    static List<GopherAttributes> menuAttributes(LineReader lines, int maxItems, String what) throws IOException {
        return attributeReply(lines, "of the menu " + what, maxItems, true);
    }

    private static List<GopherAttributes> attributeReply(LineReader lines, String what, int maxItems, boolean menu)
            throws IOException {
        String header = lines.next();
        if (header == null) {
            throw protocol("the Gopher server closed the connection without answering the attribute request "
                    + what, "");
        }
        if (isGopherPlusError(header)) {
            throw gopherPlusError(header, lines, what, Operation.ATTRIBUTES);
        }
        if (!isGopherPlusHeader(header)) {
            String reply = header.length() > 200 ? header.substring(0, 200) : header;
            throw new InternetException(InternetError.GOPHER_NOT_GOPHER_PLUS, "the server does not speak Gopher+: it"
                    + " answered the attribute request " + what + " with \"" + reply + "\" instead of a +-1 line",
                    reply, null);
        }
        List<GopherAttributes> items = new ArrayList<>();
        Map<String, StringBuilder> blocks = new LinkedHashMap<>();
        StringBuilder current = null;
        String line;
        while ((line = lines.next()) != null && !line.equals(".")) {
            if (line.startsWith("+")) {
                int colon = line.indexOf(':');
                String name = colon < 0 ? line.trim() : line.substring(0, colon).trim();
                String rest = colon < 0 ? "" : stripOneSpace(line.substring(colon + 1));
                if (menu && name.equals("+INFO") && !blocks.isEmpty()) {
                    // The next item's attributes begin.
                    items.add(attributes(blocks));
                    blocks.clear();
                    if (items.size() >= maxItems) {
                        throw Limits.exceeded(InternetError.GOPHER_PROTOCOL_ERROR, lines.where(),
                                "attributes of more than " + maxItems + " menu items", "maxListEntries");
                    }
                }
                current = blocks.computeIfAbsent(name, n -> new StringBuilder());
                if (!rest.isEmpty()) {
                    append(current, rest);
                }
            } else if (current != null) {
                append(current, stripOneSpace(line));
            } else if (!line.isBlank()) {
                throw protocol("the attribute reply " + what + " has text before its first +BLOCK: line", line);
            }
        }
        if (!blocks.isEmpty() || !menu) {
            items.add(attributes(blocks));
        }
        return items;
    }

    private static GopherAttributes attributes(Map<String, StringBuilder> blocks) {
        Map<String, String> result = new LinkedHashMap<>();
        blocks.forEach((name, text) -> result.put(name, text.toString()));
        return new GopherAttributes(result);
    }

    private static void append(StringBuilder block, String text) {
        if (block.length() > 0) {
            block.append('\n');
        }
        block.append(text);
    }

    private static String stripOneSpace(String text) {
        return text.startsWith(" ") ? text.substring(1) : text;
    }

    /** {@code +-1}, {@code +-2} or {@code +<length>}: the status line of a Gopher+ reply. */
    static boolean isGopherPlusHeader(String line) {
        return line.length() > 1 && line.charAt(0) == '+' && isLength(line.substring(1));
    }

    /** {@code --1}, {@code --2} or {@code -<length>}: the status line of a Gopher+ error. */
    static boolean isGopherPlusError(String line) {
        return line.length() > 1 && line.charAt(0) == '-' && isLength(line.substring(1));
    }

    private static boolean isLength(String text) {
        String t = text.trim();
        return t.equals("-1") || t.equals("-2") || (!t.isEmpty() && t.length() < 19 && t.chars().allMatch(Character::isDigit));
    }

    /**
     * Reads the rest of a Gopher+ error reply (a code line, {@code <code> <contact>}, then the
     * message) and maps it: code 1, the item is not available, is {@code GOPHER_ATTRIBUTE_NOT_FOUND}
     * for an attribute request and {@code GOPHER_DATA_ERROR} otherwise; 2 (try again later) and 3
     * (moved) are {@code GOPHER_DATA_ERROR}; the reply's text is in {@code serverReply()}.
     */
    static InternetException gopherPlusError(String header, LineReader lines, String what, Operation operation)
            throws IOException {
        List<String> text = new ArrayList<>();
        String line;
        // The first lines say it all; the rest is not read, so that an endless error costs nothing.
        while (text.size() < 64 && (line = lines.next()) != null && !line.equals(".")) {
            text.add(line);
        }
        String codeLine = text.isEmpty() ? "" : text.get(0).trim();
        int code = -1;
        int space = codeLine.indexOf(' ');
        try {
            code = Integer.parseInt(space < 0 ? codeLine : codeLine.substring(0, space));
        } catch (NumberFormatException e) {
            // an error without a code: still an error
        }
        String message = text.size() > 1 ? String.join(" ", text.subList(1, text.size())).trim() : codeLine;
        String meaning = switch (code) {
            case 1 -> "item is not available";
            case 2 -> "try again later";
            case 3 -> "item has moved";
            default -> "error";
        };
        InternetError error = code == 1 && operation == Operation.ATTRIBUTES
                ? InternetError.GOPHER_ATTRIBUTE_NOT_FOUND : InternetError.GOPHER_DATA_ERROR;
        String reply = String.join("\n", text);
        return new InternetException(error, "the Gopher+ server answered " + what + " with error "
                + (code < 0 ? "?" : code) + " (" + meaning + ")" + (message.isEmpty() ? "" : ": " + message),
                reply.isEmpty() ? header : reply, null);
    }

    private static InternetException protocol(String message, String line) {
        String excerpt = line.length() > 120 ? line.substring(0, 120) + "..." : line;
        return new InternetException(InternetError.GOPHER_PROTOCOL_ERROR, message
                + (excerpt.isEmpty() ? "" : " [" + excerpt.replace("\t", "\\t").replace("\r", "\\r") + "]"));
    }
}
