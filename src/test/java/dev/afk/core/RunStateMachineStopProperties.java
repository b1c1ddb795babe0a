package dev.afk.core;

import static dev.afk.core.RunFixtures.LABELS;
import static dev.afk.core.RunFixtures.STALL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.Action.Close;
import dev.afk.core.Action.Escalate;
import dev.afk.core.Action.Interrupt;
import dev.afk.core.Action.Release;
import dev.afk.core.Action.StopSession;
import dev.afk.core.Action.Wait;
import dev.afk.core.RunFixturesArbitraries.Scenario;
import java.time.Duration;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** The stop rungs of {@link RunStateMachine} (issue 9) over generated snapshots. */
class RunStateMachineStopProperties {

    static final Duration CONFIRM = Duration.ofSeconds(60);

    @Provide
    Arbitrary<Scenario> scenarios() {
        return RunFixturesArbitraries.scenarios();
    }

    @Provide
    Arbitrary<Scenario> ended() {
        return RunFixturesArbitraries.scenarios().filter(sc -> sc.state().record() != null
                && sc.state().record().ended());
    }

    @Provide
    Arbitrary<Scenario> released() {
        return ended().filter(sc -> "released".equals(sc.state().record().endReason()));
    }

    private static Decision decide(Scenario sc) {
        return new RunStateMachine(LABELS, sc.budget(), STALL, CONFIRM).next(sc.state());
    }

    private static boolean stopDecision(Action a) {
        return a instanceof Interrupt || a instanceof StopSession || a instanceof Wait;
    }

    /** After a release AFK only stops the agent and drops its own lock; the only write is "could not be stopped". */
    @Property(tries = 1000)
    void afterAReleaseNoDecisionOtherThanStopRelated(@ForAll("released") Scenario sc) {
        RunRecord before = sc.state().record();
        Decision d = decide(sc);
        assertThat(d.action()).isInstanceOfAny(Interrupt.class, StopSession.class, Wait.class, Release.class);
        if (!d.next().equals(before)) {
            assertThat(before.stopPending()).isTrue();
            assertThat(d.next()).as("the one write after the ended record").isEqualTo(before.withStop(
                    before.stop().failed()));
        }
        Statistics.label("decision").collect(d.action().getClass().getSimpleName());
        Statistics.label("decision").coverage(c -> {
            for (String kind : new String[] {"Interrupt", "StopSession", "Release"}) {
                c.check(kind).count(n -> n > 0);
            }
        });
    }

    /** Every end but a close of a settled run requests exactly one stop, once, and never re-requests it. */
    @Property(tries = 2000)
    void everyNonCloseEndRequestsExactlyOneStop(@ForAll("scenarios") Scenario sc) {
        RunRecord before = sc.state().record();
        Decision d = decide(sc);
        RunRecord after = d.next();
        Assume.that(after != null && after.ended());
        if (!before.ended()) {
            if (!"closed".equals(after.endReason())) {
                assertThat(after.stop()).as("a non-close end requests the stop").isNotNull();
            }
            if (after.stop() != null) {
                assertThat(after.stop().requestedAt()).isEqualTo(sc.state().now());
                assertThat(after.stop().interrupts()).isEqualTo(d.action() instanceof Interrupt ? 1 : 0);
                assertThat(after.stop().pending()).isEqualTo(d.action() instanceof Interrupt);
            }
        } else if (before.stop() != null) {
            assertThat(after.stop()).isNotNull();
            assertThat(after.stop().requestedAt()).as("the one stop, never requested again")
                    .isEqualTo(before.stop().requestedAt());
            assertThat(after.stop().interrupts()).isGreaterThanOrEqualTo(before.stop().interrupts())
                    .isLessThanOrEqualTo(RunStateMachine.MAX_INTERRUPTS);
        } else {
            assertThat(after.stop()).as("an older end is finished without a stop").isNull();
        }
    }

