package dev.afk.plane;

import dev.afk.adapter.AdapterFailure;
import dev.afk.core.Config;
import dev.afk.core.EscalationReason;
import dev.afk.adapter.http.GitHubRateLimit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerComponent;

/**
 * Honest metrics: every counter the routes increment ({@code micrometer:counter:} URIs) exists from start at 0 with
 * a HELP text, for every tag value it can take, and the plane's heartbeat and the JVM and process metrics are on the
 * same registry the Prometheus endpoint serves.
 *
 * <p>camel-micrometer's counter producer registers {@code Counter.builder(name).tags(uriTags + camelContext)} on the
 * component's registry; registering the same name and tags here first makes the route's increment hit this meter
 * (and keeps its description, which the routes do not set). The tag values are the bounded sets the routes use:
 * {@link EscalationReason} names, {@link AdapterFailure.Kind} names per system (T3 and the configured tracker), and
 * the doorbell kinds of {@code SlackPost}/{@code SlackWire} plus {@code unconfigured}.
 *
 * <p>{@code afk.queue.depth{repo}} is registered for every allowlisted repo at start (0), and set by the poll tick
 * ({@link #queueListed}).
 *
 * <p>The heartbeat {@code afk.last.tick.timestamp.seconds{tick}} is the clock reading at the tick's gate (the first
 * step of both ticks), so it moves on every tick, including one the gate holds back; 0 before the first tick.
 */
public final class PlaneMetrics {

    /** Doorbell failure kinds: {@code SlackPost.kind(status)}, {@code SlackWire.failureKind}, and the routes' own. */
    static final List<String> DOORBELL_KINDS = List.of("rate-limited", "server", "rejected", "transport", "other",
            "misconfigured", "unconfigured");

    static final List<String> TICKS = List.of("poll", "watch");

    /** The outcomes of {@code WatchSteps.stopOutcome}. */
    static final List<String> STOP_OUTCOMES = List.of("settled", "confirmed", "failed");

    private final Clock clock;
    private final Map<String, AtomicLong> lastTickMillis = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> queueDepth = new ConcurrentHashMap<>();

    private volatile Breakers breakers;

    /** Where {@code afk.holds} reads the active holds. */
    void breakers(Breakers b) {
        this.breakers = b;
    }

    /** Active holds of {@code scope} ({@code o/r} or {@code *}) and {@code kind}, as of the last poll tick. */
    long holds(String scope, String kind) {
        Breakers b = breakers;
        return b == null ? 0 : b.last().holds().stream()
                .filter(h -> h.scope().equals(scope) && h.kind().equals(kind)).count();
    }

    /** The hold kinds, {@code BreakerPolicy.Hold#kind}. */
    static final List<String> HOLD_KINDS = List.of("human", "red-main", "escalations");

    public PlaneMetrics(Clock clock) {
        this.clock = clock;
        TICKS.forEach(t -> lastTickMillis.put(t, new AtomicLong()));
    }

    /** The gate was asked whether {@code tick} may run: the heartbeat moves, whatever the answer. */
    void ticked(String tick) {
        AtomicLong last = lastTickMillis.get(tick);
        if (last != null) {
            last.set(clock.millis());
        }
    }

    /**
     * The poll tick listed {@code repo}'s queue: {@code waiting} ready issues are still waiting after this tick's
     * dispatches. A repo whose listing failed is not reported, so its gauge keeps the last value.
     */
    void queueListed(dev.afk.core.RepoRef repo, long waiting) {
        queueDepth.computeIfAbsent(repo.slug(), k -> new AtomicLong()).set(waiting);
    }

    /** Ready issues waiting in {@code repo} as of the last poll tick that listed it; 0 before that. */
    long queueDepth(String repo) {
        AtomicLong depth = queueDepth.get(repo);
        return depth == null ? 0 : depth.get();
    }

    /** Epoch seconds of {@code tick}'s last gate reading; 0 before its first tick. */
    double lastTickSeconds(String tick) {
        return lastTickMillis.get(tick).get() / 1000.0;
    }

