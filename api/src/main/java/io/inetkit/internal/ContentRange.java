package io.inetkit.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code Content-Range} field of bytes (RFC 9110 14.4): {@code bytes first-last/complete} in a
 * 206, {@code bytes *}{@code /complete} in a 416. {@code complete} is -1 when the server wrote {@code *}.
 */
record ContentRange(long first, long last, long complete) {

    private static final Pattern RANGE = Pattern.compile("bytes[ \\t]+(\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern UNSATISFIED = Pattern.compile("bytes[ \\t]+\\*/(\\d{1,18})",
            Pattern.CASE_INSENSITIVE);

    /** A 206's range; empty when the field is missing or not a valid range of bytes. */
    static Optional<ContentRange> parse(Optional<String> field) {
        Matcher m = RANGE.matcher(field.orElse("").strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long first = Long.parseLong(m.group(1));
        long last = Long.parseLong(m.group(2));
        long complete = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
        if (last < first || complete >= 0 && last >= complete) {
            return Optional.empty();
        }
        return Optional.of(new ContentRange(first, last, complete));
    }

    /** A 416's complete length; -1 when the field is missing or says nothing of it. */
    static long unsatisfied(Optional<String> field) {
        Matcher m = UNSATISFIED.matcher(field.orElse("").strip());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    long length() {
        return last - first + 1;
    }
}
