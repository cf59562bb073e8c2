package io.inetkit.cli;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of URL path parts as UTF-8 (RFC 3986). */
final class Percent {

    // Unreserved characters, sub-delimiters, ':', '@' and '/': what a path may hold as it is.
    private static final String PATH_SAFE = "-._~!$&'()*+,;=:@/";

    private Percent() {
    }

    /** Encodes what a URL path cannot hold as it is (space, TAB, '%', '?', '#', non-ASCII...). */
    static String encodePath(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || PATH_SAFE.indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
