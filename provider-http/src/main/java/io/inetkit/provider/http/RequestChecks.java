package io.inetkit.provider.http;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.http.HttpHeaders;
import io.inetkit.http.HttpRequest;
import io.inetkit.spi.CallEvents;
import io.inetkit.spi.Deadline;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The first stage of a call: checks the caller's request before any byte of it can reach the network,
 * and makes it what the stages after it pass on: an {@link Outgoing} with an absolute URI on the
 * session's origin and the {@code User-Agent} of the {@code Internet}. A method that is not a token,
 * a header that could carry another, a header the engines set themselves and a target that is not a
 * path are refused here, whichever engine would have sent them.
 */
final class RequestChecks {

    /** Headers that the engines set themselves, or that would break their message framing. */
    private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length", "connection", "upgrade",
            "expect", "transfer-encoding");

    private final URI origin;
    private final String agent;

    /**
     * @param origin the session's {@code scheme://host:port}, which targets are relative to
     * @param agent the {@code User-Agent} sent unless the request has one
     */
    RequestChecks(URI origin, String agent) {
        this.origin = origin;
        this.agent = agent;
    }

    /** The request, checked and made absolute, with the call's events and deadline for the stages after. */
    Outgoing check(HttpRequest request, CallEvents events, Deadline deadline) throws InternetException {
        validate(request);
        URI uri = resolve(request.target());
        HttpHeaders headers = request.headers();
        if (headers.firstValue("User-Agent").isEmpty()) {
            headers = HeaderFields.copy(headers).add("User-Agent", agent).build();
        }
        return new Outgoing(request, request.method(), uri, headers, request.body(), events, deadline);
    }

    private static void validate(HttpRequest request) throws InternetException {
        String method = request.method();
        if (method.isEmpty() || !method.chars().allMatch(RequestChecks::isTokenChar)) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "the method \"" + Uris.printable(method)
                    + "\" is not an HTTP token");
        }
        for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
            String name = header.getKey();
            if (name.isEmpty() || !name.chars().allMatch(RequestChecks::isTokenChar)) {
                throw new InternetException(InternetError.HTTP_INVALID_HEADER, "the header name \""
                        + Uris.printable(name) + "\" of " + request.method() + " " + Uris.printable(request.target())
                        + " has a line break, a space or another character a header name cannot have");
            }
            for (String value : header.getValue()) {
                if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
                    throw new InternetException(InternetError.HTTP_INVALID_HEADER, "the value of header " + name
                            + " of " + request.method() + " " + Uris.printable(request.target())
                            + " has a line break (CR or LF); one header cannot carry another");
                }
            }
            if (SET_BY_CLIENT.contains(name.toLowerCase(Locale.ROOT))) {
                throw new InternetException(InternetError.HTTP_INVALID_HEADER, "the header " + name + " of "
                        + request.method() + " " + Uris.printable(request.target()) + " cannot be set: the HTTP engine"
                        + " sets it itself (Content-Length from the RequestBody's length, Host from the session)");
            }
        }
    }

    private URI resolve(String target) throws InternetException {
        if (target.equals("*")) {
            throw new InternetException(InternetError.NOT_SUPPORTED, "the asterisk target (OPTIONS *) cannot be"
                    + " sent: a request's target is a path on the session's host; use OPTIONS / instead");
        }
        if (!target.startsWith("/")) {
            throw new InternetException(InternetError.INVALID_URL, "the target \"" + Uris.printable(target)
                    + "\" must start with /: it is relative to the session's host " + Uris.where(origin));
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new InternetException(InternetError.INVALID_URL, "the target \"" + Uris.printable(target)
                        + "\" has a space, a line break or a control character; percent-encode it");
            }
        }
        try {
            if (target.startsWith("//")) {
                // Alone, "//x/y" would name the host x: after the origin it stays a path.
                return new URI(origin + target);
            }
            // Resolving copies the origin's parsed authority: a request parses only its own target.
            return origin.resolve(new URI(target));
        } catch (URISyntaxException e) {
            throw new InternetException(InternetError.INVALID_URL, "the target \"" + Uris.printable(target)
                    + "\" is not a valid path and query: " + e.getReason() + "; percent-encode it", e);
        }
    }

    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
