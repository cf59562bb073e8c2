package io.inetkit.http;

import java.net.URI;
import java.util.List;

/** {@link CookieJar#none()}: keeps and sends nothing. */
enum NoCookies implements CookieJar {
    INSTANCE;

    @Override
    public List<Cookie> load(URI uri) {
        return List.of();
    }

    @Override
    public void save(URI uri, List<String> setCookies) {
        // Nothing is kept.
    }

    @Override
    public List<Cookie> all() {
        return List.of();
    }

    @Override
    public void add(Cookie cookie) {
        // Nothing is kept.
    }

    @Override
    public String toString() {
        return "CookieJar.none()";
    }
}
