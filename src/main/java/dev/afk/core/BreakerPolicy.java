package dev.afk.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Holds and circuit breakers (issue 12, docs/ARCHITECTURE.md §3.1). Pure: every tick re-derives the holds from the
 * open hold issues the tracker lists, so a restart or a second replica decides the same, and AFK finds a hold it
 * opened by its {@link HoldMarker} instead of opening a second one.
 *
 * <ul>
 *   <li><b>A person's hold</b>: an open issue labelled {@link Holds#label()} holds dispatch in its repo; in
 *       {@link Holds#controlRepo()} it holds the whole fleet. Closing it resumes.</li>
 *   <li><b>Red default branch</b>: the latest check of the default branch's head is failing and AFK has no open
 *       red-main hold for the repo → open one. AFK closes it itself once the last two checks were green
 *       (hysteresis: alternating verdicts never close it, a pending check is not green).</li>
 *   <li><b>Escalations</b>: the last {@link Holds#escalations()} escalations of a repo within {@link Holds#window()}
 *       share one reason → hold the repo; the same reason tripping in two or more repos → one fleet hold in the
 *       control repo, or, without one, a fleet-wide pause (no issue, shown in status and metrics). A person closes
 *       an escalation hold; escalations at or before the moment AFK saw it closed no longer count.</li>
 * </ul>
 * While held, no new dispatch (runs in flight are still watched); a hold being opened this tick already holds.
 */
public final class BreakerPolicy {

    private BreakerPolicy() {
    }

    /** One read of the default branch's CI. */
    public enum State { GREEN, RED, PENDING }

    /**
     * One check of a repo's default branch.
     *
     * @param evidence the failing contexts, one line each ({@code context: state — description url}); empty unless red
     */
    public record Check(State state, String sha, String evidence, Instant at) {
        public Check {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(at, "at");
            sha = sha == null ? "" : sha;
            evidence = evidence == null ? "" : evidence;
        }

        /**
         * The CI verdict of the head: FAILURE is red, SUCCESS and no CI at all are green, PENDING and INFRA (CI's own
         * error: it says nothing about the branch) are neither.
         */
        public static Check of(CiVerdict verdict, String sha, Instant at) {
            if (verdict == null) {
                return new Check(State.PENDING, sha, "", at);
            }
            return switch (verdict.state()) {
                case FAILURE -> new Check(State.RED, sha, evidenceLines(verdict), at);
                case PENDING, INFRA -> new Check(State.PENDING, sha, "", at);
                case SUCCESS, NONE -> new Check(State.GREEN, sha, "", at);
            };
        }

        private static String evidenceLines(CiVerdict verdict) {
            List<String> lines = new ArrayList<>();
            for (CheckEvidence e : verdict.evidence()) {
                lines.add(e.context() + ": " + e.state() + (e.description().isBlank() ? "" : " — " + e.description())
                        + (e.url().isBlank() ? "" : " " + e.url()));
            }
            return String.join("\n", lines);
        }
    }

    /** A run handed back to a person: its issue, its end reason ({@link EscalationReason} name) and when. */
    public record Escalation(IssueKey issue, String reason, Instant at) {
        public Escalation {
            Objects.requireNonNull(issue, "issue");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * One tick's inputs.
     *
     * @param holdIssues  the open issues carrying the hold label, listed per allowlisted repo and the control repo
     * @param unread      repos whose hold listing failed this tick: AFK never opens a hold there (it could not see
     *                    its own), and never closes one there
     * @param afkLogin    AFK's tracker login; a marker counts as AFK's only on an issue it opened (blank: any author)
     * @param escalations recent escalations (read back from the tracker's records)
     * @param checks      per repo, the default branch's checks, oldest first (only the last two matter)
     * @param resumed     per scope ({@code o/r}, or {@code *} for the fleet), when AFK saw an escalation hold of that
     *                    scope closed; escalations at or before it no longer count (a cache: lost on restart)
     */
    public record Input(Holds settings, Set<RepoRef> allowlist, String afkLogin, List<Issue> holdIssues,
                        Set<RepoRef> unread, List<Escalation> escalations, Map<RepoRef, List<Check>> checks,
                        Map<String, Instant> resumed, Instant now) {
        public Input {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(now, "now");
            allowlist = allowlist == null ? Set.of() : Set.copyOf(allowlist);
            afkLogin = afkLogin == null ? "" : afkLogin.strip();
            holdIssues = holdIssues == null ? List.of() : List.copyOf(holdIssues);
            unread = unread == null ? Set.of() : Set.copyOf(unread);
            escalations = escalations == null ? List.of() : List.copyOf(escalations);
            checks = checks == null ? Map.of() : Map.copyOf(checks);
            resumed = resumed == null ? Map.of() : Map.copyOf(resumed);
        }
    }

    /**
     * An active hold.
     *
     * @param issue    the hold issue; null for a fleet pause without a control repo
     * @param marker   AFK's marker when AFK opened it; null for a person's hold
     * @param repo     the repo held; null for the whole fleet
     * @param since    when the hold issue was opened (or the pause began)
     * @param evidence what it says: the hold issue's title, or the pause's evidence
     */
    public record Hold(IssueKey issue, String url, HoldMarker marker, RepoRef repo, Instant since, String evidence) {
        public Hold {
            Objects.requireNonNull(since, "since");
            url = url == null ? "" : url;
            evidence = evidence == null ? "" : evidence;
        }

        /** {@code human}, {@code red-main} or {@code escalations}: the tag of {@code afk_holds{kind}}. */
        public String kind() {
            return marker == null ? "human" : marker.kind().wire();
        }

        /** The scope, {@code o/r} or {@code *} for the fleet. */
        public String scope() {
            return repo == null ? "*" : repo.slug();
        }

        /** The skip detail of a held issue: {@code held by acme/widgets#7}. */
        public String detail() {
            return issue == null ? "fleet paused: " + evidence : "held by " + issue;
        }
    }

    /** A hold AFK opens this tick: one issue in {@code in} and one doorbell. */
    public record ToOpen(RepoRef in, HoldMarker marker, String title, String body, String doorbell) {
        public ToOpen {
            Objects.requireNonNull(in, "in");
            Objects.requireNonNull(marker, "marker");
        }
    }

    /**
     * The tick's decision.
     *
     * @param holds  every active hold, fleet first, then by scope and since
     * @param open   hold issues to open (each a trip not yet on the tracker)
     * @param close  AFK's own red-main holds whose branch was green on the last two checks
     * @param heldBy per allowlisted repo that may not dispatch: the skip detail naming the hold
     */
    public record Decision(List<Hold> holds, List<ToOpen> open, List<Hold> close, Map<RepoRef, String> heldBy) {
        public Decision {
            holds = List.copyOf(holds);
            open = List.copyOf(open);
            close = List.copyOf(close);
            heldBy = Map.copyOf(heldBy);
        }

        public boolean dispatchAllowed(RepoRef repo) {
            return !heldBy.containsKey(repo);
        }
    }

    /** Whether {@code repo}'s default branch is due a check: never checked, or checked {@code every} ago or more. */
    public static boolean due(Instant lastCheckOrNull, Instant now, Duration every) {
        return lastCheckOrNull == null || !now.isBefore(lastCheckOrNull.plus(every));
    }

    /** The hold a listed hold issue is: AFK's (by its marker, on an issue AFK opened) or a person's. */
    static Hold holdOf(Issue issue, Holds settings, String afkLogin) {
        boolean inControl = issue.repo().equals(settings.controlRepo());
        Optional<HoldMarker> marker = HoldMarker.find(issue.body());
        boolean byAfk = afkLogin.isBlank() || afkLogin.equalsIgnoreCase(issue.author());
        if (marker.isPresent() && byAfk) {
            HoldMarker m = marker.get();
            boolean where = m.fleet() ? inControl : m.repo().equals(issue.repo());
            if (where) {
                return new Hold(issue.key(), issue.htmlUrl(), m, m.repo(), issue.createdAt(), issue.title());
            }
        }
        return new Hold(issue.key(), issue.htmlUrl(), null, inControl ? null : issue.repo(), issue.createdAt(),
                issue.title());
    }

    public static Decision decide(Input in) {
        Holds settings = in.settings();
        Map<IssueKey, Hold> byKey = new TreeMap<>();
        for (Issue issue : in.holdIssues()) {
            if (issue.open() && !issue.pullRequest() && issue.hasLabel(settings.label())) {
                byKey.putIfAbsent(issue.key(), holdOf(issue, settings, in.afkLogin()));
            }
        }
        List<Hold> holds = new ArrayList<>(byKey.values());
        List<ToOpen> open = new ArrayList<>();
        List<Hold> close = new ArrayList<>();
        List<Hold> pauses = new ArrayList<>();

        // Red default branch, per allowlisted repo.
        for (RepoRef repo : new TreeSet<>(in.allowlist())) {
            List<Check> checks = in.checks().getOrDefault(repo, List.of());
            Optional<Hold> own = holds.stream().filter(h -> h.marker() != null
                    && h.marker().kind() == HoldMarker.Kind.RED_MAIN && repo.equals(h.repo())).findFirst();
            Check last = checks.isEmpty() ? null : checks.get(checks.size() - 1);
            if (own.isEmpty() && last != null && last.state() == State.RED && !in.unread().contains(repo)) {
                open.add(redMainHold(repo, last, settings));
            } else if (own.isPresent() && greenTwice(checks) && !in.unread().contains(own.get().issue().repo())) {
                close.add(own.get());
            }
        }

        // Escalations, per repo, then across repos.
        Map<RepoRef, Trip> trips = new TreeMap<>();
        if (settings.escalations() > 0) {
            for (RepoRef repo : new TreeSet<>(in.allowlist())) {
                trip(in, repo).ifPresent(t -> trips.put(repo, t));
            }
        }
        Map<String, List<Trip>> byReason = new TreeMap<>();
        trips.values().forEach(t -> byReason.computeIfAbsent(t.reason(), r -> new ArrayList<>()).add(t));
        Set<RepoRef> inFleetTrip = new TreeSet<>();
        for (Map.Entry<String, List<Trip>> e : byReason.entrySet()) {
            if (e.getValue().size() < 2) {
                continue;
            }
            e.getValue().forEach(t -> inFleetTrip.add(t.repo()));
            String evidence = fleetEvidence(e.getKey(), e.getValue());
            RepoRef control = settings.controlRepo();
            boolean ownFleet = holds.stream().anyMatch(h -> h.marker() != null
                    && h.marker().kind() == HoldMarker.Kind.ESCALATIONS && h.marker().fleet());
            if (control == null) {
                Instant since = e.getValue().stream().map(Trip::at).max(Comparator.naturalOrder()).orElse(in.now());
                pauses.add(new Hold(null, "", HoldMarker.escalations(null, e.getKey()), null, since, evidence));
            } else if (!ownFleet && !in.unread().contains(control)
                    && open.stream().noneMatch(o -> o.marker().fleet())) {
                HoldMarker m = HoldMarker.escalations(null, e.getKey());
                open.add(new ToOpen(control, m, "AFK hold: " + e.getKey() + " escalations across the fleet",
                        m.render() + "\n" + evidence + "\n\n" + RESUME_BY_HAND,
                        "AFK paused dispatch in every repository: " + evidence.lines().findFirst().orElse("")));
            }
        }
        for (Trip t : trips.values()) {
            if (inFleetTrip.contains(t.repo())) {
                continue;
            }
            boolean own = holds.stream().anyMatch(h -> h.marker() != null
                    && h.marker().kind() == HoldMarker.Kind.ESCALATIONS && t.repo().equals(h.repo()));
            if (!own && !in.unread().contains(t.repo())) {
                HoldMarker m = HoldMarker.escalations(t.repo(), t.reason());
                String evidence = repoEvidence(t);
                open.add(new ToOpen(t.repo(), m, "AFK hold: " + t.reason() + " escalations in " + t.repo(),
                        m.render() + "\n" + evidence + "\n\n" + RESUME_BY_HAND,
                        "AFK paused dispatch in " + t.repo() + ": " + evidence.lines().findFirst().orElse("")));
            }
        }

        // Who holds what: a fleet hold (oldest first) before a repo's own.
        List<Hold> active = new ArrayList<>(pauses);
        active.addAll(holds);
        active.sort(Comparator.comparing((Hold h) -> h.repo() == null ? 0 : 1)
                .thenComparing(Hold::scope).thenComparing(Hold::since)
                .thenComparing(h -> h.issue() == null ? "" : h.issue().toString()));
        Map<RepoRef, String> heldBy = new LinkedHashMap<>();
        for (RepoRef repo : new TreeSet<>(in.allowlist())) {
            Optional<Hold> by = active.stream().filter(h -> h.repo() == null || h.repo().equals(repo))
                    .filter(h -> !close.contains(h)).findFirst();
            if (by.isPresent()) {
                heldBy.put(repo, by.get().detail());
                continue;
            }
            open.stream().filter(o -> o.marker().fleet() || repo.equals(o.marker().repo())).findFirst()
                    .ifPresent(o -> heldBy.put(repo, "held: " + o.title() + " (hold issue being opened in " + o.in()
                            + ")"));
        }
        return new Decision(active, open, close, heldBy);
    }

    static final String RESUME_BY_HAND = "Dispatch stays paused while this issue is open (runs in flight are still "
            + "watched). Close it to resume.";

    private static boolean greenTwice(List<Check> checks) {
        int n = checks.size();
        return n >= 2 && checks.get(n - 1).state() == State.GREEN && checks.get(n - 2).state() == State.GREEN;
    }

    private static ToOpen redMainHold(RepoRef repo, Check last, Holds settings) {
        HoldMarker m = HoldMarker.redMain(repo);
        String sha = last.sha().isBlank() ? "the head" : "head " + last.sha();
        String body = m.render() + "\nAFK paused dispatch in " + repo + ": the default branch's " + sha
                + " has failing CI (checked " + last.at() + "):\n\n"
                + (last.evidence().isBlank() ? "(no failing context named)" : quoted(last.evidence()))
                + "\n\nAFK closes this issue itself once the default branch is green on two consecutive checks "
                + "(checked every " + settings.checkEvery().toMinutes() + " min, AFK_BREAKER_CHECK_MINUTES). "
                + "Closing it by hand resumes dispatch at once.";
        return new ToOpen(repo, m, "AFK hold: default branch CI is failing in " + repo, body,
                "AFK paused dispatch in " + repo + ": the default branch's CI is failing ("
                        + last.evidence().lines().findFirst().orElse("no context named") + ")");
    }

    private static String quoted(String lines) {
        return String.join("\n", lines.lines().map(l -> "- " + l).toList());
    }

    private record Trip(RepoRef repo, String reason, List<Escalation> escalations, Instant at) {}

    private static Optional<Trip> trip(Input in, RepoRef repo) {
        Holds s = in.settings();
        Instant from = in.now().minus(s.window());
        Instant cut = latest(in.resumed().get(repo.slug()), in.resumed().get("*"));
        List<Escalation> recent = in.escalations().stream()
                .filter(e -> e.issue().repo().equals(repo))
                .filter(e -> e.at().isAfter(from) && !e.at().isAfter(in.now()))
                .filter(e -> cut == null || e.at().isAfter(cut))
                .sorted(Comparator.comparing(Escalation::at).thenComparing(Escalation::issue))
                .toList();
        int n = s.escalations();
        if (recent.size() < n) {
            return Optional.empty();
        }
        List<Escalation> last = recent.subList(recent.size() - n, recent.size());
        String reason = last.get(0).reason().toUpperCase(Locale.ROOT);
        if (last.stream().allMatch(e -> e.reason().equalsIgnoreCase(reason))) {
            return Optional.of(new Trip(repo, reason, last, last.get(n - 1).at()));
        }
        return Optional.empty();
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static String repoEvidence(Trip t) {
        return t.escalations().size() + " consecutive escalations " + t.reason() + " in " + t.repo() + ": "
                + String.join(", ", t.escalations().stream().map(e -> e.issue() + " at " + e.at()).toList());
    }

    private static String fleetEvidence(String reason, List<Trip> trips) {
        List<String> lines = new ArrayList<>();
        lines.add(reason + " tripped in " + trips.size() + " repositories");
        trips.forEach(t -> lines.add("- " + repoEvidence(t)));
        return String.join("\n", lines);
    }
}
