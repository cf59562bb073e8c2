package io.inetkit.http;

/**
 * Options of {@link HttpSession#get(HttpRequest, java.nio.file.Path, HttpGetOption...)}.
 *
 * <pre>{@code
 * http.get(HttpRequest.get("/big.iso"), Path.of("big.iso"), HttpGetOption.RESUME);
 * }</pre>
 */
public enum HttpGetOption {
    /**
     * Continue a partial download: ask for the rest ({@code Range: bytes=N-}, N the local file's
     * length) on condition that it is still the same file ({@code If-Range} with the validator kept
     * with the local file); write into the local file itself, so that a cut leaves what arrived for
     * the next try to continue.
     */
    RESUME
}
