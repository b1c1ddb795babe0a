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

    private static Decision decide(Scenario sc) {
        return new RunStateMachine(LABELS, sc.budget(), STALL).next(sc.state());
    }

    @Property(tries = 1000)
    void everyStateYieldsAnActionAndARecordExactlyWhenThereWasOne(@ForAll("scenarios") Scenario sc) {
        Decision[] d = new Decision[1];
        assertThatCode(() -> d[0] = decide(sc)).doesNotThrowAnyException();
        assertThat(d[0].action()).isNotNull();
        assertThat(d[0].next() == null).isEqualTo(sc.state().record() == null);
        Statistics.label("action").collect(d[0].action().getClass().getSimpleName());
        Statistics.label("action").coverage(c -> {
            for (String kind : new String[] {"Wait", "RefreshChecklist", "FixForward", "Escalate", "Close",
                    "Release"}) {
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
    void theHumanLabelAlwaysWinsWithRelease(@ForAll("humanLabelled") Scenario sc) {
        Decision d = decide(sc);
        assertThat(d.action()).isInstanceOf(Release.class);
        RunRecord before = sc.state().record();
        if (before != null) {
            assertThat(d.next().ended()).isTrue();
            assertThat(d.next().endReason()).isEqualTo(before.ended() ? before.endReason() : "released");
        }
    }

    @Property(tries = 1000)
    void aClosedIssueIsOnlyEverReleased(@ForAll("closedIssues") Scenario sc) {
        Decision d = decide(sc);
        assertThat(d.action()).isInstanceOf(Release.class);
        if (d.next() != null) {
            assertThat(d.next().fixForward()).isEqualTo(sc.state().record().fixForward());
            assertThat(d.next().ended()).isTrue();
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
                assertThat(d.next()).isEqualTo(s.record());
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