    /**
     * The two meters of one fleet breaker (issue 12): the gauge {@code afk.breaker.open{breaker}} (1 while
     * {@code open} says so) and the counter {@code afk.breaker.trips{breaker}} read from {@code trips}. Written once
     * for the T3 breaker and the rate-limit guard.
     */
    static void breakerMeters(MeterRegistry registry, String breaker, java.util.function.BooleanSupplier open,
                              java.util.concurrent.atomic.AtomicLong trips) {
        if (registry == null) {
            return;
        }
        io.micrometer.core.instrument.Gauge.builder("afk.breaker.open", open, o -> o.getAsBoolean() ? 1 : 0)
                .description("1 while a fleet breaker is open (t3: no dispatch until a fleet read succeeds; "
                        + "ratelimit: GitHub's budget is under AFK_RATELIMIT_RESERVE until its reset), else 0")
                .tag("breaker", breaker)
                .strongReference(true) // the supplier is referenced by nothing else
                .register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("afk.breaker.trips", trips,
                        java.util.concurrent.atomic.AtomicLong::doubleValue)
                .description("Times a fleet breaker opened since start, by breaker")
                .tag("breaker", breaker)
                .register(registry);
    }

    /** The registry camel-micrometer's producers use, or null when there is none. */
    static MeterRegistry registry(CamelContext context) {
        MeterRegistry registry = context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        if (registry == null) {
            registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        }
        if (registry == null) {
            registry = context.getComponent("micrometer", MicrometerComponent.class).getMetricsRegistry();
        }
        return registry;
    }

