package io.inetkit.gopher;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.util.Objects;

/**
 * One Gopher item, as a menu line describes it: WinINet's locator and {@code GOPHER_FIND_DATA}.
 *
 * <pre>{@code
 * for (GopherItem item : gopher.menu("")) {
 *     System.out.println(item.type() + " " + item.display());
 * }
 * GopherItem about = GopherItem.parseLocator("0About\t/about.txt\tgopher.example.org\t70\r\n");
 * }</pre>
 *
 * @param typeCode the type character the server sent
 * @param display the text shown to people
 * @param selector what to send to the server to fetch it
 * @param host the server that holds it
 * @param port that server's port
 * @param gopherPlus whether the server marked it as a Gopher+ item
 */
public record GopherItem(char typeCode, String display, String selector, String host, int port,
        boolean gopherPlus) {

    /** WinINet's {@code MAX_GOPHER_LOCATOR_LENGTH}. */
    public static final int MAX_LOCATOR_LENGTH = 653;

    /** Checks the fields: no TAB, CR or LF inside them, a port from 0 to 65535. */
    public GopherItem {
        Objects.requireNonNull(display, "display");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(host, "host");
        for (String field : new String[] {display, selector, host}) {
            if (field.indexOf('\t') >= 0 || field.indexOf('\r') >= 0 || field.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a Gopher item field must not hold TAB, CR or LF");
            }
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** The type. */
    public GopherItemType type() {
        return GopherItemType.fromCode(typeCode);
    }

    /**
     * The item as a WinINet locator: {@code GopherCreateLocator}'s one menu line with its CRLF,
     * {@code TAB +} before it for a Gopher+ item.
     */
    public String toLocator() {
        return typeCode + display + '\t' + selector + '\t' + host + '\t' + port
                + (gopherPlus ? "\t+" : "") + "\r\n";
    }

    /**
     * Reads a WinINet locator: one menu line, with or without its CRLF.
     *
     * @throws InternetException {@link InternetError#GOPHER_INVALID_LOCATOR} if it is not one
     */
    public static GopherItem parseLocator(String locator) throws InternetException {
        if (locator.length() > MAX_LOCATOR_LENGTH) {
            throw invalid("is longer than " + MAX_LOCATOR_LENGTH + " characters");
        }
        String line = locator.endsWith("\r\n") ? locator.substring(0, locator.length() - 2)
                : locator.endsWith("\n") ? locator.substring(0, locator.length() - 1) : locator;
        if (line.isEmpty() || line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
            throw invalid("must be a single menu line");
        }
        String[] fields = line.substring(1).split("\t", -1);
        if (fields.length < 4) {
            throw invalid("needs type, display, selector, host and port separated by TABs");
        }
        int port;
        try {
            port = Integer.parseInt(fields[3].trim());
        } catch (NumberFormatException e) {
            throw invalid("has a port that is not a number: " + fields[3]);
        }
        if (port < 0 || port > 65_535) {
            throw invalid("has a port out of range: " + port);
        }
        boolean plus = fields.length > 4 && fields[4].startsWith("+");
        return new GopherItem(line.charAt(0), fields[0], fields[1], fields[2], port, plus);
    }

    private static InternetException invalid(String why) {
        return new InternetException(InternetError.GOPHER_INVALID_LOCATOR, "the Gopher locator " + why);
    }
}
