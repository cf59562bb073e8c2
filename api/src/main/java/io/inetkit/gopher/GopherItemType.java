package io.inetkit.gopher;

import java.util.Arrays;

/**
 * The type of a Gopher item: its RFC 1436 type character and WinINet's {@code GOPHER_TYPE_*} bit.
 *
 * <pre>{@code
 * if (item.type() == GopherItemType.DIRECTORY) {
 *     gopher.menu(item.selector());
 * }
 * }</pre>
 *
 * <p>Characters not listed map to {@link #UNKNOWN}; {@link GopherItem#typeCode()} keeps the
 * character the server sent.
 */
public enum GopherItemType {
    /** {@code 0}: a text file. */
    TEXT_FILE('0', 0x1),
    /** {@code 1}: a menu. */
    DIRECTORY('1', 0x2),
    /** {@code 2}: a CSO phone-book server. */
    CSO('2', 0x4),
    /** {@code 3}: an error. */
    ERROR('3', 0x8),
    /** {@code 4}: a BinHexed Macintosh file. */
    MAC_BINHEX('4', 0x10),
    /** {@code 5}: a DOS binary archive. */
    DOS_ARCHIVE('5', 0x20),
    /** {@code 6}: a UNIX uuencoded file. */
    UNIX_UUENCODED('6', 0x40),
    /** {@code 7}: a full-text index search. */
    INDEX_SERVER('7', 0x80),
    /** {@code 8}: a Telnet session. */
    TELNET('8', 0x100),
    /** {@code 9}: a binary file. */
    BINARY('9', 0x200),
    /** {@code +}: a redundant server. */
    REDUNDANT('+', 0x400),
    /** {@code T}: a TN3270 session. */
    TN3270('T', 0x800),
    /** {@code g}: a GIF image. */
    GIF('g', 0x1000),
    /** {@code I}: another image. */
    IMAGE('I', 0x2000),
    /** {@code :}: a bitmap image (Gopher+). */
    BITMAP(':', 0x4000),
    /** {@code ;}: a movie (Gopher+). */
    MOVIE(';', 0x8000),
    /** {@code s}: a sound (also {@code <} in Gopher+). */
    SOUND('s', 0x10000),
    /** {@code h}: an HTML page. */
    HTML('h', 0x20000),
    /** {@code P}: a PDF document. */
    PDF('P', 0x40000),
    /** {@code c}: a calendar. */
    CALENDAR('c', 0x80000),
    /** {@code i}: an informational line, not a link. */
    INFO('i', 0x100000),
    /** Any other character. */
    UNKNOWN('?', 0x2000_0000);

    private final char code;
    private final int winInetType;

    GopherItemType(char code, int winInetType) {
        this.code = code;
        this.winInetType = winInetType;
    }

    /** The type character, as in a menu line. */
    public char code() {
        return code;
    }

    /** WinINet's {@code GOPHER_TYPE_*} bit. */
    public int winInetType() {
        return winInetType;
    }

    /** Whether the item is a document to read rather than a menu, a search or a session. */
    public boolean isFile() {
        // WinINet's GOPHER_TYPE_FILE_MASK.
        return (winInetType & 0x1F_F271) != 0 && this != INFO;
    }

    /** Whether its body is text ending with a lone {@code .} line, rather than raw bytes. */
    public boolean isText() {
        return this == TEXT_FILE || this == DIRECTORY || this == INDEX_SERVER || this == MAC_BINHEX
                || this == UNIX_UUENCODED || this == HTML || this == ERROR || this == INFO;
    }

    /** The type of a type character; {@link #UNKNOWN} for one not listed. */
    public static GopherItemType fromCode(char code) {
        if (code == '<') {
            return SOUND;
        }
        return Arrays.stream(values()).filter(t -> t.code == code && t != UNKNOWN).findFirst().orElse(UNKNOWN);
    }
}
