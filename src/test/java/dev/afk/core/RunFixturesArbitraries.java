package dev.afk.core;

import static dev.afk.core.RunFixtures.LABELS;
import static dev.afk.core.RunFixtures.SHA1;
import static dev.afk.core.RunFixtures.SHA2;
import static dev.afk.core.RunFixtures.SHA3;
import static dev.afk.core.RunFixtures.T0;
import static dev.afk.core.RunFixtures.THREAD;
import static dev.afk.core.RunFixtures.min;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators for snapshots a watch tick can see: any labels, open or closed, a record at any phase and
 * fix-forward round within the budget (possibly ended, possibly missing), any T3 session and turn status, phase
 * reports around the dispatch, any CI and deploy verdict. Times sit on a minute grid after {@link RunFixtures#T0}.
 */
final class RunFixturesArbitraries {

    /** A fix-forward budget and a snapshot reachable under it. */
    record Scenario(int budget, RunState state) {}

    private RunFixturesArbitraries() {
    }

    static Arbitrary<Scenario> scenarios() {
        return Arbitraries.integers().between(0, 3).flatMap(budget -> Combinators.combine(
                        issues(), records(budget).injectNull(0.1), threads().injectNull(0.1),
                        Arbitraries.of(true, false), ciVerdicts(), deployVerdicts(),
                        Arbitraries.longs().between(0, 120), stopExtras())
                .as((issue, record, thread, confirmed, ci, deploy, after, extra) -> {
                    Instant base = record == null ? T0 : latest(record.progressAt(), record.turnAt());
                    if (record != null && record.stop() != null) {
                        base = latest(base, record.stop().requestedAt());
                        if (record.stop().sessionStopAt() != null) {
                            base = latest(base, record.stop().sessionStopAt());
                        }
                    }
                    // Stops are judged on a seconds grid around their bounds, the rest on minutes.
                    Instant now = record != null && record.stopPending()
                            ? base.plusSeconds(extra.stopSeconds()) : base.plusSeconds(after * 60);
                    // The watch reads the stop state only for a pending stop (StopView.GONE when T3 lost the thread).
                    StopView stop = record != null && record.stopPending() ? extra.stop() : null;
                    return new Scenario(budget, new RunState(issue, record, thread, confirmed, ci, deploy, now,
                            false, stop, extra.ask()));
                }));
    }

    /** What the stop rungs add to a snapshot: the stop state read, a /afk stop, and the seconds since the request. */
    record StopExtra(StopView stop, StopAsk ask, long stopSeconds) {}

    static Arbitrary<StopExtra> stopExtras() {
        Arbitrary<StopView> view = Combinators.combine(Arbitraries.of(true, false),
                        Arbitraries.of("none", "running", "finished", "stopped", "failed"),
                        Arbitraries.longs().between(0, 400).map(sec -> T0.plusSeconds(sec)).injectNull(0.2),
                        Arbitraries.of("running", "ready", "stopped", "starting").injectNull(0.1))
                .as((settled, turn, at, session) -> new StopView(settled, turn, settled ? at : null, session));
        Arbitrary<StopView> stop = Arbitraries.frequencyOf(Tuple.of(8, view), Tuple.of(1, Arbitraries.just(StopView.GONE)));
        Arbitrary<StopAsk> ask = Arbitraries.frequencyOf(
                Tuple.of(60, Arbitraries.just(StopAsk.NONE)),
                Tuple.of(1, Arbitraries.just(StopAsk.stop("maintainer", 77))),
                Tuple.of(1, Arbitraries.just(StopAsk.ignored("drive-by", 78, "not allowed to steer"))));
        Arbitrary<Long> seconds = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.longs().between(0, 200)),
                Tuple.of(1, Arbitraries.of(59L, 60L, 119L, 120L)));
        return Combinators.combine(stop, ask, seconds).as(StopExtra::new);
    }

    /** Scenarios whose issue carries the human label. */
    static Arbitrary<Scenario> withHumanLabel() {
        return scenarios().map(sc -> {
            Set<String> labels = new HashSet<>(sc.state().issue().labels());
            labels.add(LABELS.human());
            return withIssue(sc, relabel(sc.state().issue(), labels, sc.state().issue().open()));
        });
    }

    /** Scenarios whose issue was closed. */
    static Arbitrary<Scenario> withClosedIssue() {
        return scenarios().map(sc -> withIssue(sc,
                relabel(sc.state().issue(), sc.state().issue().labels(), false)));
    }

    private static Scenario withIssue(Scenario sc, Issue issue) {
        RunState s = sc.state();
        return new Scenario(sc.budget(), new RunState(issue, s.record(), s.thread(), s.shaConfirmed(), s.ci(),
                s.deploy(), s.now(), s.recordUnreadable(), s.stop(), s.stopAsk()));
    }

    private static Issue relabel(Issue i, Set<String> labels, boolean open) {
        return new Issue(i.key(), i.title(), i.body(), labels, i.author(), i.createdAt(), open, i.pullRequest(),
                i.htmlUrl());
    }

    // The rare outcomes (human label, closed issue, ended record) get no edge-case boost: their own properties
    // force them, and the general scenarios should spend their tries on open runs.
    static Arbitrary<Issue> issues() {
        Arbitrary<Boolean> human = Arbitraries.frequency(
                Tuple.of(1, true), Tuple.of(9, false)).withoutEdgeCases();
        Arbitrary<Boolean> open = Arbitraries.frequency(
                Tuple.of(1, false), Tuple.of(12, true)).withoutEdgeCases();
        Arbitrary<Set<String>> others = Arbitraries.of(LABELS.ready(), "bug", "priority").set().ofMaxSize(2);
        return Combinators.combine(human, open, others).as((h, o, rest) -> {
            Set<String> labels = new HashSet<>(rest);
            labels.add(LABELS.inProgress());
            if (h) {
                labels.add(LABELS.human());
            }
            return RunFixtures.issue(o, labels.toArray(String[]::new));
        });
    }

    static Arbitrary<RunRecord> records(int budget) {
        Arbitrary<Integer> attempt = Arbitraries.integers().between(1, 3);
        Arbitrary<Integer> round = Arbitraries.integers().between(0, budget);
        Arbitrary<Phase> phase = Arbitraries.of(Phase.class);
        Arbitrary<String> sha = Arbitraries.of(SHA1, SHA2, SHA3);
        Arbitrary<Long> turnMinute = Arbitraries.longs().between(5, 200);
        Arbitrary<Long> progressMinute = Arbitraries.longs().between(0, 300);
        Arbitrary<String> endReason = Arbitraries.of("closed", "AGENT_FAILED", "CI_EXHAUSTED", "RECORD_UNREADABLE",
                        "STOPPED_BY_PERSON", "released", "other")
                .injectNull(0.05);
        Arbitrary<Boolean> ended = Arbitraries.frequency(
                Tuple.of(1, true), Tuple.of(8, false)).withoutEdgeCases();
        return Combinators.combine(attempt, round, phase, sha, turnMinute, progressMinute, ended, endReason)
                .as((a, ff, p, s, turn, progress, isEnded, reason) -> {
                    // A fix-forward round only follows a confirmed push.
                    Phase reached = ff > 0 && !p.atLeast(Phase.PUSHED) ? Phase.PUSHED : p;
                    String confirmed = reached.atLeast(Phase.PUSHED) ? s : null;
                    Instant turnAt = ff == 0 ? T0 : min(turn);
                    Instant progressAt = latest(turnAt, min(progress));
                    return new RunRecord(a, THREAD, T0, turnAt, ff, reached, confirmed, progressAt, isEnded,
                            isEnded ? reason : null);
                })
                .flatMap(r -> !r.ended() ? Arbitraries.just(r) : stops(r.progressAt()).injectNull(0.3).map(r::withStop));
    }

    /**
     * The stop an ended record may carry (null: a record from before AFK stopped agents, or a refused dispatch):
     * pending after 1 or 2 interrupts, with or without the session stop, confirmed, or could not stop.
     */
    static Arbitrary<RunRecord.Stop> stops(Instant endedAt) {
        Arbitrary<Integer> interrupts = Arbitraries.integers().between(0, 2);
        Arbitrary<Long> sessionAfter = Arbitraries.longs().between(0, 90).injectNull(0.5);
        Arbitrary<Integer> outcome = Arbitraries.integers().between(0, 2); // pending, confirmed, could not stop
        return Combinators.combine(interrupts, sessionAfter, outcome).as((n, sessionSec, o) -> {
            Instant at = endedAt.plusSeconds(30);
            RunRecord.Stop st = new RunRecord.Stop(at, o == 0 ? Math.max(1, n) : n,
                    sessionSec == null ? null : at.plusSeconds(sessionSec), null, false);
            return o == 1 ? st.confirmedAt(at.plusSeconds(1)) : o == 2 ? st.failed() : st;
        });
    }

    static Arbitrary<ThreadView> threads() {
        Arbitrary<String> session = Arbitraries.of("idle", "starting", "running", "ready", "interrupted", "stopped",
                "error").injectNull(0.15);
        Arbitrary<String> turn = Arbitraries.of("running", "completed", "interrupted", "error").injectNull(0.15);
        Arbitrary<Instant> requestedAt = Arbitraries.longs().between(-10, 300).map(RunFixtures::min)
                .injectNull(0.1);
        Arbitrary<String> lastError = Arbitraries.of("Claude runtime stream failed.", "rate limited", "")
                .injectNull(0.6);
        Arbitrary<List<PhaseReport>> reports = reports().list().ofMaxSize(6);
        Arbitrary<List<String>> errors = Arbitraries.of("provider crashed", "tool failed", "  ").list().ofMaxSize(4);
        // A stopped turn (no reply of its own) is the rare case; most completed turns were answered.
        Arbitrary<Boolean> answered = Arbitraries.frequency(Tuple.of(12, true), Tuple.of(1, false))
                .withoutEdgeCases().injectNull(0.3);
        return Combinators.combine(session, turn, requestedAt, lastError, reports, errors, answered)
                .as((s, t, req, err, r, e, a) -> new ThreadView(THREAD, s, t == null ? null : "turn", t, req, err,
                        req == null ? T0 : req, r, e, t == null ? null : a));
    }

    static Arbitrary<PhaseReport> reports() {
        Arbitrary<Phase> phase = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(Phase.TESTS_RED, Phase.GREEN)),
                Tuple.of(3, Arbitraries.just(Phase.PUSHED)),
                Tuple.of(1, Arbitraries.of(Phase.class)));
        Arbitrary<String> sha = Arbitraries.of(SHA1, SHA2, SHA3, " ").injectNull(0.1);
        Arbitrary<Long> minute = Arbitraries.longs().between(-30, 400);
        return Combinators.combine(phase, sha, minute)
                .as((p, s, m) -> new PhaseReport(p, p == Phase.PUSHED ? s : null, min(m)));
    }

    static Arbitrary<CiVerdict> ciVerdicts() {
        Arbitrary<CheckEvidence> check = Arbitraries.of("build", "lint", "test", "")
                .map(c -> new CheckEvidence(c, "failure", "red", "https://ci.example.com/" + c));
        return Combinators.combine(Arbitraries.of(CiVerdict.State.class), check.list().ofMaxSize(2))
                .as(CiVerdict::new);
    }

    static Arbitrary<DeployVerdict> deployVerdicts() {
        Arbitrary<CheckEvidence> check = Arbitraries.just(new CheckEvidence("deploy", "failure", "rollout", ""))
                .injectNull(0.3);
        return Combinators.combine(Arbitraries.of(DeployVerdict.State.class), check).as(DeployVerdict::new);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
