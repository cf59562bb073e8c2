package io.inetkit.testkit.gopher;

import java.util.Objects;
import java.util.Optional;

/**
 * A request line as a {@link TestGopherServer} received it, for tests to check what a client sent.
 *
 * <pre>{@code
 * GopherRequest request = server.takeRequest(Duration.ofSeconds(5)).orElseThrow();
 * assertEquals("/docs\t+", request.line());
 * assertEquals(Optional.of("+"), request.gopherPlus());
 * }</pre>
 *
 * <p>The line is decoded as UTF-8, without its line terminator. A request is recorded even when the
 * server answers it with an error, but not when the line was never completed (too long, timed out).
 */
public final class GopherRequest {

    private final String line;
    private final String selector;
    private final Optional<String> query;
    private final Optional<String> gopherPlus;

    private GopherRequest(String line, String selector, Optional<String> query, Optional<String> gopherPlus) {
        this.line = line;
        this.selector = selector;
        this.query = query;
        this.gopherPlus = gopherPlus;
    }

    /**
     * Splits a request line. A second field is a search query for a search selector and a Gopher+
     * field ({@code +}, {@code !}, {@code $}, with or without more text) otherwise; with three
     * fields the second is always the query and the third the Gopher+ field.
     */
    static GopherRequest parse(String line, boolean searchSelector) {
        String[] fields = line.split("\t", 3);
        String selector = fields[0];
        if (fields.length == 1) {
            return new GopherRequest(line, selector, Optional.empty(), Optional.empty());
        }
        if (fields.length == 3) {
            return new GopherRequest(line, selector, Optional.of(fields[1]), Optional.of(fields[2]));
        }
        if (!searchSelector && isGopherPlusField(fields[1])) {
            return new GopherRequest(line, selector, Optional.empty(), Optional.of(fields[1]));
        }
        return new GopherRequest(line, selector, Optional.of(fields[1]), Optional.empty());
    }

    private static boolean isGopherPlusField(String field) {
        return !field.isEmpty() && "+!$".indexOf(field.charAt(0)) >= 0;
    }

    /** The whole request line, without CR LF. */
    public String line() {
        return line;
    }

    /** The selector: the line up to the first TAB. Empty for the root menu. */
    public String selector() {
        return selector;
    }

    /** The search query, for a request to a search selector or a three-field request. */
    public Optional<String> query() {
        return query;
    }

    /** The Gopher+ field, for example {@code +}, {@code !}, {@code $} or {@code +text/plain}. */
    public Optional<String> gopherPlus() {
        return gopherPlus;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GopherRequest other && line.equals(other.line) && query.equals(other.query)
                && gopherPlus.equals(other.gopherPlus);
    }

    @Override
    public int hashCode() {
        return Objects.hash(line, query, gopherPlus);
    }

    @Override
    public String toString() {
        return "GopherRequest[" + line.replace("\t", "\\t") + "]";
    }
}
