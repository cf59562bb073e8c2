package io.inetkit.gopher;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Gopher+ attributes of an item: its blocks ({@code +INFO}, {@code +ADMIN}, {@code +VIEWS},
 * {@code +ABSTRACT} and any other), as {@link GopherSession#attributes(String)} returns them.
 * WinINet's {@code GopherGetAttribute}.
 *
 * <pre>{@code
 * GopherAttributes attributes = gopher.attributes("/about.txt");
 * attributes.admin().forEach((name, value) -> System.out.println(name + ": " + value));
 * attributes.views().forEach(System.out::println);   // text/plain: <2k>
 * }</pre>
 */
public final class GopherAttributes {

    private final Map<String, String> blocks;

    /**
     * Attributes from their blocks.
     *
     * @param blocks block name (with its {@code +}, such as {@code +ADMIN}) to the block's text after
     *     the name's colon: the rest of the first line and the following lines, each with its
     *     leading space removed, joined with {@code \n}
     */
    public GopherAttributes(Map<String, String> blocks) {
        this.blocks = Collections.unmodifiableMap(new LinkedHashMap<>(blocks));
    }

    /** Every block, in the order the server sent them. */
    public Map<String, String> blocks() {
        return blocks;
    }

    /** One block's text, such as {@code block("+ABSTRACT")}. */
    public Optional<String> block(String name) {
        return Optional.ofNullable(blocks.get(name));
    }

    /** The {@code +INFO} block: the item's own menu line. */
    public Optional<String> info() {
        return block("+INFO");
    }

    /** The {@code +ADMIN} block as name and value: {@code Admin}, {@code Mod-Date} and others. */
    public Map<String, String> admin() {
        Map<String, String> admin = new LinkedHashMap<>();
        for (String line : lines("+ADMIN")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                admin.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return Collections.unmodifiableMap(admin);
    }

    /** The {@code +VIEWS} block, one view a line, such as {@code text/plain: <2k>}. */
    public List<String> views() {
        return lines("+VIEWS");
    }

    /** The {@code +ABSTRACT} block. */
    public Optional<String> abstractText() {
        return block("+ABSTRACT");
    }

    private List<String> lines(String name) {
        List<String> lines = new ArrayList<>();
        for (String line : blocks.getOrDefault(name, "").split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.trim());
            }
        }
        return Collections.unmodifiableList(lines);
    }

    @Override
    public String toString() {
        return "GopherAttributes" + blocks.keySet();
    }
}
