package io.inetkit.provider.http;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.http.CacheFlag;
import io.inetkit.http.CacheResult;
import io.inetkit.http.HttpHeaders;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpVersion;
import io.inetkit.provider.http.cache.CacheControl;
import io.inetkit.provider.http.cache.CachingBody;
import io.inetkit.provider.http.cache.DiskStore;
import io.inetkit.provider.http.cache.Freshness;
import io.inetkit.provider.http.cache.StoredResponse;
import io.inetkit.spi.StatusPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache stage, WinINet's URL cache: answers a GET from the {@link DiskStore} when RFC 9111's
 * rules ({@link Freshness}) and the request's {@link CacheFlag}s allow, revalidates a stale
 * response with its validators and merges a 304 into it, stores what may be stored as the caller
 * reads it ({@link CachingBody}), and drops what an unsafe method changed. It sits below content
 * decoding, so it keeps bodies as the server sent them, and above retries, so a hit costs no
 * connection. A fresh stored GET answers a HEAD too. Within a response's
 * {@code stale-while-revalidate}, the stale response is served at once and revalidated by a request
 * of its own on the {@code Internet}'s executor, one at a time for a URL.
 */
final class Caching implements Stage {

    private static final Logger LOG = LoggerFactory.getLogger(Caching.class);

    /** Methods that change nothing on the server (RFC 9110 9.2.1): they invalidate nothing. */
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    /** Sends a request through the whole session, as the application would. */
    interface Sender {
        HttpResponse send(HttpRequest request) throws InternetException;
    }

    private final Supplier<DiskStore> store;
    private final StatusPublisher status;
    private final Clock clock;
    private final Executor executor;
    private final Sender sender;
    private final Set<String> revalidating = ConcurrentHashMap.newKeySet();

    /**
     * @param store the store, opened on first use; null from it means the cache cannot be used
     * @param status where {@link InternetStatus#CACHE_RESULT} goes
     * @param clock the time freshness is judged by
     * @param executor where a revalidation in the background runs
     * @param sender what sends that revalidation
     */
    Caching(Supplier<DiskStore> store, StatusPublisher status, Clock clock, Executor executor, Sender sender) {
        this.store = store;
        this.status = status;
        this.clock = clock;
        this.executor = executor;
        this.sender = sender;
    }

    @Override
    public ResponseImpl proceed(Outgoing request, Next next) throws InternetException {
        Set<CacheFlag> flags = request.request().cacheFlags();
        Outgoing out = flags.contains(CacheFlag.PRAGMA_NOCACHE) ? noCache(request) : request;
        boolean offline = flags.contains(CacheFlag.FROM_CACHE);
        DiskStore disk = store.get();
        String url = out.uri().toString();
        boolean whole = out.headers().firstValue("Range").isEmpty();
        if (disk != null && whole && out.method().equals("HEAD")) {
            return head(disk, out, next, flags, offline);
        }
        if (disk == null || !out.method().equals("GET") || !whole) {
            if (offline) {
                throw notCached(out, disk == null ? "there is no cache" : "only a whole GET comes from the cache");
            }
            ResponseImpl response = next.proceed(out);
            if (disk != null && !SAFE.contains(out.method()) && response.statusCode() < 400) {
                invalidate(disk, out.uri(), response);
            }
            return response;
        }
        CacheControl directives = requestDirectives(out.headers());
        DiskStore.Entry entry = flags.contains(CacheFlag.RELOAD) ? null : lookup(disk, url, out.headers());
        if (offline || directives.onlyIfCached()) {
            if (entry == null || (!offline && Freshness.use(entry.response(), directives, clock.millis())
                    != Freshness.Use.FRESH)) {
                close(entry);
                throw notCached(out, "nothing usable is stored");
            }
            return serve(entry, entry.response(), CacheResult.HIT);
        }
        if (entry == null) {
            return fetch(disk, out, next, directives, flags, CacheResult.MISS);
        }
        long now = clock.millis();
        Freshness.Use use = flags.contains(CacheFlag.RESYNCHRONIZE) && !Freshness.immutable(entry.response(), now)
                ? (Freshness.conditions(entry.response()).isEmpty() ? Freshness.Use.FETCH : Freshness.Use.REVALIDATE)
                : Freshness.use(entry.response(), directives, now);
        if (use == Freshness.Use.FRESH) {
            return serve(entry, entry.response(), CacheResult.HIT);
        }
        if (use == Freshness.Use.REVALIDATE && !flags.contains(CacheFlag.RESYNCHRONIZE)
                && Freshness.servableWhileRevalidating(entry.response(), directives, now)) {
            if (revalidating.add(url)) {
                revalidateLater(out.request(), url);
            }
            return serve(entry, entry.response(), CacheResult.STALE_WHILE_REVALIDATE);
        }
        Outgoing asked = use == Freshness.Use.REVALIDATE ? conditional(out, entry.response()) : out;
        long sent = clock.millis();
        ResponseImpl response;
        try {
            response = next.proceed(asked);
        } catch (InternetException e) {
            if (staleAllowed(entry, flags)) {
                LOG.debug("serving a stale {} from the cache: {}", url, e.toString());
                return serve(entry, entry.response(), CacheResult.STALE_ON_ERROR);
            }
            close(entry);
            throw e;
        }
        if (use == Freshness.Use.REVALIDATE && response.statusCode() == 304) {
            response.close();
            StoredResponse merged = Freshness.merge(entry.response(), HeaderFields.pairs(response.headers()), sent, clock.millis());
            try {
                disk.update(entry, merged);
            } catch (IOException e) {
                LOG.debug("cannot update the cached {}: {}", url, e.toString());
            }
            return serve(entry, merged, CacheResult.CONDITIONAL_HIT);
        }
        if (response.statusCode() >= 500 && staleAllowed(entry, flags)) {
            response.close();
            return serve(entry, entry.response(), CacheResult.STALE_ON_ERROR);
        }
        close(entry);
        return store(disk, out, response, directives, flags, sent,
                use == Freshness.Use.REVALIDATE ? CacheResult.CONDITIONAL_MISS : CacheResult.MISS);
    }