    /** The doorbell (the hand-off) never comes before the stop is confirmed or declared failed. */
    @Property(tries = 2000)
    void noDoorbellBeforeTheStopIsConfirmedOrFailed(@ForAll("scenarios") Scenario sc) {
        Decision d = decide(sc);
        if (d.action() instanceof Escalate || d.action() instanceof Release || d.action() instanceof Close) {
            assertThat(d.next() == null || d.next().stop() == null || !d.next().stop().pending()
                    || "released".equals(d.next().endReason()) && d.next().equals(sc.state().record()))
                    .as("a finish only after the stop is over (a released run's is not written)").isTrue();
        }
        if (stopDecision(d.action()) && d.action() instanceof Wait && sc.state().record() != null
                && sc.state().record().stopPending()) {
            assertThat(d.next()).as("waiting on a stop writes nothing").isEqualTo(sc.state().record());
        }
    }

    /** A run that ended any other way than a close is never closed, fixed forward or refreshed. */
    @Property(tries = 1000)
    void aStoppedRunNeverCloses(@ForAll("ended") Scenario sc) {
        RunRecord before = sc.state().record();
        Decision d = decide(sc);
        if (!"closed".equals(before.endReason())) {
            assertThat(d.action()).isNotInstanceOf(Close.class);
        }
        assertThat(d.action()).isNotInstanceOf(Action.FixForward.class).isNotInstanceOf(Action.RefreshChecklist.class);
        if (stopDecision(d.action())) {
            assertThat(before.stopPending()).isTrue();
        }
    }

    /** Stop commands are sent only for an attempt whose record ends in this decision with a stop pending. */
    @Property(tries = 1000)
    void stopCommandsOnlyForAnEndedAttemptWhoseStopIsPending(@ForAll("scenarios") Scenario sc) {
        Decision d = decide(sc);
        if (d.action() instanceof Interrupt || d.action() instanceof StopSession) {
            assertThat(d.next().ended()).isTrue();
            assertThat(d.next().stopPending()).isTrue();
            if (d.action() instanceof StopSession) {
                assertThat(sc.state().record().ended()).as("a session stop only after an interrupt").isTrue();
            }
        }
    }

    /** A /afk stop by a user allowed to steer ends an open run as STOPPED_BY_PERSON, unless a person took it over. */
    @Property(tries = 1000)
    void aTrustedStopAskEndsAnOpenRunAsStoppedByPerson(@ForAll("scenarios") Scenario sc) {
        RunState s = sc.state();
        Assume.that(s.record() != null && !s.record().ended() && s.issue().open()
                && !s.issue().hasLabel(LABELS.human()));
        RunState asked = new RunState(s.issue(), s.record(), s.thread(), s.shaConfirmed(), s.ci(), s.deploy(), s.now(),
                false, null, StopAsk.stop("maintainer", 5));
        Decision d = new RunStateMachine(LABELS, sc.budget(), STALL, CONFIRM).next(asked);
        assertThat(d.next().endReason()).isEqualTo("STOPPED_BY_PERSON");
        assertThat(d.action()).isInstanceOfAny(Interrupt.class, Escalate.class);
        RunState ignored = new RunState(s.issue(), s.record(), s.thread(), s.shaConfirmed(), s.ci(), s.deploy(),
                s.now(), false, null, StopAsk.ignored("drive-by", 5, "not allowed"));
        RunState none = new RunState(s.issue(), s.record(), s.thread(), s.shaConfirmed(), s.ci(), s.deploy(),
                s.now(), false, null, StopAsk.NONE);
        assertThat(decide(new Scenario(sc.budget(), ignored))).isEqualTo(decide(new Scenario(sc.budget(), none)));
    }

    @Property(tries = 1000)
    void theStopDecisionIsDeterministic(@ForAll("ended") Scenario sc) {
        assertThat(decide(sc)).isEqualTo(decide(sc));
    }
}
