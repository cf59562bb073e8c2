package io.inetkit.provider.http.h1;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import java.io.IOException;

/**
 * The lines of one header section, a response head or a chunked body's trailers, read against
 * the {@link Limits}: each line within {@code maxLineBytes}, the section's bytes (every line with
 * its line end, the status line and the closing blank line included) within
 * {@code maxHeaderBytes}, its fields within {@code maxHeaderCount}. So a server costs at most
 * {@code maxHeaderBytes} plus one line of memory per section, however it sends it.
 */
final class H1Section {

    private final Limits limits;
    private final String where;
    private final boolean trailers;
    private long bytes;
    private int fields;

    /**
     * @param where the server, as {@code host:port}, for the messages
     * @param trailers whether this is a chunked body's trailer section rather than a response head
     */
    H1Section(Limits limits, String where, boolean trailers) {
        this.limits = limits;
        this.where = where;
        this.trailers = trailers;
    }

    /**
     * The next line of the section, counted.
     *
     * @param what the line, for messages: "a status line", "a header line"
     * @return {@code null} at the end of the stream before the line
     */
    String line(H1Input in, String what) throws IOException {
        String line = in.readLine(limits.maxLineBytes(), what, where);
        bytes += in.lineBytes();
        if (bytes > limits.maxHeaderBytes()) {
            throw Limits.exceeded(InternetError.HTTP_INVALID_SERVER_RESPONSE, where, (trailers ? "trailers"
                    : "a response head") + " of more than " + limits.maxHeaderBytes() + " bytes", "maxHeaderBytes");
        }
        return line;
    }

    /** Counts one field line of the section. */
    void field() throws InternetException {
        if (++fields > limits.maxHeaderCount()) {
            throw Limits.exceeded(InternetError.HTTP_INVALID_SERVER_RESPONSE, where, "more than "
                    + limits.maxHeaderCount() + (trailers ? " trailer fields" : " header fields in one response"),
                    "maxHeaderCount");
        }
    }

    /** The bytes of the section read so far. */
    long bytes() {
        return bytes;
    }

    /** The field lines counted so far. */
    int fields() {
        return fields;
    }
}
