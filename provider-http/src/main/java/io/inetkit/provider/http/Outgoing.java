package io.inetkit.provider.http;

import io.inetkit.http.HttpHeaders;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.RequestBody;
import io.inetkit.spi.CallEvents;
import io.inetkit.spi.Deadline;
import java.net.URI;

/**
 * One request as the stages of a call hand it on: the caller's {@link HttpRequest} checked and made
 * absolute by {@link RequestChecks}, then changed by the stages it passes through (a redirect's new
 * URI and method, authentication's header). Immutable: a stage that changes it passes a copy on.
 *
 * @param request the caller's request, for its options and for messages
 * @param method the method of this hop: a redirect may turn a POST into a GET
 * @param uri the absolute {@code http} or {@code https} URI of this hop
 * @param headers the header fields to send as they are; the engine adds {@code Host} and the framing
 * @param body the body, possibly empty
 * @param events where the engines report the call's timed steps; {@link CallEvents#none()} without a listener
 * @param deadline the call's, over all its hops: each engine lets it cut the connection it uses
 * @param attempt this try on the wire, which the engine marks once a response began
 */
record Outgoing(HttpRequest request, String method, URI uri, HttpHeaders headers, RequestBody body,
        CallEvents events, Deadline deadline, Attempt attempt) {

    /** A first try. */
    Outgoing(HttpRequest request, String method, URI uri, HttpHeaders headers, RequestBody body, CallEvents events,
            Deadline deadline) {
        this(request, method, uri, headers, body, events, deadline, new Attempt());
    }

    /** The same request with other header fields. */
    Outgoing withHeaders(HttpHeaders fields) {
        return new Outgoing(request, method, uri, fields, body, events, deadline, attempt);
    }

    /** The request of the next hop of a redirect. */
    Outgoing redirected(String nextMethod, URI next, HttpHeaders fields, RequestBody nextBody) {
        return new Outgoing(request, nextMethod, next, fields, nextBody, events, deadline);
    }

    /** The same request for another try on the wire. */
    Outgoing retried() {
        return new Outgoing(request, method, uri, headers, body, events, deadline);
    }

    /** Whether the hop goes over TLS. */
    boolean secure() {
        return uri.getScheme().equalsIgnoreCase("https");
    }

    /** The hop for messages and logs: {@code GET http://host:port/path}. */
    String what() {
        return method + " " + uri;
    }
}
