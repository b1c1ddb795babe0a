package dev.afk.core;

import static dev.afk.core.BreakerFixtures.A;
import static dev.afk.core.BreakerFixtures.AFK;
import static dev.afk.core.BreakerFixtures.B;
import static dev.afk.core.BreakerFixtures.C;
import static dev.afk.core.BreakerFixtures.FLEET;
import static dev.afk.core.BreakerFixtures.OPS;
import static dev.afk.core.BreakerFixtures.T0;
import static dev.afk.core.BreakerFixtures.WITH_CONTROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The breaker's promises (issue 12, docs/ARCHITECTURE.md §3.1), over arbitrary holds, ticks and restarts. */
class BreakerPolicyProperties {

    private static final List<RepoRef> REPOS = List.of(A, B, C, OPS);

    @Provide
    Arbitrary<List<Issue>> holdIssues() {
        Arbitrary<Issue> one = Combinators.combine(Arbitraries.of(REPOS), Arbitraries.integers().between(1, 20),
                Arbitraries.of("maintainer", AFK), Arbitraries.of("", HoldMarker.redMain(A).render(),
                        HoldMarker.redMain(B).render(), HoldMarker.escalations(null, "AGENT_FAILED").render()),
                Arbitraries.of(true, false)).as((repo, n, author, body, open) -> new Issue(
                        IssueKey.of(repo.slug(), n), "hold", body, Set.of("afk-hold"), author, T0, open, false, ""));
        return one.list().ofMaxSize(6);
    }

    /** No dispatch into a held repo: every open hold issue holds its repo (the control repo's: every repo). */
    @Property
    void noDispatchIntoAHeldRepo(@ForAll("holdIssues") List<Issue> holds) {
        BreakerPolicy.Decision d = BreakerPolicy.decide(BreakerFixtures.input(WITH_CONTROL, holds, List.of(),
                Map.of(), T0));
        for (Issue h : holds) {
            if (!h.open()) {
                continue;
            }
            if (h.repo().equals(OPS) && HoldMarker.find(h.body()).map(m -> !m.fleet()).orElse(false)
                    && AFK.equals(h.author())) {
                continue; // AFK's hold of one repo that happens to live in the control repo
            }
            List<RepoRef> held = h.repo().equals(OPS) ? List.copyOf(FLEET) : List.of(h.repo());
            for (RepoRef repo : held) {
                if (FLEET.contains(repo)) {
                    assertThat(d.dispatchAllowed(repo)).as("%s held by %s", repo, h.key()).isFalse();
                }
            }
        }
        // ... and the dispatch policy honours it: no ready issue of a held repo is dispatched.
        List<Issue> ready = new ArrayList<>();
        int n = 100;
        for (RepoRef repo : FLEET) {
            ready.add(new Issue(IssueKey.of(repo.slug(), n++), "t", "", Set.of("ready-for-agent"), "m", T0, true,
                    false, ""));
        }
        Config config = Config.fromMap(Map.of("afk.kill-switch", "false", "afk.allowlist", "acme/a,acme/b,acme/c",
                "afk.max-in-flight", "10"));
        DispatchPolicy.Plan plan = DispatchPolicy.plan(new DispatchPolicy.Snapshot(config, ready, Map.of(), Set.of(),
                d.heldBy()));
        plan.dispatch().forEach(x -> assertThat(d.heldBy()).doesNotContainKey(x.issue().repo()));
        plan.skipped().stream().filter(s -> s.reason() == SkipReason.HELD)
                .forEach(s -> assertThat(s.detail()).isEqualTo(d.heldBy().get(s.key().repo())));
    }

    /** One step of a run of the plane: a tick, a check of a repo's default branch, or a restart (caches lost). */
    interface Step {}

    record Tick() implements Step {}

    record Check(RepoRef repo, BreakerPolicy.State state) implements Step {}

    record Restart() implements Step {}

    @Provide
    Arbitrary<List<Step>> redRuns() {
        Arbitrary<Step> step = Arbitraries.oneOf(Arbitraries.just(new Tick()), Arbitraries.just(new Restart()),
                Arbitraries.of(A, B).map(r -> new Check(r, BreakerPolicy.State.RED)));
        return step.list().ofMinSize(1).ofMaxSize(30);
    }

