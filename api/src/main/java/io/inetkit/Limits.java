package io.inetkit;

import java.util.Objects;

/**
 * How much a server may make the client hold or wait through: the bounds on everything a server
 * controls, so that a broken or hostile server costs bounded memory and time. A server past a
 * limit fails the operation with an {@link InternetException} whose message names the limit and
 * the builder method that raises it. What can be large — bodies, documents, and the streamed
 * listings and menus — is streamed and has no limit here.
 *
 * <pre>{@code
 * Internet internet = Internet.newBuilder()
 *         .limits(Limits.newBuilder().maxListEntries(1_000_000).build())
 *         .build();
 * }</pre>
 *
 * <table class="striped">
 * <caption>The limits and their defaults</caption>
 * <thead><tr><th>limit</th><th>default</th><th>bounds</th></tr></thead>
 * <tbody>
 * <tr><td>{@link #maxLineBytes()}</td><td>16 KiB</td><td>one line: an FTP reply or listing line,
 *     an HTTP status, header or chunk-size line, a Gopher menu or attribute line</td></tr>
 * <tr><td>{@link #maxReplyLines()}</td><td>10,000</td><td>the lines of one FTP reply</td></tr>
 * <tr><td>{@link #maxReplyBytes()}</td><td>1 MiB</td><td>one FTP reply, all its lines; one
 *     Gopher+ attribute reply; one SFTP reply other than a file's data</td></tr>
 * <tr><td>{@link #maxInterimResponses()}</td><td>8</td><td>HTTP interim (1xx) responses before
 *     the final one</td></tr>
 * <tr><td>{@link #maxHeaderBytes()}</td><td>256 KiB</td><td>an HTTP response's header section,
 *     status line included; its trailers</td></tr>
 * <tr><td>{@link #maxHeaderCount()}</td><td>200</td><td>the header fields of one HTTP response;
 *     its trailer fields</td></tr>
 * <tr><td>{@link #maxListEntries()}</td><td>100,000</td><td>the entries of a listing or menu
 *     returned as a {@code List}</td></tr>
 * <tr><td>{@link #maxListBytes()}</td><td>16 MiB</td><td>the bytes of a listing or menu returned
 *     as a {@code List}</td></tr>
 * <tr><td>{@link #maxRedirects()}</td><td>10</td><td>HTTP redirects followed for one
 *     request</td></tr>
 * <tr><td>{@link #maxAuthAttempts()}</td><td>3</td><td>HTTP authentication challenges answered
 *     for one request (a {@code stale} nonce is one more)</td></tr>
 * <tr><td>{@link #maxChallenges()}</td><td>16</td><td>the challenges of one 401 or 407, over all
 *     its {@code WWW-Authenticate} or {@code Proxy-Authenticate} fields</td></tr>
 * <tr><td>{@link #maxChallengeBytes()}</td><td>16 KiB</td><td>those fields' values, all
 *     together</td></tr>
 * <tr><td>{@link #maxCookieBytes()}</td><td>4,096</td><td>a cookie's name and value together; a
 *     longer one is ignored</td></tr>
 * <tr><td>{@link #maxCookiesPerDomain()}</td><td>50</td><td>the cookies kept for one domain; the
 *     least recently used go first</td></tr>
 * <tr><td>{@link #maxCookies()}</td><td>3,000</td><td>the cookies kept in all; the least recently
 *     used go first</td></tr>
 * <tr><td>{@link #maxSetCookies()}</td><td>50</td><td>the {@code Set-Cookie} fields taken from one
 *     HTTP response; the rest are ignored</td></tr>
 * <tr><td>{@link #maxDecodingRatio()}</td><td>100</td><td>the bytes an HTTP body's content
 *     decoding ({@code gzip}, {@code deflate}) may make of each byte received, once past
 *     {@value #DECODING_ALLOWANCE} bytes</td></tr>
 * </tbody>
 * </table>
 *
 * <p>Bytes beyond a size the server announced are never taken, whatever these limits say: an FTP
 * download announced by {@code SIZE} or its {@code 150 (n bytes)} reply stops there and fails as an
 * oversized transfer; an HTTP body ends at its {@code Content-Length} (what follows would be the
 * next response, as curl too reads it), and a connection with bytes after a body is not reused.
 *
 * <p>The cookie limits are RFC 6265bis's lowest a client should allow; past them, cookies are
 * ignored or evicted as that RFC says, never an error.
 *
 * <p>Instances are immutable. Each limit is at least 1 ({@link #maxRedirects()} at least 0, which
 * follows none); a builder given less throws {@link IllegalArgumentException} at once.
 */
