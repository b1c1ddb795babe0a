package dev.afk.core;

import static dev.afk.core.RunFixtures.SHA1;
import static dev.afk.core.RunFixtures.check;
import static dev.afk.core.RunFixtures.ciRed;
import static dev.afk.core.RunFixtures.dispatched;
import static dev.afk.core.RunFixtures.finished;
import static dev.afk.core.RunFixtures.machine;
import static dev.afk.core.RunFixtures.pushed;
import static dev.afk.core.RunFixtures.running;
import static dev.afk.core.RunFixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A corrective turn is never sent into a turn that is still running: T3 would record it as a second prompt. */
class RunStateMachineTurnSettlesTest {

    @Test
    void redCiWhileTheTurnIsStillRunningWaitsForTheTurnToSettle() {
        Decision d = machine().next(state().record(dispatched()).thread(running(pushed(SHA1, 8))).confirmed()
                .ci(ciRed(check("build", "red"))).atMinute(12).build());

        assertThat(d.action()).isInstanceOf(Action.RefreshChecklist.class);
        assertThat(d.next().fixForward()).isZero();
    }

    @Test
    void theSameRedCiOnceTheTurnFinishedFixesForward() {
        Decision d = machine().next(state().record(dispatched()).thread(finished(pushed(SHA1, 8))).confirmed()
                .ci(ciRed(check("build", "red"))).atMinute(12).build());

        assertThat(d.action()).isInstanceOf(Action.FixForward.class);
        assertThat(d.next().fixForward()).isEqualTo(1);
    }

    @Test
    void theFirstTurnIsJudgedEvenWhenT3StampedItBeforeAfkRecordedTheDispatch() {
        // T3 receives the turn before AFK writes its record, so requestedAt may precede turnAt.
        RunRecord r = dispatched();
        ThreadView settledEarly = RunFixtures.thread("ready", "completed", r.turnAt().minusSeconds(2));
        Decision d = machine().next(state().record(r).thread(settledEarly).atMinute(12).build());

        assertThat(d.action()).isInstanceOf(Action.Escalate.class);
        assertThat(((Action.Escalate) d.action()).evidence()).contains("without a push");
    }
}
