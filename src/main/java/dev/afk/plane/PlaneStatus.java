package dev.afk.plane;

import dev.afk.core.Action;
import dev.afk.core.Config;
import dev.afk.core.DispatchPolicy;
import dev.afk.core.IssueKey;
import dev.afk.core.KillSwitchState;
import dev.afk.core.RepoRef;
import dev.afk.core.RunRecord;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The read-only status view (docs/ARCHITECTURE.md §6): armed or not and why, the allowlist, runs in flight with their
 * phase, the last ticks' outcome and every skipped issue's reason. It reports what the ticks saw; it decides
 * nothing, and a restart simply starts it empty until the next tick.
 */
public class PlaneStatus {

    private final Config config;
    private final Clock clock;
    private final AtomicInteger inFlight = new AtomicInteger();
    private Map<String, Object> lastPoll = Map.of();
    private Map<String, Object> lastWatch = Map.of();
    private final Map<String, Map<String, Object>> runs = new TreeMap<>();
    private final Map<String, String> failures = new TreeMap<>();
    private final Map<String, Map<String, Object>> stopsPending = new TreeMap<>();

    private final ArmedGate gate;

    public PlaneStatus(Config config, Clock clock, ArmedGate gate) {
        this.config = config;
        this.clock = clock;
        this.gate = gate;
        gate.onHeldTick(this::tickHeld);
    }

    /** Runs in flight as of the last poll (the value behind the {@code afk.runs.in.flight} gauge). */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Publishes {@code afk.runs.in.flight} (as of the last poll), {@code afk.armed} (1 when fully armed, else 0) and
     * {@code afk.plane.state{state=armed|draining|disarmed}} (1 for the state the plane is in, 0 for the others) on
     * the Prometheus endpoint. The two state gauges read the live gate, as the status view does. Also evaluates the
     * gate once at start, so a kill-switch file that disarms is logged when the plane starts, not at its first tick.
     */
    void registerGauges(org.apache.camel.CamelContext context) {
        gate.state();
        io.micrometer.core.instrument.MeterRegistry registry = context.getRegistry()
                .findSingleByType(io.micrometer.core.instrument.MeterRegistry.class);
        if (registry != null) {
            io.micrometer.core.instrument.Gauge.builder("afk.runs.in.flight", inFlight, AtomicInteger::doubleValue)
                    .description("Runs in flight (issues carrying the in-progress label) as of the last poll tick")
                    .register(registry);
            io.micrometer.core.instrument.Gauge.builder("afk.armed", gate, g -> g.state().dispatches() ? 1 : 0)
                    .description("1 when the plane is armed (dispatches new runs), 0 when draining or disarmed")
                    .register(registry);
            for (KillSwitchState.Mode mode : KillSwitchState.Mode.values()) {
                io.micrometer.core.instrument.Gauge.builder("afk.plane.state", gate,
                                g -> g.state().mode() == mode ? 1 : 0)
                        .description("1 for the state the plane is in (start-up keys and AFK_KILL_SWITCH_FILE), "
                                + "0 for the others")
                        .tag("state", mode.wire())
                        .register(registry);
            }
        }
    }

    /** A tick the gate held back: the status view shows when, and why (draining or disarmed). */
    synchronized void tickHeld(String tick, KillSwitchState state) {
        Map<String, Object> held = new LinkedHashMap<>();
        held.put("at", clock.instant().toString());
        held.put("skippedBecause", state.mode().wire() + ": " + state.reason());
        if ("poll".equals(tick)) {
            lastPoll = held;
        } else {
            lastWatch = held;
        }
    }

    synchronized void pollPlanned(DispatchPolicy.Plan plan, Set<RepoRef> failedRepos) {
        inFlight.set(plan.inFlight());
        Map<String, Object> tick = new LinkedHashMap<>();
        tick.put("at", clock.instant().toString());
        tick.put("inFlight", plan.inFlight());
        tick.put("dispatching", plan.dispatch().stream().map(d -> d.issue().key().toString()).toList());
        Map<String, String> skipped = new TreeMap<>();
        plan.skipped().forEach(s -> skipped.put(s.key().toString(), s.reason() + (s.detail() == null || s.detail().isBlank() ? "" : ": " + s.detail())));
        tick.put("skipped", skipped);
        tick.put("failedRepos", failedRepos.stream().map(RepoRef::slug).toList());
        lastPoll = tick;
        failures.clear();
    }

    synchronized void dispatched(IssueKey key, int attempt, String threadId) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("attempt", attempt);
        run.put("thread", threadId);
        run.put("phase", "dispatched");
        run.put("since", clock.instant().toString());
        runs.put(key.toString(), run);
    }

    synchronized void watchListed(int count, Set<RepoRef> failedRepos) {
        Map<String, Object> tick = new LinkedHashMap<>();
        tick.put("at", clock.instant().toString());
        tick.put("runs", count);
        tick.put("failedRepos", failedRepos.stream().map(RepoRef::slug).toList());
        lastWatch = tick;
    }

    synchronized void watched(IssueKey key, RunRecord record, Action action) {
        if (action instanceof Action.Close || action instanceof Action.Escalate || action instanceof Action.Release) {
            runs.remove(key.toString());
            stopsPending.remove(key.toString());
            return;
        }
        if (record == null) {
            return;
        }
        if (record.stopPending()) {
            Map<String, Object> stop = new LinkedHashMap<>();
            stop.put("attempt", record.attempt());
            stop.put("thread", record.thread());
            stop.put("endReason", record.endReason());
            stop.put("requestedAt", record.stop().requestedAt().toString());
            stop.put("interrupts", record.stop().interrupts());
            if (record.stop().sessionStopAt() != null) {
                stop.put("sessionStopAt", record.stop().sessionStopAt().toString());
            }
            stopsPending.put(key.toString(), stop);
        } else {
            stopsPending.remove(key.toString());
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("attempt", record.attempt());
        run.put("thread", record.thread());
        run.put("phase", record.phase().wire());
        run.put("fixForward", record.fixForward());
        if (record.sha() != null) {
            run.put("sha", record.sha());
        }
        run.put("lastAction", action.getClass().getSimpleName());
        runs.put(key.toString(), run);
    }

    synchronized void failure(IssueKey key, String what) {
        failures.put(key.toString(), what);
    }

    /** The status document served on the management port. */
    public synchronized Map<String, Object> view() {
        Map<String, Object> v = new LinkedHashMap<>();
        KillSwitchState state = gate.state(); // the live gate: the start-up keys and the kill-switch file
        v.put("armed", state.dispatches());
        v.put("state", state.mode().wire());
        if (!state.dispatches()) {
            v.put("disarmedBecause", state.reason());
        }
        v.put("tracker", config.tracker().name().toLowerCase());
        v.put("allowlist", config.allowlist().stream().map(RepoRef::slug).toList());
        v.put("maxInFlight", config.maxInFlight());
        v.put("runs", new TreeMap<>(runs));
        // Runs whose attempt ended but whose agent's stop T3 has not confirmed yet (nor AFK declared failed).
        v.put("stopsPending", new TreeMap<>(stopsPending));
        v.put("lastPoll", lastPoll);
        v.put("lastWatch", lastWatch);
        v.put("failures", new TreeMap<>(failures));
        v.put("now", clock.instant().toString());
        return v;
    }
}
