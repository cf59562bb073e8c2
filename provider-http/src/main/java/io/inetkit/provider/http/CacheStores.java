package io.inetkit.provider.http;

import io.inetkit.http.HttpCache;
import io.inetkit.provider.http.cache.DiskStore;
import io.inetkit.spi.ProviderContext;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DiskStore} of an {@code Internet}'s {@link HttpCache}: one per {@code Internet}, opened
 * by the first request. A folder that cannot be made or read leaves the cache out, with a warning,
 * rather than failing requests the network can answer.
 */
final class CacheStores {

    private static final Logger LOG = LoggerFactory.getLogger(CacheStores.class);

    private CacheStores() {
    }

    /** The store, or null if the {@code Internet} has no cache or its folder cannot be used. */
    static DiskStore of(ProviderContext context) {
        Optional<HttpCache> cache = context.httpCache();
        if (cache.isEmpty()) {
            return null;
        }
        return context.shared(Holder.class, () -> new Holder(cache.get())).store;
    }

    /** The store, or why there is none; made once, shared by the {@code Internet}'s sessions. */
    private static final class Holder {
        final DiskStore store;

        Holder(HttpCache cache) {
            DiskStore opened = null;
            try {
                opened = DiskStore.open(cache.directory(), cache.maxBytes(), Clock.systemUTC());
            } catch (IOException | RuntimeException e) {
                LOG.warn("The HTTP cache in {} cannot be used, so requests go to the server: {}",
                        cache.directory(), e.toString());
            }
            this.store = opened;
        }
    }
}
