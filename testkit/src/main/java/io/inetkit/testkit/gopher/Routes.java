package io.inetkit.testkit.gopher;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** What tests registered on a running server: search handlers, raw replies and abstracts. */
final class Routes {

    /** Bytes to send verbatim, and whether to hang up afterwards. */
    record Raw(byte[] bytes, boolean keepOpen) {
    }

    private final Map<String, SearchHandler> searches = new ConcurrentHashMap<>();
    private final Map<String, Raw> raws = new ConcurrentHashMap<>();
    private final AtomicReference<Raw> rawForAny = new AtomicReference<>();
    private final Map<String, String> abstracts = new ConcurrentHashMap<>();

    void search(String selector, SearchHandler handler) {
        searches.put(selector, handler);
    }

    Optional<SearchHandler> search(String selector) {
        return Optional.ofNullable(searches.get(selector));
    }

    void raw(String selector, Raw raw) {
        raws.put(selector, raw);
    }

    void rawForAny(Raw raw) {
        rawForAny.set(raw);
    }

    /** A raw reply for the selector, else the catch-all one, else none. */
    Optional<Raw> raw(String selector) {
        Raw raw = raws.get(selector);
        return Optional.ofNullable(raw != null ? raw : rawForAny.get());
    }

    void abstractOf(String selector, String text) {
        abstracts.put(selector, text);
    }

    Optional<String> abstractOf(String selector) {
        return Optional.ofNullable(abstracts.get(selector));
    }
}