    /** A HEAD answered from the stored GET while it is fresh (offline: whatever is stored), else by the server. */
    private ResponseImpl head(DiskStore disk, Outgoing out, Next next, Set<CacheFlag> flags, boolean offline)
            throws InternetException {
        CacheControl directives = requestDirectives(out.headers());
        DiskStore.Entry entry = flags.contains(CacheFlag.RELOAD) ? null : lookup(disk, out.uri().toString(), out.headers());
        if (entry != null && (offline || Freshness.use(entry.response(), directives, clock.millis()) == Freshness.Use.FRESH)) {
            StoredResponse stored = entry.response();
            close(entry);
            ResponseImpl response = new ResponseImpl(stored.status(), HttpVersion.HTTP_1_1,
                    stored.servedHeaders(Freshness.ageMillis(stored, clock.millis()) / 1000), stored.reason(),
                    InputStream.nullInputStream());
            return report(response, CacheResult.HIT);
        }
        close(entry);
        if (offline || directives.onlyIfCached()) {
            throw notCached(out, "nothing usable is stored");
        }
        return next.proceed(out);
    }

    /**
     * Sends {@code request} again in the background as a revalidation ({@link CacheFlag#RESYNCHRONIZE}),
     * reading its body to the end so that a new response is stored.
     */
    private void revalidateLater(HttpRequest request, String url) {
        HttpRequest again = request.toBuilder().cacheFlags(CacheFlag.RESYNCHRONIZE).build();
        Runnable revalidation = () -> {
            try (HttpResponse response = sender.send(again); InputStream body = response.body()) {
                body.transferTo(OutputStream.nullOutputStream());
            } catch (IOException | RuntimeException e) {
                LOG.debug("revalidating {} in the background failed: {}", url, e.toString());
            } finally {
                revalidating.remove(url);
            }
        };
        try {
            executor.execute(revalidation);
        } catch (RejectedExecutionException e) {
            revalidating.remove(url); // the Internet is closing: the next request revalidates
        }
    }

    private ResponseImpl fetch(DiskStore disk, Outgoing out, Next next, CacheControl directives, Set<CacheFlag> flags,
            CacheResult result) throws InternetException {
        long sent = clock.millis();
        ResponseImpl response = next.proceed(out);
        return store(disk, out, response, directives, flags, sent, result);
    }

    /** Stores the response as it is read, if it may be, and says where it came from. */
    private ResponseImpl store(DiskStore disk, Outgoing out, ResponseImpl response, CacheControl directives,
            Set<CacheFlag> flags, long sent, CacheResult result) {
        List<String> headers = HeaderFields.pairs(response.headers());
        if (!flags.contains(CacheFlag.NO_CACHE_WRITE)
                && Freshness.storable(out.method(), response.statusCode(), headers, directives)) {
            StoredResponse stored = new StoredResponse(out.uri().toString(), out.method(), List.of(),
                    response.statusCode(), response.reasonPhrase(), Freshness.storedHeaders(headers), sent, clock.millis());
            List<String> names = Freshness.varyNames(stored);
            if (names != null) {
                if (!names.isEmpty()) {
                    stored = new StoredResponse(stored.url(), stored.method(), varyValues(names, out.headers()),
                            stored.status(), stored.reason(), stored.headers(), sent, stored.responseMillis());
                }
                try {
                    DiskStore.Writer writer = disk.writer(stored);
                    response.cachedThrough(new CachingBody(response.body(), writer,
                            response.headers().firstValueAsLong("Content-Length").orElse(-1)));
                } catch (IOException e) {
                    LOG.debug("not caching {}: {}", out.uri(), e.toString());
                }
            }
        }
        return report(response, result);
    }

