package io.inetkit.provider.http;

import io.inetkit.InternetException;
import io.inetkit.RetryPolicy;
import io.inetkit.spi.SessionSupport;
import io.inetkit.toolbox.Logs;
import io.inetkit.toolbox.RetryBudget;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The retry stage, just before {@link Exchange}: sends a hop again, under the {@code Internet}'s
 * {@link RetryPolicy}, when its connection was refused, reset or closed before any byte of a
 * response, or when a {@code 503} or {@code 429} asks, with {@code Retry-After}, for a wait within
 * the policy's bound. Only what may be sent twice is: an idempotent method (or any, when the
 * policy says so) with a body that can be replayed. It stands after redirects and authentication,
 * so a retry repeats the one hop, never the redirects before it.
 *
 * <p>The counting, the waits and the last error's list of tries are {@link RetryBudget}'s, which the
 * FTP and Gopher providers share.
 *
 * <p>The HTTP/1.1 engine's own replacement of a kept-alive connection that the server had closed
 * (a stale pooled connection) happens inside one try and is not counted here.
 */
final class Retries implements Stage {

    private static final Logger LOG = Logs.get(Retries.class);
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");

    private final RetryPolicy policy;
    private final SessionSupport support;

    Retries(RetryPolicy policy, SessionSupport support) {
        this.policy = policy;
        this.support = support;
    }

    @Override
    public ResponseImpl proceed(Outgoing first, Next next) throws InternetException {
        if (policy.maxRetries() == 0) {
            return next.proceed(first);
        }
        boolean resendable = (IDEMPOTENT.contains(first.method()) || policy.retryNonIdempotent())
                && first.body().isReplayable();
        RetryBudget budget = new RetryBudget(policy);
        Outgoing hop = first;
        while (true) {
            boolean more = resendable && budget.hasRetryLeft();
            ResponseImpl response;
            try {
                response = next.proceed(hop);
            } catch (InternetException e) {
                // Once the server began to answer, it may have acted on the request.
                String why = hop.attempt().isAnswered() ? null : RetryBudget.connectionFailure(e, policy);
                if (why == null || !more) {
                    throw budget.afterTries(e, why);
                }
                budget.failed(why);
                Duration wait = budget.backoff();
                budget.pause(hop.what(), wait, hop.deadline(), support, e);
                LOG.debug("{} failed ({}); retry {} of {} after {} ms", hop.what(), why, budget.retries(),
                        policy.maxRetries(), wait.toMillis());
                hop = first.retried();
                continue;
            }
            int code = response.statusCode();
            if (more && (code == 503 || code == 429)) {
                Optional<Duration> after = RetryAfter.parse(response.headers().firstValue("Retry-After"));
                if (after.isPresent() && after.get().compareTo(policy.maxRetryAfter()) <= 0
                        && budget.fits(after.get(), hop.deadline())) {
                    budget.failed(response.statusLine());
                    FollowRedirects.drainAndClose(response);
                    budget.pause(hop.what(), after.get(), hop.deadline(), support, null);
                    LOG.debug("{} -> {}; retry {} of {} after {} ms (Retry-After)", hop.what(), code,
                            budget.retries(), policy.maxRetries(), after.get().toMillis());
                    hop = first.retried();
                    continue;
                }
            }
            return response;
        }
    }
}
