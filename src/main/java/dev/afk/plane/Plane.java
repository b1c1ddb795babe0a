package dev.afk.plane;

import dev.afk.adapter.http.ContextStopping;
import org.apache.camel.Exchange;

/**
 * The bean {@code plane}: what the ticks ask about the plane itself. {@link #stopping} is read by the one
 * stop-between-items step, {@code direct:afk-shutdown-stop-when-stopping} (routes/shutdown.camel.yaml).
 */
public class Plane {

    public Plane() {}

    /** True once the context is shutting down; a tick then ends before its next item (repo, dispatch, run). */
    public boolean stopping(Exchange exchange) {
        return ContextStopping.of(exchange.getContext());
    }
}
