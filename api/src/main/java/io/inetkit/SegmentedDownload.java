package io.inetkit;

import io.inetkit.internal.FtpRanges;
import io.inetkit.internal.HttpRanges;
import io.inetkit.internal.RangeSource;
import io.inetkit.internal.Segments;
import io.inetkit.internal.SftpRanges;
import io.inetkit.sftp.SftpSession;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One file over several connections at once, as aria2's {@code -x}/{@code -s} and lftp's
 * {@code pget -n}: HTTP and HTTPS by {@code Range}, FTP and FTPS by {@code REST}, SFTP by reads at an
 * offset ({@link SftpSession#openRead(String, long)}), each connection a session of its own for a
 * segment of the file.
 *
 * <pre>{@code
 * SegmentedDownload.newBuilder().segments(8).build()
 *         .download(internet, URI.create("https://example.org/big.iso"), Path.of("big.iso"));
 * }</pre>
 *
 * <p>The segments are written into one temporary file beside the target, of the file's whole size
 * from the start, and moved onto the target only when every segment has its length and every answer
 * described the same file as the first (its size and, for HTTP, its validator, sent as
 * {@code If-Range} on each later request; for FTP its {@code SIZE} and {@code MDTM}; for SFTP its
 * size and modification time from {@link SftpSession#stat}). A segment cut
 * short is asked again from where it stopped, on a new connection, under the {@link Internet}'s
 * {@link RetryPolicy}, counted per segment. A connection done with its segment takes the second half
 * of what another has left unread, when that is long enough to be worth a new request (at least 8
 * times {@link Builder#minSegmentSize}), so that the download does not wait on its slowest connection. When the first answer ignores the range (a {@code 200}
 * with the whole body, an SFTP provider without reads at an offset) or gives no size, the file is
 * read on that one connection. Otherwise the
 * transfer fails, its temporary file removed and nothing written under the target's name, with
 * {@link InternetError#FORCE_RETRY} for a file that changed between segments,
 * {@link InternetError#HTTP_DOWNLEVEL_SERVER} for a later answer that ignored the range,
 * {@link InternetError#DISK_FULL} when the disk has no room for the announced size, an FTP server's
 * refusal of {@code REST} with its reply, or the failure of the segment that ran out of retries.
 *
 * <p>Immutable and reusable; {@link #download} may run on several threads at once.
 */
public final class SegmentedDownload {

    /** At most this many segments a download: a server sees this many connections from one client. */
    public static final int MAX_SEGMENTS = 64;

    /** The default of {@link Builder#maxConnectionsPerHost}: aria2's most, curl's parallel default is 50. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_HOST = 8;

    /** The default of {@link Builder#minSegmentSize}: smaller segments cost more in requests than they save. */
    public static final long DEFAULT_MIN_SEGMENT_SIZE = 1024 * 1024;

    private final int segments;
    private final int maxConnectionsPerHost;
    private final long minSegmentSize;

    private SegmentedDownload(Builder builder) {
        this.segments = builder.segments;
        this.maxConnectionsPerHost = builder.maxConnectionsPerHost;
        this.minSegmentSize = builder.minSegmentSize;
    }

    /** A builder of 4 segments, {@value #DEFAULT_MAX_CONNECTIONS_PER_HOST} connections a host at most. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** The segments asked for. */
    public int segments() {
        return segments;
    }

    /** The most connections a download opens to its host. */
    public int maxConnectionsPerHost() {
        return maxConnectionsPerHost;
    }

    /** The smallest segment: a file under twice this size takes one connection. */
    public long minSegmentSize() {
        return minSegmentSize;
    }

    /** Downloads {@code uri} to {@code target}, replacing it when complete. */
    public Result download(Internet internet, URI uri, Path target, ConnectFlag... flags) throws InternetException {
        return download(internet, uri, target, new AtomicLong(), flags);
    }

    /**
     * Downloads {@code uri} to {@code target}, replacing it when complete, counting the bytes written
     * into {@code received} as they come, from every connection, for a progress display.
     *
     * @throws InternetException {@link InternetError#UNRECOGNIZED_SCHEME} for a scheme without ranges
     */
    public Result download(Internet internet, URI uri, Path target, AtomicLong received, ConnectFlag... flags)
            throws InternetException {
        Objects.requireNonNull(internet, "internet");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(received, "received");
        return download(internet, source(internet, uri, flags), target, received);
    }

    /**
     * Downloads the SFTP file at {@code remotePath} to {@code target}, replacing it when complete, each
     * connection a session of {@code request} (with its {@code SftpOptions}: host keys, key files),
     * counting the bytes written into {@code received}.
     */
    public Result download(Internet internet, ConnectRequest<SftpSession> request, String remotePath, Path target,
            AtomicLong received) throws InternetException {
        Objects.requireNonNull(internet, "internet");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(remotePath, "remotePath");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(received, "received");
        return download(internet, SftpRanges.of(internet, request, remotePath), target, received);
    }

    private Result download(Internet internet, RangeSource source, Path target, AtomicLong received)
            throws InternetException {
        int connections = Math.min(segments, maxConnectionsPerHost);
        Segments.Outcome outcome = new Segments(source, connections, minSegmentSize, internet.retries(), received)
                .download(target);
        return new Result(outcome.bytes(), outcome.connections(), outcome.ranged());
    }

    private static RangeSource source(Internet internet, URI uri, ConnectFlag[] flags) throws InternetException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Service<?> service = internet.registry().serviceForScheme(scheme).orElseThrow(() -> new InternetException(
                InternetError.UNRECOGNIZED_SCHEME, uri + ": no installed provider speaks " + scheme));
        if (service.equals(Service.HTTP)) {
            return new HttpRanges(internet, uri, flags);
        }
        if (service.equals(Service.FTP)) {
            return new FtpRanges(internet, uri, flags);
        }
        if (service.equals(Service.SFTP)) {
            return SftpRanges.of(internet, uri, flags);
        }
        throw new InternetException(InternetError.UNRECOGNIZED_SCHEME, uri + ": segmented downloads are for HTTP,"
                + " FTP and SFTP URLs; " + scheme + " has no reads from an offset");
    }

    @Override
    public String toString() {
        return "SegmentedDownload[segments=" + segments + ", maxConnectionsPerHost=" + maxConnectionsPerHost
                + ", minSegmentSize=" + minSegmentSize + "]";
    }

    /**
     * What a download did.
     *
     * @param bytes the file's length
     * @param connections the connections it used (1 when the server ignored the range)
     * @param ranged whether it was read by ranges
     */
    public record Result(long bytes, int connections, boolean ranged) {
    }

    /** Builds a {@link SegmentedDownload}. */
    public static final class Builder {

        private int segments = 4;
        private int maxConnectionsPerHost = DEFAULT_MAX_CONNECTIONS_PER_HOST;
        private long minSegmentSize = DEFAULT_MIN_SEGMENT_SIZE;

        private Builder() {
        }

        /** Segments to ask for, 1 to {@value SegmentedDownload#MAX_SEGMENTS}; fewer for a small file. */
        public Builder segments(int segments) {
            if (segments < 1 || segments > MAX_SEGMENTS) {
                throw new IllegalArgumentException("segments must be 1 to " + MAX_SEGMENTS + ": " + segments);
            }
            this.segments = segments;
            return this;
        }

        /** The most connections one download opens to its host, at least 1. */
        public Builder maxConnectionsPerHost(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("maxConnectionsPerHost must be at least 1: " + connections);
            }
            this.maxConnectionsPerHost = connections;
            return this;
        }

        /** The smallest segment, at least 1 byte. */
        public Builder minSegmentSize(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("minSegmentSize must be at least 1: " + bytes);
            }
            this.minSegmentSize = bytes;
            return this;
        }

        /** The download these settings describe. */
        public SegmentedDownload build() {
            return new SegmentedDownload(this);
        }
    }
}
