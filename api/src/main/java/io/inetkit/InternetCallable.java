package io.inetkit;

import java.io.IOException;

/**
 * An operation on a session that returns a value and may fail with an {@link IOException}, to run
 * asynchronously with {@link Session#async(InternetCallable)}.
 *
 * <pre>{@code
 * CompletableFuture<List<FtpEntry>> listing = ftp.async(() -> ftp.list("/pub"));
 * }</pre>
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface InternetCallable<T> {

    /** Runs the operation. */
    T call() throws IOException;
}
