package dev.afk.plane;

import dev.afk.adapter.AdapterFailure;
import dev.afk.core.DashboardView;
import dev.afk.core.SkipReason;
import dev.afk.core.T3Breaker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the T3 breaker ({@link T3Breaker}, bound as {@code t3Breaker}): {@code routes/t3-breaker.camel.yaml}
 * probes T3 with one fleet read per poll tick while it is open, {@code afk-dispatch-t3-breaker} refuses each dispatch
 * while it is open ({@link SkipReason#T3_DOWN}), and {@link DispatchSteps} reports every T3 outcome of a dispatch.
 * The breaker lives in memory only: a restart starts closed and counts again (docs/ARCHITECTURE.md §3.1).
 *
 * <p>One WARN line when it trips, one INFO line when it closes. Metrics: {@code afk.breaker.open{breaker=t3}} (1
 * while open) and {@code afk.breaker.trips{breaker=t3}}, registered at start.
 */
public class T3BreakerSteps {

    private static final Logger LOG = LoggerFactory.getLogger("afk");

    static final String NAME = "t3";

    private final Clock clock;
    private final PlaneStatus status;
    private final AtomicLong trips = new AtomicLong();
    private T3Breaker breaker;

    public T3BreakerSteps(int threshold, Clock clock, PlaneStatus status) {
        this.clock = clock;
        this.status = status;
        this.breaker = T3Breaker.closed(threshold);
    }

    /** The breaker as it stands. */
    public synchronized T3Breaker breaker() {
        return breaker;
    }

    /** Open: this poll tick probes T3 with one fleet read before any dispatch (a predicate: it only looks). */
    public synchronized boolean needsProbe() {
        return breaker.tick() == T3Breaker.TickKind.PROBE;
    }

    /** The probe's fleet read worked: T3 answers again, and this tick dispatches. */
    public synchronized void probed() {
        apply(breaker.probed(true), "the fleet read succeeded");
    }

    /** The probe's fleet read failed: still open, this tick dispatches nothing (DEBUG: the trip was logged). */
    public synchronized void probeFailed(Exception e) {
        apply(breaker.probed(false), "");
        LOG.debug("T3 breaker still open: the probe's fleet read failed error=\"{}\"", e.getMessage());
    }

    /**
     * The first step of each dispatch: while the breaker is open no dispatch is attempted. The issue is skipped with
     * {@link SkipReason#T3_DOWN} (the status view's queue says why) and nothing is written.
     */
    public void admit(DispatchJob job) {
        String why;
        synchronized (this) {
            if (breaker.allowsDispatch()) {
                return;
            }
            why = breaker.why();
        }
        status.refused(job.listed.key(), SkipReason.T3_DOWN, why);
        throw new SkipIssue(SkipReason.T3_DOWN + ": " + why);
    }

    /** T3 accepted a dispatch. */
    synchronized void dispatchSucceeded() {
        apply(breaker.dispatchSucceeded(), "a dispatch went through");
    }

    /** A dispatch failed: only a failure of T3's own counts (a tracker failure says nothing about T3). */
    synchronized void dispatchFailed(Exception e) {
        if (e instanceof AdapterFailure f && "t3".equals(f.system())) {
            apply(breaker.dispatchFailed(clock.instant(), f.getMessage()), "");
        }
    }

    private void apply(T3Breaker.Step step, String recovery) {
        T3Breaker before = breaker;
        breaker = step.breaker();
        switch (step.change()) {
            case TRIPPED -> {
                trips.incrementAndGet();
                LOG.warn("T3 breaker open: {}", breaker.why());
            }
            case RECOVERED -> LOG.info("T3 breaker closed: {} (open since {}); dispatching again", recovery,
                    before.openSince());
            case NONE -> {
            }
        }
    }

    /** The status view's and the dashboard's entry. */
    public synchronized DashboardView.Breaker view() {
        return new DashboardView.Breaker(NAME, breaker.open(), breaker.openSince(), breaker.why(),
                breaker.open() ? "a fleet read (GET /api/orchestration/shell) that succeeds, tried once per poll tick"
                        : "");
    }

    /** Registers {@code afk.breaker.open{breaker=t3}} and {@code afk.breaker.trips{breaker=t3}}. */
    void register(MeterRegistry registry) {
        PlaneMetrics.breakerMeters(registry, NAME, () -> breaker().open(), trips);
    }
}
