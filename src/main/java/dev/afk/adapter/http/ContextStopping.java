package dev.afk.adapter.http;

import org.apache.camel.CamelContext;

/**
 * Whether the plane is shutting down: the Camel context is stopping (SIGTERM, Camel Main's graceful shutdown) or
 * stopped. The one answer both the retry predicate ({@link AdapterRetry}: no redelivery once stopping) and the ticks'
 * stop-between-items step ({@code routes/shutdown.camel.yaml}, bean {@code plane}) use. Once true it stays true.
 */
public final class ContextStopping {

    private ContextStopping() {}

    public static boolean of(CamelContext context) {
        return context != null && (context.isStopping() || context.isStopped());
    }
}
