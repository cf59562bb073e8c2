package io.inetkit.provider.http;

import io.inetkit.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Copies of header fields for the stages, which change a request's or a response's by copying them. */
final class HeaderFields {

    private HeaderFields() {
    }

    /** A builder with every field of {@code headers} but those named in {@code dropped} (lower case). */
    static HttpHeaders.Builder copy(HttpHeaders headers, String... dropped) {
        HttpHeaders.Builder builder = HttpHeaders.newBuilder();
        for (Map.Entry<String, List<String>> header : headers.map().entrySet()) {
            if (dropped.length == 0 || !List.of(dropped).contains(header.getKey().toLowerCase(Locale.ROOT))) {
                for (String value : header.getValue()) {
                    builder.add(header.getKey(), value);
                }
            }
        }
        return builder;
    }

    /** The fields as name, value pairs, in order. */
    static List<String> pairs(HttpHeaders headers) {
        List<String> pairs = new ArrayList<>();
        for (Map.Entry<String, List<String>> header : headers.map().entrySet()) {
            for (String value : header.getValue()) {
                pairs.add(header.getKey());
                pairs.add(value);
            }
        }
        return pairs;
    }
}
