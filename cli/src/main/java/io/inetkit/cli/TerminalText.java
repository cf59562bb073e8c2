package io.inetkit.cli;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Text from a server made safe to print: data, never control. A server's reply, file name or menu
 * line could otherwise retitle the terminal, clear it, move its cursor to forge lines, or hide
 * text, all with a few escape bytes. Every printing path of the command that may carry a server's
 * words goes through here.
 *
 * <p>The rules, as curl and git show file names: C0 controls, DEL, C1 controls (U+0080 to U+009F),
 * lone surrogates, the line and paragraph separators and the bidirectional embeddings, overrides
 * and isolates (which can show a line in another order than it is) are escaped as {@code \x1b},
 * {@code \x9b}, {@code \ud800}, {@code \u202e}; TAB, CR and LF as {@code \t}, {@code \r},
 * {@code \n}. An ESC sequence is thereby shown, not run: its ESC becomes {@code \x1b} and the rest
 * is printable. Every other character, accents, CJK and emoji included, is kept.
 *
 * <p>A {@linkplain #line single line} (an error message, a status event) keeps its line breaks as
 * spaces, and is cut at {@link #LINE_CAP} characters with a marker that says how many were left
 * out. A {@linkplain #lines reply} keeps its lines, under the same cap for all of them together. A
 * {@linkplain #field field} of {@code ls} also escapes the backslash, so that a name can be read
 * back exactly, and TAB, which separates the fields.
 */
final class TerminalText {

    /**
     * At most this many characters of one line of server text, and of all the lines of one reply:
     * enough for any reply a person reads (an FTP reply line is at most a few hundred characters),
     * small enough that a 10 MB reply does not flood the terminal.
     */
    static final int LINE_CAP = 4096;

    /** At most this many lines of one reply. */
    static final int MAX_LINES = 16;

    private TerminalText() {
    }

    /** One line: line breaks become spaces, a lone CR is escaped, cut at {@link #LINE_CAP}. */
    static String line(String text) {
        String decoded = utf8InLatin1(text);
        StringBuilder out = new StringBuilder(Math.min(decoded.length(), LINE_CAP) + 16);
        int end = append(out, decoded, 0, decoded.length(), false, LINE_CAP);
        return end < decoded.length() ? cut(out, decoded.length() - end) : out.toString();
    }

    /**
     * The lines of a reply, each safe to print on its own line: split at LF and CR LF (a lone CR
     * is escaped), at most {@link #MAX_LINES} lines of together at most {@link #LINE_CAP}
     * characters, the last one ending with a marker when some were left out. Empty for an empty
     * reply.
     */
    static List<String> lines(String text) {
        String decoded = utf8InLatin1(text.strip());
        List<String> lines = new ArrayList<>();
        int budget = LINE_CAP;
        int start = 0;
        while (start < decoded.length()) {
            int lf = decoded.indexOf('\n', start);
            int stop = lf < 0 ? decoded.length() : lf > start && decoded.charAt(lf - 1) == '\r' ? lf - 1 : lf;
            StringBuilder line = new StringBuilder();
            int end = append(line, decoded, start, stop, false, budget);
            budget -= line.length();
            int next = lf < 0 ? decoded.length() : lf + 1;
            if (end < stop || (lines.size() == MAX_LINES - 1 && next < decoded.length())) {
                lines.add(cut(line, decoded.length() - end));
                return lines;
            }
            lines.add(line.toString());
            start = next;
        }
        return lines;
    }

    /**
     * A field of {@code ls}: every control escaped, TAB and the backslash too, so that the output
     * splits at TABs and reads back as the server's name. Not cut: the provider's limits bound a
     * listing's lines.
     */
    static String field(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        append(out, text, 0, text.length(), true, Integer.MAX_VALUE);
        return out.toString();
    }

    /**
     * Appends {@code text[from, to)} made printable until {@code out} would pass {@code cap}
     * characters; returns where it stopped. A field escapes all it can; a line shows LF as a space.
     */
    private static int append(StringBuilder out, String text, int from, int to, boolean field, int cap) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            String escape = escape(text, i, field);
            int width = escape == null ? Character.isHighSurrogate(c) ? 2 : 1 : escape.length();
            if (out.length() + width > cap) {
                return i;
            }
            if (escape != null) {
                out.append(escape);
            } else if (width == 2) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return to;
    }

    /** How the character at {@code i} is shown if not as itself; null if as itself. */
    private static String escape(String text, int i, boolean field) {
        char c = text.charAt(i);
        if (c >= 0x20 && c < 0x7f) {
            return c == '\\' && field ? "\\\\" : null;
        }
        switch (c) {
            case '\t':
                return "\\t";
            case '\n':
                return field ? "\\n" : " ";
            case '\r':
                // CR LF is a line break; a lone CR would send the cursor back over the line.
                return !field && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? "" : "\\r";
            default:
                break;
        }
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return "\\x" + hex(c, 2);
        }
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            return null;
        }
        if (Character.isSurrogate(c) || c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069)) {
            return "\\u" + hex(c, 4);
        }
        return null;
    }

    private static String hex(char c, int digits) {
        String hex = Integer.toHexString(c);
        return "0000".substring(0, digits - hex.length()) + hex;
    }

    /** The text cut, with a marker of how many characters were left out. */
    private static String cut(StringBuilder shown, long left) {
        return shown.append("... [").append(grouped(left)).append(left == 1 ? " more character]" : " more characters]")
                .toString();
    }

    /** 9437100 as {@code 9,437,100}, without a Formatter, which costs a start-up its locale data. */
    static String grouped(long n) {
        String digits = Long.toString(n);
        StringBuilder out = new StringBuilder(digits.length() + digits.length() / 3);
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                out.append(',');
            }
            out.append(digits.charAt(i));
        }
        return out.toString();
    }

    /**
     * The text itself, or the UTF-8 it holds when it is bytes read one a character: the HTTP
     * engine reads status lines as ISO-8859-1, as RFC 9110 has it, so a reason phrase a server
     * wrote in UTF-8 arrives as one character a byte ({@code "Ã©"} for {@code "é"}). Only a text
     * of characters below U+0100 that decodes as UTF-8 whole, with at least one multi-byte
     * sequence, is taken for such bytes; any other is shown as it is, its C1 characters escaped.
     */
    static String utf8InLatin1(String text) {
        boolean high = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xff) {
                return text;
            }
            high |= c >= 0x80;
        }
        if (!high) {
            return text;
        }
        try {
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
            return decoded.toString();
        } catch (CharacterCodingException notUtf8) {
            return text;
        }
    }
}
