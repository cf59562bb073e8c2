package io.inetkit.provider.ftp.internal;

import java.util.regex.Pattern;

/**
 * The wildcards of WinINet's {@code FtpFindFirstFile}: {@code *} for any run of characters and
 * {@code ?} for one, matched on the name part of a pattern, locally, because servers disagree on
 * what LIST does with them and MLSD takes none.
 */
final class Glob {

    private Glob() {
    }

    static boolean hasWildcard(String name) {
        return name.indexOf('*') >= 0 || name.indexOf('?') >= 0;
    }

    static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
