package dev.afk.plane;

import dev.afk.core.KillSwitchState;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;

/**
 * A tick on demand ({@code POST /afk/tick/poll}, {@code POST /afk/tick/watch}, routes/tick.camel.yaml) and the one
 * tick at a time both ticks keep: a scheduled tick and one asked for over HTTP never overlap (each tick has one
 * permit; the trigger routes and the HTTP routes take it, a tick that finds it taken does not run).
 *
 * <p>A tick on demand is refused (HTTP 409, with the reason) when the gate would hold it back (the poll tick runs
 * only when armed, the watch tick when armed, draining or halting: the same rule as {@link ArmedGate}), when this
 * replica is not the leader (with {@code AFK_CLUSTER} only the leader ticks), or when the same tick is running.
 * Allowed, it runs the tick itself ({@code direct:afk-poll-tick}, {@code direct:afk-watch-tick}), whose gate reads
 * the kill switch again, and answers with what the status view then says of it.
 */
public class TickGate {

    static final String POLL = "poll";
    static final String WATCH = "watch";

    /** What a tick on demand was told; a JavaBean so the route's choice can read {@code allowed}. */
    public static final class Verdict {
        private final String tick;
        private final boolean allowed;
        private final KillSwitchState state;
        private final String refusedBecause;

        Verdict(String tick, boolean allowed, KillSwitchState state, String refusedBecause) {
            this.tick = tick;
            this.allowed = allowed;
            this.state = state;
            this.refusedBecause = refusedBecause;
        }

        public String getTick() {
            return tick;
        }

        public boolean isAllowed() {
            return allowed;
        }

        public String getRefusedBecause() {
            return refusedBecause;
        }

        KillSwitchState state() {
            return state;
        }
    }

    private final ArmedGate gate;
    private final PlaneStatus status;
    private final Clock clock;
    private final CamelContext context;
    private final String leaderNamespace;
    private final Map<String, Semaphore> permits = Map.of(POLL, new Semaphore(1), WATCH, new Semaphore(1));

    /**
     * @param leaderPrefix {@code AFK_LEADER_PREFIX} ({@code master:<group>:} with a cluster, empty without)
     */
    public TickGate(ArmedGate gate, PlaneStatus status, Clock clock, CamelContext context, String leaderPrefix) {
        this.gate = gate;
        this.status = status;
        this.clock = clock;
        this.context = context;
        String p = leaderPrefix == null ? "" : leaderPrefix.strip();
        this.leaderNamespace = p.startsWith("master:") && p.endsWith(":") && p.length() > "master::".length()
                ? p.substring("master:".length(), p.length() - 1) : "";
    }

    /** Takes {@code tick}'s permit; false when that tick is running (then it must not run, and not {@link #exit}). */
    public boolean enter(String tick) {
        return permit(tick).tryAcquire();
    }

    /**
     * Waits for {@code tick}'s permit (a kicked tick, routes/kick.camel.yaml: it must run after a tick that is
     * running, which may have read the tracker before the event). False when interrupted (shutting down): then the
     * tick must not run, and not {@link #exit}.
     */
    public boolean await(String tick) {
        try {
            permit(tick).acquire();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Gives back the permit {@link #enter}, {@link #await} (or an allowed {@link #ask}) took. */
    public void exit(String tick) {
        permit(tick).release();
    }

    /**
     * May {@code tick} run now on demand? When allowed, the tick's permit is taken: the route runs the tick and then
     * calls {@link #exit}. Reads the kill switch without counting a tick (the tick's own gate counts it).
     */
    public Verdict ask(String tick) {
        permit(tick);
        KillSwitchState state = gate.state();
        boolean gateOpen = POLL.equals(tick) ? state.dispatches() : state.watches();
        if (!gateOpen) {
            return new Verdict(tick, false, state, state.mode().wire() + ": " + state.reason()
                    + (POLL.equals(tick) && state.watches() ? " (a watch tick is allowed)" : ""));
        }
        if (!isLeader()) {
            return new Verdict(tick, false, state, "this replica is not the leader (AFK_CLUSTER): only the leader "
                    + "ticks; ask the leader's management port");
        }
        if (!enter(tick)) {
            return new Verdict(tick, false, state, "a " + tick + " tick is running; try again when it is over");
        }
        return new Verdict(tick, true, state, null);
    }

    /** The answer to a tick that ran: when, the plane's state, and what the status view says of the tick now. */
    public Map<String, Object> ran(Verdict v) {
        Map<String, Object> out = answer(v);
        Object last = status.view().get(POLL.equals(v.getTick()) ? "lastPoll" : "lastWatch");
        out.put(POLL.equals(v.getTick()) ? "lastPoll" : "lastWatch", last);
        return out;
    }

    /** The answer to a refused tick (sent with HTTP 409). */
    public Map<String, Object> refused(Verdict v) {
        Map<String, Object> out = answer(v);
        out.put("refusedBecause", v.getRefusedBecause());
        return out;
    }

    private Map<String, Object> answer(Verdict v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tick", v.getTick());
        out.put("ran", v.isAllowed());
        out.put("state", v.state().mode().wire());
        out.put("at", clock.instant().toString());
        return out;
    }

    /** Whether this replica is the leader; always true without {@code AFK_CLUSTER}. */
    public boolean isLeader() {
        if (leaderNamespace.isEmpty()) {
            return true;
        }
        CamelClusterService service = context.hasService(CamelClusterService.class);
        if (service == null) {
            return false;
        }
        try {
            return service.isLeader(leaderNamespace);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Semaphore permit(String tick) {
        Semaphore s = permits.get(tick);
        if (s == null) {
            throw new IllegalArgumentException("no such tick: " + tick + " (poll or watch)");
        }
        return s;
    }
}
