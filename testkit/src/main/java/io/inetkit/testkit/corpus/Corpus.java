package io.inetkit.testkit.corpus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a corpus of malformed replies from a test resource: one case a line, fields separated by
 * {@code " | "}, the last field escaped ({@code \r \n \t \\ \xHH}, and {@code {N*text}} for text
 * repeated N times), so that bytes no editor shows and replies of megabytes stay one readable line.
 * Blank lines and lines that start with {@code #} are skipped. For example, with three fields:
 *
 * <pre>
 * # name | expect | reply
 * no line end | error | 220 {100000*x}
 * bare LF | either | 220 ready\n
 * </pre>
 */
public final class Corpus {

    private static final Pattern REPEAT = Pattern.compile("\\{(\\d+)\\*([^}]*)}");

    /**
     * One line of a corpus: its fields, stripped, and the last one decoded to bytes.
     *
     * @param fields every field as written, the first being the case's name
     * @param payload the last field, unescaped
     */
    public record Entry(List<String> fields, byte[] payload) {
        /** The first field. */
        public String name() {
            return fields.get(0);
        }

        /** The field at {@code i}, counted from 0. */
        public String field(int i) {
            return fields.get(i);
        }

        @Override
        public String toString() {
            return name();
        }
    }

    private Corpus() {
    }

    /**
     * The cases of a resource.
     *
     * @param anchor a class of the module (or class path) that holds the resource; its
     *     {@code getResourceAsStream} finds it
     * @param resource the resource's name, absolute ({@code /reliability/ftp-replies.txt}) or
     *     relative to {@code anchor}'s package
     * @param fields how many fields each case has, the last one the payload
     * @throws IllegalStateException if the resource is missing or a line has another number of fields
     * @throws UncheckedIOException if the resource cannot be read
     */
    public static List<Entry> load(Class<?> anchor, String resource, int fields) {
        List<Entry> entries = new ArrayList<>();
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no corpus " + resource);
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(" \\| ", fields);
                if (parts.length == fields - 1 && line.endsWith(" |")) {
                    parts = (line + " ").split(" \\| ", fields);
                }
                if (parts.length != fields) {
                    throw new IllegalStateException(resource + ": " + fields + " fields expected in: " + line);
                }
                List<String> list = new ArrayList<>();
                for (String part : parts) {
                    list.add(part.strip());
                }
                entries.add(new Entry(List.copyOf(list), decode(parts[fields - 1].stripLeading())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /**
     * Unescapes one payload: expands {@code {N*text}}, then turns {@code \r \n \t \\ \xHH} into
     * their bytes and every other character into its UTF-8 bytes.
     *
     * @throws IllegalArgumentException on an unknown escape
     */
    public static byte[] decode(String text) {
        Matcher m = REPEAT.matcher(text);
        StringBuilder expanded = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(expanded, Matcher.quoteReplacement(m.group(2).repeat(Integer.parseInt(m.group(1)))));
        }
        m.appendTail(expanded);
        ByteArrayOutputStream out = new ByteArrayOutputStream(expanded.length());
        for (int i = 0; i < expanded.length(); i++) {
            char c = expanded.charAt(i);
            if (c == '\\' && i + 1 < expanded.length()) {
                char e = expanded.charAt(++i);
                switch (e) {
                    case 'r' -> out.write('\r');
                    case 'n' -> out.write('\n');
                    case 't' -> out.write('\t');
                    case '\\' -> out.write('\\');
                    case 'x' -> {
                        out.write(Integer.parseInt(expanded.substring(i + 1, i + 3), 16));
                        i += 2;
                    }
                    default -> throw new IllegalArgumentException("unknown escape \\" + e + " in " + text);
                }
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toByteArray();
    }
}
