package io.inetkit.provider.http;

import io.inetkit.InternetException;
import io.inetkit.Limits;
import io.inetkit.http.HttpHeaders;
import java.util.List;
import java.util.Locale;

/**
 * The content-decoding stage, WinINet's {@code INTERNET_OPTION_HTTP_DECODING}: asks for
 * {@code gzip} and {@code deflate} and decodes a body sent so ({@link DecodedBody}), as OkHttp does,
 * unless the {@code Internet} or the request turns it off. A request with its own
 * {@code Accept-Encoding} asked for what it can read itself: its body is left as sent.
 *
 * <p>A request for a range ({@code Range}) asks for no coding, as OkHttp: a range of a gzip
 * stream is not a gzip stream, and decoding it would fail or, worse, give a corrupt body. A 206
 * (Partial Content) is never decoded: it is passed on as sent, with its {@code Content-Encoding},
 * so that a caller who asked for a range of an encoded body gets those bytes.
 *
 * <p>A decoded response loses {@code Content-Encoding} and {@code Content-Length}, which describe
 * the bytes as sent and would mislead a caller who reads the decoded ones. A response that has no
 * body (to {@code HEAD}, a 204, a 304) keeps them: there they describe what a GET would send. A
 * coding it did not ask for ({@code br}, a list of codings) is left as sent, with its header.
 */
final class ContentDecoding implements Stage {

    /** What is asked for: what {@link DecodedBody} decodes. */
    static final String ACCEPTED = "gzip, deflate";

    private final boolean decodeByDefault;
    private final Limits limits;

    ContentDecoding(boolean decodeByDefault, Limits limits) {
        this.decodeByDefault = decodeByDefault;
        this.limits = limits;
    }

    @Override
    public ResponseImpl proceed(Outgoing request, Next next) throws InternetException {
        if (!request.request().contentDecoding().orElse(decodeByDefault)
                || request.headers().firstValue("Accept-Encoding").isPresent()
                || request.headers().firstValue("Range").isPresent()) {
            return next.proceed(request);
        }
        ResponseImpl response = next.proceed(request.withHeaders(withAcceptEncoding(request.headers())));
        List<String> codings = response.headers().allValues("Content-Encoding");
        if (codings.size() != 1 || !hasBody(request.method(), response.statusCode())) {
            return response;
        }
        DecodedBody.Coding coding = DecodedBody.Coding.of(codings.get(0).trim().toLowerCase(Locale.ROOT));
        if (coding == null) {
            return response;
        }
        response.decoded(withoutEncoding(response.headers()),
                new DecodedBody(response.body(), coding, limits.maxDecodingRatio(), request.what(), Uris.where(request.uri())));
        return response;
    }

    /** Whether the response has a whole body to decode: not a 206's part of one. */
    private static boolean hasBody(String method, int status) {
        return !method.equals("HEAD") && status >= 200 && status != 204 && status != 206 && status != 304;
    }

    private static HttpHeaders withAcceptEncoding(HttpHeaders headers) {
        return HeaderFields.copy(headers).add("Accept-Encoding", ACCEPTED).build();
    }

    private static HttpHeaders withoutEncoding(HttpHeaders headers) {
        return HeaderFields.copy(headers, "content-encoding", "content-length").build();
    }
}
