package io.inetkit;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When an operation that failed before the server answered is tried again, and how long the client
 * waits in between: WinINet's {@code INTERNET_OPTION_CONNECT_RETRIES} and
 * {@code INTERNET_OPTION_CONNECT_BACKOFF}, set on {@link Internet.Builder#retries(RetryPolicy)}.
 *
 * <p>HTTP: a request whose connection is refused, reset or closed before any byte of a response
 * arrived is sent again, as is a {@code 503} or {@code 429} whose {@code Retry-After} asks for a
 * wait of at most {@link #maxRetryAfter()}. Only an idempotent method ({@code GET}, {@code HEAD},
 * {@code PUT}, {@code DELETE}, {@code OPTIONS}, {@code TRACE}) is sent again, unless
 * {@link #retryNonIdempotent()} says otherwise, and only with a body that can be sent again
 * ({@link io.inetkit.http.RequestBody#isReplayable()}). A time-out is never retried (the deadline
 * and the time-outs bound the whole, and a second wait would double them), nor a TLS failure, nor
 * a failure after the first byte of a response.
 *
 * <p>FTP: a connect and login whose connection is refused (as for HTTP), reset or closed before the
 * login ended, or greeted with {@code 421} (too many users), is tried again; a refused login
 * ({@code 530}) never is. A download ({@code get}) whose data connection drops mid-file resumes with
 * {@code REST} where its part file ends; one whose control connection drops, mid-file or before it
 * began, logs in again (the same user, working directory and transfer type) and resumes the same
 * way; a stream opened for reading ({@code openRead}) logs in again until it is returned. A binary
 * download resumes mid-file only when {@code SIZE} gave its length; any download starts over when no
 * byte of it arrived. An upload is not tried again, not even on a new login, unless
 * {@link #retryNonIdempotent()} says so, and then only before it began. Other FTP operations are
 * not retried: after a dropped control connection they fail with {@code FTP_DROPPED} until a
 * download or a new connect. Gopher: a request whose connection is refused (as for HTTP), or reset
 * before the reply's first byte, is sent again; every Gopher request only reads. Nothing is retried
 * in a stream already returned.
 *
 * <p>Between tries the client waits {@link #backoff()}, doubled at each further retry up to
 * {@link #maxBackoff()}, plus up to half of it again at random (jitter, so that many clients do not
 * come back at once); or, for a {@code 503} or {@code 429}, what its {@code Retry-After} asks. The
 * {@code Internet}'s deadline bounds the whole: a wait that would end past it is not begun, and the
 * operation fails with {@code TIMEOUT}. After the last try the error says how many tries were made
 * and why each failed.
 *
 * <p>The defaults retry a connection failure twice, as WinINet (five connect retries) and OkHttp
 * (which retries a connection failure) do by default, because a stale or refused connection is
 * common and harmless to try again for an idempotent request. The command {@code inetkit} starts
 * from {@link #none()} instead, as curl retries nothing unless {@code --retry} asks.
 *
 * <table class="striped">
 * <caption>The settings and their defaults</caption>
 * <thead><tr><th>setting</th><th>default</th><th>why</th></tr></thead>
 * <tbody>
 * <tr><td>{@link #maxRetries()}</td><td>2</td><td>three tries: enough to get past a stale pooled
 *     connection and a server restarting, few enough that a dead server fails fast</td></tr>
 * <tr><td>{@link #backoff()}</td><td>250 ms</td><td>the first wait, doubled each retry</td></tr>
 * <tr><td>{@link #maxBackoff()}</td><td>30 s</td><td>the longest wait between two tries</td></tr>
 * <tr><td>{@link #maxRetryAfter()}</td><td>10 s</td><td>the longest {@code Retry-After} honoured;
 *     a server asking for longer gets its response returned, not waited for</td></tr>
 * <tr><td>{@link #maxRetryTime()}</td><td>none</td><td>no retry starts after it; the count and the
 *     waits' bounds bound the retries anyway</td></tr>
 * <tr><td>{@link #retryConnectionRefused()}</td><td>true</td><td>as WinINet and OkHttp</td></tr>
 * <tr><td>{@link #retryNonIdempotent()}</td><td>false</td><td>a {@code POST} sent twice may do its
 *     work twice; an FTP upload may leave a part on the server</td></tr>
 * </tbody>
 * </table>
 *
 * <p>Instances are immutable; a builder given a value out of range throws
 * {@link IllegalArgumentException} at once.
 */
public final class RetryPolicy {

    private static final RetryPolicy DEFAULTS = new Builder().build();
    private static final RetryPolicy NONE = new Builder().maxRetries(0).build();

    /** The most retries a builder takes: more would only hide a server that is down. */
    public static final int MAX_RETRIES = 100;

    private final int maxRetries;
    private final Duration backoff;
    private final Duration maxBackoff;
    private final Duration maxRetryAfter;
    private final Duration maxRetryTime;
    private final boolean retryConnectionRefused;
    private final boolean retryNonIdempotent;

    private RetryPolicy(Builder builder) {
        this.maxRetries = builder.maxRetries;
        this.backoff = builder.backoff;
        this.maxBackoff = builder.maxBackoff;
        this.maxRetryAfter = builder.maxRetryAfter;
        this.maxRetryTime = builder.maxRetryTime;
        this.retryConnectionRefused = builder.retryConnectionRefused;
        this.retryNonIdempotent = builder.retryNonIdempotent;
    }

    /** The defaults, as the table above gives them. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** No retries at all. */
    public static RetryPolicy none() {
        return NONE;
    }

    /** A builder that starts from the defaults. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** A builder that starts from this policy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The most times an operation is tried again after its first try; 0 for none. */
    public int maxRetries() {
        return maxRetries;
    }

    /** The wait before the first retry; each further retry waits twice the one before. */
    public Duration backoff() {
        return backoff;
    }

    /** The longest wait between two tries, before jitter. */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** The longest wait that a {@code Retry-After} of a {@code 503} or {@code 429} may ask for and be honoured. */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /** The time from an operation's start after which no retry begins; empty for none. */
    public Optional<Duration> maxRetryTime() {
        return Optional.ofNullable(maxRetryTime);
    }

    /** Whether a refused connection is retried. */
    public boolean retryConnectionRefused() {
        return retryConnectionRefused;
    }

    /**
     * Whether what is not idempotent may be tried again: an HTTP request whose method is not
     * idempotent, such as {@code POST}; an FTP upload on a new login after its control connection
     * dropped before the upload began.
     */
    public boolean retryNonIdempotent() {
        return retryNonIdempotent;
    }

    /**
     * The wait before a retry: {@link #backoff()} doubled for each retry before it, at most
     * {@link #maxBackoff()}, plus a random part of up to half of that.
     *
     * @param retry the retry about to be made: 1 for the first
     */
    public Duration delay(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry must be at least 1: " + retry);
        }
        long base = backoff.toNanos();
        long cap = maxBackoff.toNanos();
        for (int i = 1; i < retry && base < cap; i++) {
            base = base > cap / 2 ? cap : base * 2;
        }
        base = Math.min(base, cap);
        long jitter = base / 2 == 0 ? 0 : ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return Duration.ofNanos(base + jitter);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RetryPolicy that && maxRetries == that.maxRetries && backoff.equals(that.backoff)
                && maxBackoff.equals(that.maxBackoff) && maxRetryAfter.equals(that.maxRetryAfter)
                && Objects.equals(maxRetryTime, that.maxRetryTime)
                && retryConnectionRefused == that.retryConnectionRefused
                && retryNonIdempotent == that.retryNonIdempotent;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxRetries, backoff, maxBackoff, maxRetryAfter, maxRetryTime, retryConnectionRefused,
                retryNonIdempotent);
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxRetries=" + maxRetries + ", backoff=" + backoff + ", maxBackoff=" + maxBackoff
                + ", maxRetryAfter=" + maxRetryAfter + ", maxRetryTime=" + maxRetryTime
                + ", retryConnectionRefused=" + retryConnectionRefused + ", retryNonIdempotent="
                + retryNonIdempotent + "]";
    }

    /** Builds a {@link RetryPolicy}; each setter checks its value at once. Not thread-safe. */
    public static final class Builder {

        private int maxRetries = 2;
        private Duration backoff = Duration.ofMillis(250);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration maxRetryAfter = Duration.ofSeconds(10);
        private Duration maxRetryTime;
        private boolean retryConnectionRefused = true;
        private boolean retryNonIdempotent;

        private Builder() {
        }

        private Builder(RetryPolicy from) {
            maxRetries = from.maxRetries;
            backoff = from.backoff;
            maxBackoff = from.maxBackoff;
            maxRetryAfter = from.maxRetryAfter;
            maxRetryTime = from.maxRetryTime;
            retryConnectionRefused = from.retryConnectionRefused;
            retryNonIdempotent = from.retryNonIdempotent;
        }

        /** See {@link RetryPolicy#maxRetries()}: from 0 to {@link #MAX_RETRIES}. */
        public Builder maxRetries(int retries) {
            if (retries < 0 || retries > MAX_RETRIES) {
                throw new IllegalArgumentException("maxRetries must be from 0 to " + MAX_RETRIES + ": " + retries);
            }
            maxRetries = retries;
            return this;
        }

        /** See {@link RetryPolicy#backoff()}: from zero to a day. */
        public Builder backoff(Duration wait) {
            backoff = withinADay(wait, "backoff");
            return this;
        }

        /** See {@link RetryPolicy#maxBackoff()}: from zero to a day. */
        public Builder maxBackoff(Duration wait) {
            maxBackoff = withinADay(wait, "maxBackoff");
            return this;
        }

        /** See {@link RetryPolicy#maxRetryAfter()}: from zero (only {@code Retry-After: 0}) to a day. */
        public Builder maxRetryAfter(Duration wait) {
            maxRetryAfter = withinADay(wait, "maxRetryAfter");
            return this;
        }

        /** See {@link RetryPolicy#maxRetryTime()}: positive, at most a day. */
        public Builder maxRetryTime(Duration time) {
            withinADay(time, "maxRetryTime");
            if (time.isZero()) {
                throw new IllegalArgumentException("maxRetryTime must be positive: " + time);
            }
            maxRetryTime = time;
            return this;
        }

        /** See {@link RetryPolicy#retryConnectionRefused()}. */
        public Builder retryConnectionRefused(boolean retry) {
            retryConnectionRefused = retry;
            return this;
        }

        /** See {@link RetryPolicy#retryNonIdempotent()}. */
        public Builder retryNonIdempotent(boolean retry) {
            retryNonIdempotent = retry;
            return this;
        }

        /** The policy. */
        public RetryPolicy build() {
            return new RetryPolicy(this);
        }

        private static Duration withinADay(Duration wait, String name) {
            Objects.requireNonNull(wait, name);
            if (wait.isNegative() || wait.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException(name + " must be from zero to a day: " + wait);
            }
            return wait;
        }
    }
}
