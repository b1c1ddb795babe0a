package dev.afk.wire;

import dev.afk.adapter.AdapterFailure;
import org.apache.camel.Exchange;

/**
 * Whether a failed {@code github-call} attempt will be followed by a retry (bound as {@code githubAttempts}), so the
 * call route logs a retried attempt at DEBUG and only the failure that ends the op at WARN: one WARN per failed op.
 *
 * <p>The answer is the op route's own rule: {@link GitHubCalls#retryable} says whether the failure may be retried at
 * all, and the redelivery counter Camel keeps in {@link Exchange#REDELIVERY_COUNTER} (absent on the first attempt)
 * says whether any of the {@code afk.github.retries} redeliveries is left.
 */
public final class GitHubAttempts {

    private GitHubCalls calls = new GitHubCalls();
    private int retries;

    public GitHubAttempts() {}

    public void setCalls(GitHubCalls calls) {
        this.calls = calls;
    }

    /** {@code afk.github.retries}: the redeliveries the op routes allow. */
    public void setRetries(int retries) {
        this.retries = retries;
    }

    /**
     * For the failure of this attempt (the variable {@code ghFailure}), whether the op route will try again. It is
     * judged as {@link GitHubCalls#retryable} judges the exception the op route sees, which is this typed failure.
     */
    public boolean retryFollows(Exchange exchange) {
        Object failure = exchange.getVariable("ghFailure");
        if (!(failure instanceof AdapterFailure)) {
            return false;
        }
        Integer done = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        if (done != null && done >= retries) {
            return false;
        }
        Object caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        try {
            return calls.retryable(exchange);
        } finally {
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, caught);
        }
    }
}
