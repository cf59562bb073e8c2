package io.inetkit.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The body of an {@link HttpRequest}: bytes, a file or a stream, sent as a stream so that a large
 * one never sits in memory whole. A body of known length is sent with {@code Content-Length}, one of
 * unknown length with chunked encoding.
 *
 * <pre>{@code
 * RequestBody file = RequestBody.ofFile(Path.of("upload.bin"));
 * RequestBody stream = RequestBody.ofStream(() -> socket.getInputStream(), -1);
 * }</pre>
 */
public final class RequestBody {

    /** Opens the body's bytes; may be called again when a request is resent (a redirect). */
    @FunctionalInterface
    public interface Source {
        /** A new stream of the body's bytes. */
        InputStream open() throws IOException;
    }

    private static final RequestBody EMPTY = new RequestBody(() -> InputStream.nullInputStream(), 0, true);

    private final Source source;
    private final long length;
    private final Path file;
    private final boolean replayable;

    private RequestBody(Source source, long length, boolean replayable) {
        this(source, length, null, replayable);
    }

    private RequestBody(Source source, long length, Path file, boolean replayable) {
        this.source = source;
        this.length = length;
        this.file = file;
        this.replayable = replayable;
    }

    /** No body. */
    public static RequestBody empty() {
        return EMPTY;
    }

    /** These bytes; the array is copied. */
    public static RequestBody of(byte[] bytes) {
        byte[] copy = bytes.clone();
        return new RequestBody(() -> new ByteArrayInputStream(copy), copy.length, true);
    }

    /** A file's contents, its length taken when the request is sent. */
    public static RequestBody ofFile(Path file) {
        Objects.requireNonNull(file, "file");
        return new RequestBody(() -> Files.newInputStream(file), -1, file, true);
    }

    /**
     * A stream's bytes.
     *
     * @param length the number of bytes, or -1 if unknown
     */
    public static RequestBody ofStream(Source source, long length) {
        Objects.requireNonNull(source, "source");
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (unknown) or more: " + length);
        }
        return new RequestBody(source, length, false);
    }

    /** The number of bytes, if known; a file's is its size now. */
    public OptionalLong length() throws IOException {
        if (file != null) {
            return OptionalLong.of(Files.size(file));
        }
        return length < 0 ? OptionalLong.empty() : OptionalLong.of(length);
    }

    /**
     * The file of a body made by {@link #ofFile}; empty for any other body. A provider may send it
     * from the file system directly ({@code sendfile}) instead of through {@link #open()}.
     */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** Opens the bytes. */
    public InputStream open() throws IOException {
        return source.open();
    }

    /**
     * Whether sending the body again gives the same bytes, so that a retry may resend it: true for
     * {@link #empty()}, {@link #of(byte[])} and {@link #ofFile(Path)}; false for {@link #ofStream},
     * whose source may not give its bytes twice, and which a retry therefore never resends.
     */
    public boolean isReplayable() {
        return replayable;
    }

    /** Whether this is {@link #empty()}. */
    public boolean isEmpty() {
        return this == EMPTY;
    }
}
