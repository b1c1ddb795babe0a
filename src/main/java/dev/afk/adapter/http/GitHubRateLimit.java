package dev.afk.adapter.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import dev.afk.wire.HttpReply;
import org.apache.camel.component.micrometer.MicrometerComponent;

/**
 * The latest GitHub primary rate-limit headers seen on any reply. Bound as {@code githubRateLimit} (the status view
 * can read {@link #remaining()}) and published as the Micrometer gauge {@value #GAUGE} {@code {tracker="github"}}
 * on Camel's {@code metricsRegistry} (Prometheus: {@code afk_tracker_ratelimit_remaining}) when metrics are on.
 * -1 until the first reply.
 */
public final class GitHubRateLimit {

    public static final String GAUGE = "afk.tracker.ratelimit.remaining";

    private final AtomicLong remaining = new AtomicLong(-1);
    private final AtomicLong limit = new AtomicLong(-1);
    private final AtomicLong resetEpochSecond = new AtomicLong(-1);
    private volatile boolean registered;

    public GitHubRateLimit() {}

    /** Reads the {@code x-ratelimit-*} headers of a reply, if present; publishes the gauge on first use. */
    public void record(HttpReply reply, CamelContext context) {
        set(remaining, reply.header("x-ratelimit-remaining"));
        set(limit, reply.header("x-ratelimit-limit"));
        set(resetEpochSecond, reply.header("x-ratelimit-reset"));
        if (!registered) {
            register(context);
        }
    }

    public long remaining() {
        return remaining.get();
    }

    public long limit() {
        return limit.get();
    }

    /** UTC epoch seconds at which the budget refills; -1 when unknown. */
    public long resetEpochSecond() {
        return resetEpochSecond.get();
    }

    /** Publishes the gauge (-1 until the first reply); the plane calls it at start, a reply otherwise. */
    public synchronized void register(CamelContext context) {
        if (registered) {
            return;
        }
        MeterRegistry registry = context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        if (registry == null) {
            registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        }
        if (registry == null) { // metrics off: still visible to whoever reads camel-micrometer's own registry
            registry = context.getComponent("micrometer", MicrometerComponent.class).getMetricsRegistry();
        }
        if (registry != null) {
            Gauge.builder(GAUGE, remaining, AtomicLong::doubleValue)
                    .description("GitHub primary rate limit: requests left in the current window (-1 = unknown)")
                    .tag("tracker", "github")
                    .register(registry);
        }
        registered = true;
    }

    private static void set(AtomicLong target, Object header) {
        if (header == null) {
            return;
        }
        try {
            target.set(Long.parseLong(header.toString().strip()));
        } catch (NumberFormatException ignored) {
            // a garbled header leaves the last good value: the gauge is informational only
        }
    }
}