    /** Registers every AFK series, the heartbeat and the JVM and process binders, once the context has started. */
    void register(CamelContext context, Config config) {
        MeterRegistry registry = registry(context);
        if (registry == null) {
            return;
        }
        // the tag the counter producer adds to every meter it registers
        Tags base = Tags.of("camelContext", context.getName());
        String tracker = config.tracker().name().toLowerCase();

        for (String tick : TICKS) {
            counter(registry, "afk.ticks", "Ticks that passed the gate and ran (poll: armed; watch: armed or "
                    + "draining); a held tick is not counted, see afk_last_tick_timestamp_seconds", base.and("tick", tick));
            Gauge.builder("afk.last.tick.timestamp.seconds", this, m -> m.lastTickSeconds(tick))
                    .description("Heartbeat: epoch seconds of the tick's last start, also when the gate held it "
                            + "(disarmed, draining); 0 before the first tick")
                    .tag("tick", tick)
                    .register(registry);
        }
        for (dev.afk.core.RepoRef repo : config.allowlist()) {
            String slug = repo.slug();
            queueDepth.computeIfAbsent(slug, k -> new AtomicLong());
            Gauge.builder("afk.queue.depth", this, m -> m.queueDepth(slug))
                    .description("Ready issues waiting in the repo's queue (open, ready-for-agent, neither in-progress "
                            + "nor ready-for-human, not dispatched) as of the last poll tick that listed it; a failed "
                            + "listing keeps the last value; 0 before the first")
                    .tag("repo", slug)
                    .register(registry);
        }
        List<String> scopes = new java.util.ArrayList<>(config.allowlist().stream().map(dev.afk.core.RepoRef::slug)
                .toList());
        scopes.add("*");
        for (String scope : scopes) {
            for (String kind : HOLD_KINDS) {
                Gauge.builder("afk.holds", this, m -> m.holds(scope, kind))
                        .description("Active holds (issue 12) by scope (a repo, or * for the fleet) and kind: human "
                                + "(a person's hold issue), red-main (AFK's, the default branch's CI is failing), "
                                + "escalations (AFK's, consecutive escalations with one reason; for * without "
                                + "AFK_CONTROL_REPO a fleet-wide pause with no issue), as of the last poll tick")
                        .tag("repo", scope)
                        .tag("kind", kind)
                        .register(registry);
            }
        }
        counter(registry, "afk.dispatches", "Runs dispatched: T3 thread started, AFK comment written, issue moved from the queue to in-progress", base);
        counter(registry, "afk.dispatch.failures", "Dispatches that failed part-way (finished or undone by a later "
                + "tick)", base);
        counter(registry, "afk.fix.forwards", "Fix-forward turns T3 accepted on a run's thread (failing CI or "
                + "deploy)",
                base);
        counter(registry, "afk.closes", "Runs closed as done (the issue closed and its labels removed)", base);
        counter(registry, "afk.relayed.comments", "Comments by users allowed to steer that T3 accepted in a relay "
                + "turn on the run's thread (issue 10); each comment counted once", base);
        for (dev.afk.core.Budget.Limit limit : dev.afk.core.Budget.Limit.values()) {
            counter(registry, "afk.budget.exhausted", "Budget limits crossed (issue 10), by limit: runs ended "
                    + "BUDGET_EXHAUSTED (turns, minutes, tokens), and re-queues refused past AFK_MAX_ATTEMPTS "
                    + "(attempts, counted once per refused attempt)", base.and("limit", limit.wire()));
        }
        for (dev.afk.core.RepoRef repo : config.allowlist()) {
            counter(registry, "afk.tokens", "Tokens T3 reported for the repo's runs (the growth of each issue's "
                    + "figure: the largest cumulative count per thread, summed over attempts; providers that meter "
                    + "nothing add nothing)", base.and("repo", repo.slug()));
        }
        for (String outcome : STOP_OUTCOMES) {
            counter(registry, "afk.stops", "Agent stops that ended, by outcome: settled (the agent was not working "
                    + "when the attempt ended), confirmed (T3 showed it settled after AFK's interrupt or session "
                    + "stop), failed (still running after thread.session.stop)", base.and("outcome", outcome));
        }
        counter(registry, "afk.stop.failures", "Agents AFK could not stop (still running AFK_STOP_CONFIRM_SECONDS "
                + "after thread.session.stop): a person must stop them in T3", base);
        for (String command : List.of("interrupt", "session-stop")) {
            counter(registry, "afk.stop.commands", "Stop commands T3 accepted (thread.turn.interrupt, "
                    + "thread.session.stop), by command; a re-send of the same commandId, which T3 answers as the "
                    + "original, counts again", base.and("command", command));
        }
        counter(registry, "afk.watch.failures", "Runs whose watch step failed (the next watch tick tries again)", base);
        for (EscalationReason reason : EscalationReason.values()) {
            counter(registry, "afk.escalations", "Runs handed back to a person (label ready-for-human), by reason",
                    base.and("reason", reason.name()));
        }
        for (String system : List.of("t3", tracker)) {
            for (AdapterFailure.Kind kind : AdapterFailure.Kind.values()) {
                counter(registry, "afk.adapter.failures", "Calls to T3 or the tracker that failed (after any "
                        + "retries), by system and failure kind", base.and("system", system, "kind", kind.name()));
            }
        }
        for (String kind : DOORBELL_KINDS) {
            counter(registry, "afk.doorbell.failures", "Slack doorbells not delivered (the hand-off label stands "
                    + "without it), by kind; unconfigured: no webhook set", base.and("kind", kind));
        }
        counter(registry, "afk.tracker.unreadable.items", "Listed issues the tracker returned that AFK could not "
                + "read (skipped)", base.and("tracker", tracker));
        if (config.tracker() == Config.Tracker.GITHUB) {
            counter(registry, "afk.tracker.ratelimit.held", "GitHub calls held back because the rate-limit budget "
                    + "is spent (until it refills)", base.and("tracker", "github"));
            GitHubRateLimit rateLimit = context.getRegistry().lookupByNameAndType("githubRateLimit",
                    GitHubRateLimit.class);
            if (rateLimit != null) {
                rateLimit.register(context);
            }
        }

        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics(); // listens to GC notifications until the plane stops
        gc.bindTo(registry);
        try {
            context.addService(new org.apache.camel.Service() {
                @Override
                public void start() {
                }

                @Override
                public void stop() {
                    gc.close();
                }
            });
        } catch (Exception e) {
            gc.close();
            throw new IllegalStateException("cannot bind the GC metrics to the plane's lifetime", e);
        }
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private static void counter(MeterRegistry registry, String name, String help, Tags tags) {
        Counter.builder(name).description(help).tags(tags).register(registry);
    }
}
