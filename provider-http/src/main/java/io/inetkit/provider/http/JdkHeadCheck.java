package io.inetkit.provider.http;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import java.util.List;
import java.util.Map;

/**
 * Holds a response head that java.net.http accepted to the {@code Internet}'s {@link Limits}, as
 * the HTTP/1.1 engine holds the heads it reads itself, so that a limit means the same on both.
 *
 * <p>Why after the fact: the JDK reads the head itself and hands over only its fields. Its own
 * bound ({@code jdk.http.maxHeaderSize}, 384 KiB by default) already caps the memory a head takes
 * there; what this adds is the field count (the JDK has no bound on it below that size: some
 * 11,000 short fields fit) and the {@code Limits} that are lower than the JDK's bounds.
 *
 * <p>The JDK does not give the status line, so its bytes are counted as {@code HTTP/1.1 200}
 * and its line end, without a reason phrase; each field as one {@code name: value} line and its
 * CRLF, whatever spaces the server put around the value or however HTTP/2 coded it.
 */
final class JdkHeadCheck {

    /** {@code HTTP/1.1 200} and CRLF: the status line as far as the JDK shows it. */
    private static final int STATUS_LINE = "HTTP/1.1 200\r\n".length();

    private JdkHeadCheck() {
    }

    /**
     * @param headers the JDK's fields of the final response; pseudo-headers ({@code :status}) are skipped
     * @param where the server, as {@code host:port}
     * @throws InternetException {@code HTTP_INVALID_SERVER_RESPONSE} naming the first limit passed
     */
    static void check(java.net.http.HttpHeaders headers, Limits limits, String where) throws InternetException {
        long bytes = STATUS_LINE + 2; // and the blank line that ends the head
        int fields = 0;
        for (Map.Entry<String, List<String>> field : headers.map().entrySet()) {
            String name = field.getKey();
            if (name.startsWith(":")) {
                continue;
            }
            for (String value : field.getValue()) {
                int line = name.length() + 2 + value.length();
                if (line > limits.maxLineBytes()) {
                    throw exceeded(where, "a header line longer than " + limits.maxLineBytes() + " bytes",
                            "maxLineBytes");
                }
                bytes += line + 2;
                fields++;
            }
        }
        if (fields > limits.maxHeaderCount()) {
            throw exceeded(where, "more than " + limits.maxHeaderCount() + " header fields in one response",
                    "maxHeaderCount");
        }
        if (bytes > limits.maxHeaderBytes()) {
            throw exceeded(where, "a response head of more than " + limits.maxHeaderBytes() + " bytes",
                    "maxHeaderBytes");
        }
    }

    private static InternetException exceeded(String where, String what, String limit) {
        return Limits.exceeded(InternetError.HTTP_INVALID_SERVER_RESPONSE, where, what, limit);
    }
}