public final class Limits {

    /**
     * The decoded bytes of an HTTP body that {@link #maxDecodingRatio()} lets through whatever their
     * ratio: a short page of repeated markup may decode to far more than the ratio in its first
     * block, and decoding a megabyte costs nothing worth guarding.
     */
    public static final int DECODING_ALLOWANCE = 1024 * 1024;

    private static final Limits DEFAULTS = new Builder().build();

    private final int maxLineBytes;
    private final int maxReplyLines;
    private final int maxReplyBytes;
    private final int maxInterimResponses;
    private final int maxHeaderBytes;
    private final int maxHeaderCount;
    private final int maxListEntries;
    private final long maxListBytes;
    private final int maxRedirects;
    private final int maxAuthAttempts;
    private final int maxChallenges;
    private final int maxChallengeBytes;
    private final int maxCookieBytes;
    private final int maxCookiesPerDomain;
    private final int maxCookies;
    private final int maxSetCookies;
    private final int maxDecodingRatio;
    private final int maxTreeDepth;
    private final long maxTreeEntries;

    private Limits(Builder builder) {
        this.maxLineBytes = builder.maxLineBytes;
        this.maxReplyLines = builder.maxReplyLines;
        this.maxReplyBytes = builder.maxReplyBytes;
        this.maxInterimResponses = builder.maxInterimResponses;
        this.maxHeaderBytes = builder.maxHeaderBytes;
        this.maxHeaderCount = builder.maxHeaderCount;
        this.maxListEntries = builder.maxListEntries;
        this.maxListBytes = builder.maxListBytes;
        this.maxRedirects = builder.maxRedirects;
        this.maxAuthAttempts = builder.maxAuthAttempts;
        this.maxChallenges = builder.maxChallenges;
        this.maxChallengeBytes = builder.maxChallengeBytes;
        this.maxCookieBytes = builder.maxCookieBytes;
        this.maxCookiesPerDomain = builder.maxCookiesPerDomain;
        this.maxCookies = builder.maxCookies;
        this.maxSetCookies = builder.maxSetCookies;
        this.maxDecodingRatio = builder.maxDecodingRatio;
        this.maxTreeDepth = builder.maxTreeDepth;
        this.maxTreeEntries = builder.maxTreeEntries;
    }

    /** The defaults, as the table above gives them. */
    public static Limits defaults() {
        return DEFAULTS;
    }

    /** A builder that starts from the defaults. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** A builder that starts from these limits. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The longest line a server may send, its terminator not counted. */
    public int maxLineBytes() {
        return maxLineBytes;
    }

    /** The most lines in one FTP reply. */
    public int maxReplyLines() {
        return maxReplyLines;
    }

    /** The most bytes in one FTP reply, one Gopher+ attribute reply, or one SFTP reply other than data. */
    public int maxReplyBytes() {
        return maxReplyBytes;
    }

    /** The most HTTP interim (1xx) responses before the final response of one exchange. */
    public int maxInterimResponses() {
        return maxInterimResponses;
    }

    /** The most bytes in an HTTP response's header section (or its trailers). */
    public int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    /** The most header fields in one HTTP response (or its trailers). */
    public int maxHeaderCount() {
        return maxHeaderCount;
    }

    /** The most entries of a listing or menu returned whole, as a {@code List}. */
    public int maxListEntries() {
        return maxListEntries;
    }

    /** The most bytes of a listing or menu returned whole, as a {@code List}. */
    public long maxListBytes() {
        return maxListBytes;
    }

    /** The most HTTP redirects followed for one request. */
    public int maxRedirects() {
        return maxRedirects;
    }

