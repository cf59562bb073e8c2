package io.inetkit.internal;

import io.inetkit.ConnectFlag;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.http.CacheFlag;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP resource read by {@code Range}: each request names its bytes and, after the first, carries
 * {@code If-Range} with the first answer's validator, so that a changed resource comes back whole
 * (200) instead of being spliced. Each answer's {@code Content-Range} must name the bytes asked.
 */
public final class HttpRanges implements RangeSource {

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)");

    private final Internet internet;
    private final URI uri;
    private final ConnectFlag[] flags;
    private final String target;

    public HttpRanges(Internet internet, URI uri, ConnectFlag... flags) {
        this.internet = internet;
        this.uri = uri;
        this.flags = flags.clone();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        this.target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /** True: {@code Content-Range} names the first byte, checked against the range asked. */
    @Override
    public boolean startsWhereAsked() {
        return true;
    }

    @Override
    public String describe() {
        return uri.toString();
    }

    /** True: a connection's connect and TLS handshake cost round trips before its first request. */
    @Override
    public boolean opensAhead() {
        return true;
    }

    /** A session whose connection is open ({@link HttpSession#preconnect}), its request yet to be sent. */
    @Override
    public Connection connect() throws InternetException {
        HttpSession http = RangeSource.session(internet, uri, flags, HttpSession.class, "HTTP");
        try {
            http.preconnect();
        } catch (InternetException | RuntimeException e) {
            http.close();
            throw e;
        }
        return new Connection() {
            @Override
            public Body open(long from, long length, Body expected) throws InternetException {
                return HttpRanges.this.open(http, from, length, expected);
            }

            @Override
            public void close() {
                http.close();
            }
        };
    }

    private Body open(HttpSession http, long from, long length, Body expected) throws InternetException {
        HttpRequest.Builder request = request()
                .header("Range", "bytes=" + from + "-" + (length < 0 ? "" : String.valueOf(from + length - 1)));
        if (expected != null && expected.validator() != null && !expected.validator().startsWith("W/")) {
            request.header("If-Range", expected.validator());
        }
        HttpResponse response;
        try {
            response = http.send(request.build());
        } catch (InternetException e) {
            if (from != 0 || expected != null || !e.serverReply().orElse("").matches("HTTP/\\S+ 416( .*)?")) {
                throw e;
            }
            // An empty file has no byte 0 to start from: it is asked for whole.
            response = http.send(request().build());
        }
        try {
            String validator = validator(response);
            if (response.statusCode() != 206) {
                long size = response.contentLength().orElse(-1);
                return new Body(response.body(), 0, size, validator, true);
            }
            String range = response.headers().firstValue("Content-Range").orElse("");
            Matcher m = CONTENT_RANGE.matcher(range.trim());
            if (!m.matches() || m.group(3).equals("*")) {
                throw new InternetException(InternetError.HTTP_INVALID_SERVER_RESPONSE, uri + ": a 206 answer with"
                        + " Content-Range '" + printable(range) + "', not bytes FIRST-LAST/SIZE");
            }
            long first = Long.parseLong(m.group(1));
            long last = Long.parseLong(m.group(2));
            long size = Long.parseLong(m.group(3));
            long wantedLast = length < 0 ? size - 1 : Math.min(size - 1, from + length - 1);
            if (first != from || last != wantedLast || last >= size) {
                throw new InternetException(InternetError.HTTP_INVALID_SERVER_RESPONSE, uri + ": asked for bytes "
                        + from + "-" + wantedLast + ", the server sent " + printable(range));
            }
            return new Body(response.body(), from, size, validator, false);
        } catch (InternetException | RuntimeException e) {
            response.close();
            throw e;
        }
    }

    /** A GET of the bytes as stored: a decoded body has no offsets, and a range is never cached. */
    private HttpRequest.Builder request() {
        return HttpRequest.newBuilder(target).header("Accept-Encoding", "identity").contentDecoding(false)
                .cacheFlags(CacheFlag.RELOAD, CacheFlag.NO_CACHE_WRITE).expectSuccess();
    }

    /** The strong entity tag, else the date: what RFC 9110 lets {@code If-Range} carry. */
    private static String validator(HttpResponse response) {
        Optional<String> tag = response.headers().firstValue("ETag").map(String::trim);
        return tag.or(() -> response.headers().firstValue("Last-Modified").map(String::trim)).orElse(null);
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(120).forEach(c -> out.append(c < 0x20 || c == 0x7f ? '?' : (char) c));
        return out.toString();
    }
}
