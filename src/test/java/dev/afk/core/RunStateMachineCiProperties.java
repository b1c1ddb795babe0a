package dev.afk.core;

import static dev.afk.core.RunFixtures.LABELS;
import static dev.afk.core.RunFixtures.STALL;
import static dev.afk.core.RunFixtures.THREAD;
import static dev.afk.core.RunFixtures.min;
import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.Action.Escalate;
import dev.afk.core.Action.FixForward;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Fix-forward that learns (issue 12, item 4), for any snapshot and any sequence of ticks. */
class RunStateMachineCiProperties {

    @Provide
    Arbitrary<RunFixturesArbitraries.Scenario> scenarios() {
        return RunFixturesArbitraries.scenarios();
    }

    @Provide
    Arbitrary<RunRecord.CiMemory> memories() {
        Arbitrary<String> fingerprint = Arbitraries.strings().withChars("0123456789abcdef").ofLength(16)
                .injectNull(0.4);
        Arbitrary<String> sha = Arbitraries.of(RunFixtures.SHA1, RunFixtures.SHA2, RunFixtures.SHA3).injectNull(0.3);
        Arbitrary<Instant> since = Arbitraries.longs().between(0, 400).map(RunFixtures::min).injectNull(0.4);
        return net.jqwik.api.Combinators.combine(fingerprint, sha, since).as(RunRecord.CiMemory::new);
    }

    /** CI's own error never gets the agent a fix-forward turn, whatever the record, thread, grace or memory. */
    @Property(tries = 3000)
    void anInfraVerdictNeverYieldsAFixForward(@ForAll("scenarios") RunFixturesArbitraries.Scenario sc,
            @ForAll("memories") RunRecord.CiMemory memory, @ForAll @IntRange(min = 0, max = 120) int graceMinutes) {
        RunState s = sc.state();
        RunRecord record = s.record() == null ? null : s.record().withCiMemory(memory);
        DeployVerdict deploy = s.deploy().state() == DeployVerdict.State.FAILURE ? DeployVerdict.NONE : s.deploy();
        RunState infra = new RunState(s.issue(), record, s.thread(), s.shaConfirmed(),
                new CiVerdict(CiVerdict.State.INFRA, s.ci().evidence()), deploy, s.now(), s.recordUnreadable(),
                s.stop(), s.stopAsk());
        RunStateMachine m = new RunStateMachine(LABELS, sc.budget(), STALL, RunStateMachine.DEFAULT_STOP_CONFIRM,
                Budget.DEFAULT, Duration.ofMinutes(graceMinutes));
        Decision d = m.next(infra);
        assertThat(d.action()).isNotInstanceOf(FixForward.class);
        if (d.action() instanceof Escalate e && e.reason() == EscalationReason.CI_INFRA) {
            // Only after the grace, counted from when the error was first seen on this commit (a new commit, or
            // none seen before, starts it now).
            boolean seenBefore = record.ciInfraSince() != null && java.util.Objects.equals(record.sha(),
                    d.next().sha());
            assertThat(seenBefore ? Duration.between(record.ciInfraSince(), s.now()) : Duration.ZERO)
                    .isGreaterThanOrEqualTo(Duration.ofMinutes(graceMinutes));
        }
    }

    /**
     * A run whose every commit fails the same checks (with other run ids and durations each time) sends at most one
     * fix-forward turn and then ends {@code CI_REPEATED}; the turn count never passes two.
     */
    @Property(tries = 500)
    void theSameFingerprintNeverGetsASecondTurn(@ForAll @IntRange(min = 1, max = 5) int maxFixForward,
            @ForAll("contexts") List<String> contexts, @ForAll long noiseSeed) {
        RunStateMachine m = new RunStateMachine(LABELS, maxFixForward, STALL);
        java.util.Random noise = new java.util.Random(noiseSeed);
        RunRecord r = new RunRecord(1, THREAD, RunFixtures.T0, RunFixtures.T0, 0, Phase.PUSHED, sha(0), min(8), false,
                null);
        List<PhaseReport> reports = new ArrayList<>(List.of(new PhaseReport(Phase.PUSHED, sha(0), min(8))));
        int turns = 1;
        long minute = 10;
        Decision d = null;
        for (int tick = 0; tick < 10 && !r.ended(); tick++) {
            List<CheckEvidence> failing = new ArrayList<>();
            for (String c : contexts) {
                failing.add(new CheckEvidence(c, "failure", "assertion failed in " + noise.nextInt(9000) + "ms (run "
                        + Math.abs(noise.nextLong()) + ")", "https://ci/" + noise.nextInt()));
            }
            ThreadView t = new ThreadView(THREAD, "ready", "turn", "completed", r.turnAt(), null, r.turnAt(),
                    List.copyOf(reports), List.of());
            d = m.next(new RunState(RunFixtures.inProgress(), r, t, true, new CiVerdict(CiVerdict.State.FAILURE,
                    failing), DeployVerdict.NONE, min(minute), false));
            if (d.action() instanceof FixForward) {
                turns++;
                // The round pushes a new commit, confirmed by the next tick.
                reports.add(new PhaseReport(Phase.PUSHED, sha(turns), min(minute + 5)));
            }
            r = d.next();
            minute += 10;
        }
        assertThat(turns).as("first turn + at most one fix-forward").isLessThanOrEqualTo(2);
        assertThat(d.action()).isInstanceOf(Escalate.class);
        assertThat(((Escalate) d.action()).reason()).isEqualTo(EscalationReason.CI_REPEATED);
    }

    @Provide
    Arbitrary<List<String>> contexts() {
        return Arbitraries.of("ci/build", "ci/test", "lint", "ci / e2e (push)").set().ofMinSize(1).ofMaxSize(3)
                .map(ArrayList::new);
    }

    /** The CI memory lives in the marker: any record re-reads as itself, and one without it renders as before. */
    @Property(tries = 1000)
    void theCiMemoryRoundTripsThroughTheMarker(@ForAll("scenarios") RunFixturesArbitraries.Scenario sc,
            @ForAll("memories") RunRecord.CiMemory memory) {
        RunRecord r = sc.state().record();
        if (r == null) {
            return;
        }
        IssueKey key = IssueKey.of("acme/widgets", 43);
        RunRecord withMemory = r.withCiMemory(memory);
        assertThat(PhaseChecklist.parse(PhaseChecklist.render(key, withMemory))).contains(withMemory);
        String without = PhaseChecklist.render(key, r.withCiMemory(null));
        assertThat(without).doesNotContain("ciFingerprint", "ciInfraSince");
        assertThat(PhaseChecklist.render(key, PhaseChecklist.parse(without).orElseThrow())).isEqualTo(without);
    }

    private static String sha(int n) {
        return String.valueOf((char) ('a' + n)).repeat(40);
    }
}
