package dev.afk.core;

import static dev.afk.core.RunFixtures.LABELS;
import static dev.afk.core.RunFixtures.STALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.afk.core.Action.Close;
import dev.afk.core.Action.Escalate;
import dev.afk.core.Action.FixForward;
import dev.afk.core.Action.RefreshChecklist;
import dev.afk.core.Action.Release;
import dev.afk.core.Action.Wait;
import dev.afk.core.RunFixturesArbitraries.Scenario;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class RunStateMachineProperties {

    @Provide
    Arbitrary<Scenario> scenarios() {
        return RunFixturesArbitraries.scenarios();
    }

    @Provide
    Arbitrary<Scenario> humanLabelled() {
        return RunFixturesArbitraries.withHumanLabel();
    }

    @Provide
    Arbitrary<Scenario> closedIssues() {
        return RunFixturesArbitraries.withClosedIssue();
    }

    @Provide
    Arbitrary<Scenario> endedScenarios() {
        return RunFixturesArbitraries.scenarios().filter(sc -> sc.state().record() != null
                && sc.state().record().ended());
    }

    private static Decision decide(Scenario sc) {
        return new RunStateMachine(LABELS, sc.budget(), STALL).next(sc.state());
    }

    // 3000 tries: a fix-forward needs a settled, answered, pushed turn with red checks within budget, a rare draw.
    @Property(tries = 3000)
    void everyStateYieldsAnActionAndARecordExactlyWhenThereWasOne(@ForAll("scenarios") Scenario sc) {
        Decision[] d = new Decision[1];
        assertThatCode(() -> d[0] = decide(sc)).doesNotThrowAnyException();
        assertThat(d[0].action()).isNotNull();
        assertThat(d[0].next() == null).isEqualTo(sc.state().record() == null);
        Statistics.label("action").collect(d[0].action().getClass().getSimpleName());
        Statistics.label("action").coverage(c -> {
            for (String kind : new String[] {"Wait", "RefreshChecklist", "FixForward", "Escalate", "Close",
                    "Release", "Interrupt"}) {
                c.check(kind).count(n -> n > 0);
            }
        });
    }

    @Property(tries = 1000)
    void escalationEvidenceIsReadableTextAndEndsTheRecordWithTheReason(@ForAll("scenarios") Scenario sc) {
        Decision d = decide(sc);
        if (d.action() instanceof Escalate e) {
            assertThat(e.evidence()).isNotBlank().hasSizeLessThanOrEqualTo(600);
            assertThat(d.next().ended()).isTrue();
            assertThat(d.next().endReason()).isEqualTo(e.reason().name());
        }
    }

    @Property(tries = 1000)
    void fixForwardRoundsStepByExactlyOneAndNeverExceedTheBudget(@ForAll("scenarios") Scenario sc) {
        Decision d = decide(sc);
        if (d.action() instanceof FixForward f) {
            RunRecord before = sc.state().record();
            assertThat(f.round()).isEqualTo(before.fixForward() + 1).isLessThanOrEqualTo(sc.budget());
            assertThat(d.next().fixForward()).isEqualTo(f.round());
            assertThat(d.next().turnAt()).isEqualTo(sc.state().now());
            assertThat(d.next().ended()).isFalse();
            assertThat(f.evidence()).isNotEmpty();
        }
    }

    @Property(tries = 1000)
    void theHumanLabelAlwaysWinsOverARunThatHasNotEnded(@ForAll("humanLabelled") Scenario sc) {
        RunRecord before = sc.state().record();
        Assume.that(before == null || !before.ended());
        Decision d = decide(sc);
        // The release, or the interrupt its stop starts with (the lock waits for the stop).
        assertThat(d.action()).isInstanceOfAny(Release.class, Action.Interrupt.class);
        if (before != null) {
            assertThat(d.next().ended()).isTrue();
            assertThat(d.next().endReason()).isEqualTo("released");
            assertThat(d.next().stop()).as("the release requests the agent's stop").isNotNull();
        }
    }

    /** A close or hand-off a failure cut short is finished as it began, whatever the labels say now. */
    @Property(tries = 1000)
    void anEndedAttemptIsOnlyEverFinishedNeverReopenedOrRedriven(@ForAll("endedScenarios") Scenario sc) {
        RunRecord before = sc.state().record();
        Decision d = decide(sc);
        assertThat(d.next().withStop(before.stop())).as("the ended record is kept as it is, but for its stop")
                .isEqualTo(before);
        if (!before.stopPending()) {
            assertThat(d.next()).as("a stop that is over is not touched again").isEqualTo(before);
        }
        if (d.action() instanceof Action.Interrupt || d.action() instanceof Action.StopSession
                || d.action() instanceof Wait) {
            assertThat(before.stopPending()).as("stop decisions only while the stop is pending").isTrue();
            return;
        }
        String reason = before.endReason();
        if ("closed".equals(reason)) {
            assertThat(d.action()).isInstanceOf(Close.class);
        } else if (!sc.state().issue().open()) {
            assertThat(d.action()).as("nobody is handed a closed issue").isInstanceOf(Release.class);
        } else if (java.util.Arrays.stream(EscalationReason.values()).anyMatch(r -> r.name().equals(reason))) {
            assertThat(d.action()).isInstanceOfSatisfying(Escalate.class,
                    e -> assertThat(e.reason().name()).isEqualTo(reason));
        } else {
            assertThat(d.action()).isInstanceOf(Release.class);
        }
    }

    @Property(tries = 1000)
    void aClosedIssueIsNeverDrivenFurther(@ForAll("closedIssues") Scenario sc) {
        Decision d = decide(sc);
        RunRecord before = sc.state().record();
        if (d.action() instanceof Action.Interrupt || d.action() instanceof Action.StopSession
                || d.action() instanceof Wait) {
            // Stopping the agent of the attempt that ends (or ended) here is all that is left to do.
            assertThat(d.next().stopPending()).isTrue();
        } else if (before != null && before.ended() && "closed".equals(before.endReason())) {
            assertThat(d.action()).isInstanceOf(Close.class);
        } else {
            assertThat(d.action()).isInstanceOf(Release.class);
        }
        if (d.next() != null) {
            assertThat(d.next().fixForward()).isEqualTo(before.fixForward());
            assertThat(d.next().ended()).isTrue();
        }
    }

    /** A run whose record could not be read is never closed, fixed forward or left waiting: it goes back loudly. */
    @Property(tries = 1000)
    void anUnreadableRecordIsHandedBackOrReleasedNeverDriven(@ForAll("scenarios") Scenario sc) {
        RunState s = sc.state();
        Assume.that(s.record() != null && !s.record().ended());
        RunState unreadableAsked = new RunState(s.issue(), s.record(), s.thread(), s.shaConfirmed(), s.ci(),
                s.deploy(), s.now(), true, null, StopAsk.NONE);
        Decision d = new RunStateMachine(LABELS, sc.budget(), STALL).next(unreadableAsked);
        if (s.issue().hasLabel(LABELS.human()) || !s.issue().open()) {
            assertThat(d.action()).isInstanceOfAny(Release.class, Action.Interrupt.class);
        } else {
            if (d.action() instanceof Action.Interrupt) {
                assertThat(d.next().stopPending()).as("the hand-off waits for the stop").isTrue();
            } else {
                assertThat(d.action()).isInstanceOfSatisfying(Escalate.class,
                        e -> assertThat(e.reason()).isEqualTo(EscalationReason.RECORD_UNREADABLE));
            }
            assertThat(d.next().withEvidence(null).withStop(null)).isEqualTo(s.record().ended("RECORD_UNREADABLE"));
            assertThat(d.next().evidence()).as("the checklist says why").contains("could not be read");
        }
    }

    @Property(tries = 1000)
    void thePhaseInTheNextRecordNeverDecreases(@ForAll("scenarios") Scenario sc) {
        Decision d = decide(sc);
        RunRecord before = sc.state().record();
        if (before != null) {
            assertThat(d.next().phase()).isGreaterThanOrEqualTo(before.phase());
            assertThat(d.next().attempt()).isEqualTo(before.attempt());
            assertThat(d.next().thread()).isEqualTo(before.thread());
        }
    }

    @Property(tries = 1000)
    void closeOnlyForGreenCiAndDeployOnAConfirmedShaOrWhenResumingAClose(@ForAll("scenarios") Scenario sc) {
        Decision d = decide(sc);
        if (d.action() instanceof Close) {
            RunState s = sc.state();
            if (s.record().ended()) {
                assertThat(s.record().endReason()).isEqualTo("closed");
                assertThat(d.next().withStop(s.record().stop())).isEqualTo(s.record());
            } else {
                assertThat(s.ci().state()).isEqualTo(CiVerdict.State.SUCCESS);
                assertThat(s.deploy().state()).isEqualTo(DeployVerdict.State.SUCCESS);
                assertThat(d.next().sha()).isNotNull();
                assertThat(d.next().phase()).isEqualTo(Phase.DEPLOYED);
                assertThat(d.next().endReason()).isEqualTo("closed");
            }
        }
    }

    @Property(tries = 1000)
    void waitWritesNothingAndRefreshAlwaysWritesSomething(@ForAll("scenarios") Scenario sc) {
        Decision d = decide(sc);
        if (d.action() instanceof Wait) {
            assertThat(d.next()).isEqualTo(sc.state().record());
        }
        if (d.action() instanceof RefreshChecklist) {
            assertThat(d.next()).isNotEqualTo(sc.state().record());
        }
    }

    @Property(tries = 1000)
    void theDecisionIsDeterministic(@ForAll("scenarios") Scenario sc) {
        assertThat(decide(sc)).isEqualTo(decide(sc));
    }
}
