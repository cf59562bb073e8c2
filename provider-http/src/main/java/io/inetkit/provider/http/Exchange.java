package io.inetkit.provider.http;

import io.inetkit.InternetException;
import io.inetkit.http.HttpVersion;

/**
 * The last stage: hands each hop to the {@link Engine} of its version. The version is the request's;
 * without one, HTTP/2 over TLS (negotiated by ALPN) and HTTP/1.1 in the clear: asking for HTTP/2
 * there makes {@code java.net.http} send an {@code Upgrade: h2c} that many servers and proxies
 * mishandle.
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
        HttpVersion version = request.request().version()
                .orElse(request.secure() ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1);
        return version == HttpVersion.HTTP_2 ? h2.exchange(request) : h1.exchange(request);
    }
}
