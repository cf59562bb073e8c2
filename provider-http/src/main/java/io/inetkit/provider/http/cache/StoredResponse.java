package io.inetkit.provider.http.cache;

import java.util.List;
import java.util.Objects;

/**
 * What the store keeps of a response besides its body: the request it answered (its URL, method
 * and the values of the headers its {@code Vary} names), the status line, the headers, and when it
 * was asked for and received (RFC 9111's {@code request_time} and {@code response_time}).
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
public record StoredResponse(String url, String method, List<String> varyHeaders, int status, String reason,
        List<String> headers, long requestMillis, long responseMillis) {

    public StoredResponse {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(reason, "reason");
        varyHeaders = List.copyOf(varyHeaders);
        headers = List.copyOf(headers);
        if (varyHeaders.size() % 2 != 0 || headers.size() % 2 != 0) {
            throw new IllegalArgumentException("headers come as name, value pairs");
        }
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
}
