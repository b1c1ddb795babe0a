package dev.afk.adapter.http;

import dev.afk.adapter.AdapterFailure;
import dev.afk.wire.HttpCall;
import dev.afk.wire.Retries;
import org.apache.camel.Exchange;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;

/**
 * The {@code retryWhile} of the one {@code adapter-retry} route configuration, bound as {@code adapterRetry}: the
 * pure rule {@link Retries#retryable} on the failure, the call in {@value HttpCall#VARIABLE} and whether the plane is
 * stopping ({@link ContextStopping}: no redelivery during a shutdown), within the redeliveries of the one
 * {@code adapterRetryPolicy}. It is also the one place that sets the redelivery delay from a Retry-After
 * ({@code CamelRedeliveryDelay}); without one, the policy's exponential back-off applies.
 */
public class AdapterRetry {

    private RedeliveryPolicy policy = new RedeliveryPolicy();

    public AdapterRetry() {}

    /** The policy whose {@code maximumRedeliveries} bounds the retries (a {@code retryWhile} replaces its check). */
    public void setPolicy(RedeliveryPolicy policy) {
        this.policy = policy;
    }

    public boolean retryWhile(Exchange exchange) {
        Throwable t = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        HttpCall call = exchange.getVariable(HttpCall.VARIABLE, HttpCall.class);
        // Camel counts the failed attempts in this header before asking: 1 after the first failure
        Integer failed = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        boolean budget = failed == null || failed <= policy.getMaximumRedeliveries();
        boolean retry = budget && t instanceof AdapterFailure f && Retries.retryable(f, call,
                ContextStopping.of(exchange.getContext()));
        Long delay = retry ? Retries.delayMillis((AdapterFailure) t) : null;
        if (delay != null) {
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, delay);
        } else {
            exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY); // the policy's back-off
        }
        return retry;
    }
}
