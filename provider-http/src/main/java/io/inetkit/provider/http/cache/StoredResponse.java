package io.inetkit.provider.http.cache;

import io.inetkit.http.HttpHeaders;
import java.util.List;
import java.util.Objects;

/**
 * What the store keeps of a response besides its body: the request it answered (its URL, method
 * and the values of the headers its {@code Vary} names), the status line, the headers, and when it
 * was asked for and received (RFC 9111's {@code request_time} and {@code response_time}).
 */
public final class StoredResponse {

    private final String url;
    private final String method;
    private final List<String> varyHeaders;
    private final int status;
    private final String reason;
    private final List<String> headers;
    private final long requestMillis;
    private final long responseMillis;

    // What the freshness rules read of the headers, parsed once: a hit asks for them every time.
    private volatile CacheControl control;
    private volatile long dateMillis = Long.MIN_VALUE;
    private volatile long lifetimeMillis = -1;
    private volatile long ageValueMillis = -1;
    private volatile List<String> varyNames;
    private volatile boolean varyAny;
    // The headers as last served, rebuilt when the age in seconds changes: a hit asks for them every time.
    private volatile Served served;

    private record Served(long ageSeconds, HttpHeaders headers) {
    }

    /**
     * A stored response.
     *
     * @param url the request's URL, the cache key
     * @param method the request's method
     * @param varyHeaders name, value pairs: the request's values of the headers {@code Vary} names
     * @param status the status code
     * @param reason the reason phrase, empty if none
     * @param headers name, value pairs of the response's headers, in order
     * @param requestMillis when the request was sent (epoch milliseconds)
     * @param responseMillis when the response was received (epoch milliseconds)
     */
    public StoredResponse(String url, String method, List<String> varyHeaders, int status, String reason,
            List<String> headers, long requestMillis, long responseMillis) {
        this.url = Objects.requireNonNull(url, "url");
        this.method = Objects.requireNonNull(method, "method");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.varyHeaders = List.copyOf(varyHeaders);
        this.headers = List.copyOf(headers);
        if (this.varyHeaders.size() % 2 != 0 || this.headers.size() % 2 != 0) {
            throw new IllegalArgumentException("headers come as name, value pairs");
        }
        this.status = status;
        this.requestMillis = requestMillis;
        this.responseMillis = responseMillis;
    }

    public String url() {
        return url;
    }

    public String method() {
        return method;
    }

    public List<String> varyHeaders() {
        return varyHeaders;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public List<String> headers() {
        return headers;
    }

    public long requestMillis() {
        return requestMillis;
    }

    public long responseMillis() {
        return responseMillis;
    }

    /** The response's {@code Cache-Control}. */
    public CacheControl control() {
        CacheControl parsed = control;
        if (parsed == null) {
            parsed = CacheControl.parse(joined("Cache-Control"));
            control = parsed;
        }
        return parsed;
    }

    /** The server's {@code Date}, or when the response came if it gave none or a bad one. */
    long dateMillis() {
        long date = dateMillis;
        if (date == Long.MIN_VALUE) {
            date = HttpDate.parse(header("Date"), responseMillis);
            date = date == HttpDate.INVALID ? responseMillis : date;
            dateMillis = date;
        }
        return date;
    }

    /** {@link Freshness#lifetimeMillis}, computed once. */
    long lifetimeMillis() {
        long lifetime = lifetimeMillis;
        if (lifetime < 0) {
            lifetime = Freshness.computeLifetimeMillis(this);
            lifetimeMillis = lifetime;
        }
        return lifetime;
    }

    /** The response's own {@code Age} field in milliseconds, 0 if none (RFC 9111 5.1). */
    long ageValueMillis() {
        long age = ageValueMillis;
        if (age < 0) {
            age = CacheControl.seconds(header("Age"), 0) * 1000;
            ageValueMillis = age;
        }
        return age;
    }

    /** {@link Freshness#varyNames}, computed once. */
    List<String> varyNames() {
        if (varyAny) {
            return null;
        }
        List<String> names = varyNames;
        if (names == null) {
            names = Freshness.computeVaryNames(this);
            if (names == null) {
                varyAny = true;
                return null;
            }
            names = List.copyOf(names);
            varyNames = names;
        }
        return names;
    }

    /**
     * The headers as the cache serves them when the response is {@code ageSeconds} old: its own, with
     * an {@code Age} field of that value in place of any it had (RFC 9111 5.1).
     */
    public HttpHeaders servedHeaders(long ageSeconds) {
        Served last = served;
        if (last != null && last.ageSeconds() == ageSeconds) {
            return last.headers();
        }
        HttpHeaders.Builder builder = HttpHeaders.newBuilder();
        for (int i = 0; i < headers.size(); i += 2) {
            if (!headers.get(i).equalsIgnoreCase("Age")) {
                builder.add(headers.get(i), headers.get(i + 1));
            }
        }
        HttpHeaders built = builder.add("Age", Long.toString(ageSeconds)).build();
        served = new Served(ageSeconds, built);
        return built;
    }

    /** The first value of the response header {@code name} (case-insensitive), or null. */
    public String header(String name) {
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                return headers.get(i + 1);
            }
        }
        return null;
    }

    /** Every value of the response header {@code name}, comma-joined as RFC 9110 allows, or null. */
    public String joined(String name) {
        StringBuilder joined = null;
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                joined = joined == null ? new StringBuilder(headers.get(i + 1))
                        : joined.append(", ").append(headers.get(i + 1));
            }
        }
        return joined == null ? null : joined.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredResponse that && url.equals(that.url) && method.equals(that.method)
                && varyHeaders.equals(that.varyHeaders) && status == that.status && reason.equals(that.reason)
                && headers.equals(that.headers) && requestMillis == that.requestMillis
                && responseMillis == that.responseMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, method, varyHeaders, status, reason, headers, requestMillis, responseMillis);
    }

    @Override
    public String toString() {
        return "StoredResponse[" + method + " " + url + ", " + status + ", " + headers.size() / 2 + " headers]";
    }
}
