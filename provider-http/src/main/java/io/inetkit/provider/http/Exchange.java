package io.inetkit.provider.http;

import io.inetkit.InternetException;
import io.inetkit.http.HttpVersion;

/**
 * The last stage: hands each hop to the {@link Engine} of its version. HTTP/1.1 unless the request
 * asks for HTTP/2, as WinINet, whose default is HTTP/1.1 and which speaks HTTP/2 only when
 * {@code HTTP_PROTOCOL_FLAG_HTTP2} asks for it.
 */
final class Exchange implements Stage {

    private final Engine h1;
    private final Engine h2;

    Exchange(Engine h1, Engine h2) {
        this.h1 = h1;
        this.h2 = h2;
    }

    @Override
    public ResponseImpl proceed(Outgoing request, Next next) throws InternetException {
        return request.request().version().orElse(HttpVersion.HTTP_1_1) == HttpVersion.HTTP_2
                ? h2.exchange(request) : h1.exchange(request);
    }
}
