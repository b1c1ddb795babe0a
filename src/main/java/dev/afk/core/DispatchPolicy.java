package dev.afk.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which issues the poll tick dispatches now, and why every other one waits (docs/ARCHITECTURE.md §3). Pure: the tick
 * re-derives everything from the label listings, so a restart or a second replica decides the same.
 *
 * <p>The ladder, per issue: disarmed → not allowlisted → pull request → closed → {@code ready-for-human} →
 * half-finished stamp (finish it) → running → not ready → held (an open hold issue, docs/ARCHITECTURE.md §3.1)
 * → untrusted labeler → repo locked → global cap → dispatch, oldest first. A hold never stops a half-finished stamp
 * (the run is already in flight).
 */
public final class DispatchPolicy {

    /**
     * Immutable input of one poll tick.
     *
     * @param issues   every listed issue carrying ready-for-agent or in-progress, in any order, possibly listed
     *                 twice (once per label query); copies of one key are merged, see {@link #plan}
     * @param labelers who last applied ready-for-agent, for issues where it was looked up
     * @param blind    repos whose lock AFK cannot see this tick (a listing failed, or an in-progress item could not
     *                 be read): each counts as locked and as holding one run, the most the repo lock allows, so a
     *                 failed read can never let the cap be exceeded
     * @param held     repos that may not dispatch this tick ({@link BreakerPolicy.Decision#heldBy}), each with the
     *                 skip detail naming its hold
     */
    public record Snapshot(Config config,
                           List<Issue> issues,
                           Map<IssueKey, String> labelers,
                           Set<RepoRef> blind,
                           Map<RepoRef, String> held) {
        public Snapshot {
            Objects.requireNonNull(config, "config");
            issues = issues == null ? List.of() : List.copyOf(issues);
            labelers = withoutNulls(labelers);
            blind = blind == null ? Set.of() : Set.copyOf(blind);
            held = withoutNulls(held);
        }

        /** A tick without holds. */
        public Snapshot(Config config, List<Issue> issues, Map<IssueKey, String> labelers, Set<RepoRef> blind) {
            this(config, issues, labelers, blind, Map.of());
        }

        /** A tick where every listing was read. */
        public Snapshot(Config config, List<Issue> issues, Map<IssueKey, String> labelers) {
            this(config, issues, labelers, Set.of());
        }
    }

    /** A look-up that found nothing may come as a null value; it means the same as an absent key. */
    private static <K, V> Map<K, V> withoutNulls(Map<K, V> m) {
        Map<K, V> out = new HashMap<>();
        if (m != null) {
            m.forEach((k, v) -> {
                if (k != null && v != null) {
                    out.put(k, v);
                }
            });
        }
        return Map.copyOf(out);
    }

    /**
     * Dispatch {@code issue}; {@code finishStamp}: it carries both labels, a stamp to complete. The attempt number is
     * not the policy's: the dispatch reads it from the AFK comment ({@link #attemptFor}), which no listing carries.
     */
    public record Dispatch(Issue issue, boolean finishStamp) {
        public Dispatch {
            Objects.requireNonNull(issue, "issue");
        }
    }

    public record Skip(IssueKey key, SkipReason reason, String detail) {
        public Skip {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(reason, "reason");
            detail = detail == null ? "" : detail;
        }
    }

    /**
     * @param dispatch finish stamps first, then new dispatches, each group oldest first
     * @param skipped  ordered by key
     * @param inFlight runs in flight when the tick started (open, allowlisted, non-PR issues carrying in-progress
     *                 and not ready-for-human, half-finished stamps included, plus one per blind allowlisted repo
     *                 without a listed run); 0 when disarmed, as nothing is looked at then
     */
    public record Plan(List<Dispatch> dispatch, List<Skip> skipped, int inFlight) {
        public Plan {
            dispatch = List.copyOf(dispatch);
            skipped = List.copyOf(skipped);
        }
    }

    private static final Comparator<Issue> OLDEST_FIRST =
            Comparator.comparing(Issue::createdAt).thenComparing(Issue::key);

