package dev.afk.core;

import static dev.afk.core.RunFixtures.LABELS;
import static dev.afk.core.RunFixtures.STALL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.Action.Close;
import dev.afk.core.Action.Escalate;
import dev.afk.core.Action.FixForward;
import dev.afk.core.Action.Interrupt;
import dev.afk.core.Action.RefreshChecklist;
import dev.afk.core.RunFixturesArbitraries.Scenario;
import java.time.Duration;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** The halt rung of {@link RunStateMachine} (issue 11 item 2) over generated snapshots. */
class RunStateMachineHaltProperties {

    static final Duration CONFIRM = Duration.ofSeconds(60);

    /** What a halted run may end as: the halt itself, or a reason whose rung outranks it. */
    static final Set<String> HANDED_BACK_AS = Set.of("HALTED", "STOPPED_BY_PERSON", "RECORD_UNREADABLE");

    @Provide
    Arbitrary<Scenario> halted() {
        return RunFixturesArbitraries.scenarios().map(sc -> new Scenario(sc.budget(), sc.state().withHalted(true)));
    }

    /** Open runs AFK owns: an open issue, no person's label, an attempt that has not ended. */
    @Provide
    Arbitrary<Scenario> haltedOpenRuns() {
        return halted().filter(sc -> {
            RunState s = sc.state();
            return s.record() != null && !s.record().ended() && s.issue().open()
                    && !s.issue().hasLabel(LABELS.human());
        });
    }

    private static Decision decide(int budget, RunState s) {
        return new RunStateMachine(LABELS, budget, STALL, CONFIRM).next(s);
    }

    /** Under halt nothing drives a run forward: no fix-forward, no refresh, and no close of a run not yet ended. */
    @Property(tries = 2000)
    void underHaltNoDecisionDrivesARunForward(@ForAll("halted") Scenario sc) {
        Decision d = decide(sc.budget(), sc.state());
        assertThat(d.action()).isNotInstanceOf(FixForward.class).isNotInstanceOf(RefreshChecklist.class);
        RunRecord before = sc.state().record();
        if (before == null || !before.ended()) {
            assertThat(d.action()).as("only a close the attempt already recorded is finished").isNotInstanceOf(
                    Close.class);
        } else {
            assertThat(d.next().endReason()).as("an ended attempt keeps its end").isEqualTo(before.endReason());
        }
        Statistics.label("decision").collect(d.action().getClass().getSimpleName());
    }

    /**
     * Every open run ends in one decision, with its stop requested once, and is handed back exactly once: at once
     * when its agent has nothing to stop, else on the tick T3 shows the agent settled.
     */
    @Property(tries = 2000)
    void everyOpenRunEndsWithExactlyOneStopAndOneHandOff(@ForAll("haltedOpenRuns") Scenario sc) {
        RunState s = sc.state();
        Decision first = decide(sc.budget(), s);
        RunRecord ended = first.next();
        assertThat(ended.ended()).isTrue();
        assertThat(ended.endReason()).isIn(HANDED_BACK_AS);
        if (s.stopAsk().kind() != StopAsk.Kind.STOP) {
            assertThat(ended.endReason()).isEqualTo("HALTED");
            assertThat(ended.evidence()).startsWith(RunStateMachine.HALTED_EVIDENCE);
        }
        assertThat(ended.stop()).as("the stop is requested in the end's own record").isNotNull();
        assertThat(ended.stop().requestedAt()).isEqualTo(s.now());
        assertThat(first.action()).isInstanceOfAny(Interrupt.class, Escalate.class);

        int handOffs = first.action() instanceof Escalate ? 1 : 0;
        if (first.action() instanceof Interrupt) {
            assertThat(ended.stopPending()).isTrue();
            StopView settled = new StopView(true, "interrupted", s.now().plusSeconds(3), "ready");
            RunState later = new RunState(s.issue(), ended, s.thread(), s.shaConfirmed(), s.ci(), s.deploy(),
                    s.now().plusSeconds(10), false, settled, StopAsk.NONE, true);
            Decision second = decide(sc.budget(), later);
            assertThat(second.action()).isInstanceOf(Escalate.class);
            assertThat(second.next().stop().requestedAt()).as("the one stop, never requested again")
                    .isEqualTo(ended.stop().requestedAt());
            assertThat(second.next().endReason()).isEqualTo(ended.endReason());
            handOffs++;
        }
        assertThat(handOffs).isEqualTo(1);
        Statistics.label("first").collect(first.action().getClass().getSimpleName());
    }

    /** The halt changes nothing for what outranks it: an ended attempt, a takeover, a run AFK never recorded. */
    @Property(tries = 1000)
    void theRungsAboveTheHaltDecideAsWithoutIt(@ForAll("halted") Scenario sc) {
        RunState s = sc.state();
        Assume.that(s.record() == null || s.record().ended() || !s.issue().open()
                || s.issue().hasLabel(LABELS.human()));
        assertThat(decide(sc.budget(), s)).isEqualTo(decide(sc.budget(), s.withHalted(false)));
    }
}