    /**
     * The most HTTP authentication challenges answered for one request: a server's 401s, and
     * separately an HTTP proxy's 407s (to the request, or to its {@code CONNECT}).
     */
    public int maxAuthAttempts() {
        return maxAuthAttempts;
    }

    /** The most challenges read from one 401 or 407. */
    public int maxChallenges() {
        return maxChallenges;
    }

    /** The most bytes of the challenge fields of one 401 or 407, all together. */
    public int maxChallengeBytes() {
        return maxChallengeBytes;
    }

    /** The most bytes of a cookie's name and value together: a longer cookie is ignored. */
    public int maxCookieBytes() {
        return maxCookieBytes;
    }

    /** The most cookies a cookie store keeps for one domain. */
    public int maxCookiesPerDomain() {
        return maxCookiesPerDomain;
    }

    /** The most cookies a cookie store keeps. */
    public int maxCookies() {
        return maxCookies;
    }

    /** The most {@code Set-Cookie} fields taken from one HTTP response. */
    public int maxSetCookies() {
        return maxSetCookies;
    }

    /**
     * The most bytes that decoding an HTTP body's {@code Content-Encoding} may make of each byte of
     * the body received, checked as it decodes once the decoded body is past
     * {@link #DECODING_ALLOWANCE} bytes; past it the read fails with
     * {@link InternetError#DECODING_FAILED}. It bounds what decoding adds: without it a server
     * makes the client write about 1,000 bytes (deflate's most) for each byte it sends, so 250 KB
     * become 256 MiB, where undecoded it would have to send each of them. Text, markup and JSON
     * compress 3 to 20 times, logs and repetitive data up to about 50; a stream of zeros, which is
     * what a bomb is, about 1,000. The bound is a ratio rather than a size, so that a large body
     * that compresses as data does streams whatever its size, as an undecoded body does.
     */
    public int maxDecodingRatio() {
        return maxDecodingRatio;
    }

    /**
     * The error a provider throws when a server goes past a limit, with a message that says what
     * happened, which limit it was and how to raise it, for example "ftp.example.org:21 sent a reply
     * of more than 10000 lines (Limits.maxReplyLines); raise it with
     * Limits.Builder.maxReplyLines(int) if the server is trusted".
     *
     * @param error the WinINet error of the protocol for a server that breaks its rules
     * @param where the server, as {@code host:port}
     * @param what what the server sent, ending with the limit's value, such as "a reply of more
     *     than 10000 lines"
     * @param limit the name of the limit's method here, such as {@code "maxReplyLines"}
     */
    public static InternetException exceeded(InternetError error, String where, String what, String limit) {
        Objects.requireNonNull(error, "error");
        String type = "maxListBytes".equals(limit) || "maxTreeEntries".equals(limit) ? "long" : "int";
        return new InternetException(error, where + " sent " + what + " (Limits." + limit + "); raise it with"
                + " Limits.Builder." + limit + "(" + type + ") if the server is trusted");
    }

    /**
     * The deepest a mirror goes into a server's tree, in directories below the one it starts at
     * ({@code io.inetkit.mirror.Mirror}): a directory deeper down is reported as a failure and not
     * entered. Each level holds a listing's spool file open, so this also bounds those.
     */
    public int maxTreeDepth() {
        return maxTreeDepth;
    }