    /** Picks one copy's text fields when a key is listed twice; any total order would do, it only must not vary. */
    private static final Comparator<Issue> CANONICAL_COPY = Comparator.comparing(Issue::createdAt)
            .thenComparing(Issue::title)
            .thenComparing(Issue::body)
            .thenComparing(Issue::author)
            .thenComparing(Issue::htmlUrl);

    private DispatchPolicy() {
    }

    /** Same rule as the AFK comment: the open attempt again, else the last + 1, else 1. */
    public static int attemptFor(RunRecord recordOrNull) {
        return RunRecord.nextAttempt(recordOrNull);
    }

    /**
     * Plans one tick. Every input key appears exactly once in the result. When a key is listed more than once, its
     * copies are merged the cautious way, so input order never matters: a label seen on any copy counts (so a
     * lock or a hand-back is never missed), it is open only if every copy is open, a pull request if any copy is.
     */
    public static Plan plan(Snapshot s) {
        Config config = s.config();
        Map<IssueKey, Issue> issues = dedupe(s.issues());
        if (!config.armed()) {
            List<Skip> skipped = new ArrayList<>();
            String why = config.disarmedReason();
            for (IssueKey key : issues.keySet()) {
                skipped.add(new Skip(key, SkipReason.DISARMED, why));
            }
            return new Plan(List.of(), skipped, 0);
        }

        Labels labels = config.labels();
        List<Skip> skipped = new ArrayList<>();
        List<Issue> eligible = new ArrayList<>();
        for (Issue issue : issues.values()) {
            Skip gate = gate(config, issue);
            if (gate != null) {
                skipped.add(gate);
            } else {
                eligible.add(issue);
            }
        }

        // The lock is the in-progress label itself, read from the listing: nothing is remembered between ticks.
        Map<RepoRef, String> repoLock = new HashMap<>();
        int inFlight = 0;
        for (Issue issue : eligible) {
            if (issue.hasLabel(labels.inProgress())) {
                inFlight++;
                repoLock.putIfAbsent(issue.repo(), issue.key() + " is in flight");
            }
        }
        // A repo AFK could not read may hold a run: it keeps its slot and its lock until it can be read again.
        for (RepoRef repo : new java.util.TreeSet<>(s.blind())) {
            if (config.allowlist().contains(repo) && !repoLock.containsKey(repo)) {
                inFlight++;
                repoLock.put(repo, repo + " could not be read this tick; it may hold a run");
            }
        }

        List<Dispatch> stamps = new ArrayList<>();
        List<Issue> ready = new ArrayList<>();
        for (Issue issue : eligible) {
            boolean isReady = issue.hasLabel(labels.ready());
            boolean isRunning = issue.hasLabel(labels.inProgress());
            if (isReady && isRunning) {
                // Already counted in flight and already holding its repo: finishing needs no slot.
                stamps.add(new Dispatch(issue, true));
            } else if (isRunning) {
                skipped.add(new Skip(issue.key(), SkipReason.RUNNING, SkipReason.RUNNING.text()));
            } else if (isReady) {
                ready.add(issue);
            } else {
                skipped.add(new Skip(issue.key(), SkipReason.NOT_READY, SkipReason.NOT_READY.text()));
            }
        }
        stamps.sort(Comparator.comparing(Dispatch::issue, OLDEST_FIRST));
        ready.sort(OLDEST_FIRST);

        Set<String> trusted = lowerCased(config.trustedLabelers());
        List<Dispatch> fresh = new ArrayList<>();
        for (Issue issue : ready) {
            IssueKey key = issue.key();
            String lock = repoLock.get(issue.repo());
            String hold = s.held().get(issue.repo());
            if (hold != null) {
                skipped.add(new Skip(key, SkipReason.HELD, hold));
            } else if (!trusted.isEmpty() && !isTrusted(trusted, s.labelers().get(key))) {
                skipped.add(new Skip(key, SkipReason.UNTRUSTED_LABELER,
                        untrustedDetail(labels.ready(), s.labelers().get(key))));
            } else if (lock != null) {
                skipped.add(new Skip(key, SkipReason.REPO_LOCKED, lock));
            } else if (inFlight + fresh.size() >= config.maxInFlight()) {
                skipped.add(new Skip(key, SkipReason.GLOBAL_CAP, inFlight + " in flight + " + fresh.size()
                        + " chosen this tick >= AFK_MAX_IN_FLIGHT=" + config.maxInFlight()));
            } else {
                fresh.add(new Dispatch(issue, false));
                repoLock.put(issue.repo(), key + " was chosen this tick");
            }
        }

        List<Dispatch> dispatch = new ArrayList<>(stamps);
        dispatch.addAll(fresh);
        skipped.sort(Comparator.comparing(Skip::key));
        return new Plan(dispatch, skipped, inFlight);
    }

