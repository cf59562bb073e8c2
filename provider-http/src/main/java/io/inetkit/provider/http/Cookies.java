package io.inetkit.provider.http;

import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.http.Cookie;
import io.inetkit.http.CookieJar;
import io.inetkit.http.HttpHeaders;
import io.inetkit.spi.StatusPublisher;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cookie stage: each hop sends the cookies the jar holds for its own URI, after any
 * {@code Cookie} field the request brought, in one field; and the jar takes what the hop's response
 * sets, before a redirect or an authentication round goes on. Publishes {@code COOKIE_SENT} and
 * {@code COOKIE_RECEIVED} with how many. It runs inside the redirect stage, so a hop to another site
 * gets that site's cookies only.
 */
final class Cookies implements Stage {

    private final CookieJar jar;
    private final StatusPublisher status;

    Cookies(CookieJar jar, StatusPublisher status) {
        this.jar = jar;
        this.status = status;
    }

    @Override
    public ResponseImpl proceed(Outgoing request, Next next) throws InternetException {
        if (jar == CookieJar.none()) {
            return next.proceed(request); // NO_COOKIES: no cookie is looked at, none reported
        }
        List<Cookie> cookies = jar.load(request.uri());
        Outgoing sent = cookies.isEmpty() ? request : request.withHeaders(withCookies(request.headers(), cookies));
        if (!cookies.isEmpty()) {
            status.publish(InternetStatus.COOKIE_SENT, cookies.size());
        }
        ResponseImpl response = next.proceed(sent);
        List<String> set = response.headers().allValues("Set-Cookie");
        if (!set.isEmpty()) {
            status.publish(InternetStatus.COOKIE_RECEIVED, set.size());
            try {
                jar.save(request.uri(), set);
            } catch (RuntimeException e) {
                response.close();
                throw e;
            }
        }
        return response;
    }

    /** The fields with one {@code Cookie}: the request's own pairs first, then the jar's. */
    private static HttpHeaders withCookies(HttpHeaders headers, List<Cookie> cookies) {
        StringBuilder value = new StringBuilder();
        HttpHeaders.Builder builder = HttpHeaders.newBuilder();
        for (Map.Entry<String, List<String>> header : headers.map().entrySet()) {
            if (header.getKey().toLowerCase(Locale.ROOT).equals("cookie")) {
                for (String own : header.getValue()) {
                    value.append(value.length() == 0 ? "" : "; ").append(own);
                }
            } else {
                for (String v : header.getValue()) {
                    builder.add(header.getKey(), v);
                }
            }
        }
        for (Cookie cookie : cookies) {
            value.append(value.length() == 0 ? "" : "; ").append(cookie.pair());
        }
        return builder.add("Cookie", value.toString()).build();
    }

    @Override
    public String toString() {
        return "Cookies[" + jar + "]";
    }
}