    /** The most entries a mirror reads from a server's tree in all, its directories' listings together. */
    public long maxTreeEntries() {
        return maxTreeEntries;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Limits that
                && maxLineBytes == that.maxLineBytes && maxReplyLines == that.maxReplyLines
                && maxReplyBytes == that.maxReplyBytes && maxInterimResponses == that.maxInterimResponses
                && maxHeaderBytes == that.maxHeaderBytes && maxHeaderCount == that.maxHeaderCount
                && maxListEntries == that.maxListEntries && maxListBytes == that.maxListBytes
                && maxRedirects == that.maxRedirects && maxAuthAttempts == that.maxAuthAttempts
                && maxChallenges == that.maxChallenges && maxChallengeBytes == that.maxChallengeBytes
                && maxCookieBytes == that.maxCookieBytes && maxCookiesPerDomain == that.maxCookiesPerDomain
                && maxCookies == that.maxCookies && maxSetCookies == that.maxSetCookies
                && maxDecodingRatio == that.maxDecodingRatio
                && maxTreeDepth == that.maxTreeDepth && maxTreeEntries == that.maxTreeEntries;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxLineBytes, maxReplyLines, maxReplyBytes, maxInterimResponses, maxHeaderBytes,
                maxHeaderCount, maxListEntries, maxListBytes, maxRedirects, maxAuthAttempts, maxChallenges,
                maxChallengeBytes,
                maxCookieBytes, maxCookiesPerDomain, maxCookies, maxSetCookies, maxDecodingRatio,
                maxTreeDepth, maxTreeEntries);
    }

    @Override
    public String toString() {
        return "Limits[maxLineBytes=" + maxLineBytes + ", maxReplyLines=" + maxReplyLines
                + ", maxReplyBytes=" + maxReplyBytes + ", maxInterimResponses=" + maxInterimResponses
                + ", maxHeaderBytes=" + maxHeaderBytes + ", maxHeaderCount=" + maxHeaderCount
                + ", maxListEntries=" + maxListEntries + ", maxListBytes=" + maxListBytes
                + ", maxRedirects=" + maxRedirects + ", maxAuthAttempts=" + maxAuthAttempts
                + ", maxChallenges=" + maxChallenges + ", maxChallengeBytes=" + maxChallengeBytes
                + ", maxCookieBytes=" + maxCookieBytes + ", maxCookiesPerDomain=" + maxCookiesPerDomain
                + ", maxCookies=" + maxCookies + ", maxSetCookies=" + maxSetCookies + ", maxDecodingRatio=" + maxDecodingRatio
                + ", maxTreeDepth=" + maxTreeDepth + ", maxTreeEntries=" + maxTreeEntries + "]";
    }

    /** Builds {@link Limits}; each setter checks its value at once. Not thread-safe. */
    public static final class Builder {

        private int maxLineBytes = 16 * 1024;
        private int maxReplyLines = 10_000;
        private int maxReplyBytes = 1024 * 1024;
        private int maxInterimResponses = 8;
        private int maxHeaderBytes = 256 * 1024;
        private int maxHeaderCount = 200;
        private int maxListEntries = 100_000;
        private long maxListBytes = 16L * 1024 * 1024;
        private int maxRedirects = 10;
        private int maxAuthAttempts = 3;
        private int maxChallenges = 16;
        private int maxChallengeBytes = 16 * 1024;
        private int maxCookieBytes = 4096;
        private int maxCookiesPerDomain = 50;
        private int maxCookies = 3000;
        private int maxSetCookies = 50;
        private int maxDecodingRatio = 100;
        private int maxTreeDepth = 64;
        private long maxTreeEntries = 10_000_000L;

        private Builder() {
        }

        private Builder(Limits from) {
            maxLineBytes = from.maxLineBytes;
            maxReplyLines = from.maxReplyLines;
            maxReplyBytes = from.maxReplyBytes;
            maxInterimResponses = from.maxInterimResponses;
            maxHeaderBytes = from.maxHeaderBytes;
            maxHeaderCount = from.maxHeaderCount;
            maxListEntries = from.maxListEntries;
            maxListBytes = from.maxListBytes;
            maxRedirects = from.maxRedirects;
            maxAuthAttempts = from.maxAuthAttempts;
            maxChallenges = from.maxChallenges;
            maxChallengeBytes = from.maxChallengeBytes;
            maxCookieBytes = from.maxCookieBytes;
            maxCookiesPerDomain = from.maxCookiesPerDomain;
            maxCookies = from.maxCookies;
            maxSetCookies = from.maxSetCookies;
            maxDecodingRatio = from.maxDecodingRatio;
            maxTreeDepth = from.maxTreeDepth;
            maxTreeEntries = from.maxTreeEntries;
        }

        /** See {@link Limits#maxLineBytes()}. */
        public Builder maxLineBytes(int bytes) {
            maxLineBytes = atLeastOne(bytes, "maxLineBytes");
            return this;
        }

        /** See {@link Limits#maxReplyLines()}. */
        public Builder maxReplyLines(int lines) {
            maxReplyLines = atLeastOne(lines, "maxReplyLines");
            return this;
        }

        /** See {@link Limits#maxReplyBytes()}. */
        public Builder maxReplyBytes(int bytes) {
            maxReplyBytes = atLeastOne(bytes, "maxReplyBytes");
            return this;
        }

        /** See {@link Limits#maxInterimResponses()}. */
        public Builder maxInterimResponses(int responses) {
            maxInterimResponses = atLeastOne(responses, "maxInterimResponses");
            return this;
        }

        /** See {@link Limits#maxHeaderBytes()}. */
        public Builder maxHeaderBytes(int bytes) {
            maxHeaderBytes = atLeastOne(bytes, "maxHeaderBytes");
            return this;
        }

        /** See {@link Limits#maxHeaderCount()}. */
        public Builder maxHeaderCount(int fields) {
            maxHeaderCount = atLeastOne(fields, "maxHeaderCount");
            return this;
        }

        /** See {@link Limits#maxListEntries()}. */
        public Builder maxListEntries(int entries) {
            maxListEntries = atLeastOne(entries, "maxListEntries");
            return this;
        }

        /** See {@link Limits#maxListBytes()}. */
        public Builder maxListBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxListBytes must be at least 1: " + bytes);
            }
            maxListBytes = bytes;
            return this;
        }

        /** See {@link Limits#maxRedirects()}. */
        public Builder maxRedirects(int redirects) {
            if (redirects < 0) {
                throw new IllegalArgumentException("maxRedirects must not be negative: " + redirects);
            }
            maxRedirects = redirects;
            return this;
        }

        /** See {@link Limits#maxAuthAttempts()}. */
        public Builder maxAuthAttempts(int attempts) {
            maxAuthAttempts = atLeastOne(attempts, "maxAuthAttempts");
            return this;
        }

        /** See {@link Limits#maxChallenges()}. */
        public Builder maxChallenges(int challenges) {
            maxChallenges = atLeastOne(challenges, "maxChallenges");
            return this;
        }

        /** See {@link Limits#maxChallengeBytes()}. */
        public Builder maxChallengeBytes(int bytes) {
            maxChallengeBytes = atLeastOne(bytes, "maxChallengeBytes");
            return this;
        }

        /** See {@link Limits#maxCookieBytes()}. */
        public Builder maxCookieBytes(int bytes) {
            maxCookieBytes = atLeastOne(bytes, "maxCookieBytes");
            return this;
        }

        /** See {@link Limits#maxCookiesPerDomain()}. */
        public Builder maxCookiesPerDomain(int cookies) {
            maxCookiesPerDomain = atLeastOne(cookies, "maxCookiesPerDomain");
            return this;
        }

        /** See {@link Limits#maxCookies()}. */
        public Builder maxCookies(int cookies) {
            maxCookies = atLeastOne(cookies, "maxCookies");
            return this;
        }

        /** See {@link Limits#maxSetCookies()}. */
        public Builder maxSetCookies(int fields) {
            maxSetCookies = atLeastOne(fields, "maxSetCookies");
            return this;
        }

        /** See {@link Limits#maxDecodingRatio()}. */
        public Builder maxDecodingRatio(int ratio) {
            maxDecodingRatio = atLeastOne(ratio, "maxDecodingRatio");
            return this;
        }

        /** See {@link Limits#maxTreeDepth()}. */
        public Builder maxTreeDepth(int directories) {
            maxTreeDepth = atLeastOne(directories, "maxTreeDepth");
            return this;
        }

        /** See {@link Limits#maxTreeEntries()}. */
        public Builder maxTreeEntries(long entries) {
            if (entries < 1) {
                throw new IllegalArgumentException("maxTreeEntries must be at least 1: " + entries);
            }
            maxTreeEntries = entries;
            return this;
        }

        /** The limits. */
        public Limits build() {
            return new Limits(this);
        }

        private static int atLeastOne(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1: " + value);
            }
            return value;
        }
    }
}
