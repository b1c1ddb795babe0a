package dev.afk.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afk.core.IssueKey;
import dev.afk.core.Labels;
import dev.afk.core.PhaseChecklist;
import dev.afk.core.RunIds;
import dev.afk.core.RunRecord;
import dev.afk.sim.Sandbox;
import dev.afk.sim.SlackSimulator;
import dev.afk.sim.T3Simulator;
import dev.afk.sim.TrackerModel;
import dev.afk.sim.TrackerModel.Change;
import dev.afk.sim.TrackerModel.ChangeKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fleet-wide invariants of AFK, checked after the fact over everything the simulators recorded, whatever the test
 * did. {@link E2eSupport} runs it after every end-to-end test; {@code FleetInvariantsTest} proves each rule can fail.
 *
 * <p><b>What is replayed.</b> The tracker's change log ({@link TrackerModel#changes()}): every label added or removed,
 * every close and reopen, every AFK comment written, numbered in the one order the model applied them across all
 * repositories and issues. T3's threads come from the T3 simulator's own read model ({@code /api/orchestration/snapshot},
 * which carries each thread's {@code createdAt}) and its accepted turn requests ({@link T3Simulator#turnsFor});
 * Slack's doorbells from {@link SlackSimulator#posts()}. Tracker, T3 and Slack stamp their records with the one clock
 * the test shares with them (a {@link TestClock}, strictly increasing on every read), so instants from different
 * simulators compare exactly.
 *
 * <p><b>Definitions.</b>
 * <ul>
 * <li><i>AFK record</i> of an issue at time t: the {@code afk:state} marker ({@link PhaseChecklist#parse}) of the
 *     latest body written at or before t to a comment authored by AFK's tracker login (comments of anyone else are
 *     ignored, as AFK ignores them; an unparseable marker is "no record").</li>
 * <li><i>Thread of an issue</i>: a T3 thread titled {@code owner/repo#N}; its <i>attempt</i> is the k with
 *     {@code RunIds.threadId(issue, k)} equal to its id (unknown when none is).</li>
 * <li><i>Attempt k ended at</i> E: the first AFK-comment write whose record says {@code attempt == k} and
 *     {@code ended == true}.</li>
 * <li>A thread is <i>live</i> from its {@code createdAt} until its attempt ended (for ever if it never did, or if its
 *     attempt is unknown).</li>
 * </ul>
 *
 * <p><b>Rules.</b>
 * <ol type="a">
 * <li>One live thread per issue: no thread of an issue is created while another thread of the same issue is live;
 *     and no turn is accepted on a thread after its attempt ended (work handed to a run AFK let go).</li>
 * <li>The cap: after every change of the replay, the number of <i>open</i> issues carrying {@code in-progress} is at
 *     most AFK_MAX_IN_FLIGHT, and at most one per repository. (A closed issue's label locks nothing, since AFK lists
 *     open issues only; a lock left on a closed issue is rule (c)'s.)</li>
 * <li>No label left behind, at the end, on every issue AFK acted on (changed a label of or wrote a comment on): a
 *     closed issue carries neither {@code ready-for-agent} nor {@code in-progress}; an issue carrying
 *     {@code ready-for-human} carries no {@code in-progress}, and, when its latest {@code ready-for-human} was added by
 *     AFK (a hand-off), no {@code ready-for-agent} unless someone other than AFK added it after that hand-off.</li>
 * <li>One doorbell per escalation: per issue, the Slack posts naming it (the {@code owner/repo#N} its text starts
 *     with) equal AFK's hand-offs of it (AFK adding {@code ready-for-human}); every post must name an issue. When the
 *     test says Slack was down ({@link #slackWasDown()}), a lost doorbell is allowed: posts may be fewer than
 *     hand-offs, never more. A hold's doorbell ({@code AFK hold owner/repo#N: …}, issue 12) is one per hold issue
 *     AFK opened (the issue AFK's login created), never two.</li>
 * </ol>
 */
final class FleetInvariants {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TITLE = Pattern.compile("(\\S+/\\S+)#(\\d+)");
    private static final Pattern HOLD_KEY = Pattern.compile("^AFK hold (\\S+/\\S+?#\\d+):");
    private static final Pattern POST_KEY = Pattern.compile("^\\s*(\\S+/\\S+?#\\d+)\\b");
    private static final int MAX_ATTEMPT_SEARCHED = 1000;
    private static final int MAX_LINES_PER_RULE = 15;

    private final String afkLogin;
    private final Labels labels;
    private int maxInFlight;
    private boolean slackDown;

    FleetInvariants(String afkLogin, Labels labels, int maxInFlight) {
        this.afkLogin = afkLogin;
        this.labels = labels;
        this.maxInFlight = maxInFlight;
    }

    /** The sandbox's AFK login and the default labels, with the given cap. */
    static FleetInvariants forSandbox(int maxInFlight) {
        return new FleetInvariants(Sandbox.AFK_LOGIN, Labels.DEFAULT, maxInFlight);
    }

    FleetInvariants maxInFlight(int cap) {
        this.maxInFlight = cap;
        return this;
    }

    /** Slack was failing in this test: a lost doorbell is then no violation (a doubled one still is). */
    FleetInvariants slackWasDown() {
        this.slackDown = true;
        return this;
    }

    /** Throws an {@link AssertionError} listing every violation, rule by rule, with the offending events. */
    void assertHeld(Sandbox sandbox) {
        List<String> v = violations(sandbox);
        if (!v.isEmpty()) {
            throw new AssertionError("fleet invariants violated (" + v.size() + "):\n  " + String.join("\n  ", v));
        }
    }

    /** Every violation, each one line (with its evidence indented below), prefixed with its rule: (a) to (d). */
    List<String> violations(Sandbox sandbox) {
        List<Change> changes = sandbox.model().changes();
        List<String> out = new ArrayList<>();
        out.addAll(limit(oneLiveThreadPerIssue(changes, threads(sandbox), sandbox.t3())));
        out.addAll(limit(capHeld(changes)));
        out.addAll(limit(noLabelLeftBehind(changes)));
        out.addAll(limit(oneDoorbellPerEscalation(changes, sandbox.slack().posts())));
        return out;
    }

    // ---- (a) ----

    record Thread(String id, String title, Instant createdAt) {}

    private record Written(Change change, RunRecord record) {}

    private List<String> oneLiveThreadPerIssue(List<Change> changes, List<Thread> threads, T3Simulator t3) {
        List<String> out = new ArrayList<>();
        Map<String, List<Written>> records = afkRecords(changes);
        Map<String, List<Thread>> byIssue = new TreeMap<>();
        for (Thread t : threads) {
            Matcher m = TITLE.matcher(t.title() == null ? "" : t.title());
            if (!m.matches()) {
                out.add("(a) thread " + t.id() + " titled '" + t.title() + "' names no issue");
                continue;
            }
            byIssue.computeIfAbsent(m.group(1) + "#" + m.group(2), k -> new ArrayList<>()).add(t);
        }
        byIssue.forEach((issue, ts) -> {
            ts.sort(Comparator.comparing(Thread::createdAt));
            List<Written> history = records.getOrDefault(issue, List.of());
            for (int j = 0; j < ts.size(); j++) {
                Thread later = ts.get(j);
                for (int i = 0; i < j; i++) {
                    Thread earlier = ts.get(i);
                    Optional<Instant> ended = endedAt(issue, earlier, history);
                    if (ended.isEmpty() || !ended.get().isBefore(later.createdAt())) {
                        out.add("(a) " + issue + ": thread " + later.id() + " (attempt " + attempt(issue, later)
                                + ") created at " + later.createdAt() + " while thread " + earlier.id() + " (attempt "
                                + attempt(issue, earlier) + ", created " + earlier.createdAt() + ") was live: "
                                + ended.map(e -> "its attempt ended only at " + e)
                                        .orElse("no AFK record ever said its attempt ended")
                                + recordHistory(history, later.createdAt()));
                    }
                }
                Optional<Instant> ended = endedAt(issue, later, history);
                if (ended.isPresent()) {
                    for (T3Simulator.TurnRequest turn : t3.turnsFor(later.id())) {
                        if (turn.requestedAt().isAfter(ended.get())) {
                            out.add("(a) " + issue + ": turn " + turn.commandId() + " accepted on thread " + later.id()
                                    + " at " + turn.requestedAt() + ", after its attempt " + attempt(issue, later)
                                    + " ended at " + ended.get() + recordHistory(history, turn.requestedAt()));
                        }
                    }
                }
            }
        });
        return out;
    }

    /** Per issue, every AFK-authored comment write carrying the marker, with its parsed record (null = unparseable). */
    private Map<String, List<Written>> afkRecords(List<Change> changes) {
        Map<String, List<Written>> out = new LinkedHashMap<>();
        for (Change c : changes) {
            boolean write = c.kind() == ChangeKind.COMMENT_ADDED || c.kind() == ChangeKind.COMMENT_EDITED;
            if (write && afkLogin.equals(c.actor()) && PhaseChecklist.isAfkComment(c.value())) {
                out.computeIfAbsent(issue(c), k -> new ArrayList<>())
                        .add(new Written(c, PhaseChecklist.parse(c.value()).orElse(null)));
            }
        }
        return out;
    }

    private static Optional<Instant> endedAt(String issue, Thread t, List<Written> history) {
        int k = attempt(issue, t);
        if (k < 1) {
            return Optional.empty();
        }
        return history.stream().filter(w -> w.record() != null && w.record().attempt() == k && w.record().ended())
                .map(w -> w.change().at()).findFirst();
    }

    static int attempt(String issue, Thread t) {
        int hash = issue.lastIndexOf('#');
        IssueKey key = IssueKey.of(issue.substring(0, hash), Integer.parseInt(issue.substring(hash + 1)));
        for (int k = 1; k <= MAX_ATTEMPT_SEARCHED; k++) {
            if (RunIds.threadId(key, k).equals(t.id())) {
                return k;
            }
        }
        return -1;
    }

    private static String recordHistory(List<Written> history, Instant until) {
        StringBuilder b = new StringBuilder("\n      AFK record history up to then:");
        boolean any = false;
        for (Written w : history) {
            if (w.change().at().isAfter(until)) {
                break;
            }
            any = true;
            b.append("\n        #").append(w.change().seq()).append(' ').append(w.change().at()).append(' ')
                    .append(w.change().kind()).append(": ").append(w.record() == null ? "unparseable marker"
                            : "attempt " + w.record().attempt() + " phase " + w.record().phase().wire()
                                    + (w.record().ended() ? " ended " + w.record().endReason() : " open"));
        }
        return any ? b.toString() : b.append(" none").toString();
    }

    // ---- (b) ----

    private static final class IssueState {
        final Set<String> labels = new LinkedHashSet<>();
        boolean open = true;
    }

    private List<String> capHeld(List<Change> changes) {
        List<String> out = new ArrayList<>();
        Map<String, IssueState> state = new TreeMap<>();
        for (Change c : changes) {
            IssueState s = apply(state, c);
            boolean lockTaken = (c.kind() == ChangeKind.LABEL_ADDED && labels.inProgress().equals(c.value()))
                    || (c.kind() == ChangeKind.REOPENED && s.labels.contains(labels.inProgress()));
            if (!lockTaken || !s.open) {
                continue;
            }
            List<String> carriers = state.entrySet().stream()
                    .filter(e -> e.getValue().open && e.getValue().labels.contains(labels.inProgress()))
                    .map(Map.Entry::getKey).toList();
            if (carriers.size() > maxInFlight) {
                out.add("(b) after " + describe(c) + ": " + carriers.size() + " open issues carry "
                        + labels.inProgress() + " > AFK_MAX_IN_FLIGHT=" + maxInFlight + ": " + carriers);
            }
            String repo = c.repo();
            List<String> here = carriers.stream().filter(k -> k.startsWith(repo + "#")).toList();
            if (here.size() > 1) {
                out.add("(b) after " + describe(c) + ": " + here.size() + " open issues of " + repo + " carry "
                        + labels.inProgress() + " (at most one run per repo): " + here);
            }
        }
        return out;
    }

    private static IssueState apply(Map<String, IssueState> state, Change c) {
        IssueState s = state.computeIfAbsent(issue(c), k -> new IssueState());
        switch (c.kind()) {
            case ISSUE_CREATED -> {
                if (c.value() != null && !c.value().isEmpty()) {
                    s.labels.addAll(List.of(c.value().split(",")));
                }
            }
            case LABEL_ADDED -> s.labels.add(c.value());
            case LABEL_REMOVED -> s.labels.remove(c.value());
            case CLOSED -> s.open = false;
            case REOPENED -> s.open = true;
            default -> { }
        }
        return s;
    }

    // ---- (c) ----

    private List<String> noLabelLeftBehind(List<Change> changes) {
        List<String> out = new ArrayList<>();
        Map<String, IssueState> state = new TreeMap<>();
        Map<String, List<Change>> labelHistory = new LinkedHashMap<>();
        Set<String> touched = new LinkedHashSet<>();
        for (Change c : changes) {
            apply(state, c);
            if (c.kind() != ChangeKind.COMMENT_ADDED && c.kind() != ChangeKind.COMMENT_EDITED) {
                labelHistory.computeIfAbsent(issue(c), k -> new ArrayList<>()).add(c);
            }
            if (afkLogin.equals(c.actor())) {
                touched.add(issue(c));
            }
        }
        for (String issue : touched) {
            IssueState s = state.get(issue);
            List<Change> history = labelHistory.getOrDefault(issue, List.of());
            Set<String> left = new LinkedHashSet<>();
            String why = null;
            if (!s.open) {
                for (String l : List.of(labels.ready(), labels.inProgress())) {
                    if (s.labels.contains(l)) {
                        left.add(l);
                    }
                }
                why = "is closed";
            }
            if (s.labels.contains(labels.human())) {
                if (s.labels.contains(labels.inProgress())) {
                    left.add(labels.inProgress());
                }
                Change handOff = last(history, ChangeKind.LABEL_ADDED, labels.human());
                Change requeue = last(history, ChangeKind.LABEL_ADDED, labels.ready());
                boolean requeuedByAPerson = requeue != null && handOff != null && requeue.seq() > handOff.seq()
                        && !afkLogin.equals(requeue.actor());
                if (s.labels.contains(labels.ready()) && handOff != null && afkLogin.equals(handOff.actor())
                        && !requeuedByAPerson) {
                    left.add(labels.ready());
                }
                why = why == null ? "carries " + labels.human() : why + " and carries " + labels.human();
            }
            if (!left.isEmpty()) {
                StringBuilder b = new StringBuilder("(c) " + issue + " " + why + " but still carries " + left
                        + "; its label and state history:");
                history.forEach(h -> b.append("\n        ").append(describe(h)));
                out.add(b.toString());
            }
        }
        return out;
    }

    private static Change last(List<Change> history, ChangeKind kind, String label) {
        Change found = null;
        for (Change c : history) {
            if (c.kind() == kind && label.equals(c.value())) {
                found = c;
            }
        }
        return found;
    }

    // ---- (d) ----

    private List<String> oneDoorbellPerEscalation(List<Change> changes, List<SlackSimulator.Post> posts) {
        List<String> out = new ArrayList<>();
        Map<String, List<Change>> handOffs = new TreeMap<>();
        for (Change c : changes) {
            if (c.kind() == ChangeKind.LABEL_ADDED && labels.human().equals(c.value()) && afkLogin.equals(c.actor())) {
                handOffs.computeIfAbsent(issue(c), k -> new ArrayList<>()).add(c);
            }
        }
        Map<String, List<SlackSimulator.Post>> rung = new TreeMap<>();
        // A trip's hold (issue 12): one doorbell per hold issue AFK opened, its text "AFK hold owner/repo#N: …".
        Map<String, Integer> holdPosts = new TreeMap<>();
        Set<String> afkOpened = new LinkedHashSet<>();
        for (Change c : changes) {
            if (c.kind() == ChangeKind.ISSUE_CREATED && afkLogin.equals(c.actor())) {
                afkOpened.add(issue(c));
            }
        }
        for (SlackSimulator.Post p : posts) {
            Matcher hold = HOLD_KEY.matcher(p.message().path("text").asText(""));
            if (hold.find()) {
                holdPosts.merge(hold.group(1), 1, Integer::sum);
            }
        }
        holdPosts.forEach((issue, n) -> {
            if (!afkOpened.contains(issue) || n > 1) {
                out.add("(d) " + issue + ": " + n + " hold doorbell(s), " + (afkOpened.contains(issue)
                        ? "one per hold issue AFK opened" : "but AFK did not open it"));
            }
        });
        for (String issue : afkOpened) {
            if (!slackDown && !holdPosts.containsKey(issue)) {
                out.add("(d) " + issue + ": AFK opened this hold issue without its doorbell");
            }
        }
        for (SlackSimulator.Post p : posts) {
            String text = p.message().path("text").asText("");
            if (HOLD_KEY.matcher(text).find()) {
                continue;
            }
            Matcher m = POST_KEY.matcher(text);
            if (!m.find()) {
                out.add("(d) a doorbell at " + p.at() + " names no issue: '" + text + "'");
                continue;
            }
            rung.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(p);
        }
        Set<String> issues = new LinkedHashSet<>(handOffs.keySet());
        issues.addAll(rung.keySet());
        for (String issue : issues) {
            List<Change> h = handOffs.getOrDefault(issue, List.of());
            List<SlackSimulator.Post> p = rung.getOrDefault(issue, List.of());
            boolean ok = slackDown ? p.size() <= h.size() : p.size() == h.size();
            if (!ok) {
                StringBuilder b = new StringBuilder("(d) " + issue + ": " + p.size() + " doorbell(s) for " + h.size()
                        + " hand-off(s)" + (slackDown ? " (Slack was down: at most one per hand-off)" : ""));
                h.forEach(c -> b.append("\n        hand-off ").append(describe(c)));
                p.forEach(x -> b.append("\n        doorbell at ").append(x.at()).append(": ")
                        .append(x.message().path("text").asText("")));
                out.add(b.toString());
            }
        }
        return out;
    }

    // ---- shared ----

    private static String issue(Change c) {
        return c.repo() + "#" + c.number();
    }

    static String describe(Change c) {
        String what = switch (c.kind()) {
            case COMMENT_ADDED, COMMENT_EDITED -> c.kind() + " comment " + c.commentId();
            case CLOSED, REOPENED -> c.kind() + (c.value() == null ? "" : " (" + c.value() + ")");
            default -> c.kind() + " " + c.value();
        };
        return "#" + c.seq() + " " + c.at() + " " + issue(c) + " " + what + (c.actor() == null ? "" : " by " + c.actor());
    }

    private static List<String> limit(List<String> lines) {
        if (lines.size() <= MAX_LINES_PER_RULE) {
            return lines;
        }
        List<String> out = new ArrayList<>(lines.subList(0, MAX_LINES_PER_RULE));
        out.add("... and " + (lines.size() - MAX_LINES_PER_RULE) + " more like these");
        return out;
    }

    /** Every thread T3 holds (deleted ones too), read from the simulator's snapshot read model for createdAt. */
    static List<Thread> threads(Sandbox sandbox) {
        T3Simulator t3 = sandbox.t3();
        t3.clearFaults(); // the test is over; a fault it left must not hide T3's state from the check
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest
                    .newBuilder(URI.create(t3.baseUrl() + "/api/orchestration/snapshot"))
                    .header("Authorization", "Bearer " + Sandbox.T3_TOKEN).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("T3 snapshot answered " + r.statusCode() + ": " + r.body());
            }
            List<Thread> out = new ArrayList<>();
            for (JsonNode t : JSON.readTree(r.body()).path("threads")) {
                out.add(new Thread(t.path("id").asText(), t.path("title").asText(null),
                        Instant.parse(t.path("createdAt").asText())));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read T3's threads for the invariant check", e);
        } catch (InterruptedException e) {
            java.lang.Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
