package io.inetkit.provider.gopher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much a server may send in the parts of a reply the provider holds in memory (menus, attribute
 * blocks, one line), so a broken or hostile server cannot exhaust the heap. Documents are streamed
 * and have no limit. Read from system properties at each operation, so a test or an application can
 * change them without restarting.
 *
 * @param maxLineBytes the longest line, terminator excluded
 * @param maxMenuItems the most items in one menu
 * @param maxMenuBytes the most bytes in one menu or attribute reply
 */
record Limits(int maxLineBytes, int maxMenuItems, long maxMenuBytes) {

    static final String MAX_LINE_BYTES = "io.inetkit.gopher.maxLineBytes";
    static final String MAX_MENU_ITEMS = "io.inetkit.gopher.maxMenuItems";
    static final String MAX_MENU_BYTES = "io.inetkit.gopher.maxMenuBytes";

    static final int DEFAULT_MAX_LINE_BYTES = 8192;
    static final int DEFAULT_MAX_MENU_ITEMS = 100_000;
    static final long DEFAULT_MAX_MENU_BYTES = 16L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(Limits.class);

    /** The limits the system properties give now, the defaults for any unset or unusable one. */
    static Limits current() {
        return new Limits((int) read(MAX_LINE_BYTES, DEFAULT_MAX_LINE_BYTES, Integer.MAX_VALUE - 16),
                (int) read(MAX_MENU_ITEMS, DEFAULT_MAX_MENU_ITEMS, Integer.MAX_VALUE),
                read(MAX_MENU_BYTES, DEFAULT_MAX_MENU_BYTES, Long.MAX_VALUE));
    }

    private static long read(String property, long fallback, long max) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= 1 && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("ignoring {}={}: not a number from 1 to {}; using {}", property, value, max, fallback);
        return fallback;
    }
}
