package io.inetkit.provider.http;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * An exchange waiting for its response headers, tracked by its session like a child handle.
 *
 * <p>Why: closing a session (or its {@code Internet}) must stop a {@code send} that another thread
 * is blocked in, as WinINet's {@code InternetCloseHandle} does. Closing this cancels the JDK's
 * future, which aborts the exchange and closes its connection (JDK 16+), and wakes the waiting
 * caller, who then fails with {@code OPERATION_CANCELLED}.
 */
final class PendingExchange implements AutoCloseable {

    private final CompletableFuture<HttpResponse<InputStream>> future;
    private final String what;
    private volatile boolean closed;

    /** @param what the request, for messages: {@code GET http://host:port/path} */
    PendingExchange(CompletableFuture<HttpResponse<InputStream>> future, String what) {
        this.future = future;
        this.what = what;
    }

    CompletableFuture<HttpResponse<InputStream>> future() {
        return future;
    }

    String what() {
        return what;
    }

    /** The error for the waiting caller once the session closed under it. */
    InternetException cancelledBySession(Throwable cause) {
        close();
        return new InternetException(InternetError.OPERATION_CANCELLED, what + " was cancelled: its session or"
                + " its Internet was closed while it waited for the response", cause);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            H2Engine.cancel(future);
        }
    }

    @Override
    public String toString() {
        return what;
    }
}
