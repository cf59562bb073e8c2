package io.inetkit.provider.http;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.http.HttpHeaders;
import io.inetkit.http.HttpVersion;
import io.inetkit.http.RequestBody;
import io.inetkit.provider.http.h1.H1BodyStream;
import io.inetkit.provider.http.h1.H1Exchange;
import io.inetkit.provider.http.h1.H1Request;
import io.inetkit.provider.http.h1.H1Response;
import io.inetkit.spi.CallEvents;
import io.inetkit.spi.Deadline;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.SessionSupport;
import io.inetkit.toolbox.Logs;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.slf4j.Logger;

/**
 * HTTP/1.1 on the provider's own engine (package {@code h1}): its sockets, its pool of kept-alive
 * connections per {@code Internet}, plain and TLS, direct and through every proxy. The exchange is a
 * child of the session while it runs, and the response once it is returned.
 */
final class H1Engine implements Engine {

    private static final Logger LOG = Logs.get(H1Engine.class);

    private final SessionSupport support;
    private final HttpConnection connection;

    H1Engine(SessionSupport support, HttpConnection connection) {
        this.support = support;
        this.connection = connection;
    }

    @Override
    public ResponseImpl exchange(Outgoing request) throws InternetException {
        String what = request.what();
        RequestBody body = request.body();
        OptionalLong length;
        try {
            length = body.isEmpty() ? OptionalLong.of(0) : body.length();
        } catch (IOException e) {
            throw unreadableBody(what, e);
        }
        ProviderContext context = connection.context();
        H1Exchange exchange = new H1Exchange(connection.pool(), context, support.spec(), support.status(),
                request.events(), new H1Request(request.method(), request.uri(), request.headers(), body, length),
                request.deadline());
        try {
            support.track(exchange);
        } catch (InternetException e) {
            throw cancelledBySession(what, e);
        }
        H1Response answer;
        try {
            answer = exchange.send();
        } catch (InternetException e) {
            LOG.debug("{} failed: {}", what, e.error());
            answered(exchange, request);
            throw e;
        } catch (IOException e) {
            answered(exchange, request);
            InternetException failure = Errors.ofSend(e, Uris.where(request.uri()), context.connectTimeout(),
                    context.readTimeout());
            LOG.debug("{} failed: {}", what, failure.error());
            throw failure;
        } finally {
            support.untrack(exchange);
        }
        H1BodyStream stream = answer.body();
        ResponseImpl response = new ResponseImpl(answer.head().status(), HttpVersion.HTTP_1_1,
                answer.head().headers(), answer.head().reason(), stream);
        response.bodyRoute(exchange.bodyRoute());
        stream.onClose(() -> support.untrack(response));
        LOG.debug("{} -> {}", what, response.statusLine());
        try {
            return support.track(response);
        } catch (InternetException e) {
            response.close();
            throw cancelledBySession(what, e);
        }
    }

    /**
     * Opens a connection to {@code origin} and leaves it idle in the pool, for the next request of any
     * session on the same route; under the {@code Internet}'s deadline, cancelled by a close of the
     * session. The call's events go to the {@code Internet}'s listener as {@code preconnect ORIGIN}.
     */
    void preconnect(URI origin) throws InternetException {
        String what = "preconnect " + origin;
        ProviderContext context = connection.context();
        CallEvents events = CallEvents.start(context.eventListener(), support, what);
        Deadline deadline = Deadline.start(context);
        H1Exchange exchange = new H1Exchange(connection.pool(), context, support.spec(), support.status(), events,
                new H1Request("GET", origin, HttpHeaders.empty(), RequestBody.empty(), OptionalLong.of(0)), deadline);
        try {
            support.track(exchange);
        } catch (InternetException e) {
            deadline.close();
            InternetException failure = cancelledBySession(what, e);
            events.callFailed(failure);
            throw failure;
        }
        try {
            exchange.preconnect();
            events.callEnd();
        } catch (IOException e) {
            InternetException failure = Errors.ofSend(e, Uris.where(origin), context.connectTimeout(),
                    context.readTimeout());
            LOG.debug("{} failed: {}", what, failure.error());
            events.callFailed(failure);
            throw failure;
        } finally {
            support.untrack(exchange);
            deadline.close();
        }
    }

    private static void answered(H1Exchange exchange, Outgoing request) {
        if (exchange.answered()) {
            request.attempt().answered();
        }
    }

    static InternetException cancelledBySession(String what, Throwable cause) {
        return new InternetException(InternetError.OPERATION_CANCELLED, what + " was cancelled: its session or"
                + " its Internet was closed while it waited for the response", cause);
    }

    /**
     * A body that cannot be read: the local file's error when it names a file (as an FTP upload of
     * one has it: FILE_NOT_FOUND, ACCESS_DENIED), a bad argument otherwise.
     */
    static InternetException unreadableBody(String what, IOException e) {
        if (e instanceof FileSystemException file && file.getFile() != null) {
            return InternetException.localFile("cannot read the body of " + what + " from", Path.of(file.getFile()), e);
        }
        return new InternetException(InternetError.INVALID_PARAMETER, "cannot read the body of " + what + ": "
                + e.getMessage(), e);
    }
}
