package io.inetkit.cli;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.RetryPolicy;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.ArgSpec;

/**
 * The retry options, with curl's names and meanings: {@code --retry N} (none by default, as
 * curl), {@code --retry-delay SECONDS} (a fixed wait in place of the backoff, which starts at one
 * second and doubles up to ten minutes, as curl's), {@code --retry-max-time SECONDS} (no retry
 * starts after it), and {@code --retry-connrefused} (a refused connection counts as a transient
 * failure, which {@code --retry} alone does not make it).
 */
final class RetryOptions {

    /** curl's backoff: one second, doubled at each retry, up to ten minutes. */
    private static final Duration CURL_BACKOFF = Duration.ofSeconds(1);
    private static final Duration CURL_MAX_BACKOFF = Duration.ofMinutes(10);
    private static final long DAY = Duration.ofDays(1).toSeconds();

    int retries;
    long delaySeconds;
    long maxTimeSeconds;
    boolean connectionRefused;

    /** Declares the options for a command, which keeps their values here. */
    void addTo(List<ArgSpec> command) {
        command.add(CommandModel.option(this, "retries", "--retry")
                .paramLabel("NUM").defaultValue("0")
                .description("Retry up to NUM times after a transient failure: a connection reset or closed"
                        + " before any response, an HTTP 503 or 429 whose Retry-After asks for a short wait, an"
                        + " FTP download cut mid-file (resumed). Default: ${DEFAULT-VALUE}.").build());
        command.add(CommandModel.option(this, "delaySeconds", "--retry-delay").paramLabel("SECONDS").defaultValue("0")
                .description("Wait SECONDS before each retry instead of the backoff (1 s, doubled each"
                        + " retry, at most 10 minutes); 0, the default, for the backoff.").build());
        command.add(CommandModel.option(this, "maxTimeSeconds", "--retry-max-time")
                .paramLabel("SECONDS").defaultValue("0")
                .description("Start no retry later than SECONDS after the first try; 0, the default, for no"
                        + " limit.").build());
        command.add(CommandModel.option(this, "connectionRefused", "--retry-connrefused")
                .description("With --retry, retry a refused connection too.").build());
    }

    /** The policy these options ask for: {@link RetryPolicy#none()} without {@code --retry}. */
    RetryPolicy policy() throws InternetException {
        if (retries < 0 || retries > RetryPolicy.MAX_RETRIES) {
            throw new InternetException(InternetError.INVALID_PARAMETER,
                    "--retry must be from 0 to " + RetryPolicy.MAX_RETRIES + ", not " + retries);
        }
        if (delaySeconds < 0 || delaySeconds > DAY) {
            throw new InternetException(InternetError.INVALID_PARAMETER,
                    "--retry-delay must be from 0 to " + DAY + " seconds, not " + delaySeconds);
        }
        if (maxTimeSeconds < 0 || maxTimeSeconds > DAY) {
            throw new InternetException(InternetError.INVALID_PARAMETER,
                    "--retry-max-time must be from 0 (no limit) to " + DAY + " seconds, not " + maxTimeSeconds);
        }
        if (retries == 0) {
            return RetryPolicy.none();
        }
        RetryPolicy.Builder policy = RetryPolicy.newBuilder().maxRetries(retries)
                .retryConnectionRefused(connectionRefused);
        if (delaySeconds > 0) {
            Duration delay = Duration.ofSeconds(delaySeconds);
            policy.backoff(delay).maxBackoff(delay);
        } else {
            policy.backoff(CURL_BACKOFF).maxBackoff(CURL_MAX_BACKOFF);
        }
        if (maxTimeSeconds > 0) {
            // A server's Retry-After is honoured up to the time left for retries, and no further.
            Duration max = Duration.ofSeconds(maxTimeSeconds);
            policy.maxRetryTime(max).maxRetryAfter(max);
        }
        return policy.build();
    }
}
