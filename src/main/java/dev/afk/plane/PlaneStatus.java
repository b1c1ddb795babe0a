package dev.afk.plane;

import dev.afk.adapter.AfkComment;
import dev.afk.adapter.IssueListing;
import dev.afk.adapter.ListClosed;
import dev.afk.adapter.ListIssues;
import dev.afk.core.Action;
import dev.afk.core.Config;
import dev.afk.core.DashboardPage;
import dev.afk.core.DashboardView;
import dev.afk.core.DispatchPolicy;
import dev.afk.core.Issue;
import dev.afk.core.IssueKey;
import dev.afk.core.KillSwitchState;
import dev.afk.core.Phase;
import dev.afk.core.PhaseChecklist;
import dev.afk.core.RepoRef;
import dev.afk.core.RunRecord;
import dev.afk.core.RunStateMachine;
import dev.afk.core.SkipReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only status view (docs/ARCHITECTURE.md §6) and the dashboard at {@code /}: armed or not and why, the
 * allowlist, runs in flight with their phase, the queue with each waiting issue's reason, the last ticks' outcome and
 * the last {@value DashboardView#MAX_ENDED} ended runs. It reports what the ticks saw and decides nothing. Nothing
 * that matters lives only here: runs in flight and the queue are what the next tick lists, and the ended runs are
 * rebuilt from the tracker (the AFK comments of the issues carrying ready-for-human, open or closed, and of the issues
 * closed in the last {@link #HISTORY_WINDOW}, which carry no AFK label any more) at the first look at the view once
 * the plane may do I/O ({@code direct:afk-status-history}, routes/status-history.camel.yaml).
 */
public class PlaneStatus {

    private static final Logger LOG = LoggerFactory.getLogger("afk");

    /** At most this many issues' AFK comments are read to rebuild the ended runs (newest issues first). */
    static final int HISTORY_READS = DashboardView.MAX_ENDED;

    /** How far back the closed issues are listed (on their updated time) to find the runs AFK closed. */
    static final Duration HISTORY_WINDOW = Duration.ofDays(30);

    private enum History { NOT_READ, READING, READ }

    private final Config config;
    private final Clock clock;
    private final AtomicInteger inFlight = new AtomicInteger();
    private Map<String, Object> lastPoll = Map.of();
    private Map<String, Object> lastWatch = Map.of();
    private final Map<String, DashboardView.InFlight> runs = new TreeMap<>();
    private final Map<String, String> lastActions = new TreeMap<>();
    private final Map<String, String> failures = new TreeMap<>();
    private final Map<String, Map<String, Object>> stopsPending = new TreeMap<>();
    /** The issues the last ticks listed, for titles and links. */
    private final Map<String, Issue> seen = new TreeMap<>();
    private List<DashboardView.Queued> queue = List.of();
    /** Newest first, at most MAX_ENDED; one entry per issue and attempt. */
    private final List<DashboardView.Ended> ended = new ArrayList<>();
    private History history = History.NOT_READ;
    private final List<String> historyGaps = new ArrayList<>();
    private int historyRebuilt;
    /** The closed listings of the rebuild, one per repo that answered, each newest update first. */
    private final List<List<Issue>> historyClosed = new ArrayList<>();
    /** Candidates found only by the closed listings: their record counts only when it ended closed. */
    private final Set<String> historyClosedOnly = new HashSet<>();

    private final ArmedGate gate;
    /** The fleet breakers (issue 12), read live by the views. */
    private final List<java.util.function.Supplier<DashboardView.Breaker>> fleetBreakers =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public PlaneStatus(Config config, Clock clock, ArmedGate gate) {
        this.config = config;
        this.clock = clock;
        this.gate = gate;
        gate.onHeldTick(this::tickHeld);
    }

    private volatile java.util.function.Supplier<Map<String, Object>> webhooks = () -> Map.of("enabled", false);

    /** What the webhook receiver (issue 13) shows in the status view. */
    void webhooks(java.util.function.Supplier<Map<String, Object>> view) {
        this.webhooks = view;
    }

    /** Shows a fleet breaker (issue 12) in the status view and on the dashboard. */
    void breaker(java.util.function.Supplier<DashboardView.Breaker> breaker) {
        fleetBreakers.add(breaker);
    }

    private List<DashboardView.Breaker> breakerViews() {
        return fleetBreakers.stream().map(java.util.function.Supplier::get).toList();
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

    private Breakers breakers;

    /** Where the holds come from (the status view, the dashboard); unset: no holds shown. */
    void breakers(Breakers b) {
        this.breakers = b;
    }

    /** Every active hold as of the last poll tick, fleet first (docs/ARCHITECTURE.md §3.1). */
    public List<dev.afk.core.BreakerPolicy.Hold> holds() {
        Breakers b = breakers;
        return b == null ? List.of() : b.last().holds();
    }

    /**
     * The escalations the breaker counts: ended runs handed back to a person (live, and rebuilt from the tracker's
     * records at start), except a person's own stop and an operator's halt, which say nothing about the fleet.
     */
    synchronized List<dev.afk.core.BreakerPolicy.Escalation> escalations() {
        List<dev.afk.core.BreakerPolicy.Escalation> out = new ArrayList<>();
        for (DashboardView.Ended e : ended) {
            if (!"handed back".equals(e.kind()) || "STOPPED_BY_PERSON".equals(e.reason())
                    || "HALTED".equals(e.reason())) {
                continue;
            }
            try {
                int hash = e.issue().lastIndexOf('#');
                IssueKey key = IssueKey.of(e.issue().substring(0, hash), Integer.parseInt(e.issue().substring(hash + 1)));
                out.add(new dev.afk.core.BreakerPolicy.Escalation(key, e.reason(), e.endedAt()));
            } catch (RuntimeException ignored) {
                // an entry without a well-formed key cannot be counted
            }
        }
        return out;
    }

    /** The poll's plan, with the issues it was made from (their titles and links). */
    synchronized void pollPlanned(DispatchPolicy.Plan plan, Set<RepoRef> failedRepos, List<Issue> listed) {
        inFlight.set(plan.inFlight());
        if (listed != null) {
            listed.forEach(i -> seen.put(i.key().toString(), i));
        }
        plan.dispatch().forEach(d -> seen.put(d.issue().key().toString(), d.issue()));
        Map<String, Object> tick = new LinkedHashMap<>();
        tick.put("at", clock.instant().toString());
        tick.put("inFlight", plan.inFlight());
        tick.put("dispatching", plan.dispatch().stream().map(d -> d.issue().key().toString()).toList());
        Map<String, String> skipped = new TreeMap<>();
        List<DashboardView.Queued> waiting = new ArrayList<>();
        for (DispatchPolicy.Skip s : plan.skipped()) {
            if (s.reason() == SkipReason.RUNNING) {
                continue; // a run in flight is in "runs", not skipped
            }
            String why = s.reason() + (s.detail() == null || s.detail().isBlank() ? "" : ": " + s.detail());
            skipped.put(s.key().toString(), why);
            Issue issue = seen.get(s.key().toString());
            waiting.add(new DashboardView.Queued(s.key().repo().slug(), s.key().toString(),
                    issue == null ? "" : issue.title(), issue == null ? "" : issue.htmlUrl(),
                    s.reason().text() + (s.detail() == null || s.detail().isBlank() ? "" : ": " + s.detail())
                            + " (" + s.reason() + ")"));
        }
        tick.put("skipped", skipped);
        tick.put("failedRepos", failedRepos.stream().map(RepoRef::slug).toList());
        lastPoll = tick;
        queue = List.copyOf(waiting);
        failures.clear();
    }

    /**
     * The dispatch of {@code key} was refused after the plan chose it (the budget's attempts): the queue and the
     * poll's skipped list say why until the next poll.
     */
    synchronized void refused(IssueKey key, SkipReason reason, String detail) {
        if (lastPoll != null && lastPoll.get("skipped") instanceof Map<?, ?> skippedView) {
            Map<String, String> skipped = new TreeMap<>();
            skippedView.forEach((k, v) -> skipped.put(String.valueOf(k), String.valueOf(v)));
            skipped.put(key.toString(), reason + ": " + detail);
            Map<String, Object> tick = new LinkedHashMap<>(lastPoll);
            tick.put("skipped", skipped);
            tick.put("dispatching", ((List<?>) lastPoll.getOrDefault("dispatching", List.of())).stream()
                    .map(String::valueOf).filter(k -> !k.equals(key.toString())).toList());
            lastPoll = tick;
        }
        Issue issue = seen.get(key.toString());
        List<DashboardView.Queued> waiting = new ArrayList<>(queue);
        waiting.removeIf(q -> q.issue().equals(key.toString()));
        waiting.add(new DashboardView.Queued(key.repo().slug(), key.toString(), issue == null ? "" : issue.title(),
                issue == null ? "" : issue.htmlUrl(), reason.text() + ": " + detail + " (" + reason + ")"));
        queue = List.copyOf(waiting);
    }

    synchronized void dispatched(IssueKey key, int attempt, String threadId) {
        Issue issue = seen.get(key.toString());
        runs.put(key.toString(), new DashboardView.InFlight(key.toString(), issue == null ? "" : issue.title(),
                issue == null ? "" : issue.htmlUrl(), attempt, threadId, Phase.DISPATCHED, clock.instant(), null,
                null, 0, null, null, null));
        lastActions.remove(key.toString());
    }

    synchronized void watchListed(int count, Set<RepoRef> failedRepos) {
        Map<String, Object> tick = new LinkedHashMap<>();
        tick.put("at", clock.instant().toString());
        tick.put("runs", count);
        tick.put("failedRepos", failedRepos.stream().map(RepoRef::slug).toList());
        lastWatch = tick;
    }

    /** What the watch decided for one run: an end (close, hand-off, release) moves it to the ended runs. */
    synchronized void watched(Issue issue, RunRecord record, Action action) {
        IssueKey key = issue.key();
        seen.put(key.toString(), issue);
        if (action instanceof Action.Close || action instanceof Action.Escalate || action instanceof Action.Release) {
            runs.remove(key.toString());
            lastActions.remove(key.toString());
            stopsPending.remove(key.toString());
            if (record != null) {
                String reason = record.endReason() != null ? record.endReason()
                        : action instanceof Action.Close ? "closed"
                        : action instanceof Action.Escalate e ? e.reason().name() : "released";
                String evidence = action instanceof Action.Escalate e && e.evidence() != null ? e.evidence()
                        : record.evidence();
                if (action instanceof Action.Release r && (evidence == null || evidence.isBlank())) {
                    evidence = r.why();
                }
                addEnded(new DashboardView.Ended(key.toString(), issue.title(), issue.htmlUrl(), record.attempt(),
                        record.thread(), DashboardView.Ended.kindOf(reason), reason, evidence, clock.instant()), true);
            }
            return;
        }
        if (record == null) {
            return;
        }
        String stopText = null;
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
            stopText = "ended (" + record.endReason() + "), stop requested " + record.stop().requestedAt()
                    + ", interrupts " + record.stop().interrupts()
                    + (record.stop().sessionStopAt() == null ? "" : ", session stop " + record.stop().sessionStopAt());
        } else {
            stopsPending.remove(key.toString());
        }
        runs.put(key.toString(), new DashboardView.InFlight(key.toString(), issue.title(), issue.htmlUrl(),
                record.attempt(), record.thread(), record.phase(), record.dispatchedAt(), record.turnAt(),
                record.progressAt(), record.fixForward(), record.sha(), stopText,
                config.budget().figures(record, clock.instant(), null)));
        lastActions.put(key.toString(), action.getClass().getSimpleName());
    }

    /** Keeps {@code e} (replacing an earlier entry of the same attempt, keeping its time when {@code live}). */
    private void addEnded(DashboardView.Ended e, boolean live) {
        for (int i = 0; i < ended.size(); i++) {
            DashboardView.Ended old = ended.get(i);
            if (old.issue().equals(e.issue()) && old.attempt() == e.attempt()) {
                if (!live) {
                    return; // what the watch saw wins over the rebuilt entry
                }
                ended.remove(i);
                e = new DashboardView.Ended(e.issue(), e.title(), e.url(), e.attempt(), e.thread(), e.kind(),
                        e.reason(), e.evidence(), old.endedAt().isBefore(e.endedAt()) ? old.endedAt() : e.endedAt());
                break;
            }
        }
        ended.add(e);
        ended.sort(Comparator.comparing(DashboardView.Ended::endedAt).reversed());
        while (ended.size() > DashboardView.MAX_ENDED) {
            ended.remove(ended.size() - 1);
        }
    }

    synchronized void failure(IssueKey key, String what) {
        failures.put(key.toString(), what);
    }

    // ---- the ended runs, rebuilt from the tracker once (routes/status-history.camel.yaml) ----

    /** Whether the ended runs still have to be rebuilt: once, and only while the plane may do I/O. Only looks. */
    public synchronized boolean historyNeeded() {
        return history == History.NOT_READ && gate.state().watches();
    }

    /** Starts the rebuild (once): one listing per allowlisted repo of the issues carrying ready-for-human. */
    public synchronized List<ListIssues> historyQueries() {
        if (history != History.NOT_READ) {
            return List.of();
        }
        history = History.READING;
        return config.allowlist().stream().map(r -> new ListIssues(r, config.labels().human(), true)).toList();
    }

    /**
     * The second listing of the rebuild, after the ready-for-human ones: per allowlisted repo, the closed issues
     * updated in the last {@link #HISTORY_WINDOW}, newest update first, at most {@value #HISTORY_READS} (an issue AFK
     * closed keeps no AFK label, so only this listing finds it).
     */
    public synchronized List<ListClosed> historyClosedQueries() {
        if (history != History.READING) {
            return List.of();
        }
        Instant since = clock.instant().minus(HISTORY_WINDOW);
        return config.allowlist().stream().map(r -> new ListClosed(r, since, HISTORY_READS)).toList();
    }

    /** One repo's closed listing; an item that could not be read is a gap (it may have been a run AFK closed). */
    public synchronized void historyClosedListed(ListClosed query, IssueListing listing) {
        historyClosed.add(listing.issues());
        if (!listing.unreadable().isEmpty()) {
            historyGaps.add(query.repo().slug() + ": " + listing.unreadable().size()
                    + " closed issue(s) could not be read");
        }
    }

    public synchronized void historyClosedFailed(ListClosed query, Exception e) {
        historyGaps.add(query.repo().slug() + " (closed issues): " + e.getMessage());
    }

    /**
     * The issues whose AFK comments are read: the newest {@value #HISTORY_READS} the ready-for-human listings found,
     * then at most {@value #HISTORY_READS} more from the closed listings (taken in turn from each repo, newest update
     * first, leaving out the ones already read).
     */
    public synchronized List<Issue> historyCandidates(List<ListingResult> results) {
        List<Issue> all = new ArrayList<>();
        for (ListingResult r : results == null ? List.<ListingResult>of() : results) {
            if (r == null) {
                continue;
            }
            if (r.failedListing()) {
                historyGaps.add(r.query().repo().slug() + ": " + r.failure());
            } else {
                all.addAll(r.issues());
            }
        }
        all.sort(Comparator.comparing(Issue::createdAt).reversed());
        List<Issue> candidates = new ArrayList<>(all.subList(0, Math.min(HISTORY_READS, all.size())));
        Set<String> chosen = new HashSet<>();
        candidates.forEach(i -> chosen.add(i.key().toString()));
        int closed = 0;
        for (int rank = 0; closed < HISTORY_READS; rank++) {
            boolean any = false;
            for (List<Issue> repo : historyClosed) {
                if (rank < repo.size() && closed < HISTORY_READS) {
                    any = true;
                    Issue issue = repo.get(rank);
                    if (chosen.add(issue.key().toString())) {
                        candidates.add(issue);
                        historyClosedOnly.add(issue.key().toString());
                        closed++;
                    }
                }
            }
            if (!any) {
                break;
            }
        }
        return List.copyOf(candidates);
    }

    public IssueKey historyKey(Issue issue) {
        return issue.key();
    }

    /**
     * One issue's AFK comment: an ended attempt joins the ended runs (what the watch saw since start wins); of an
     * issue only the closed listings found, only an attempt that ended {@code closed} (AFK closed it).
     */
    public synchronized void historyRecord(Issue issue, AfkComment comment) {
        RunRecord r = comment == null ? null : PhaseChecklist.parse(comment.body()).orElse(null);
        if (r == null || !r.ended()) {
            return;
        }
        if (historyClosedOnly.contains(issue.key().toString()) && !RunStateMachine.CLOSED.equals(r.endReason())) {
            return;
        }
        Instant at = r.stop() != null ? r.stop().requestedAt() : r.progressAt();
        addEnded(new DashboardView.Ended(issue.key().toString(), issue.title(), issue.htmlUrl(), r.attempt(),
                r.thread(), DashboardView.Ended.kindOf(r.endReason()), r.endReason(), r.evidence(), at), false);
        historyRebuilt++;
    }

    public synchronized void historyUnreadable(Issue issue, Exception e) {
        historyGaps.add(issue.key() + ": " + e.getMessage());
    }

    /** The rebuild failed as a whole (a listing step threw): shown as unavailable, not retried. */
    public synchronized void historyFailed(Exception e) {
        historyGaps.add("the rebuild failed: " + e.getMessage());
    }

    /** The rebuild is over: logged once, with what could not be read. */
    public synchronized void historyDone() {
        history = History.READ;
        historyClosed.clear();
        historyClosedOnly.clear();
        if (historyGaps.isEmpty()) {
            LOG.info("ended runs rebuilt from the tracker: {} (ready-for-human, and closed in the last {} days)",
                    historyRebuilt, HISTORY_WINDOW.toDays());
        } else {
            LOG.warn("ended runs history unavailable in part ({} rebuilt): {}", historyRebuilt, historyGaps);
        }
    }

    private String historyText() {
        return switch (history) {
            case NOT_READ -> gate.state().watches() ? "history not read yet"
                    : "history unavailable: not read from the tracker while disarmed (ended runs since start only)";
            case READING -> "history being read from the tracker";
            case READ -> historyGaps.isEmpty() ? ""
                    : "history unavailable in part: " + String.join("; ", historyGaps);
        };
    }

    // ---- the views ----

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
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("inFlight", runs.size());
        counts.put("queued", queue.size());
        counts.put("stopsPending", stopsPending.size());
        counts.put("ended", ended.size());
        v.put("counts", counts);
        List<Map<String, Object>> holdView = new ArrayList<>();
        for (dev.afk.core.BreakerPolicy.Hold h : holds()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("scope", h.scope());
            e.put("kind", h.kind());
            e.put("issue", h.issue() == null ? "" : h.issue().toString());
            e.put("url", h.url());
            e.put("since", h.since().toString());
            e.put("evidence", h.evidence());
            e.put("openedBy", h.marker() == null ? "person" : "afk");
            holdView.add(e);
        }
        counts.put("holds", holdView.size());
        v.put("holds", holdView);
        Map<String, Object> runView = new TreeMap<>();
        runs.forEach((k, r) -> runView.put(k, runJson(r, lastActions.get(k))));
        v.put("runs", runView);
        // Runs whose attempt ended but whose agent's stop T3 has not confirmed yet (nor AFK declared failed).
        v.put("stopsPending", new TreeMap<>(stopsPending));
        Map<String, List<Map<String, Object>>> queued = new LinkedHashMap<>();
        for (DashboardView.Queued q : queue) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("issue", q.issue());
            e.put("title", q.title());
            e.put("url", q.url());
            e.put("reason", q.reason());
            queued.computeIfAbsent(q.repo(), x -> new ArrayList<>()).add(e);
        }
        v.put("queue", queued);
        v.put("ended", ended.stream().map(PlaneStatus::endedJson).toList());
        v.put("history", history == History.READ && historyGaps.isEmpty() ? "rebuilt" : historyText());
        v.put("lastPoll", lastPoll);
        v.put("lastWatch", lastWatch);
        v.put("failures", new TreeMap<>(failures));
        Map<String, Object> breakerView = new LinkedHashMap<>();
        for (DashboardView.Breaker b : breakerViews()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("open", b.open());
            if (b.open()) {
                e.put("since", b.since() == null ? null : b.since().toString());
                e.put("evidence", b.evidence());
                e.put("resumes", b.resumes());
            }
            breakerView.put(b.name(), e);
        }
        v.put("breakers", breakerView);
        v.put("webhooks", webhooks.get());
        v.put("now", clock.instant().toString());
        return v;
    }

    private static Map<String, Object> runJson(DashboardView.InFlight r, String lastAction) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("title", r.title());
        run.put("url", r.url());
        run.put("attempt", r.attempt());
        run.put("thread", r.thread());
        run.put("phase", r.phase().wire());
        run.put("dispatchedAt", r.dispatchedAt().toString());
        if (r.turnAt() != null) {
            run.put("turnAt", r.turnAt().toString());
        }
        if (r.progressAt() != null) {
            run.put("progressAt", r.progressAt().toString());
        }
        run.put("fixForward", r.fixForward());
        if (r.sha() != null) {
            run.put("sha", r.sha());
        }
        if (r.stopPending() != null) {
            run.put("stopPending", r.stopPending());
        }
        if (r.budget() != null) {
            run.put("budget", r.budget());
        }
        if (lastAction != null) {
            run.put("lastAction", lastAction);
        }
        return run;
    }

    private static Map<String, Object> endedJson(DashboardView.Ended e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issue", e.issue());
        m.put("title", e.title());
        m.put("url", e.url());
        m.put("attempt", e.attempt());
        m.put("thread", e.thread());
        m.put("kind", e.kind());
        m.put("reason", e.reason());
        m.put("evidence", e.evidence());
        m.put("endedAt", e.endedAt().toString());
        return m;
    }

    /** The dashboard's data, as of now. */
    public synchronized DashboardView dashboardView() {
        KillSwitchState state = gate.state();
        List<DashboardView.InFlight> inFlightRuns = new ArrayList<>(runs.values());
        inFlightRuns.sort(Comparator.comparing(DashboardView.InFlight::dispatchedAt));
        return new DashboardView(state.mode().wire(), state.reason(), config.tracker().name().toLowerCase(),
                config.allowlist().stream().map(RepoRef::slug).toList(), config.maxInFlight(),
                config.maxFixForward(), clock.instant(), tickLine(lastPoll), tickLine(lastWatch), inFlightRuns, queue,
                ended, historyText(), holds(), breakerViews());
    }

    /** The dashboard page (HTML). */
    public String dashboard() {
        return DashboardPage.render(dashboardView());
    }

    private static String tickLine(Map<String, Object> tick) {
        if (tick.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder().append(tick.get("at"));
        if (tick.containsKey("skippedBecause")) {
            return b.append(" held: ").append(tick.get("skippedBecause")).toString();
        }
        if (tick.containsKey("dispatching")) {
            b.append(" · in flight ").append(tick.get("inFlight")).append(" · dispatching ")
                    .append(tick.get("dispatching"));
        } else {
            b.append(" · runs ").append(tick.get("runs"));
        }
        Object failed = tick.get("failedRepos");
        if (failed instanceof List<?> l && !l.isEmpty()) {
            b.append(" · listing failed: ").append(l);
        }
        return b.toString();
    }
}