    private ResponseImpl serve(DiskStore.Entry entry, StoredResponse stored, CacheResult result) {
        // RFC 9111 5.1: a response from a cache says how old it is.
        HttpHeaders headers = stored.servedHeaders(Freshness.ageMillis(stored, clock.millis()) / 1000);
        ResponseImpl response = new ResponseImpl(stored.status(), HttpVersion.HTTP_1_1, headers, stored.reason(),
                entry.body());
        return report(response, result);
    }

    private ResponseImpl report(ResponseImpl response, CacheResult result) {
        response.cacheResult(result);
        status.publish(InternetStatus.CACHE_RESULT, result);
        return response;
    }

    private DiskStore.Entry lookup(DiskStore disk, String url, HttpHeaders request) {
        try {
            DiskStore.Entry entry = disk.get(url);
            if (entry == null) {
                return null;
            }
            List<String> names = Freshness.varyNames(entry.response());
            List<String> stored = entry.response().varyHeaders();
            if (names == null || !stored.equals(varyValues(names, request))) {
                entry.close();
                return null;
            }
            return entry;
        } catch (IOException e) {
            LOG.debug("cache lookup of {} failed: {}", url, e.toString());
            return null;
        }
    }

    /** The request's values of the headers {@code Vary} names, as name, value pairs. */
    private static List<String> varyValues(List<String> names, HttpHeaders request) {
        List<String> values = new ArrayList<>(names.size() * 2);
        for (String name : names) {
            values.add(name);
            values.add(String.join(", ", request.allValues(name)).trim());
        }
        return values;
    }

    private boolean staleAllowed(DiskStore.Entry entry, Set<CacheFlag> flags) {
        return flags.contains(CacheFlag.CACHE_IF_NET_FAIL) || Freshness.servableOnError(entry.response(), clock.millis());
    }

    private static Outgoing conditional(Outgoing out, StoredResponse stored) {
        HttpHeaders.Builder headers = HeaderFields.copy(out.headers());
        List<String> conditions = Freshness.conditions(stored);
        for (int i = 0; i < conditions.size(); i += 2) {
            headers.add(conditions.get(i), conditions.get(i + 1));
        }
        return out.withHeaders(headers.build());
    }

    private static Outgoing noCache(Outgoing out) {
        HttpHeaders.Builder headers = HeaderFields.copy(out.headers());
        headers.add("Pragma", "no-cache");
        if (out.headers().firstValue("Cache-Control").isEmpty()) {
            headers.add("Cache-Control", "no-cache");
        }
        return out.withHeaders(headers.build());
    }

    /** The request's {@code Cache-Control}, or {@code Pragma: no-cache} when it has none (RFC 9111 5.4). */
    private static CacheControl requestDirectives(HttpHeaders headers) {
        List<String> control = headers.allValues("Cache-Control");
        if (!control.isEmpty()) {
            return CacheControl.parse(String.join(", ", control));
        }
        boolean pragma = headers.allValues("Pragma").stream()
                .anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("no-cache"));
        return pragma ? CacheControl.parse("no-cache") : CacheControl.NONE;
    }

    /** Drops what an unsafe method changed: its URI, and its Location and Content-Location on the same origin. */
    private static void invalidate(DiskStore disk, URI uri, ResponseImpl response) {
        List<URI> changed = new ArrayList<>(List.of(uri));
        for (String field : List.of("Location", "Content-Location")) {
            response.headers().firstValue(field).ifPresent(value -> {
                try {
                    URI target = uri.resolve(value.trim());
                    if (sameOrigin(uri, target)) {
                        changed.add(target);
                    }
                } catch (IllegalArgumentException e) {
                    // Not a URI: nothing to drop.
                }
            });
        }
        for (URI target : changed) {
            try {
                disk.remove(target.toString());
            } catch (IOException e) {
                LOG.debug("cannot drop the cached {}: {}", target, e.toString());
            }
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(String.valueOf(b.getScheme()))
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort();
    }

    private static InternetException notCached(Outgoing out, String why) {
        return new InternetException(InternetError.ITEM_NOT_FOUND, out.what() + " is not in the cache ("
                + why + "), and the request may not go to the server");
    }

    private static void close(DiskStore.Entry entry) {
        if (entry != null) {
            try {
                entry.close();
            } catch (IOException e) {
                // A file we only read.
            }
        }
    }
}
