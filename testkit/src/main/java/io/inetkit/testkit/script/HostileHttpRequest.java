package io.inetkit.testkit.script;

import java.util.Locale;
import java.util.Optional;

/**
 * A request as a {@link HostileHttpServer} read it, handed to its {@link HostileHttpScenario}.
 *
 * @param connection the connection's number, from 1, in the order the server accepted them
 * @param number the request's number on its connection, from 1
 * @param head the request line and header lines as received, ISO-8859-1, up to and including the
 *     blank line
 */
public record HostileHttpRequest(int connection, int number, String head) {

    /** The request line's method, such as {@code GET}. */
    public String method() {
        int space = head.indexOf(' ');
        return space < 0 ? head.strip() : head.substring(0, space);
    }

    /** The request line's target, such as {@code /file?x=1}. */
    public String target() {
        String line = head.lines().findFirst().orElse("");
        String[] parts = line.split(" ");
        return parts.length > 1 ? parts[1] : "";
    }

    /** The first value of a header field, by name in any case. */
    public Optional<String> header(String name) {
        return head.lines().skip(1)
                .filter(line -> {
                    int colon = line.indexOf(':');
                    return colon > 0 && line.substring(0, colon).equalsIgnoreCase(name);
                })
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst();
    }

    /** Whether this is the first request the server read at all: connection 1, request 1. */
    public boolean isFirst() {
        return connection == 1 && number == 1;
    }

    @Override
    public String toString() {
        return method().toUpperCase(Locale.ROOT) + " " + target() + " (connection " + connection + ", request "
                + number + ")";
    }
}
