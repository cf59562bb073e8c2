package io.inetkit.provider.http;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.spi.CallEvents;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body of a call's final response, telling the call's {@link CallEvents} when the call is over:
 * {@code callEnd} at the body's end or close, {@code callFailed} when a read fails. Only a call with
 * an event listener gets one; {@link CallEvents} reports each call's end once.
 */
final class CallBody extends InputStream {

    private final InputStream body;
    private final CallEvents events;

    CallBody(InputStream body, CallEvents events) {
        this.body = body;
        this.events = events;
    }

    @Override
    public int read() throws IOException {
        try {
            int b = body.read();
            if (b < 0) {
                events.callEnd();
            }
            return b;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            int n = body.read(buffer, offset, length);
            if (n < 0) {
                events.callEnd();
            }
            return n;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private IOException failed(IOException e) {
        events.callFailed(e instanceof InternetException failure ? failure
                : new InternetException(InternetError.CONNECTION_ABORTED, "reading the body failed: " + e, e));
        return e;
    }

    @Override
    public int available() throws IOException {
        return body.available();
    }

    @Override
    public void close() throws IOException {
        try {
            body.close();
        } finally {
            events.callEnd();
        }
    }
}
