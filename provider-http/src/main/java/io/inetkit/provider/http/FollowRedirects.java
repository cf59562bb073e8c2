package io.inetkit.provider.http;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Limits;
import io.inetkit.http.HttpHeaders;
import io.inetkit.http.RequestBody;
import io.inetkit.spi.StatusPublisher;
import io.inetkit.toolbox.Logs;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The redirect stage: follows 301, 302, 303, 307 and 308 as WinINet does, up to
 * {@link Limits#maxRedirects()}, unless the session's {@code NO_AUTO_REDIRECT} or the request says
 * not to; publishes {@code REDIRECT} for each. It refuses HTTPS to HTTP
 * ({@code HTTPS_TO_HTTP_ON_REDIR}), a scheme other than HTTP, and a {@code Location} that is not a
 * URI; drops credentials from a {@code Location}; and never carries the request's
 * {@code Authorization} or {@code Cookie} to another origin.
 *
 * <p>Why redirects are followed here and not by {@code java.net.http}: its {@code Redirect.NORMAL}
 * follows HTTPS to HTTP, cannot be turned off per request, and would not say where it went.
 */
final class FollowRedirects implements Stage {

    private static final Logger LOG = Logs.get(FollowRedirects.class);
    private static final int DRAIN_LIMIT = 64 * 1024;

    private final URI origin;
    private final boolean followByDefault;
    private final Limits limits;
    private final StatusPublisher status;
    private final Consumer<String> lastResponse;

    /**
     * @param origin the session's {@code scheme://host:port}
     * @param followByDefault whether to follow when the request does not say: not with {@code NO_AUTO_REDIRECT}
     * @param lastResponse told the status line of a redirect it gives up on, for {@code lastResponse()}
     */
    FollowRedirects(URI origin, boolean followByDefault, Limits limits, StatusPublisher status,
            Consumer<String> lastResponse) {
        this.origin = origin;
        this.followByDefault = followByDefault;
        this.limits = limits;
        this.status = status;
        this.lastResponse = lastResponse;
    }

    @Override
    public ResponseImpl proceed(Outgoing first, Next next) throws InternetException {
        boolean follow = first.request().followRedirects().orElse(followByDefault);
        Outgoing hop = first;
        for (int redirects = 0; ; redirects++) {
            ResponseImpl response = next.proceed(hop);
            int code = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (!follow || !isRedirect(code) || location.isEmpty()) {
                return response;
            }
            URI target = target(hop.uri(), location.get(), response);
            int limit = limits.maxRedirects();
            if (redirects + 1 > limit) {
                response.close();
                lastResponse.accept(response.statusLine());
                // The limit's standard message, with the reply kept for lastResponse().
                String message = Limits.exceeded(InternetError.HTTP_REDIRECT_FAILED, Uris.where(hop.uri()), "more than "
                        + limit + " redirects for " + first.request().method() + " " + first.request().target()
                        + " on " + Uris.where(origin) + ", the last to " + target, "maxRedirects").getMessage();
                throw new InternetException(InternetError.HTTP_REDIRECT_FAILED, message, response.statusLine(), null);
            }
            drainAndClose(response);
            String method = hop.method();
            RequestBody body = hop.body();
            if (code == 303 || (code == 301 || code == 302) && method.equals("POST")) {
                method = method.equals("HEAD") ? "HEAD" : "GET";
                body = RequestBody.empty();
            }
            LOG.debug("{} {} -> {} redirects to {}", method, hop.uri(), code, target);
            status.publish(InternetStatus.REDIRECT, target);
            // The request's own secrets go to its origin only; each hop starts from the first one's fields.
            HttpHeaders headers = Uris.sameOrigin(target, origin) ? first.headers() : withoutSecrets(first.headers());
            hop = hop.redirected(method, target, headers, body);
        }
    }

    private URI target(URI from, String location, ResponseImpl response) throws InternetException {
        URI next;
        try {
            next = from.resolve(new URI(location.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            response.close();
            lastResponse.accept(response.statusLine());
            throw new InternetException(InternetError.HTTP_REDIRECT_FAILED, Uris.where(from) + " redirected to \""
                    + Uris.printable(location) + "\", which is not a valid URI", response.statusLine(), e);
        }
        if (next.getUserInfo() != null) {
            // Credentials in a Location would reach the logs and the REDIRECT event; they are never sent.
            try {
                next = new URI(next.getScheme(), null, next.getHost(), next.getPort(), next.getPath(), next.getQuery(),
                        next.getFragment());
            } catch (URISyntaxException e) {
                response.close();
                throw new InternetException(InternetError.HTTP_REDIRECT_FAILED, Uris.where(from)
                        + " redirected to a URI with credentials that cannot be removed", response.statusLine(), e);
            }
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (from.getScheme().equals("https") && scheme.equals("http")) {
            response.close();
            lastResponse.accept(response.statusLine());
            throw new InternetException(InternetError.HTTPS_TO_HTTP_ON_REDIR, Uris.where(from)
                    + " redirected from HTTPS to plain HTTP (" + next + "); refused so that nothing leaves"
                    + " unencrypted; send the request to that URI yourself if you mean it", response.statusLine(), null);
        }
        if (next.getPort() > 65_535) {
            // URI takes any number; a socket address would throw IllegalArgumentException.
            response.close();
            lastResponse.accept(response.statusLine());
            throw new InternetException(InternetError.HTTP_REDIRECT_FAILED, Uris.where(from) + " redirected to "
                    + next + ", whose port is not from 1 to 65535", response.statusLine(), null);
        }
        if (!scheme.equals("http") && !scheme.equals("https") || next.getHost() == null) {
            response.close();
            lastResponse.accept(response.statusLine());
            throw new InternetException(InternetError.REDIRECT_SCHEME_CHANGE, Uris.where(from) + " redirected to "
                    + next + ", which is not an HTTP URI", response.statusLine(), null);
        }
        return next;
    }

    /** The fields without {@code Authorization} and {@code Cookie}: what may go to another site. */
    private static HttpHeaders withoutSecrets(HttpHeaders headers) {
        return HeaderFields.copy(headers, "authorization", "cookie").build();
    }

    static void drainAndClose(ResponseImpl response) {
        // Reading a short redirect body to its end lets the connection go back to the pool.
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[8192];
            int total = 0;
            int n;
            while (total < DRAIN_LIMIT && (n = in.read(buffer)) >= 0) {
                total += n;
            }
        } catch (IOException e) {
            LOG.debug("dropped the body of a redirect: {}", e.toString());
        }
    }

    private static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }
}