    /**
     * The re-read rule of a dispatch: the issue as read again just before the first write must still pass the
     * {@link #gate} and still carry {@code ready-for-agent} (the label may have moved since the listing). Empty when
     * the dispatch goes on; otherwise the skip, its detail saying what changed. The run lock is not looked at: a
     * finished stamp carries {@code in-progress} by definition, and the policy already counted the run.
     */
    public static Optional<Skip> reread(Config config, Issue fresh) {
        Objects.requireNonNull(fresh, "fresh");
        Skip gate = gate(config, fresh);
        if (gate != null) {
            String detail = switch (gate.reason()) {
                case CLOSED -> "closed since the listing";
                case HUMAN_LABEL -> config.labels().human() + " was added since the listing";
                default -> gate.detail();
            };
            return Optional.of(new Skip(gate.key(), gate.reason(), detail));
        }
        if (!fresh.hasLabel(config.labels().ready())) {
            return Optional.of(new Skip(fresh.key(), SkipReason.NOT_READY,
                    config.labels().ready() + " was removed since the listing"));
        }
        return Optional.empty();
    }

    /**
     * The first four rungs: reasons that hold whatever the labels say, ending with the human hand-back; null when
     * none holds. Shared by {@link #plan} and {@link #reread}.
     */
    static Skip gate(Config config, Issue issue) {
        IssueKey key = issue.key();
        if (!config.allowlist().contains(issue.repo())) {
            return new Skip(key, SkipReason.NOT_ALLOWLISTED, issue.repo() + " is not in AFK_ALLOWLIST");
        }
        if (issue.pullRequest()) {
            return new Skip(key, SkipReason.PULL_REQUEST, SkipReason.PULL_REQUEST.text());
        }
        if (!issue.open()) {
            return new Skip(key, SkipReason.CLOSED, SkipReason.CLOSED.text());
        }
        if (issue.hasLabel(config.labels().human())) {
            return new Skip(key, SkipReason.HUMAN_LABEL, "carries " + config.labels().human());
        }
        return null;
    }

    // Forgejo and GitHub logins are unique regardless of case, so an operator's "Alice" means "alice".
    private static Set<String> lowerCased(Set<String> names) {
        Set<String> out = new HashSet<>();
        for (String n : names) {
            out.add(n.strip().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static boolean isTrusted(Set<String> trusted, String labeler) {
        return labeler != null && !labeler.isBlank() && trusted.contains(labeler.strip().toLowerCase(Locale.ROOT));
    }

    private static String untrustedDetail(String readyLabel, String labeler) {
        return labeler == null || labeler.isBlank()
                ? "who applied " + readyLabel + " is unknown and AFK_TRUSTED_LABELERS is set"
                : readyLabel + " applied by '" + labeler + "', who is not in AFK_TRUSTED_LABELERS";
    }

    private static Map<IssueKey, Issue> dedupe(List<Issue> listed) {
        Map<IssueKey, Issue> byKey = new TreeMap<>();
        for (Issue issue : listed) {
            byKey.merge(issue.key(), issue, DispatchPolicy::mergeCopies);
        }
        return byKey;
    }

    /** Commutative and associative, so the merge of any number of copies is independent of listing order. */
    private static Issue mergeCopies(Issue a, Issue b) {
        Issue base = CANONICAL_COPY.compare(a, b) <= 0 ? a : b;
        Set<String> labels = new HashSet<>(a.labels());
        labels.addAll(b.labels());
        return new Issue(base.key(), base.title(), base.body(), labels, base.author(), base.createdAt(),
                a.open() && b.open(), a.pullRequest() || b.pullRequest(), base.htmlUrl());
    }
}