    /**
     * A trip opens exactly one hold issue, whatever the order of ticks and restarts: the red branch of each repo, and
     * a fixed run of escalations in acme/c, each give one issue once a tick has seen them, never two.
     */
    @Property
    void aTripOpensExactlyOneHoldIssue(@ForAll("redRuns") List<Step> steps) {
        BreakerFixtures.Tracker tracker = new BreakerFixtures.Tracker();
        Map<RepoRef, List<BreakerPolicy.Check>> checks = new HashMap<>();
        List<BreakerPolicy.Escalation> escalations = List.of(BreakerFixtures.escalation(C, 1, "CI_EXHAUSTED", 0),
                BreakerFixtures.escalation(C, 2, "CI_EXHAUSTED", 1), BreakerFixtures.escalation(C, 3, "CI_EXHAUSTED", 2));
        Set<RepoRef> checkedRed = new java.util.HashSet<>();
        boolean ticked = false;
        Instant now = T0.plus(Duration.ofMinutes(5));
        for (Step s : steps) {
            now = now.plusSeconds(30);
            if (s instanceof Restart) {
                checks.clear();
            } else if (s instanceof Check c) {
                checks.computeIfAbsent(c.repo(), k -> new ArrayList<>())
                        .add(new BreakerPolicy.Check(c.state(), "sha", "ci: failure", now));
                checkedRed.add(c.repo());
            } else {
                ticked = true;
                tracker.apply(BreakerPolicy.decide(new BreakerPolicy.Input(Holds.DEFAULT, FLEET, AFK,
                        tracker.open(), Set.of(), escalations, checks, Map.of(), now)));
            }
        }
        long redMain = tracker.issues.stream().filter(i -> HoldMarker.find(i.body())
                .map(m -> m.kind() == HoldMarker.Kind.RED_MAIN).orElse(false)).count();
        long escalationHolds = tracker.issues.stream().filter(i -> HoldMarker.find(i.body())
                .map(m -> m.kind() == HoldMarker.Kind.ESCALATIONS).orElse(false)).count();
        for (RepoRef repo : List.of(A, B)) {
            long forRepo = tracker.issues.stream().filter(i -> i.repo().equals(repo)).count();
            assertThat(forRepo).as("hold issues of %s", repo).isLessThanOrEqualTo(1);
        }
        assertThat(redMain).isLessThanOrEqualTo(checkedRed.size());
        assertThat(escalationHolds).isEqualTo(ticked ? 1 : 0);
    }

    @Provide
    Arbitrary<List<BreakerPolicy.State>> verdicts() {
        return Arbitraries.of(BreakerPolicy.State.class).list().ofMinSize(1).ofMaxSize(30);
    }

    /**
     * Hysteresis: AFK's red-main hold is closed only after two consecutive green checks, so alternating verdicts
     * (or green broken by pending) never close it, and after a close a red check opens exactly one new hold.
     */
    @Property
    void hysteresisNeverFlapsOnAlternatingVerdicts(@ForAll("verdicts") List<BreakerPolicy.State> states,
            @ForAll boolean alternate) {
        List<BreakerPolicy.State> seq = new ArrayList<>();
        if (alternate) {
            for (int i = 0; i < states.size(); i++) {
                seq.add(i % 2 == 0 ? BreakerPolicy.State.RED : BreakerPolicy.State.GREEN);
            }
        } else {
            seq.addAll(states);
        }
        BreakerFixtures.Tracker tracker = new BreakerFixtures.Tracker();
        List<BreakerPolicy.Check> checks = new ArrayList<>();
        Instant now = T0;
        int closes = 0;
        for (BreakerPolicy.State st : seq) {
            now = now.plus(Duration.ofMinutes(5));
            checks.add(new BreakerPolicy.Check(st, "sha", "", now));
            BreakerPolicy.Decision d = BreakerPolicy.decide(new BreakerPolicy.Input(Holds.DEFAULT, Set.of(A), AFK,
                    tracker.open(), Set.of(), List.of(), Map.of(A, List.copyOf(checks)), Map.of(), now));
            int n = checks.size();
            if (!d.close().isEmpty()) {
                closes++;
                assertThat(checks.get(n - 1).state()).isEqualTo(BreakerPolicy.State.GREEN);
                assertThat(checks.get(n - 2).state()).isEqualTo(BreakerPolicy.State.GREEN);
            }
            if (!d.open().isEmpty()) {
                assertThat(st).isEqualTo(BreakerPolicy.State.RED);
            }
            assertThat(tracker.open().size()).isLessThanOrEqualTo(1);
            tracker.apply(d);
        }
        if (alternate) {
            assertThat(closes).as("alternating verdicts never close the hold").isZero();
            assertThat(tracker.opened).isEqualTo(1);
        }
    }
}
