package io.inetkit.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * HTTP headers: names without regard to case, each with one or more values, in the order given.
 * Immutable.
 *
 * <pre>{@code
 * Optional<String> type = response.headers().firstValue("content-type");
 * List<String> cookies = response.headers().allValues("Set-Cookie");
 * }</pre>
 */
public final class HttpHeaders {

    private static final HttpHeaders EMPTY = new HttpHeaders(Map.of());

    /** Keyed by lower-case name; each value keeps the name as first given. */
    private final Map<String, Entry> entries;

    private record Entry(String name, List<String> values) {
    }

    private HttpHeaders(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /** No headers. */
    public static HttpHeaders empty() {
        return EMPTY;
    }

    /** A builder. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** The first value of a header. */
    public Optional<String> firstValue(String name) {
        List<String> values = allValues(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The first value of a header as a number, if it is one. */
    public OptionalLong firstValueAsLong(String name) {
        Optional<String> value = firstValue(name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.get().trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Every value of a header, in order; empty if it is absent. */
    public List<String> allValues(String name) {
        Entry entry = entries.get(name.toLowerCase(Locale.ROOT));
        return entry == null ? List.of() : entry.values;
    }

    /** The headers as a map from name (as first given) to values, in order. */
    public Map<String, List<String>> map() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        entries.values().forEach(e -> map.put(e.name, e.values));
        return Collections.unmodifiableMap(map);
    }

    /** Whether there are none. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HttpHeaders && ((HttpHeaders) other).entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /**
     * The headers, with the values of {@code Authorization}, {@code Proxy-Authorization} and
     * {@code Cookie} hidden.
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        entries.forEach((key, entry) -> {
            if (out.length() > 1) {
                out.append(", ");
            }
            boolean secret = key.equals("authorization") || key.equals("proxy-authorization")
                    || key.equals("cookie");
            out.append(entry.name).append('=').append(secret ? "[hidden]" : entry.values);
        });
        return out.append('}').toString();
    }

    /** Builds {@link HttpHeaders}. Not thread-safe. */
    public static final class Builder {

        private final Map<String, Entry> entries = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds a value to a header. */
        public Builder add(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            entries.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new Entry(name, new ArrayList<>()))
                    .values.add(value);
            return this;
        }

        /** The headers. */
        public HttpHeaders build() {
            if (entries.isEmpty()) {
                return EMPTY;
            }
            Map<String, Entry> copy = new LinkedHashMap<>();
            entries.forEach((k, e) -> copy.put(k, new Entry(e.name, List.copyOf(e.values))));
            return new HttpHeaders(Collections.unmodifiableMap(copy));
        }
    }
}
