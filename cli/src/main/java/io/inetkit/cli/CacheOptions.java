package io.inetkit.cli;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.http.CacheFlag;
import io.inetkit.http.HttpCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.ArgSpec;

/**
 * The HTTP cache of {@code get}: {@code --cache DIR} (or {@value #ENVIRONMENT}), its bound, and
 * WinINet's {@code FROM_CACHE} and {@code RELOAD} as {@code --offline} and {@code --reload}. curl
 * has no cache; these are inetkit's own names.
 */
final class CacheOptions {

    /** The environment variable that names the cache's folder when {@code --cache} does not. */
    static final String ENVIRONMENT = "INETKIT_CACHE";

    /** The bound when {@code --cache-size} is not given, in MiB. */
    static final long DEFAULT_MIB = 1024;

    Path folder;
    Long sizeMib;
    boolean offline;
    boolean reload;

    void addTo(List<ArgSpec> command) {
        command.add(CommandModel.option(this, "folder", "--cache")
                .paramLabel("DIR")
                .description("HTTP: keep responses in a cache in DIR (also $" + ENVIRONMENT + ") and answer from"
                        + " it as RFC 9111 allows; -v shows each hit, revalidation and miss.").build());
        command.add(CommandModel.option(this, "sizeMib", "--cache-size")
                .paramLabel("MIB")
                .description("The most the cache may hold, in MiB (default: " + DEFAULT_MIB + ").").build());
        command.add(CommandModel.option(this, "offline", "--offline")
                .description("HTTP: only from the cache, fresh or not, never from the network (WinINet's"
                        + " FROM_CACHE); nothing stored is ITEM_NOT_FOUND.").build());
        command.add(CommandModel.option(this, "reload", "--reload")
                .description("HTTP: not from the cache; the response replaces what it holds (WinINet's RELOAD).")
                .build());
    }

    /** The cache the options name, or null for none. */
    HttpCache cache(Map<String, String> environment) throws InternetException {
        if (offline && reload) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "--offline and --reload contradict each other");
        }
        if (sizeMib != null && (sizeMib < 1 || sizeMib > Long.MAX_VALUE >> 20)) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "--cache-size must be 1 MiB or more, not "
                    + sizeMib);
        }
        Path dir = folder;
        if (dir == null) {
            String named = environment.get(ENVIRONMENT);
            dir = named == null || named.isBlank() ? null : Path.of(named);
        }
        if (dir == null) {
            if (offline || reload) {
                throw new InternetException(InternetError.INVALID_PARAMETER, (offline ? "--offline" : "--reload")
                        + " needs a cache: give --cache DIR or set " + ENVIRONMENT);
            }
            return null;
        }
        return HttpCache.onDisk(dir, (sizeMib != null ? sizeMib : DEFAULT_MIB) << 20);
    }

    /** WinINet's flags for the request. */
    CacheFlag[] flags() {
        List<CacheFlag> flags = new ArrayList<>(1);
        if (offline) {
            flags.add(CacheFlag.FROM_CACHE);
        }
        if (reload) {
            flags.add(CacheFlag.RELOAD);
        }
        return flags.toArray(new CacheFlag[0]);
    }
}
